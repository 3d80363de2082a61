import request from 'supertest';
import { createQuickbutikSim } from '../../sim/quickbutik/app';
import { startReceiver, type Receiver } from '../../sim/quickbutik/receiver';

/** Every fault kind, switched on through the admin API, per shop or for all shops. */
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => {
  receiver.received.length = 0;
});

function setup() {
  const { app, sim } = createQuickbutikSim({ faultSeed: 1 });
  for (const id of ['f1', 'f2']) {
    sim.createShop({ shopId: id, apiKey: `key-${id}`, webhookUrl: `${receiver.url}/hook/${id}?token=t` });
    sim.seed(id, { seed: 2, products: 10, customers: 20, orders: 20 });
  }
  return { app, sim };
}
const fault = (app: Parameters<typeof request>[0], body: object) => request(app).post('/__sim/faults').send(body);
const receivedIds = (shop: string) => receiver.received.filter((r) => r.path === `/hook/${shop}`).map((r) => r.query.order_id);

describe('quickbutik sim: webhook faults', () => {
  it('dropWebhooks drops deliveries of that shop only, and counts them', async () => {
    const { app, sim } = setup();
    expect((await fault(app, { shopId: 'f1', kind: 'dropWebhooks' })).status).toBe(201);
    sim.generateOrders('f1', { count: 3, pay: true });
    sim.generateOrders('f2', { count: 2, pay: true });
    await sim.idle();
    expect(receivedIds('f1')).toHaveLength(0);
    expect(receivedIds('f2')).toHaveLength(2);
    expect(sim.webhookLog('f1').map((e) => e.outcome)).toEqual(['dropped', 'dropped', 'dropped']);
    const counters = (await request(app).get('/__sim/counters')).body;
    expect(counters.shops.f1.webhooks).toMatchObject({ dropped: 3, sent: 0 });
    expect(counters.shops.f2.webhooks).toMatchObject({ dropped: 0, sent: 2, delivered: 2 });
  });

  it('a rate below 1 hits a share of deliveries', async () => {
    const { app, sim } = setup();
    await fault(app, { shopId: 'f1', kind: 'dropWebhooks', rate: 0.5 });
    sim.generateOrders('f1', { count: 100, pay: true });
    await sim.idle();
    const dropped = sim.counters.snapshot().shops.f1!.webhooks.dropped;
    expect(dropped).toBeGreaterThan(30);
    expect(dropped).toBeLessThan(70);
    expect(receivedIds('f1')).toHaveLength(100 - dropped);
  });

  it('duplicateWebhooks delivers each webhook twice', async () => {
    const { app, sim } = setup();
    await fault(app, { shopId: 'f1', kind: 'duplicateWebhooks' });
    const ids = sim.generateOrders('f1', { count: 3, pay: true });
    await sim.idle();
    const got = receivedIds('f1');
    expect(got).toHaveLength(6);
    for (const id of ids) expect(got.filter((x) => x === String(id))).toHaveLength(2);
    expect(sim.webhookLog('f1').filter((e) => e.duplicate)).toHaveLength(3);
    expect(sim.counters.snapshot().shops.f1!.webhooks).toMatchObject({ duplicated: 3, sent: 6, delivered: 6 });
  });

  it('delayWebhooks holds deliveries for delayMs without blocking the API', async () => {
    const { app, sim } = setup();
    await fault(app, { shopId: 'f1', kind: 'delayWebhooks', delayMs: 300 });
    const [id] = sim.generateOrders('f1', { count: 1 });
    const started = Date.now();
    const res = await request(app).put('/v1/orders').auth('key-f1', 'key-f1').send([{ order_id: id, status: 'paid' }]);
    expect(res.body.success).toBe(1);
    expect(Date.now() - started).toBeLessThan(250);
    expect(receivedIds('f1')).toHaveLength(0);
    await sim.idle();
    expect(receiver.received[0]!.at - started).toBeGreaterThanOrEqual(280);
    expect(sim.webhookLog('f1')[0]).toMatchObject({ heldMs: 300, outcome: 'delivered' });
  });

  it('reorderWebhooks delivers a burst newest first', async () => {
    const { app, sim } = setup();
    await fault(app, { shopId: 'f1', kind: 'reorderWebhooks', delayMs: 100 });
    const ids = sim.generateOrders('f1', { count: 4, pay: true });
    await sim.idle();
    expect(receivedIds('f1')).toEqual(ids.map(String).reverse());
  });

  it('a global fault applies to every shop; DELETE clears faults', async () => {
    const { app, sim } = setup();
    await fault(app, { kind: 'dropWebhooks' });
    expect((await request(app).get('/__sim/faults')).body).toEqual([
      { id: expect.any(String), shopId: null, kind: 'dropWebhooks', rate: 1, delayMs: 0 },
    ]);
    sim.generateOrders('f1', { count: 1, pay: true });
    sim.generateOrders('f2', { count: 1, pay: true });
    await sim.idle();
    expect(receiver.received).toHaveLength(0);
    expect((await request(app).delete('/__sim/faults')).body).toEqual({ cleared: 1 });
    sim.generateOrders('f2', { count: 1, pay: true });
    await sim.idle();
    expect(receiver.received).toHaveLength(1);
  });

  it('refuses an unknown fault kind or a rate outside 0..1', async () => {
    const { app } = setup();
    expect((await fault(app, { kind: 'explode' })).status).toBe(400);
    expect((await fault(app, { kind: 'error5xx', rate: 2 })).status).toBe(400);
    expect((await fault(app, { kind: 'error5xx', shopId: 'nope' })).status).toBe(404);
  });
});

describe('quickbutik sim: API faults', () => {
  it('error5xx answers 5xx with the error shape to that shop and counts it', async () => {
    const { app } = setup();
    await fault(app, { shopId: 'f1', kind: 'error5xx' });
    const res = await request(app).get('/v1/orders').auth('key-f1', 'key-f1');
    expect([500, 502, 503]).toContain(res.status);
    expect(res.body).toEqual({ code: res.status, error: expect.any(String) });
    expect((await request(app).get('/v1/orders').auth('key-f2', 'key-f2')).status).toBe(200);
    const counters = (await request(app).get('/__sim/counters')).body;
    expect(counters.shops.f1.requests['GET /v1/orders']).toEqual({ [String(res.status)]: 1 });
  });

  it('error429 answers 429 with Retry-After', async () => {
    const { app } = setup();
    await fault(app, { shopId: 'f1', kind: 'error429' });
    const res = await request(app).get('/v1/products').auth('key-f1', 'key-f1');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body).toEqual({ code: 429, error: expect.any(String) });
  });

  it('a share of calls fails at rate 0.3; writes that failed changed nothing', async () => {
    const { app, sim } = setup();
    await fault(app, { shopId: 'f1', kind: 'error5xx', rate: 0.3 });
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await request(app).get('/v1/orders?limit=1').auth('key-f1', 'key-f1')).status);
    const failed = statuses.filter((s) => s >= 500).length;
    expect(failed).toBeGreaterThan(8);
    expect(failed).toBeLessThan(30);
    await request(app).delete('/__sim/faults?shopId=f1&kind=error5xx');
    await fault(app, { shopId: 'f1', kind: 'error429' });
    const [id] = sim.generateOrders('f1', { count: 1 });
    expect((await request(app).put('/v1/orders').auth('key-f1', 'key-f1').send([{ order_id: id, status: 'paid' }])).status).toBe(429);
    expect(sim.shop('f1').orders.get(id!)!.status).toBe('unpaid');
  });
});
