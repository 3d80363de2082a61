import request from 'supertest';
import { createQuickbutikSim } from '../../sim/quickbutik/app';
import { startReceiver, type Receiver } from '../../sim/quickbutik/receiver';

/** Status changes and product edits fire webhooks like the real shop: GET, query only, its user agent. */
const KEY = 'hook-key';
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => {
  receiver.received.length = 0;
  receiver.status = 200;
});

function setup() {
  const { app, sim } = createQuickbutikSim();
  sim.createShop({ shopId: 'w', apiKey: KEY, webhookUrl: `${receiver.url}/webhooks/quickbutik/w?token=s3cret` });
  sim.seed('w', { seed: 5, products: 15, customers: 20, orders: 0 });
  return { app, sim };
}
const put = (app: Parameters<typeof request>[0], body: object) => request(app).put('/v1/orders').auth(KEY, KEY).send(body);

describe('quickbutik sim: order webhooks', () => {
  it('fires order.new on paid, order.done on done, order.cancelled on cancelled, with the shop URL query kept', async () => {
    const { app, sim } = setup();
    const [a, b] = sim.generateOrders('w', { count: 2, seed: 1 });
    expect(sim.shop('w').orders.get(a!)!.status).toBe('unpaid');

    await put(app, [{ order_id: a, status: 'paid' }, { order_id: b, status: 'paid' }]);
    await sim.idle();
    await put(app, [{ order_id: a, status: 'done' }, { order_id: b, status: 'cancelled' }]);
    await sim.idle();

    const got = receiver.received.map((r) => `${r.query.event_type}:${r.query.order_id}`).sort();
    expect(got).toEqual([`order.cancelled:${b}`, `order.done:${a}`, `order.new:${a}`, `order.new:${b}`].sort());
    for (const r of receiver.received) {
      expect(r.method).toBe('GET');
      expect(r.path).toBe('/webhooks/quickbutik/w');
      expect(r.query.token).toBe('s3cret');
      expect(r.userAgent).toBe('Quickbutik-Webhooks/1.0');
    }
    const log = (await request(app).get('/__sim/shops/w/webhooks')).body;
    expect(log).toHaveLength(4);
    expect(log[0]).toMatchObject({ event: 'order.new', idParam: 'order_id', outcome: 'delivered', status: 200 });
  });

  it('fires nothing for skip_webhook, for unpaid, or for setting the same status again', async () => {
    const { app, sim } = setup();
    const [a] = sim.generateOrders('w', { count: 1, seed: 2 });
    await put(app, [{ order_id: a, status: 'paid', skip_webhook: true }]);
    await put(app, [{ order_id: a, status: 'paid' }]);
    await put(app, [{ order_id: a, status: 'unpaid' }]);
    await sim.idle();
    expect(receiver.received).toHaveLength(0);
    expect(sim.shop('w').orders.get(a!)!.status).toBe('unpaid');
  });

  it('answers before the webhook is delivered (delivery is asynchronous)', async () => {
    const { app, sim } = setup();
    const [a] = sim.generateOrders('w', { count: 1, seed: 3 });
    const res = await put(app, [{ order_id: a, status: 'paid' }]);
    expect(res.body.success).toBe(1);
    await sim.idle();
    expect(receiver.received).toHaveLength(1);
  });

  it('logs a failed delivery with its status and does not retry', async () => {
    const { app, sim } = setup();
    receiver.status = 500;
    const [a] = sim.generateOrders('w', { count: 1, seed: 4 });
    await put(app, [{ order_id: a, status: 'paid' }]);
    await sim.idle();
    expect(receiver.received).toHaveLength(1);
    expect(sim.webhookLog('w')[0]).toMatchObject({ outcome: 'failed', status: 500 });
    expect(sim.counters.snapshot().shops.w!.webhooks).toMatchObject({ sent: 1, failed: 1, delivered: 0 });
  });

  it('times out a slow receiver', async () => {
    const { sim } = createQuickbutikSim({ webhookTimeoutMs: 100 });
    const { createServer } = await import('node:http');
    const hang = createServer(() => undefined);
    await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
    const port = (hang.address() as { port: number }).port;
    try {
      sim.createShop({ shopId: 't', apiKey: 'k', webhookUrl: `http://127.0.0.1:${port}/h` });
      sim.seed('t', { products: 5, customers: 5, orders: 0 });
      const [a] = sim.generateOrders('t', { count: 1, pay: true });
      await sim.idle();
      expect(sim.webhookLog('t')[0]).toMatchObject({ event: 'order.new', id: String(a), outcome: 'failed', error: 'timeout' });
    } finally {
      hang.closeAllConnections();
      await new Promise((resolve) => hang.close(resolve));
    }
  });

  it('generates and pays N orders through the admin API, spread over spreadMs', async () => {
    const { app, sim } = setup();
    const started = Date.now();
    const res = await request(app).post('/__sim/shops/w/orders').send({ count: 5, seed: 9, pay: true, spreadMs: 200 });
    expect(res.status).toBe(201);
    expect(res.body.orderIds).toHaveLength(5);
    await sim.idle();
    const ids = receiver.received.map((r) => Number(r.query.order_id)).sort();
    expect(ids).toEqual([...res.body.orderIds].sort());
    expect(receiver.received.every((r) => r.query.event_type === 'order.new')).toBe(true);
    const times = receiver.received.map((r) => r.at - started);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(100);
    for (const id of res.body.orderIds) expect(sim.shop('w').orders.get(id)!.status).toBe('paid');
  });

  it('pays a custom order when asked, firing order.new', async () => {
    const { app, sim } = setup();
    const sku = sim.shop('w').products.get(2)!.sku;
    const res = await request(app)
      .post('/__sim/shops/w/orders/custom')
      .send({ customer: { email: 'x@example.se', country: 'SE' }, rows: [{ sku, qty: 1 }], pay: true });
    await sim.idle();
    expect(receiver.received.map((r) => r.query)).toEqual([{ token: 's3cret', event_type: 'order.new', order_id: String(res.body.orderId) }]);
  });

  it('logs but does not send when the shop has no webhook URL', async () => {
    const { sim } = createQuickbutikSim({ shops: [{ shopId: 'n', apiKey: 'k' }], seed: { products: 5, customers: 5, orders: 0 } });
    sim.generateOrders('n', { count: 1, pay: true });
    await sim.idle();
    expect(sim.webhookLog('n')[0]!.outcome).toBe('no_url');
  });
});

describe('quickbutik sim: product webhooks', () => {
  it('fires product.add, product.update (also for stock only) and product.delete with product_id', async () => {
    const { app, sim } = setup();
    const created = await request(app).post('/v1/products').auth(KEY, KEY).send([{ sku: 'HOOK-1', title: 'Krok', price: 10 }]);
    const id = created.body.results['HOOK-1'].product_id as string;
    await request(app).put('/v1/products').auth(KEY, KEY).send([{ sku: 'HOOK-1', stock: 7 }]);
    await request(app).patch(`/__sim/shops/w/products/${id}`).send({ title: 'Krok 2' });
    await request(app).delete(`/__sim/shops/w/products/${id}`);
    await sim.idle();
    const events = receiver.received.map((r) => [r.query.event_type, r.query.product_id]);
    expect(events.sort()).toEqual(
      [['product.add', id], ['product.update', id], ['product.update', id], ['product.delete', id]].sort(),
    );
    expect(receiver.received.every((r) => r.query.order_id === undefined && r.query.token === 's3cret')).toBe(true);
  });

  it('fires no webhooks while seeding', async () => {
    const { sim } = setup();
    sim.seed('w', { products: 10, customers: 10, orders: 10 });
    await sim.idle();
    expect(receiver.received).toHaveLength(0);
  });
});
