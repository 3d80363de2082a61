import request from 'supertest';
import { createQuickbutikSim } from '../../sim/quickbutik/app';

/** The real API as the simulator serves it: auth, envelopes, string numbers, 404s, paging and filters. */
const KEY = 'test-key-1';
const auth = (r: request.Test) => r.auth(KEY, KEY);

function setup() {
  const { app, sim } = createQuickbutikSim();
  sim.createShop({ shopId: 'a', apiKey: KEY });
  sim.seed('a', { seed: 7, products: 20, customers: 50, orders: 60 });
  return { app, sim };
}

describe('quickbutik sim: auth', () => {
  const { app } = setup();

  it('answers 401 with the error shape for a missing or wrong key', async () => {
    const missing = await request(app).get('/v1/orders');
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ code: 401, error: expect.any(String) });
    const wrong = await request(app).get('/v1/orders').auth('nope', 'nope');
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe(401);
    // The key must be both user name and password.
    expect((await request(app).get('/v1/orders').auth(KEY, 'other')).status).toBe(401);
  });

  it('accepts the key as user name and password', async () => {
    expect((await auth(request(app).get('/v1/orders'))).status).toBe(200);
  });
});

describe('quickbutik sim: products', () => {
  const { app, sim } = setup();

  it('lists products as {"product":[...]} of short items with string numbers (a search answers a bare array)', async () => {
    const res = await auth(request(app).get('/v1/products?limit=5'));
    expect(res.status).toBe(200);
    expect(res.body.product).toHaveLength(5);
    const p = res.body.product[0];
    expect(p).toMatchObject({ id: '1', price: expect.stringMatching(/^\d+\.\d{2}$/), tax_rate: expect.stringMatching(/^(25|12|6)$/) });
    expect(p.visible).toMatch(/^[01]$/);
    expect(p.variants).toBeUndefined();
    const search = await auth(request(app).get(`/v1/products?search=${encodeURIComponent(p.sku)}`));
    expect(Array.isArray(search.body)).toBe(true);
  });

  it('adds details with include_details=true', async () => {
    const res = { body: (await auth(request(app).get('/v1/products?include_details=true&limit=50'))).body.product };
    const withVariants = res.body.find((p: { variants: unknown[] }) => p.variants.length > 0);
    expect(withVariants.variants[0]).toMatchObject({ id: expect.any(String), sku: expect.any(String), qty: expect.stringMatching(/^-?\d+$/) });
    expect(withVariants.variants[0].values[0]).toEqual({ ovalue_field: '1', name: expect.any(String), val: expect.any(String) });
    const bundle = res.body.find((p: { product_package_products: unknown[] }) => p.product_package_products.length > 0);
    expect(bundle.product_package_products[0]).toMatchObject({ sku: expect.any(String), qty: '1' });
    const withImage = res.body.find((p: { images: unknown }) => !Array.isArray(p.images));
    expect(withImage.images['1']).toEqual({ image: expect.stringMatching(/\/images\/p\d+-1\.png$/), alttext: expect.any(String) });
  });

  it('answers a product_id lookup and a sku lookup as {"product":{...}}', async () => {
    const byId = await auth(request(app).get('/v1/products?product_id=2'));
    expect(byId.body.product).toMatchObject({ id: '2', description: expect.stringContaining('<p>') });
    const sku = byId.body.product.sku as string;
    const bySku = await auth(request(app).get(`/v1/products?sku=${encodeURIComponent(sku)}`));
    expect(bySku.body.product).toMatchObject({ id: '2', sku });
    const variantSku = sim.shop('a').products.get(1)!.variants[0]!.sku;
    expect((await auth(request(app).get(`/v1/products?sku=${variantSku}`))).body.product.id).toBe('1');
    const missing = await auth(request(app).get('/v1/products?sku=NOPE'));
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ code: 404, error: expect.any(String) });
  });

  it('counts products and answers 404 for an empty page', async () => {
    expect((await auth(request(app).get('/v1/products/count'))).body).toEqual({ count: '20' });
    expect((await auth(request(app).get('/v1/products?offset=20'))).status).toBe(404);
    expect((await auth(request(app).get('/v1/products?search=zzzz'))).status).toBe(404);
  });

  it('serves product images as PNG', async () => {
    const res = await request(app).get('/images/p1-1.png');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect((res.body as Buffer).subarray(1, 4).toString()).toBe('PNG');
  });

  it('creates products with POST and updates stock with PUT (sku, or product_id + variant_id)', async () => {
    const created = await auth(request(app).post('/v1/products')).send([
      { sku: 'NEW-1', title: 'Ny produkt', price: '100.00', tax_rate: 12, stock: 5 },
      { sku: 'NEW-1', title: 'Dubblett', price: 1 },
    ]);
    expect(created.status).toBe(200);
    expect(created.body.results['NEW-1']).toMatchObject({ success: 0, error: expect.stringMatching(/exists/) });
    const id = sim.shop('a').products.size;
    expect(sim.shop('a').products.get(id)).toMatchObject({ sku: 'NEW-1', qty: 5, taxRate: 12 });

    const stock = await auth(request(app).put('/v1/products')).send([{ sku: 'NEW-1', stock: 12 }]);
    expect(stock.body).toEqual({ success: 1, results: { 'NEW-1': { success: 1, product_id: String(id), variant_id: '' } } });
    expect(sim.shop('a').products.get(id)!.qty).toBe(12);

    const variant = sim.shop('a').products.get(1)!.variants[1]!;
    const byIds = await auth(request(app).put('/v1/products')).send([{ product_id: '1', variant_id: String(variant.id), stock: 3 }]);
    expect(byIds.body.success).toBe(1);
    expect(variant.qty).toBe(3);

    const bad = await auth(request(app).put('/v1/products')).send([{ sku: 'NOPE', stock: 1 }]);
    expect(bad.body.success).toBe(0);
    expect((await auth(request(app).put('/v1/products')).send({ sku: 'NEW-1' })).status).toBe(400);
  });
});

describe('quickbutik sim: orders', () => {
  const { app, sim } = setup();

  it('answers order_id with a one-element array, short without include_details', async () => {
    const short = await auth(request(app).get('/v1/orders?order_id=10001'));
    expect(short.body).toHaveLength(1);
    expect(short.body[0]).toMatchObject({ order_id: '10001', status: expect.stringMatching(/^(1|2)$/) });
    expect(short.body[0].customer).toBeUndefined();
    expect(short.body[0].products).toBeUndefined();

    const full = await auth(request(app).get('/v1/orders?order_id=10001&include_details=true'));
    const o = full.body[0];
    expect(o.customer).toMatchObject({ email: expect.any(String), country: expect.stringMatching(/^[A-Z]{2}$/) });
    expect(o.customer.billing_details).toMatchObject({ firstname: expect.any(String), zipcode: expect.any(String) });
    expect(o.products[0]).toMatchObject({ sku: expect.any(String), qty: expect.stringMatching(/^\d+$/), price: expect.stringMatching(/^\d+\.\d{2}$/) });
    expect(o.products[0].vat).toBeUndefined();
    expect(o.date_created).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(o.is_taxfree).toMatch(/^[01]$/);
    expect(o.paymethod).toEqual({ method: expect.any(String), transaction_id: expect.any(String) });
    for (const k of ['total_amount', 'items_amount', 'shipping_amount', 'discount_amount', 'tax_amount', 'total_pay_amount']) {
      expect(o[k]).toMatch(/^\d+\.\d{2}$/);
    }
    expect((await auth(request(app).get('/v1/orders?order_id=999'))).status).toBe(404);
  });

  it('pages with offset/limit until a short page, then 404', async () => {
    const seen: string[] = [];
    for (let offset = 0; ; offset += 25) {
      const res = await auth(request(app).get(`/v1/orders?limit=25&offset=${offset}&order_by=order_id&sort_order=asc`));
      if (res.status === 404) break;
      seen.push(...res.body.map((o: { order_id: string }) => o.order_id));
      if (res.body.length < 25) break;
    }
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    expect(seen[0]).toBe('10001');
    const empty = await auth(request(app).get('/v1/orders?offset=60'));
    expect(empty.status).toBe(404);
    expect(empty.body).toEqual({ code: 404, error: expect.any(String) });
  });

  it('caps limit at 1000 and refuses nonsense', async () => {
    expect((await auth(request(app).get('/v1/orders?limit=5000'))).body).toHaveLength(60);
    expect((await auth(request(app).get('/v1/orders?limit=abc'))).status).toBe(400);
    expect((await auth(request(app).get('/v1/orders?status=weird'))).status).toBe(400);
  });

  it('filters by status', async () => {
    const paid = await auth(request(app).get('/v1/orders?status=paid&limit=1000'));
    const done = await auth(request(app).get('/v1/orders?status=done&limit=1000'));
    expect(paid.body.every((o: { status: string }) => o.status === '1')).toBe(true);
    expect(done.body.every((o: { status: string }) => o.status === '2')).toBe(true);
    expect(paid.body.length + done.body.length).toBe(60);
    expect((await auth(request(app).get('/v1/orders?status=unpaid'))).status).toBe(404);
  });

  it('filters by from_status_date (UNIX seconds) against the last status change', async () => {
    const shop = sim.shop('a');
    const cutoff = Math.floor(Date.now() / 1000) - 2;
    expect((await auth(request(app).get(`/v1/orders?from_status_date=${cutoff}`))).status).toBe(404);
    const res = await auth(request(app).put('/v1/orders')).send([{ order_id: 10005, status: 'cancelled', skip_webhook: true }]);
    expect(res.body).toEqual({ success: 1, results: { '10005': { success: 1, order_id: '10005', status: '0' } } });
    const after = await auth(request(app).get(`/v1/orders?from_status_date=${cutoff}`));
    expect(after.body.map((o: { order_id: string }) => o.order_id)).toEqual(['10005']);
    expect(shop.orders.get(10005)!.status).toBe('cancelled');
  });

  it('filters by from_date_paid / to_date_paid', async () => {
    const orders = [...sim.shop('a').orders.values()].filter((o) => o.paidAt !== null).sort((x, y) => x.paidAt! - y.paidAt!);
    const mid = orders[Math.floor(orders.length / 2)]!;
    const from = Math.floor(mid.paidAt! / 1000);
    const res = await auth(request(app).get(`/v1/orders?from_date_paid=${from}&limit=1000`));
    expect(res.body.length).toBe(orders.filter((o) => o.paidAt! >= from * 1000).length);
    const to = await auth(request(app).get(`/v1/orders?to_date_paid=${from - 1}&limit=1000`));
    expect(res.body.length + to.body.length).toBe(orders.length);
  });

  it('creates unpaid orders with POST /v1/orders and answers per element', async () => {
    const sku = sim.shop('a').products.get(2)!.sku;
    const res = await auth(request(app).post('/v1/orders')).send([
      {
        customer: { email: 'kund@example.se', firstname: 'Test', lastname: 'Kund', address: 'Gatan 1', zipcode: '111 22', city: 'Stockholm', country: 'SE' },
        products: [{ sku, qty: 2 }],
        shipping_name: 'PostNord', shipping_amount: '59.00',
      },
      { customer: {}, products: [{ sku: 'NOPE', qty: 1 }] },
    ]);
    expect(res.body.results.create_1).toMatchObject({ success: 1, status: '-1' });
    expect(res.body.results.create_2).toMatchObject({ success: 0 });
    const id = res.body.results.create_1.order_id as string;
    const order = (await auth(request(app).get(`/v1/orders?order_id=${id}&include_details=true`))).body[0];
    expect(order).toMatchObject({ status: '-1', date_paid: null, shipping_amount: '59.00', currency: 'SEK' });
  });

  it('searches by e-mail and customer name', async () => {
    const email = sim.shop('a').orders.get(10003)!.customer.email;
    const res = await auth(request(app).get(`/v1/orders?search=${encodeURIComponent(email)}`));
    expect(res.body.map((o: { order_id: string }) => o.order_id)).toContain('10003');
  });
});

describe('quickbutik sim: admin', () => {
  it('creates, lists and patches shops; refuses duplicates', async () => {
    const { app } = createQuickbutikSim();
    const created = await request(app).post('/__sim/shops').send({ shopId: 's1', apiKey: 'k1', webhookUrl: 'http://127.0.0.1:1/h?token=t' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ shopId: 's1' });
    expect((await request(app).post('/__sim/shops').send({ apiKey: 'k1' })).status).toBe(409);
    const auto = await request(app).post('/__sim/shops').send({ apiKey: 'k2' });
    expect(auto.body.shopId).toMatch(/^shop\d+$/);
    expect((await request(app).patch('/__sim/shops/s1').send({ webhookUrl: 'http://127.0.0.1:2/x' })).body.webhookUrl).toBe('http://127.0.0.1:2/x');
    const list = await request(app).get('/__sim/shops');
    expect(list.body.map((s: { shopId: string }) => s.shopId)).toEqual(['s1', auto.body.shopId]);
    expect((await request(app).post('/__sim/shops').send({ apiKey: 'k3', bogus: 1 })).status).toBe(400);
    expect((await request(app).post('/__sim/shops/nope/seed').send({})).status).toBe(404);
  });

  it('seeds, reports state and counts requests per endpoint and status', async () => {
    const { app } = createQuickbutikSim();
    await request(app).post('/__sim/shops').send({ shopId: 's', apiKey: 'k' });
    const summary = await request(app).post('/__sim/shops/s/seed').send({ seed: 3, products: 12, customers: 30, orders: 25 });
    expect(summary.body).toMatchObject({ shopId: 's', products: 12, customers: 30, orders: 25 });
    const state = await request(app).get('/__sim/shops/s/state');
    expect(state.body.products).toHaveLength(12);
    expect(state.body.orders).toHaveLength(25);
    expect(state.body.customers).toHaveLength(30);
    await request(app).get('/v1/orders').auth('k', 'k');
    await request(app).get('/v1/orders?offset=999').auth('k', 'k');
    await request(app).get('/v1/orders').auth('bad', 'bad');
    const counters = (await request(app).get('/__sim/counters')).body;
    expect(counters.shops.s.requests['GET /v1/orders']).toEqual({ '200': 1, '404': 1 });
    expect(counters.unauthenticated['GET /v1/orders']).toEqual({ '401': 1 });
  });

  it('places a hand-calculated custom order', async () => {
    const { app, sim } = createQuickbutikSim();
    sim.createShop({ shopId: 's', apiKey: 'k' });
    await request(app).post('/__sim/shops/s/products').send({ sku: 'TROJA-1', title: 'Tröja', price: 250, tax_rate: 25, stock: 10 });
    await request(app).post('/__sim/shops/s/products').send({ sku: 'BOK-1', title: 'Bok', price: 106, tax_rate: 6, stock: 10 });
    const res = await request(app)
      .post('/__sim/shops/s/orders/custom')
      .send({
        customer: { email: 'a@example.se', firstname: 'A', lastname: 'B', country: 'SE' },
        rows: [{ sku: 'TROJA-1', qty: 2 }, { sku: 'BOK-1', qty: 1, price: 106 }],
        shipping: { name: 'PostNord', amount: 49 },
        discount: 50,
        paymethod: 'swish',
      });
    expect(res.status).toBe(201);
    const order = (await request(app).get(`/v1/orders?order_id=${res.body.orderId}&include_details=true`).auth('k', 'k')).body[0];
    // Goods 500 (25 %) + 106 (6 %) = 606; discount 50 and shipping 49 split 500/606 : 106/606.
    // Base 605 → 25 %: 605·500/606·0.2 = 99.83; 6 %: 605·106/606·6/106 = 5.99 → tax 105.82.
    expect(order).toMatchObject({ items_amount: '606.00', discount_amount: '50.00', shipping_amount: '49.00', total_amount: '605.00', tax_amount: '105.82', status: '-1' });
    expect(order.paymethod.method).toBe('swish');
    expect(sim.shop('s').products.get(1)!.qty).toBe(8);
  });
});
