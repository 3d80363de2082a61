import { createQuickbutikClient, type QuickbutikApi } from '../../src/quickbutik/client';
import { createQuickbutikSim, type QuickbutikSim } from '../../sim/quickbutik/app';
import { listen } from './inbox-helpers';

/** The client against the Quickbutik simulator over real HTTP: envelopes, 404-as-empty, paging, faults. */
describe('Quickbutik client ↔ simulator', () => {
  let sim: QuickbutikSim;
  let server: Awaited<ReturnType<typeof listen>>;
  let api: QuickbutikApi;
  const KEY = 'sim-key-abc';
  const client = (apiKey: string, attempts = 4) =>
    createQuickbutikClient({
      config: { QUICKBUTIK_API_URL: server.url },
      apiKeyFor: async () => apiKey,
      requestsPerSecond: 100,
      retry: { attempts, baseDelayMs: 20, maxDelayMs: 100, maxRetryAfterMs: 150 },
    });

  beforeAll(async () => {
    const qb = createQuickbutikSim({ faultSeed: 7 });
    sim = qb.sim;
    server = await listen(qb.app);
    sim.createShop({ shopId: 'shopA', apiKey: KEY });
    sim.seed('shopA', { seed: 5, products: 25, orders: 40 });
    api = client(KEY).forShop('shopA');
  });
  afterAll(async () => {
    sim.close();
    await server.close();
  });
  afterEach(() => sim.faults.clear());

  const requests = (endpoint: string) => sim.counters.snapshot().shops.shopA?.requests[endpoint] ?? {};

  it('pages through every order and parses each one in full (string numbers, flags, addresses, bundles)', async () => {
    const all = await api.listAllOrders({ pageSize: 15 });
    expect(all).toHaveLength(40);
    expect(new Set(all.map((o) => o.orderId)).size).toBe(40);
    expect(all.every((o) => o.status === 'paid' || o.status === 'done')).toBe(true);
    for (const summary of all) {
      const order = await api.getOrder(summary.orderId);
      expect(order).not.toBeNull();
      expect(order!.orderId).toBe(summary.orderId);
      expect(order!.totalAmount).toBe(summary.totalAmount);
      expect(order!.rows.length).toBeGreaterThan(0);
      expect(typeof order!.rows[0]!.unitPrice).toBe('number');
    }
  });

  it('404 means "nothing": a missing order is null, an empty list is []', async () => {
    await expect(api.getOrder(987654321)).resolves.toBeNull();
    await expect(api.listOrders({ fromStatusDate: Math.floor(Date.now() / 1000) + 3600, offset: 0, limit: 10 })).resolves.toEqual([]);
    expect(requests('GET /v1/orders')['404']).toBe(2);
  });

  it('filters by status and from_status_date (the catch-up cursor)', async () => {
    const before = Math.floor(Date.now() / 1000) - 1;
    const [id] = sim.generateOrders('shopA', { count: 1, pay: true, seed: 99 });
    const recent = await api.listOrders({ fromStatusDate: before, offset: 0, limit: 100 });
    expect(recent.map((o) => o.orderId)).toEqual([String(id)]);
    const paid = await api.listAllOrders({ status: 'paid' });
    expect(paid.every((o) => o.status === 'paid')).toBe(true);
    expect(paid.map((o) => o.orderId)).toContain(String(id));
  });

  it('reads products in every envelope: list (bare array), by id ({"product":{..}}), by sku (bare object; a variant sku answers its product)', async () => {
    const count = await api.countProducts();
    const all = await api.listAllProducts(7);
    expect(all).toHaveLength(count);
    const withVariants = all.find((p) => p.variants.length > 0)!;
    expect(withVariants).toBeDefined();
    expect((await api.getProduct(withVariants.id))!.id).toBe(withVariants.id);
    const byVariantSku = await api.findProductBySku(withVariants.variants[0]!.sku!);
    expect(byVariantSku!.id).toBe(withVariants.id);
    await expect(api.findProductBySku('NO-SUCH-SKU')).resolves.toBeNull();
    await expect(api.getProduct(99999999)).resolves.toBeNull();
  });

  it('updates stock in place and reports what it refused', async () => {
    const [p] = await api.listProducts({ offset: 0, limit: 1 });
    const simple = (await api.listAllProducts()).find((x) => x.variants.length === 0 && x.bundleComponents.length === 0 && x.sku)!;
    expect(p).toBeDefined();
    const r = await api.updateStock([{ sku: simple.sku!, stock: 17 }, { sku: 'NO-SUCH-SKU', stock: 1 }]);
    expect(r.updated).toBe(1);
    expect(r.failed).toEqual([{ key: 'NO-SUCH-SKU', error: expect.any(String) }]);
    expect((await api.findProductBySku(simple.sku!))!.stock).toBe(17);
  });

  it('a wrong key is `auth` (401) and is not retried', async () => {
    const bad = client('wrong-key').forShop('shopA');
    await expect(bad.getOrder(1)).rejects.toMatchObject({ kind: 'auth', status: 401 });
    expect(sim.counters.snapshot().unauthenticated['GET /v1/orders']?.['401']).toBe(1);
  });

  it('rides out 5xx and 429 faults with backoff (every call still succeeds)', async () => {
    sim.faults.add({ shopId: 'shopA', kind: 'error5xx', rate: 0.25 });
    sim.faults.add({ shopId: 'shopA', kind: 'error429', rate: 0.15 });
    const patient = client(KEY, 8).forShop('shopA'); // 8 tries: a call fails only if all 8 hit a fault (p ≈ 0.0003)
    const before = requests('GET /v1/products/count');
    for (let i = 0; i < 20; i++) await expect(patient.countProducts()).resolves.toBe(25);
    const after = requests('GET /v1/products/count');
    const n = (s: string) => (after[s] ?? 0) - (before[s] ?? 0);
    expect(n('200')).toBe(20);
    expect(n('429') + n('500') + n('502') + n('503')).toBeGreaterThan(3);
  });

  it('gives up after its bounded attempts with a retryable error (the activity retries from there)', async () => {
    sim.faults.add({ shopId: 'shopA', kind: 'error5xx', rate: 1 });
    const before = Object.values(requests('GET /v1/orders')).reduce((a, b) => a + b, 0);
    await expect(api.getOrder(1)).rejects.toMatchObject({ kind: 'retryable', retryable: true });
    const after = Object.values(requests('GET /v1/orders')).reduce((a, b) => a + b, 0);
    expect(after - before).toBe(4);
  });
});
