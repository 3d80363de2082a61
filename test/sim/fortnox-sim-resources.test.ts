// Resource behaviour: search and pagination, document totals, validation with Fortnox's codes, stock with
// and without Lager, prices, images, payments and the document actions.
import request from 'supertest';
import { createFortnoxSim } from '../../sim/fortnox/app';
import type { TenantOptions } from '../../sim/fortnox/types';

function setup(tenant: TenantOptions = {}) {
  const clock = { t: Date.parse('2025-03-03T09:00:00Z') };
  const { app, sim } = createFortnoxSim({ now: () => clock.t, rateLimit: false });
  const tenantId = sim.createTenant({ tenantId: 'acme', ...tenant }).id;
  const bearer = `Bearer ${sim.issueTokens(tenantId).access_token}`;
  const call = (method: 'get' | 'post' | 'put' | 'delete', path: string, body?: object) => {
    const r = request(app)[method](path).set('Authorization', bearer).set('Accept', 'application/json');
    return body ? r.send(body) : r;
  };
  return {
    app,
    sim,
    tenantId,
    bearer,
    get: (p: string) => call('get', p),
    post: (p: string, b: object) => call('post', p, b),
    put: (p: string, b?: object) => call('put', p, b),
    del: (p: string) => call('delete', p),
  };
}

type S = ReturnType<typeof setup>;

const errorCode = (body: { ErrorInformation: Record<string, unknown> }) =>
  body.ErrorInformation.code ?? body.ErrorInformation.Code;
const errorMessage = (body: { ErrorInformation: Record<string, unknown> }) =>
  String(body.ErrorInformation.message ?? body.ErrorInformation.Message);

async function customer(s: S, fields: Record<string, unknown> = {}) {
  const res = await s.post('/3/customers', { Customer: { Name: 'Anna Svensson', ...fields } });
  expect(res.status).toBe(201);
  return res.body.Customer as Record<string, unknown>;
}

async function article(s: S, fields: Record<string, unknown>) {
  const res = await s.post('/3/articles', { Article: { Description: 'Vara', ...fields } });
  expect(res.status).toBe(201);
  return res.body.Article as Record<string, unknown>;
}

async function invoice(s: S, fields: Record<string, unknown>) {
  return s.post('/3/invoices', { Invoice: { CustomerNumber: '1', ...fields } });
}

describe('search and pagination', () => {
  test('externalinvoicereference1 is a substring search (123 also finds 1123)', async () => {
    const s = setup();
    await customer(s);
    for (const ref of ['qb:shop:123', 'qb:shop:1123', 'qb:shop:99']) {
      expect((await invoice(s, { ExternalInvoiceReference1: ref })).status).toBe(201);
    }
    const res = await s.get('/3/invoices?externalinvoicereference1=qb:shop:123');
    expect(res.body.Invoices.map((i: { ExternalInvoiceReference1: string }) => i.ExternalInvoiceReference1)).toEqual(['qb:shop:123']);
    const loose = await s.get('/3/invoices?externalinvoicereference1=123');
    expect(loose.body.Invoices.map((i: { ExternalInvoiceReference1: string }) => i.ExternalInvoiceReference1)).toEqual([
      'qb:shop:123',
      'qb:shop:1123',
    ]);
    expect(loose.body.MetaInformation).toEqual({ '@TotalResources': 2, '@TotalPages': 1, '@CurrentPage': 1 });
  });

  test('customer email search is substring and case-insensitive; other filters', async () => {
    const s = setup();
    await customer(s, { Email: 'Anna.Svensson@Example.se', ZipCode: '11122', Phone1: '070-1234567' });
    await customer(s, { Name: 'Bo Ek', Email: 'bo@example.se', OrganisationNumber: '556677-8899' });
    const names = async (q: string) => (await s.get(`/3/customers?${q}`)).body.Customers.map((c: { Name: string }) => c.Name);
    expect(await names('email=anna.svensson@example.SE')).toEqual(['Anna Svensson']);
    expect(await names('email=example.se')).toEqual(['Anna Svensson', 'Bo Ek']);
    expect(await names('name=ek')).toEqual(['Bo Ek']);
    expect(await names('zipcode=111')).toEqual(['Anna Svensson']);
    expect(await names('phone=1234')).toEqual(['Anna Svensson']);
    expect(await names('organisationnumber=556677')).toEqual(['Bo Ek']);
    expect(await names('customernumber=2')).toEqual(['Bo Ek']);
  });

  test('invoice filters: yourordernumber, customernumber, dates, filter=', async () => {
    const s = setup();
    await customer(s);
    await customer(s, { Name: 'Bo' });
    await invoice(s, { YourOrderNumber: 'A-1', InvoiceDate: '2025-01-10' });
    await invoice(s, { CustomerNumber: '2', YourOrderNumber: 'B-1', InvoiceDate: '2025-02-10' });
    const numbers = async (q: string) => (await s.get(`/3/invoices?${q}`)).body.Invoices.map((i: { DocumentNumber: string }) => i.DocumentNumber);
    expect(await numbers('yourordernumber=B-1')).toEqual(['2']);
    expect(await numbers('customernumber=2')).toEqual(['2']);
    expect(await numbers('fromdate=2025-02-01')).toEqual(['2']);
    expect(await numbers('todate=2025-01-31')).toEqual(['1']);
    expect(await numbers('filter=unbooked')).toEqual(['1', '2']);
    await s.put('/3/invoices/1/cancel');
    expect(await numbers('filter=cancelled')).toEqual(['1']);
    expect(await numbers('sortby=documentnumber&sortorder=descending')).toEqual(['2', '1']);
    const bad = await s.get('/3/invoices?filter=nonsense');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ ErrorInformation: { error: 1, message: 'Ett ogiltigt filter har använts.', code: 2000587 } });
  });

  test('orders ignore yourordernumber (an invoice-only filter)', async () => {
    const s = setup();
    await customer(s);
    await s.post('/3/orders', { Order: { CustomerNumber: '1', YourOrderNumber: 'X' } });
    await s.post('/3/orders', { Order: { CustomerNumber: '1', YourOrderNumber: 'Y', ExternalInvoiceReference1: 'qb:1:7' } });
    expect((await s.get('/3/orders?yourordernumber=X')).body.Orders).toHaveLength(2);
    expect((await s.get('/3/orders?externalinvoicereference1=qb:1:7')).body.Orders).toHaveLength(1);
  });

  test('limit and page with MetaInformation; limit is capped at 500', async () => {
    const s = setup();
    for (let i = 0; i < 5; i++) await customer(s, { Name: `Kund ${i}` });
    const page2 = await s.get('/3/customers?limit=2&page=2');
    expect(page2.body.MetaInformation).toEqual({ '@TotalResources': 5, '@TotalPages': 3, '@CurrentPage': 2 });
    expect(page2.body.Customers.map((c: { CustomerNumber: string }) => c.CustomerNumber)).toEqual(['3', '4']);
    const beyond = await s.get('/3/customers?limit=2&page=9');
    expect(beyond.body.Customers).toEqual([]);
    const capped = await s.get('/3/customers?limit=10000');
    expect(capped.body.MetaInformation['@TotalPages']).toBe(1);
  });
});

describe('document totals', () => {
  const rows = [
    { ArticleNumber: 'TSHIRT', DeliveredQuantity: 2, Price: 100 },
    { ArticleNumber: 'BOK', DeliveredQuantity: 1, Price: 49.9 },
    { ArticleNumber: 'TIDNING', DeliveredQuantity: 3, Price: 33.33 },
  ];

  async function shop() {
    const s = setup();
    await customer(s);
    await article(s, { ArticleNumber: 'TSHIRT', VAT: 25 });
    await article(s, { ArticleNumber: 'BOK', VAT: 12 });
    await article(s, { ArticleNumber: 'TIDNING', VAT: 6 });
    return s;
  }

  test('mixed 25/12/6, prices excluding VAT, freight at the rate of the largest row', async () => {
    const s = await shop();
    const res = await invoice(s, { VATIncluded: false, Freight: 49, InvoiceRows: rows });
    expect(res.status).toBe(201);
    const inv = res.body.Invoice;
    expect(inv.InvoiceRows.map((r: { AccountNumber: number; VAT: number; Total: number }) => [r.AccountNumber, r.VAT, r.Total])).toEqual([
      [3001, 25, 200],
      [3002, 12, 49.9],
      [3003, 6, 99.99],
    ]);
    expect(inv).toMatchObject({ Net: 349.89, Gross: 398.89, FreightVAT: 12.25, TotalVAT: 74.24, Total: 473, RoundOff: -0.13, Balance: 473 });
  });

  test('the same rows with VATIncluded: prices are gross', async () => {
    const s = await shop();
    const inv = (await invoice(s, { VATIncluded: true, Freight: 49, InvoiceRows: rows })).body.Invoice;
    expect(inv).toMatchObject({ Net: 298.88, Gross: 338.08, FreightVAT: 9.8, TotalVAT: 60.81, Total: 399, RoundOff: 0.11 });
    expect(inv.InvoiceRows[0]).toMatchObject({ Price: 100, PriceExcludingVAT: 80, Total: 200, TotalExcludingVAT: 160 });
  });

  test('row discounts (PERCENT and AMOUNT)', async () => {
    const s = await shop();
    const inv = (
      await invoice(s, {
        InvoiceRows: [
          { ArticleNumber: 'TSHIRT', DeliveredQuantity: 2, Price: 100, Discount: 10, DiscountType: 'PERCENT' },
          { ArticleNumber: 'TSHIRT', DeliveredQuantity: 2, Price: 100, Discount: 20, DiscountType: 'AMOUNT' },
        ],
      })
    ).body.Invoice;
    expect(inv.InvoiceRows.map((r: { Total: number }) => r.Total)).toEqual([180, 180]);
    expect(inv).toMatchObject({ Net: 360, TotalVAT: 90, Total: 450, RoundOff: 0 });
  });

  test('no whole-krona rounding in foreign currency', async () => {
    const s = setup({ currencies: ['EUR'] });
    await customer(s, { Currency: 'EUR' });
    const inv = (await invoice(s, { InvoiceRows: [{ Description: 'Mössa', DeliveredQuantity: 1, Price: 10.1 }] })).body.Invoice;
    expect(inv).toMatchObject({ Currency: 'EUR', CurrencyRate: 11.45, Total: 12.63, RoundOff: 0 });
  });

  test('EU reverse charge customers get 0 % on the EU account', async () => {
    const s = await shop();
    await customer(s, { Name: 'GmbH', VATType: 'EUREVERSEDVAT', CountryCode: 'DE' });
    const inv = (await invoice(s, { CustomerNumber: '2', InvoiceRows: [rows[0]] })).body.Invoice;
    expect(inv.InvoiceRows[0]).toMatchObject({ VAT: 0, AccountNumber: 3108 });
    expect(inv).toMatchObject({ TotalVAT: 0, Total: 200 });
  });

  test('rows take price and description from the article; orders total their delivered quantity', async () => {
    const s = await shop();
    await s.post('/3/prices', { Price: { ArticleNumber: 'TSHIRT', PriceList: 'A', FromQuantity: 0, Price: 80 } }).expect(201);
    const inv = (await invoice(s, { InvoiceRows: [{ ArticleNumber: 'TSHIRT', DeliveredQuantity: 1 }] })).body.Invoice;
    expect(inv.InvoiceRows[0]).toMatchObject({ Description: 'Vara', Price: 80, DeliveredQuantity: '1' });
    const order = (
      await s.post('/3/orders', { Order: { CustomerNumber: '1', OrderRows: [{ ArticleNumber: 'TSHIRT', OrderedQuantity: 2, DeliveredQuantity: 2 }] } })
    ).body.Order;
    expect(order).toMatchObject({ Total: 200, TotalVAT: 40 });
    expect(order.OrderRows[0]).toMatchObject({ OrderedQuantity: '2', DeliveredQuantity: '2' });
  });
});

describe('validation with Fortnox codes', () => {
  test('article numbers: allowed characters and length (2000166)', async () => {
    const s = setup();
    for (const bad of ['HAS SPACE', 'åäö', 'A.B', 'A#1', 'x'.repeat(51)]) {
      const res = await s.post('/3/articles', { Article: { ArticleNumber: bad, Description: 'x' } });
      expect(res.status).toBe(400);
      if (bad.length <= 50) expect(errorCode(res.body)).toBe(2000166);
    }
    expect((await s.post('/3/articles', { Article: { ArticleNumber: 'AB-12_x+/y', Description: 'x' } })).status).toBe(201);
    expect((await s.get('/3/articles/AB-12_x+%2Fy')).status).toBe(200);
  });

  test('text characters (2000359): emoji, quotes, brackets, straight apostrophe; ’ is fine', async () => {
    const s = setup();
    for (const name of ['Glad 😀', 'Say "hi"', '<b>', '[x]', '{y}', 'a~b', 'a|b', "O'Brien"]) {
      const res = await s.post('/3/customers', { Customer: { Name: name } });
      expect([res.status, errorCode(res.body)]).toEqual([400, 2000359]);
    }
    expect((await s.post('/3/customers', { Customer: { Name: 'O’Brien Åsa Müller' } })).status).toBe(201);
  });

  test('max lengths', async () => {
    const s = setup();
    await customer(s);
    const tooLong = [
      ['/3/customers', { Customer: { Name: 'x', ZipCode: '12345678901' } }],
      ['/3/articles', { Article: { Description: 'd'.repeat(201) } }],
      ['/3/invoices', { Invoice: { CustomerNumber: '1', YourOrderNumber: 'y'.repeat(76) } }],
      ['/3/invoices', { Invoice: { CustomerNumber: '1', ExternalInvoiceReference1: 'e'.repeat(81) } }],
      ['/3/invoices', { Invoice: { CustomerNumber: '1', InvoiceRows: [{ Description: 'r'.repeat(256) }] } }],
    ] as const;
    for (const [path, body] of tooLong) {
      const res = await s.post(path, body);
      expect(res.status).toBe(400);
      expect(errorMessage(res.body)).toMatch(/högst \d+ tecken/);
    }
    expect((await invoice(s, { YourOrderNumber: 'y'.repeat(75), ExternalInvoiceReference1: 'e'.repeat(80) })).status).toBe(201);
  });

  test('unknown references on documents', async () => {
    const s = setup();
    await customer(s);
    const cases: Array<[object, number | RegExp]> = [
      [{ CustomerNumber: '999' }, 2000433],
      [{ CustomerNumber: '1', InvoiceRows: [{ ArticleNumber: 'NOPE', DeliveredQuantity: 1 }] }, 2001302],
      [{ CustomerNumber: '1', InvoiceRows: [{ Description: 'x', AccountNumber: 9999 }] }, 2000423],
      [{ CustomerNumber: '1', InvoiceRows: [{ Description: 'x', VAT: 7 }] }, /Kunde inte hitta moms/],
      [{ CustomerNumber: '1', WayOfDelivery: 'ZEPPELIN' }, /Kunde inte hitta leveranssätt/],
      [{ CustomerNumber: '1', CostCenter: 'NOPE' }, /Kunde inte hitta kostnadsställe/],
      [{ CustomerNumber: '1', Currency: 'JPY' }, /Kunde inte hitta valuta/],
      [{ CustomerNumber: '1', TermsOfPayment: '99X' }, 2000429],
      [{ CustomerNumber: '1', InvoiceRows: [{ DeliveredQuantity: 1, Price: 10 }] }, 2003977],
    ];
    for (const [body, expected] of cases) {
      const res = await s.post('/3/invoices', { Invoice: body });
      expect(res.status).toBe(400);
      if (typeof expected === 'number') expect(errorCode(res.body)).toBe(expected);
      else expect(errorMessage(res.body)).toMatch(expected);
    }
    expect(s.sim.state(s.tenantId).invoices).toHaveLength(0);
  });

  test('lookups by id answer 404 with the capitalised ErrorInformation keys', async () => {
    const s = setup();
    const res = await s.get('/3/articles/NOPE');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ ErrorInformation: { Error: 1, Message: 'Kan inte hitta artikeln.', Code: 2000428 } });
    expect(errorCode((await s.get('/3/invoices/77')).body)).toBe(2000434);
    expect(errorCode((await s.get('/3/orders/77')).body)).toBe(2000439);
    expect(errorCode((await s.get('/3/customers/77')).body)).toBe(2000433);
  });

  test('read-only fields are rejected: SalesPrice on articles, Total on documents', async () => {
    const s = setup();
    await customer(s);
    const a = await s.post('/3/articles', { Article: { Description: 'x', SalesPrice: 100 } });
    expect(a.status).toBe(400);
    expect(errorMessage(a.body)).toMatch(/SalesPrice.*skrivskyddat/);
    const i = await invoice(s, { Total: 100 });
    expect(errorMessage(i.body)).toMatch(/Total.*skrivskyddat/);
    const r = await invoice(s, { InvoiceRows: [{ Description: 'x', Total: 5 }] });
    expect(r.status).toBe(400);
  });

  test('numbers may come as numeric strings; other types are rejected', async () => {
    const s = setup();
    const ok = await s.post('/3/customers', { Customer: { Name: 'x', SalesAccount: '3001' } });
    expect(ok.body.Customer.SalesAccount).toBe(3001);
    expect(errorCode((await s.post('/3/articles', { Article: { Description: 'x', Weight: 'heavy' } })).body)).toBe(2000108);
    expect(errorCode((await s.post('/3/articles', { Article: { Description: 'x', Weight: 1.5 } })).body)).toBe(2000108);
    expect(errorCode((await s.post('/3/articles', { Article: { Description: 'x', StockGoods: 'yes' } })).body)).toBe(2000134);
    expect(errorCode((await s.post('/3/articles', { Article: { Description: 'x', SalesAccount: 3999 } })).body)).toBe(2001304);
  });

  test('locked period (2000401) for invoices dated into it', async () => {
    const s = setup({ lockedUntil: '2024-12-31' });
    await customer(s);
    const res = await invoice(s, { InvoiceDate: '2024-12-31' });
    expect([res.status, errorCode(res.body)]).toEqual([400, 2000401]);
    expect((await invoice(s, { InvoiceDate: '2025-01-01' })).status).toBe(201);
    await s.sim.updateTenant(s.tenantId, { lockedUntil: '2025-01-31' });
    expect(errorCode((await s.put('/3/invoices/1/bookkeep')).body)).toBe(2000401);
  });

  test('wrong Content-Type / Accept and broken JSON', async () => {
    const s = setup();
    const ct = await request(s.app).post('/3/customers').set('Authorization', s.bearer).set('Content-Type', 'text/plain').send('Name=x');
    expect(errorCode(ct.body)).toBe(1000031);
    const accept = await request(s.app).get('/3/customers').set('Authorization', s.bearer).set('Accept', 'application/xml');
    expect(errorCode(accept.body)).toBe(1000030);
    const broken = await request(s.app).post('/3/customers').set('Authorization', s.bearer).set('Content-Type', 'application/json').send('{"Customer":');
    expect(broken.status).toBe(400);
  });

  test('customer numbers come from a series and stay reserved after delete (2000637)', async () => {
    const s = setup();
    expect((await customer(s)).CustomerNumber).toBe('1');
    expect((await customer(s, { CustomerNumber: '5' })).CustomerNumber).toBe('5');
    expect((await customer(s)).CustomerNumber).toBe('6');
    await s.del('/3/customers/5').expect(204);
    const again = await s.post('/3/customers', { Customer: { Name: 'x', CustomerNumber: '5' } });
    expect(errorCode(again.body)).toBe(2000637);
  });

  test('updates: "" leaves a field unchanged, API_BLANK clears it', async () => {
    const s = setup();
    await customer(s, { City: 'Lund', Email: 'a@b.se' });
    const put = await s.put('/3/customers/1', { Customer: { City: '', Email: 'API_BLANK' } });
    expect(put.body.Customer).toMatchObject({ City: 'Lund', Email: '' });
  });
});

describe('stock', () => {
  test('Lager off: invoice rows reduce QuantityInStock of stock articles', async () => {
    const s = setup();
    await customer(s);
    await article(s, { ArticleNumber: 'SKU1', StockGoods: true, QuantityInStock: 10 });
    await article(s, { ArticleNumber: 'SERVICE', StockGoods: false, QuantityInStock: 10 });
    await invoice(s, { InvoiceRows: [{ ArticleNumber: 'SKU1', DeliveredQuantity: 3, Price: 1 }, { ArticleNumber: 'SERVICE', DeliveredQuantity: 3, Price: 1 }] });
    expect((await s.get('/3/articles/SKU1')).body.Article).toMatchObject({ QuantityInStock: 7, DisposableQuantity: 7 });
    expect((await s.get('/3/articles/SERVICE')).body.Article.QuantityInStock).toBe(10);
    expect(s.sim.state(s.tenantId).stock).toMatchObject({ SKU1: 7 });
    await s.put('/3/invoices/1/cancel').expect(200);
    expect(s.sim.state(s.tenantId).stock.SKU1).toBe(10);
    expect((await s.get('/api/warehouse/tenants-v4')).body).toEqual({ tenantId: 'acme', activated: false });
    const balance = await s.get('/api/warehouse/status-v1/stockbalance?itemIds=SKU1');
    expect([balance.status, balance.body.code]).toEqual([403, 'missing.rights']);
  });

  test('Lager on: the warehouse owns stock; QuantityInStock is not writable; empty stock delivers 0', async () => {
    const s = setup({ lager: true });
    await customer(s);
    await article(s, { ArticleNumber: 'SKU1', StockGoods: true });
    await article(s, { ArticleNumber: 'SKU2', StockGoods: true });
    const write = await s.put('/3/articles/SKU1', { Article: { QuantityInStock: 5 } });
    expect([write.status, errorMessage(write.body)]).toEqual([400, expect.stringMatching(/Lager/)]);
    s.sim.setStock(s.tenantId, { SKU1: 5 });
    const inv = (
      await invoice(s, { InvoiceRows: [{ ArticleNumber: 'SKU1', DeliveredQuantity: 2, Price: 100 }, { ArticleNumber: 'SKU2', DeliveredQuantity: 1, Price: 50 }] })
    ).body.Invoice;
    expect(inv.InvoiceRows.map((r: { DeliveredQuantity: string }) => r.DeliveredQuantity)).toEqual(['2', '0']);
    expect(inv.Total).toBe(250);
    const balance = await s.get('/api/warehouse/status-v1/stockbalance?itemIds=SKU1,SKU2,UNKNOWN');
    expect(balance.body).toEqual([
      { itemId: 'SKU1', stockPointCode: 'LAGER', availableStock: 3, inStock: 3 },
      { itemId: 'SKU2', stockPointCode: 'LAGER', availableStock: 0, inStock: 0 },
    ]);
    expect((await s.get('/3/articles/SKU1')).body.Article.QuantityInStock).toBe(0);
    expect((await s.get('/api/warehouse/tenants-v4')).body.activated).toBe(true);
  });
});

describe('prices, images, payments and document actions', () => {
  test('prices: POST, GET, PUT; SalesPrice follows list A', async () => {
    const s = setup();
    await article(s, { ArticleNumber: 'P1' });
    expect((await s.get('/3/prices/A/P1/0')).status).toBe(404);
    const created = await s.post('/3/prices', { Price: { ArticleNumber: 'P1', PriceList: 'A', FromQuantity: 0, Price: 199 } });
    expect(created.status).toBe(201);
    expect(created.body.Price).toMatchObject({ ArticleNumber: 'P1', PriceList: 'A', FromQuantity: 0, Price: 199 });
    expect((await s.post('/3/prices', { Price: { ArticleNumber: 'P1', PriceList: 'A', Price: 1 } })).status).toBe(400);
    await s.put('/3/prices/A/P1/0', { Price: { Price: 149 } }).expect(200);
    expect((await s.get('/3/articles/P1')).body.Article.SalesPrice).toBe(149);
    expect((await s.get('/3/articles?articlenumber=P1')).body.Articles[0].SalesPrice).toBe('149');
    expect((await s.post('/3/prices', { Price: { ArticleNumber: 'NOPE', PriceList: 'A', Price: 1 } })).status).toBe(400);
  });

  test('archive upload (multipart) and article file connections', async () => {
    const s = setup();
    await article(s, { ArticleNumber: 'IMG1' });
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 13, 10, 45, 45]);
    const up = await request(s.app).post('/3/archive').set('Authorization', s.bearer).attach('file', bytes, { filename: 'bild.jpg', contentType: 'image/jpeg' });
    expect(up.status).toBe(201);
    expect(up.body.File).toMatchObject({ Id: expect.any(String), Name: 'bild.jpg', Size: bytes.length });
    const fileId = up.body.File.Id;
    const back = await request(s.app).get(`/3/archive/${fileId}`).set('Authorization', s.bearer).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(Buffer.compare(back.body as Buffer, bytes)).toBe(0);
    const link = await s.post('/3/articlefileconnections', { ArticleFileConnection: { FileId: fileId, ArticleNumber: 'IMG1' } });
    expect(link.status).toBe(201);
    const list = await s.get('/3/articlefileconnections?articlenumber=IMG1');
    expect(list.body.ArticleFileConnections).toEqual([expect.objectContaining({ FileId: fileId, ArticleNumber: 'IMG1' })]);
    expect((await s.post('/3/articlefileconnections', { ArticleFileConnection: { FileId: 'nope', ArticleNumber: 'IMG1' } })).status).toBe(400);
    const missing = await request(s.app).post('/3/archive').set('Authorization', s.bearer).attach('other', bytes, 'x.jpg');
    expect(missing.status).toBe(400);
  });

  test('bookkeep, pay (twice → 2003055), credit once, never delete', async () => {
    const s = setup();
    await customer(s);
    await invoice(s, { InvoiceRows: [{ Description: 'Vara', DeliveredQuantity: 1, Price: 100 }] });
    const booked = (await s.put('/3/invoices/1/bookkeep')).body.Invoice;
    expect(booked).toMatchObject({ Booked: true, VoucherSeries: 'B', Balance: 125 });
    expect((await s.put('/3/invoices/1', { Invoice: { Remarks: 'x' } })).status).toBe(400);
    const pay = await s.post('/3/invoicepayments', { InvoicePayment: { InvoiceNumber: 1, Amount: 125, PaymentDate: '2025-03-03', ModeOfPayment: 'KLARNA' } });
    expect(pay.status).toBe(201);
    expect(pay.body.InvoicePayment).toMatchObject({ InvoiceNumber: 1, Amount: 125, Booked: false, ModeOfPaymentAccount: 1580 });
    await s.put(`/3/invoicepayments/${pay.body.InvoicePayment.Number}/bookkeep`).expect(200);
    const paid = (await s.get('/3/invoices/1')).body.Invoice;
    expect(paid).toMatchObject({ Balance: 0, FinalPayDate: '2025-03-03' });
    expect((await s.get('/3/invoices?filter=fullypaid')).body.Invoices).toHaveLength(1);
    const twice = await s.post('/3/invoicepayments', { InvoicePayment: { InvoiceNumber: 1, Amount: 125 } });
    expect([twice.status, errorCode(twice.body)]).toEqual([400, 2003055]);
    const unknownMode = await s.post('/3/invoicepayments', { InvoicePayment: { InvoiceNumber: 1, Amount: 1, ModeOfPayment: 'BITCOIN' } });
    expect(unknownMode.status).toBe(400);

    const credited = (await s.put('/3/invoices/1/credit')).body.Invoice;
    expect(credited.CreditInvoiceReference).toBe('2');
    const credit = (await s.get('/3/invoices/2')).body.Invoice;
    expect(credit).toMatchObject({ Credit: 'true', CreditInvoiceReference: '1', Total: -125 });
    expect((await s.put('/3/invoices/1/credit')).status).toBe(400);
    expect((await s.del('/3/invoices/1')).status).toBe(405);
    expect(s.sim.tenantCounters(s.tenantId).documents.invoices).toBe(2);
  });

  test('orders: createinvoice once, cancel', async () => {
    const s = setup();
    await customer(s);
    await s.post('/3/orders', {
      Order: { CustomerNumber: '1', ExternalInvoiceReference1: 'qb:s:1', OrderRows: [{ Description: 'Vara', OrderedQuantity: 2, DeliveredQuantity: 2, Price: 10 }] },
    });
    const inv = await s.put('/3/orders/1/createinvoice');
    expect(inv.status).toBe(200);
    expect(inv.body.Invoice).toMatchObject({ DocumentNumber: '1', OrderReference: '1', ExternalInvoiceReference1: 'qb:s:1', Total: 25 });
    expect((await s.get('/3/orders/1')).body.Order.InvoiceReference).toBe('1');
    expect((await s.put('/3/orders/1/createinvoice')).status).toBe(400);
    expect((await s.get('/3/orders?filter=invoicecreated')).body.Orders).toHaveLength(1);
    await s.post('/3/orders', { Order: { CustomerNumber: '1' } });
    expect((await s.put('/3/orders/2/cancel')).body.Order.Cancelled).toBe(true);
  });

  test('registers the product reads', async () => {
    const s = setup({ costCenters: ['WEBB'] });
    const accounts = (await s.get('/3/accounts?limit=500')).body.Accounts.map((a: { Number: number }) => a.Number);
    for (const n of [1510, 1930, 2611, 2621, 2631, 2641, 3001, 3002, 3003, 3004, 3105, 3106, 3108, 3520, 3740, 4000]) {
      expect(accounts).toContain(n);
    }
    const pre = Object.fromEntries(
      (await s.get('/3/predefinedaccounts')).body.PreDefinedAccounts.map((p: { Name: string; Account: number }) => [p.Name, p.Account]),
    );
    expect(pre).toMatchObject({ SALES_25_SE: 3001, SALES_12_SE: 3002, SALES_6_SE: 3003, SALES_0_SE: 3004, SALESEUVAT: 3106, SALESEUREV: 3108, SALESEXPORT: 3105, FREIGHT: 3520, ROUNDOFF: 3740 });
    expect((await s.get('/3/modesofpayments')).body.ModesOfPayments.map((m: { Code: string }) => m.Code)).toEqual(
      expect.arrayContaining(['KORT', 'SWISH', 'KLARNA', 'BG']),
    );
    expect((await s.get('/3/wayofdeliveries')).body.WayOfDeliveries.map((m: { Code: string }) => m.Code)).toEqual(expect.arrayContaining(['P', 'DHL']));
    expect((await s.get('/3/currencies')).body.Currencies.map((c: { Code: string }) => c.Code).sort()).toEqual(['DKK', 'EUR', 'NOK', 'SEK', 'USD']);
    expect((await s.get('/3/costcenters')).body.CostCenters.map((c: { Code: string }) => c.Code)).toEqual(['WEBB']);
    expect((await s.get('/3/pricelists/A')).body.PriceList).toMatchObject({ Code: 'A', PreSelected: true });
    expect((await s.get('/3/settings/company')).body.CompanySettings.DatabaseNumber).toBe('acme');
    expect((await s.get('/3/accounts/3001')).body.Account).toMatchObject({ Number: 3001, VATCode: 'MP1', Active: true });
    expect((await s.get('/3/nonsense')).status).toBe(404);
  });
});
