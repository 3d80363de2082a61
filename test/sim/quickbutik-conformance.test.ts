// The Quickbutik simulator against ../shared/reference/quickbutik.md: one named check per settled fact, called over
// HTTP as a client calls the real API. A check's name is "<reference section>: <fact>". Where the reference lists
// several accepted forms (*unverified*), the check runs against every form the simulator can serve.
import { createQuickbutikSim, type QuickbutikSim } from '../../sim/quickbutik/app';
import { DEFAULT_FORMS, FORM_CHOICES, type ResponseForms } from '../../sim/quickbutik/model';
import { startReceiver, type Receiver } from '../../sim/quickbutik/receiver';
import { WEBHOOK_EVENTS, WEBHOOK_TIMEOUT_MS, WEBHOOK_USER_AGENT } from '../../sim/quickbutik/webhooks';
import { basic, call, listen, type Listening } from './http';

const KEY = 'conformance-key';
const AUTH = { Authorization: basic(KEY, KEY) };
const SWEDISH_DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const DECIMAL = /^-?\d+\.\d{2}$/;

let sim: QuickbutikSim;
let server: Listening;
let receiver: Receiver;
const get = (path: string) => call(server.url, 'GET', path, { headers: AUTH });
const send = (method: string, path: string, body: unknown) => call(server.url, method, path, { headers: AUTH, body });

beforeAll(async () => {
  receiver = await startReceiver();
  const qb = createQuickbutikSim();
  sim = qb.sim;
  server = await listen(qb.app);
  sim.createShop({ shopId: 'c', apiKey: KEY, webhookUrl: `${receiver.url}/hook?token=shop-secret` });
  // More orders than one default page (1000), so the default limit shows.
  sim.seed('c', { seed: 3, products: 12, customers: 40, orders: 1010 });
});
afterAll(async () => {
  sim.close();
  await server.close();
  await receiver.close();
});
afterEach(async () => {
  await sim.idle();
  receiver.received.length = 0;
  sim.updateShop('c', { forms: defaults });
});
const defaults: ResponseForms = { ...DEFAULT_FORMS };
const nextSecond = () => new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));

const placeOrder = async (extra: Record<string, unknown> = {}) => {
  const sku = sim.shop('c').products.get(3)!.sku;
  const res = await send('POST', '/v1/orders', [
    { customer: { email: 'kund@example.se', firstname: 'Kim', lastname: 'Kund', address: 'Gatan 1', zipcode: '111 22', city: 'Stockholm', country: 'SE' }, products: [{ sku, qty: 1 }], ...extra },
  ]);
  return String(res.json.results.create_1.order_id);
};
const fullOrder = async (id: string) => (await get(`/v1/orders?order_id=${id}&include_details=true`)).json[0];
const webhooks = async () => {
  await sim.idle();
  return receiver.received.map((r) => r.query.event_type);
};

describe('Quickbutik reference — Basics', () => {
  it('Basics: HTTP Basic auth with the API key as both user name and password', async () => {
    expect((await get('/v1/orders?limit=1')).status).toBe(200);
    expect((await call(server.url, 'GET', '/v1/orders?limit=1', { headers: { Authorization: basic(KEY, 'other') } })).status).toBe(401);
  });

  it('Basics: a wrong key answers 401', async () => {
    const res = await call(server.url, 'GET', '/v1/orders', { headers: { Authorization: basic('wrong', 'wrong') } });
    expect(res.status).toBe(401);
  });

  it('Basics: JSON everywhere; errors look like {"code":404,"error":"..."}', async () => {
    const res = await get('/v1/orders?order_id=1');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.json).toEqual({ code: 404, error: expect.any(String) });
  });

  it('Basics: numbers arrive as strings, dates as YYYY-MM-DD HH:MM:SS without zone', async () => {
    const o = await fullOrder('10001');
    for (const k of ['total_amount', 'items_amount', 'shipping_amount', 'discount_amount', 'tax_amount', 'total_pay_amount']) expect(o[k]).toMatch(DECIMAL);
    expect(o.status).toMatch(/^-?\d+$/);
    expect(o.date_created).toMatch(SWEDISH_DATE);
    expect(o.date_paid).toMatch(SWEDISH_DATE);
  });

  it('Basics: a list query that matches nothing answers 404, not []', async () => {
    const res = await get('/v1/orders?search=no-such-customer-anywhere');
    expect(res.status).toBe(404);
    expect((await get('/v1/products?search=no-such-product')).status).toBe(404);
  });

  it('Basics: orders page by offset + limit; limit defaults to 1000 and offset to 0; no total count', async () => {
    const first = await get('/v1/orders');
    expect(first.json).toHaveLength(1000);
    const second = await get('/v1/orders?offset=1000');
    expect(second.json.length).toBeLessThan(1000);
    const ids = new Set([...first.json, ...second.json].map((o: { order_id: string }) => o.order_id));
    expect(ids.size).toBe(sim.shop('c').orders.size);
    expect(first.headers.get('x-total-count')).toBeNull();
    expect(Array.isArray(first.json)).toBe(true);
  });

  it('Basics: orders take limit 1–1000', async () => {
    expect((await get('/v1/orders?limit=1000')).json).toHaveLength(1000);
    expect((await get('/v1/orders?limit=1')).json).toHaveLength(1);
    expect((await get('/v1/orders?limit=0')).status).toBe(400);
  });

  it('Basics: writes take a flat JSON array and answer {"results":{...}} / {"success":1,...}', async () => {
    const sku = sim.shop('c').products.get(4)!.sku;
    const put = await send('PUT', '/v1/products', [{ sku, stock: 5 }]);
    expect(put.json).toMatchObject({ success: 1, results: expect.any(Object) });
    expect((await send('PUT', '/v1/products', { sku, stock: 5 })).status).toBe(400);
  });

  it('Basics: no rate limit is documented (a burst of calls all answers 200)', async () => {
    const statuses = await Promise.all(Array.from({ length: 30 }, () => get('/v1/products/count').then((r) => r.status)));
    expect(statuses.every((s) => s === 200)).toBe(true);
  });
});

describe('Quickbutik reference — Orders', () => {
  it('Orders: order_id answers a one-element array', async () => {
    const res = await get('/v1/orders?order_id=10002');
    expect(res.json).toHaveLength(1);
    expect(String(res.json[0].order_id)).toBe('10002');
  });

  it('Orders: include_details=true gives the full data (default false)', async () => {
    const short = (await get('/v1/orders?order_id=10002')).json[0];
    expect(short.products).toBeUndefined();
    expect(short.customer).toBeUndefined();
    const full = await fullOrder('10002');
    expect(full.products.length).toBeGreaterThan(0);
    expect(full.customer).toEqual(expect.any(Object));
  });

  it('Orders: status filter unpaid, paid or done', async () => {
    const id = await placeOrder();
    const codes = { unpaid: '-1', paid: '1', done: '2' };
    for (const [word, code] of Object.entries(codes)) {
      const res = await get(`/v1/orders?status=${word}`);
      expect(res.status).toBe(200);
      expect(res.json.every((o: { status: string }) => o.status === code)).toBe(true);
    }
    expect((await get('/v1/orders?status=unpaid')).json.map((o: { order_id: string }) => o.order_id)).toContain(id);
  });

  it('Orders: from_date_paid, to_date_paid and from_status_date take UNIX seconds', async () => {
    await nextSecond(); // earlier checks' changes fall before this second
    const before = Math.floor(Date.now() / 1000);
    const id = await placeOrder();
    expect((await get(`/v1/orders?from_status_date=${before}`)).json.map((o: { order_id: string }) => o.order_id)).toEqual([id]);
    await send('PUT', '/v1/orders', [{ order_id: id, status: 'paid' }]);
    expect((await get(`/v1/orders?from_date_paid=${before}`)).json.map((o: { order_id: string }) => o.order_id)).toEqual([id]);
    expect((await get(`/v1/orders?to_date_paid=${before - 1}`)).json.map((o: { order_id: string }) => o.order_id)).not.toContain(id);
  });

  it('Orders: search matches customer name, e-mail or order id', async () => {
    const order = sim.shop('c').orders.get(10007)!;
    const name = `${order.customer.billing.firstname} ${order.customer.billing.lastname}`;
    for (const term of [order.customer.email, name, '10007']) {
      const res = await get(`/v1/orders?search=${encodeURIComponent(term)}`);
      expect(res.json.map((o: { order_id: string }) => o.order_id)).toContain('10007');
    }
  });

  it('Orders: order_by is price, date or order_id (default order_id); sort_order asc or desc (default desc)', async () => {
    const ids = (q: string) => get(`/v1/orders?limit=50&${q}`).then((r) => r.json as { order_id: string; total_amount: string; date_created: string }[]);
    const byDefault = await ids('');
    expect(byDefault.map((o) => Number(o.order_id))).toEqual([...byDefault.map((o) => Number(o.order_id))].sort((a, b) => b - a));
    expect(byDefault[0]!.order_id).toBe(String(Math.max(...sim.shop('c').orders.keys())));
    const asc = await ids('order_by=order_id&sort_order=asc');
    expect(asc[0]!.order_id).toBe('10001');
    const byPrice = await ids('order_by=price&sort_order=asc');
    const prices = byPrice.map((o) => Number(o.total_amount));
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const byDate = await ids('order_by=date&sort_order=desc');
    const dates = byDate.map((o) => o.date_created);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('Orders: apps_load loads app data such as app.productpackages', async () => {
    const bundleOrder = [...sim.shop('c').orders.values()].find((o) => o.rows.some((r) => r.packageItems.length > 0))!;
    const plain = await fullOrder(String(bundleOrder.orderId));
    expect(plain.products.some((r: object) => 'app' in r)).toBe(false);
    const withApps = (await get(`/v1/orders?order_id=${bundleOrder.orderId}&include_details=true&apps_load=true`)).json[0];
    const row = withApps.products.find((r: object) => 'app' in r);
    expect(row.app.productpackages[0]).toEqual(
      expect.objectContaining({ product_id: expect.anything(), variant_id: expect.anything(), title: expect.any(String), variant: expect.any(String), qty: expect.anything(), sku: expect.any(String), price: expect.stringMatching(DECIMAL) }),
    );
  });

  it('Orders: status codes unpaid -1, paid 1, done 2', async () => {
    const id = await placeOrder();
    const status = async () => (await get(`/v1/orders?order_id=${id}`)).json[0].status;
    expect(await status()).toBe('-1');
    await send('PUT', '/v1/orders', [{ order_id: id, status: 'paid' }]);
    expect(await status()).toBe('1');
    await send('PUT', '/v1/orders', [{ order_id: id, status: 'done' }]);
    expect(await status()).toBe('2');
  });

  it('Orders: the order fields QuickbutikSharp models, with their types', async () => {
    const o = await fullOrder('10003');
    for (const k of ['order_id', 'date_created', 'date_paid', 'total_amount', 'items_amount', 'shipping_amount', 'shipping_id', 'shipping_name', 'discount_amount', 'tax_amount', 'total_pay_amount', 'currency', 'notes']) {
      expect(typeof o[k]).toBe('string');
    }
    for (const k of ['is_taxfree', 'is_taxontop']) expect(['1', '0', true, false]).toContain(o[k]);
    expect(o.paymethod).toEqual({ method: expect.any(String), transaction_id: expect.any(String) });
    expect(o.currency).toMatch(/^[A-Z]{3}$/);
    expect(o.total_weight).toMatch(/^\d+$/);
    expect('refunds' in o || defaults.refundsEmpty === 'absent').toBe(true);
  });

  it('Orders: an unpaid order has date_paid "" or null', async () => {
    for (const form of ['null', 'empty'] as const) {
      sim.updateShop('c', { forms: { unpaidDatePaid: form } });
      const o = await fullOrder(await placeOrder());
      expect(['', null]).toContain(o.date_paid);
    }
  });

  it('Orders: customer has email, phone, customer_type, company_name, full_name, address, address2, city, zipcode, country (ISO-2), notes, shipping_details, billing_details', async () => {
    const c = (await fullOrder('10004')).customer;
    for (const k of ['email', 'phone', 'customer_type', 'company_name', 'full_name', 'address', 'address2', 'city', 'zipcode', 'notes']) expect(typeof c[k]).toBe('string');
    expect(c.country).toMatch(/^[A-Z]{2}$/);
    for (const k of ['company_name', 'address', 'address2', 'city', 'zipcode', 'country']) {
      expect(c.shipping_details).toHaveProperty(k);
      expect(c.billing_details).toHaveProperty(k);
    }
  });

  it('Orders: address blocks name the person as full_name or as firstname + lastname', async () => {
    for (const form of FORM_CHOICES.addressNames as ResponseForms['addressNames'][]) {
      sim.updateShop('c', { forms: { addressNames: form } });
      const b = (await fullOrder('10004')).customer.billing_details;
      expect(typeof b.full_name === 'string' || (typeof b.firstname === 'string' && typeof b.lastname === 'string')).toBe(true);
    }
  });

  it('Orders: products[] rows carry id, product_id, variant_id, title, variant, sku, qty, weight, image and a string price; no per-row VAT rate or discount', async () => {
    const withVariant = [...sim.shop('c').orders.values()].find((o) => o.rows.some((r) => r.variantId !== null))!;
    const rows = (await fullOrder(String(withVariant.orderId))).products as Record<string, unknown>[];
    for (const r of rows) {
      for (const k of ['id', 'product_id', 'variant_id', 'title', 'variant', 'sku', 'qty', 'weight', 'image', 'price', 'status']) expect(r).toHaveProperty(k);
      expect(r.price).toMatch(DECIMAL);
      expect(typeof r.status).toBe('string');
      for (const k of ['vat', 'tax_rate', 'vat_rate', 'discount']) expect(r).not.toHaveProperty(k);
    }
    expect(new Set(rows.map((r) => String(r.id))).size).toBe(rows.length);
    expect(rows.some((r) => r.variant_id !== '' && r.variant !== '')).toBe(true);
  });

  it('Orders: ids and qty may come as strings or integers (the OpenAPI types some as integers)', async () => {
    for (const form of FORM_CHOICES.numbers as ResponseForms['numbers'][]) {
      sim.updateShop('c', { forms: { numbers: form } });
      const o = await fullOrder('10005');
      const expected = form === 'integer' ? 'number' : 'string';
      expect(typeof o.order_id).toBe(expected);
      expect(typeof o.products[0].qty).toBe(expected);
      expect(typeof o.products[0].id).toBe(expected);
    }
  });

  it.each(FORM_CHOICES.refundsEmpty as ResponseForms['refundsEmpty'][])(
    'Orders: refunds without a refund — accepted form "%s" (missing key, null, [] or {}; never an amount)',
    async (form) => {
      sim.updateShop('c', { forms: { refundsEmpty: form } });
      const o = await fullOrder('10006');
      const expected = { absent: undefined, null: null, array: [], object: {} }[form];
      expect(o.refunds).toEqual(expected);
      expect('refunds' in o).toBe(form !== 'absent');
    },
  );

  it.each(FORM_CHOICES.refunds as ResponseForms['refunds'][])(
    'Orders: a refunded order has a non-empty refunds value — accepted form "%s" (list of objects or object keyed by id)',
    async (form) => {
      sim.updateShop('c', { forms: { refunds: form } });
      const id = 10008;
      if (sim.shop('c').orders.get(id)!.refunds.length === 0) sim.refundOrder('c', id, 10);
      const refunds = (await fullOrder(String(id))).refunds;
      if (form === 'list') {
        expect(Array.isArray(refunds)).toBe(true);
        expect(refunds[0]).toEqual(expect.any(Object));
      } else {
        expect(Array.isArray(refunds)).toBe(false);
        const [key, value] = Object.entries(refunds)[0]!;
        expect((value as { id: string }).id).toBe(key);
      }
    },
  );

  it('Orders: a refund sends no webhook (there is no order.refunded or order.update event)', async () => {
    sim.refundOrder('c', 10009, 5);
    expect(await webhooks()).toEqual([]);
  });

  it('Orders: discounts are only the order-level discount_amount', async () => {
    const discounted = [...sim.shop('c').orders.values()].find((o) => o.discountAmount > 0)!;
    const o = await fullOrder(String(discounted.orderId));
    expect(Number(o.discount_amount)).toBeGreaterThan(0);
    expect(o).not.toHaveProperty('discount_code');
  });

  it('Orders: a gift card (is_giftcard product) sells as an ordinary order row', async () => {
    const created = await send('POST', '/v1/products', [{ sku: 'GC-500', title: 'Presentkort 500', price: 500, tax_rate: 0, is_giftcard: true }]);
    expect(created.json.results['GC-500'].success).toBe(1);
    const id = await placeOrder({ products: [{ sku: 'GC-500', qty: 1 }] });
    const row = (await fullOrder(id)).products[0];
    expect(row).toMatchObject({ sku: 'GC-500', price: '500.00' });
  });

  it('Orders: a redeemed gift card shows in the totals (total_amount − total_pay_amount)', async () => {
    const res = await call(server.url, 'POST', '/__sim/shops/c/orders/custom', {
      body: { customer: { email: 'gc@example.se' }, rows: [{ sku: sim.shop('c').products.get(3)!.sku, qty: 1, price: 300 }], giftCard: 100, pay: true },
    });
    const o = await fullOrder(String(res.json.orderId));
    expect(Number(o.total_amount) - Number(o.total_pay_amount)).toBeCloseTo(100, 2);
  });

  it('Orders: POST /v1/orders always creates an unpaid order; answer keys create_1, create_2, …', async () => {
    const sku = sim.shop('c').products.get(3)!.sku;
    const customer = { email: 'ny@example.se', firstname: 'Ny', lastname: 'Kund', country: 'SE' };
    const res = await send('POST', '/v1/orders', [
      { order_id: 'create', customer, products: [{ sku, qty: 1 }] },
      { order_id: 'create', customer, products: [{ sku, qty: 2 }] },
    ]);
    expect(Object.keys(res.json.results)).toEqual(['create_1', 'create_2']);
    for (const r of Object.values(res.json.results) as { order_id: string }[]) expect((await fullOrder(r.order_id)).status).toBe('-1');
    expect(await webhooks()).toEqual([]);
  });

  it('Orders: PUT /v1/orders changes the status to paid, done, cancelled or unpaid', async () => {
    const id = await placeOrder();
    for (const status of ['paid', 'done', 'cancelled', 'unpaid']) {
      const res = await send('PUT', '/v1/orders', [{ order_id: id, status }]);
      expect(res.json.success).toBe(1);
    }
    expect(sim.shop('c').orders.get(Number(id))!.status).toBe('unpaid');
  });

  it('Orders: PUT to paid fires order.new unless skip_webhook', async () => {
    const a = await placeOrder();
    await send('PUT', '/v1/orders', [{ order_id: a, status: 'paid' }]);
    expect(await webhooks()).toEqual(['order.new']);
    receiver.received.length = 0;
    const b = await placeOrder();
    await send('PUT', '/v1/orders', [{ order_id: b, status: 'paid', skip_webhook: true, skip_email_confirmation: true, language: 'sv' }]);
    expect(await webhooks()).toEqual([]);
  });

  it.each(FORM_CHOICES.statusWebhooks as ResponseForms['statusWebhooks'][])(
    'Orders: PUT to done or cancelled may fire order.done / order.cancelled — accepted form "%s"',
    async (form) => {
      sim.updateShop('c', { forms: { statusWebhooks: form } });
      const id = await placeOrder();
      await send('PUT', '/v1/orders', [{ order_id: id, status: 'paid', skip_webhook: true }]);
      await send('PUT', '/v1/orders', [{ order_id: id, status: 'done', shipping_info: { trackingnumber: 'T1', company: 'PostNord' }, email_confirmation: false }]);
      await send('PUT', '/v1/orders', [{ order_id: id, status: 'cancelled' }]);
      expect(await webhooks()).toEqual(form === 'fire' ? ['order.done', 'order.cancelled'] : []);
    },
  );

  it('Orders: a cancelled order answers an unknown status code (never a paid one)', async () => {
    const id = await placeOrder();
    await send('PUT', '/v1/orders', [{ order_id: id, status: 'cancelled' }]);
    const code = (await get(`/v1/orders?order_id=${id}`)).json[0].status;
    expect(['-1', '1', '2']).not.toContain(code);
  });
});

describe('Quickbutik reference — Order metadata', () => {
  it('Order metadata: GET /v1/metadata/{scope}/{id} (order, product, customer) answers a flat object of key → string', async () => {
    for (const [scope, id] of [['order', 10001], ['product', 1], ['customer', 1]] as const) {
      const res = await get(`/v1/metadata/${scope}/${id}`);
      expect(res.status).toBe(200);
      expect(res.json).toEqual(expect.any(Object));
      expect(Array.isArray(res.json)).toBe(false);
      for (const v of Object.values(res.json)) expect(typeof v).toBe('string');
    }
  });

  it('Order metadata: POST creates a key, PUT updates one, an empty value deletes it', async () => {
    const path = '/v1/metadata/order/10010';
    expect((await send('POST', path, { key: 'vat_number', value: 'DE123456789' })).status).toBe(200);
    expect((await get(path)).json).toMatchObject({ vat_number: 'DE123456789' });
    expect((await send('PUT', path, { key: 'vat_number', value: 'DE999999999' })).status).toBe(200);
    expect((await get(path)).json.vat_number).toBe('DE999999999');
    await send('PUT', path, { key: 'vat_number', value: '' });
    expect((await get(path)).json).not.toHaveProperty('vat_number');
  });

  it('Order metadata: POST /v1/orders accepts a metadata object', async () => {
    const id = await placeOrder({ metadata: { checkout_ref: 'abc-1' } });
    expect((await get(`/v1/metadata/order/${id}`)).json).toEqual({ checkout_ref: 'abc-1' });
  });

  it('Order metadata: no VAT or organisation number field is documented on the order; a B2B buyer\'s numbers can live in metadata', async () => {
    const company = [...sim.shop('c').orders.values()].find((o) => o.customer.vatNumber)!;
    sim.updateShop('c', { forms: { buyerIds: 'metadata' } });
    const o = await fullOrder(String(company.orderId));
    expect(JSON.stringify(o)).not.toContain(company.customer.vatNumber);
    expect((await get(`/v1/metadata/order/${company.orderId}`)).json.vat_number).toBe(company.customer.vatNumber);
  });
});

describe('Quickbutik reference — Products', () => {
  it('Products: GET /v1/products/count answers {"count":"N"}', async () => {
    expect((await get('/v1/products/count')).json).toEqual({ count: String(sim.shop('c').products.size) });
  });

  it('Products: search gives a bare array, no search {"product":[...]}, product_id or sku {"product":{...}}', async () => {
    const sku = sim.shop('c').products.get(2)!.sku;
    expect(Array.isArray((await get(`/v1/products?search=${sku}`)).json)).toBe(true);
    expect(Array.isArray((await get('/v1/products')).json.product)).toBe(true);
    expect((await get('/v1/products?product_id=2')).json.product.id).toBe('2');
    expect((await get(`/v1/products?sku=${sku}`)).json.product.id).toBe('2');
  });

  it('Products: a lookup may also answer a bare object (accepted form "bare")', async () => {
    sim.updateShop('c', { forms: { productLookup: 'bare' } });
    expect((await get('/v1/products?product_id=2')).json.id).toBe('2');
  });

  it('Products: the docs example fields (id, sku, hasVariants, title, visible, qty, price, purchase_price, before_price, description, seo_title, seo_description, weight, gtin, date_modified, variants, product_package_products)', async () => {
    const p = (await get('/v1/products?product_id=1&include_details=true')).json.product;
    for (const k of ['id', 'sku', 'hasVariants', 'title', 'visible', 'qty', 'price', 'purchase_price', 'before_price', 'description', 'seo_title', 'seo_description', 'weight', 'gtin', 'date_modified', 'variants', 'product_package_products']) {
      expect(p).toHaveProperty(k);
    }
    expect(p.date_modified).toMatch(SWEDISH_DATE);
  });

  it('Products: hasVariants tells a product with variants from one without', async () => {
    const list = (await get('/v1/products?include_details=true')).json.product as { hasVariants: unknown; variants: unknown[] }[];
    expect(list.some((p) => p.variants.length > 0)).toBe(true);
    for (const p of list) expect([true, '1', 1].includes(p.hasVariants as never)).toBe(p.variants.length > 0);
  });

  it('Products: QuickbutikSharp fields stock, qty_location, disable_minusqty, supplier_name, supplier_sku, images', async () => {
    const p = (await get('/v1/products?product_id=1')).json.product;
    for (const k of ['stock', 'qty_location', 'disable_minusqty', 'supplier_name', 'supplier_sku', 'images']) expect(p).toHaveProperty(k);
  });

  it('Products: tax_rate (VAT percent) on the product, none on variants', async () => {
    const p = (await get('/v1/products?product_id=1')).json.product;
    expect(['25', '12', '6', '0']).toContain(String(p.tax_rate));
    for (const v of p.variants) expect(v).not.toHaveProperty('tax_rate');
  });

  it('Products: variants[] carry id, product_id, ovalue_id_1, sku, price, before_price, purchase_price, qty, qty_location, weight, gtin, supplier_sku, image_id, hidden, preorder, min/max_purchase_quantity, preselected, disable_minusqty, values[{ovalue_field, name, val}]', async () => {
    const p = (await get('/v1/products?product_id=1')).json.product;
    expect(p.variants.length).toBeGreaterThan(0);
    for (const v of p.variants) {
      for (const k of ['id', 'product_id', 'ovalue_id_1', 'sku', 'price', 'before_price', 'purchase_price', 'qty', 'qty_location', 'weight', 'gtin', 'supplier_sku', 'image_id', 'hidden', 'preorder', 'min_purchase_quantity', 'max_purchase_quantity', 'preselected', 'disable_minusqty', 'values']) {
        expect(v).toHaveProperty(k);
      }
      expect(String(v.product_id)).toBe(String(p.id));
      expect(v.values[0]).toEqual({ ovalue_field: expect.any(String), name: expect.any(String), val: expect.any(String) });
    }
  });

  it('Products: variant writes use variants.sync|add with variant_option1..5_name|value', async () => {
    const created = await send('POST', '/v1/products', [
      { sku: 'VAR-1', title: 'Mössa', price: 199, variants: { add: [{ sku: 'VAR-1-S', variant_option1_name: 'Storlek', variant_option1_value: 'S' }] } },
    ]);
    const productId = created.json.results['VAR-1'].product_id;
    await send('PUT', '/v1/products', [
      { product_id: productId, variants: { sync: [{ sku: 'VAR-1-S' }, { sku: 'VAR-1-M', variant_option1_name: 'Storlek', variant_option1_value: 'M' }] } },
    ]);
    const p = (await get(`/v1/products?product_id=${productId}`)).json.product;
    expect(p.variants.map((v: { sku: string; values: { val: string }[] }) => [v.sku, v.values[0]!.val])).toEqual([['VAR-1-S', 'S'], ['VAR-1-M', 'M']]);
  });

  it('Products: images read as an object keyed "1", "2", … of {image, alttext}', async () => {
    const p = (await get('/v1/products?include_details=true')).json.product.find((x: { images: unknown }) => !Array.isArray(x.images));
    expect(Object.keys(p.images)[0]).toBe('1');
    expect(p.images['1']).toEqual({ image: expect.stringMatching(/^https?:\/\//), alttext: expect.any(String) });
  });

  it('Products: images write as an array of {url, alttext} or the keyed object', async () => {
    const res = await send('POST', '/v1/products', [
      { sku: 'IMG-A', title: 'A', price: 10, images: [{ url: 'https://example.com/a.png', alttext: 'a' }] },
      { sku: 'IMG-B', title: 'B', price: 10, images: { '1': { image: 'https://example.com/b.png', alttext: 'b' } } },
    ]);
    for (const sku of ['IMG-A', 'IMG-B']) {
      const p = (await get(`/v1/products?product_id=${res.json.results[sku].product_id}`)).json.product;
      expect(p.images['1'].alttext).toBe(sku.slice(-1).toLowerCase());
    }
  });

  it('Products: create and update accept tax_rate, metadata, datafields, headcategory, preorder, is_giftcard and skipIfDuplicate', async () => {
    const res = await send('POST', '/v1/products', [
      { sku: 'META-1', title: 'M', price: 50, tax_rate: 12, metadata: { origin: 'SE' }, datafield_1: 'x', headcategory_name: 'Mat', preorder: true, is_giftcard: false, skipIfDuplicate: true },
    ]);
    const id = res.json.results['META-1'].product_id;
    expect((await get(`/v1/products?product_id=${id}`)).json.product.tax_rate).toBe('12');
    expect((await get(`/v1/metadata/product/${id}`)).json).toEqual({ origin: 'SE' });
    await send('PUT', '/v1/products', [{ product_id: id, tax_rate: 6 }]);
    expect((await get(`/v1/products?product_id=${id}`)).json.product.tax_rate).toBe('6');
  });

  it('Products: PUT [{"sku","stock"}] sets an absolute quantity; product_id + variant_id also key it', async () => {
    const simple = [...sim.shop('c').products.values()].find((p) => p.variants.length === 0)!;
    await send('PUT', '/v1/products', [{ sku: simple.sku, stock: 30 }]);
    await send('PUT', '/v1/products', [{ sku: simple.sku, stock: 12 }]);
    expect((await get(`/v1/products?product_id=${simple.id}`)).json.product.qty).toBe('12');
    const withVariants = [...sim.shop('c').products.values()].find((p) => p.variants.length > 0)!;
    const variant = withVariants.variants[0]!;
    await send('PUT', '/v1/products', [{ product_id: withVariants.id, variant_id: variant.id, stock: 4 }]);
    const served = (await get(`/v1/products?product_id=${withVariants.id}`)).json.product.variants.find((v: { id: string }) => v.id === String(variant.id));
    expect(served.qty).toBe('4');
  });

  it('Products: bundles list product_package_products with product_id, variant_id, sku, qty, price', async () => {
    const bundle = [...sim.shop('c').products.values()].find((p) => p.packageProducts.length > 0)!;
    const p = (await get(`/v1/products?product_id=${bundle.id}`)).json.product;
    expect(p.product_package_products[0]).toEqual({ product_id: expect.anything(), variant_id: expect.anything(), sku: expect.any(String), qty: expect.anything(), price: expect.stringMatching(DECIMAL) });
  });
});

describe('Quickbutik reference — Payment and shipping methods', () => {
  it('Payment and shipping methods: GET /v1/paymentmethods (optional method_id) lists what orders\' paymethod.method refer to', async () => {
    const list = (await get('/v1/paymentmethods')).json as { id: string; method: string }[];
    const methods = new Set(list.map((m) => m.method));
    for (const o of sim.shop('c').orders.values()) expect(methods).toContain(o.paymethod.method);
    expect((await get(`/v1/paymentmethods?method_id=${list[0]!.id}`)).json).toHaveLength(1);
  });

  it('Payment and shipping methods: GET /v1/shippingmethods (optional shipping_id) lists methods with countries; orders\' shipping_id refer to them', async () => {
    const list = (await get('/v1/shippingmethods')).json as { id: string; countries: unknown }[];
    for (const m of list) expect(m).toHaveProperty('countries');
    const ids = new Set(list.map((m) => m.id));
    for (const o of sim.shop('c').orders.values()) if (o.shippingId) expect(ids).toContain(o.shippingId);
    expect((await get(`/v1/shippingmethods?shipping_id=${list[0]!.id}`)).json).toHaveLength(1);
  });
});

describe('Quickbutik reference — Webhooks', () => {
  it('Webhooks: the complete event list is order.new, order.done, order.cancelled, product.add, product.update, product.delete', async () => {
    expect([...WEBHOOK_EVENTS].sort()).toEqual(['order.cancelled', 'order.done', 'order.new', 'product.add', 'product.delete', 'product.update']);
    const id = await placeOrder();
    for (const status of ['paid', 'done', 'cancelled']) await send('PUT', '/v1/orders', [{ order_id: id, status }]);
    const created = await send('POST', '/v1/products', [{ sku: 'HOOK-1', title: 'H', price: 1 }]);
    await send('PUT', '/v1/products', [{ sku: 'HOOK-1', stock: 3 }]);
    await call(server.url, 'DELETE', `/__sim/shops/c/products/${created.json.results['HOOK-1'].product_id}`);
    expect(await webhooks()).toEqual(['order.new', 'order.done', 'order.cancelled', 'product.add', 'product.update', 'product.delete']);
  });

  it('Webhooks: delivery is an HTTP GET with query parameters only (event_type + order_id or product_id), user agent Quickbutik-Webhooks/1.0, no body', async () => {
    const id = await placeOrder();
    await send('PUT', '/v1/orders', [{ order_id: id, status: 'paid' }]);
    await send('POST', '/v1/products', [{ sku: 'HOOK-2', title: 'H', price: 1 }]);
    await sim.idle();
    const [order, product] = receiver.received;
    expect(order).toMatchObject({ method: 'GET', userAgent: WEBHOOK_USER_AGENT, bodyBytes: 0, query: { event_type: 'order.new', order_id: id } });
    expect(product!.query).toMatchObject({ event_type: 'product.add', product_id: expect.stringMatching(/^\d+$/) });
    expect(product!.query).not.toHaveProperty('order_id');
  });

  it('Webhooks: the shop\'s own URL (with its per-shop secret) is called as configured', async () => {
    const id = await placeOrder();
    await send('PUT', '/v1/orders', [{ order_id: id, status: 'paid' }]);
    await sim.idle();
    expect(receiver.received[0]).toMatchObject({ path: '/hook', query: { token: 'shop-secret' } });
  });

  it('Webhooks: the receiver must answer within 10 seconds', () => {
    expect(WEBHOOK_TIMEOUT_MS).toBe(10_000);
  });
});
