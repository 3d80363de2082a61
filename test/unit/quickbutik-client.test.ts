import { createQuickbutikClient, QuickbutikError } from '../../src/quickbutik/client';
import { createPacer } from '../../src/quickbutik/pacer';

/** A scripted fetch: each call takes the next answer (or the one `route` picks) and is recorded. */
interface Call {
  method: string;
  url: URL;
  auth: string | null;
  body: unknown;
}
type Answer = { status: number; json?: unknown; text?: string; headers?: Record<string, string> } | Error;

function fakeFetch(answers: Answer[] | ((call: Call, n: number) => Answer)) {
  const calls: Call[] = [];
  const impl = (async (input: URL | string, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    const call: Call = {
      method: init?.method ?? 'GET',
      url: new URL(String(input)),
      auth: headers.get('authorization'),
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    calls.push(call);
    const a = typeof answers === 'function' ? answers(call, calls.length) : answers.shift();
    if (!a) throw new Error('no scripted answer left');
    if (a instanceof Error) throw a;
    const text = a.text ?? (a.json === undefined ? '' : JSON.stringify(a.json));
    return new Response(text, { status: a.status, headers: a.headers });
  }) as typeof fetch;
  return { impl, calls };
}

const KEY = 'secret-api-key-123';
function client(answers: Parameters<typeof fakeFetch>[0], extra: Partial<Parameters<typeof createQuickbutikClient>[0]> = {}) {
  const f = fakeFetch(answers);
  const waits: number[] = [];
  const c = createQuickbutikClient({
    config: { QUICKBUTIK_API_URL: 'https://qb.test' },
    apiKeyFor: async () => KEY,
    fetchImpl: f.impl,
    requestsPerSecond: 1000,
    sleep: async (ms) => void waits.push(ms),
    ...extra,
  });
  return { api: c.forShop('s1'), calls: f.calls, waits };
}

const detailedOrder = {
  order_id: '1001',
  date_created: '2026-11-29 10:00:00',
  date_paid: '2026-11-29 10:01:00',
  status: '1',
  total_amount: '148.95',
  shipping_amount: '49.00',
  discount_amount: '',
  currency: 'SEK',
  is_taxfree: '0',
  is_taxontop: '0',
  customer: { email: 'a@b.se', billing_details: { firstname: 'Ann', lastname: 'Berg', country: 'SE' } },
  products: [{ product_id: '5', sku: 'A-1', title: 'Mug', qty: '2', price: '49.975' }],
};

describe('Quickbutik client: requests and parsing', () => {
  it('getOrder asks for full details with Basic auth (key as user and password) and parses string numbers', async () => {
    const { api, calls } = client([{ status: 200, json: [detailedOrder] }]);
    const order = await api.getOrder('1001');
    expect(calls[0]!.url.pathname).toBe('/v1/orders');
    expect(calls[0]!.url.searchParams.get('order_id')).toBe('1001');
    expect(calls[0]!.url.searchParams.get('include_details')).toBe('true');
    expect(calls[0]!.url.searchParams.get('apps_load')).toBe('true');
    expect(calls[0]!.auth).toBe(`Basic ${Buffer.from(`${KEY}:${KEY}`).toString('base64')}`);
    expect(order).toMatchObject({ orderId: '1001', status: 'paid', totalAmount: 148.95, shippingAmount: 49, discountAmount: 0 });
    expect(order!.rows[0]).toMatchObject({ sku: 'A-1', qty: 2, unitPrice: 49.975 });
  });

  it('getOrder: 404 and an empty array are "no such order"', async () => {
    const { api } = client([{ status: 404, json: { code: 404, error: 'Order 9 not found' } }, { status: 200, json: [] }]);
    await expect(api.getOrder(9)).resolves.toBeNull();
    await expect(api.getOrder(9)).resolves.toBeNull();
  });

  it('listOrders sends the filter, parses summaries and treats 404 as an empty list', async () => {
    const { api, calls } = client([
      { status: 200, json: [{ order_id: '7', status: '2', date_paid: null, total_amount: '10.00', currency: 'SEK' }, { order_id: 8, status: -1 }] },
      { status: 404, json: { code: 404, error: 'No orders found' } },
    ]);
    const page = await api.listOrders({ status: 'paid', fromStatusDate: 1_780_000_000, offset: 0, limit: 50 });
    expect(Object.fromEntries(calls[0]!.url.searchParams)).toEqual({ status: 'paid', from_status_date: '1780000000', offset: '0', limit: '50' });
    expect(page).toEqual([
      { orderId: '7', status: 'done', dateCreated: null, datePaid: null, totalAmount: 10, currency: 'SEK' },
      { orderId: '8', status: 'unpaid', dateCreated: null, datePaid: null, totalAmount: null, currency: null },
    ]);
    await expect(api.listOrders({ offset: 0, limit: 50 })).resolves.toEqual([]);
  });

  it('listAllOrders pages until a short page; a 404 on a later page ends it too', async () => {
    const page = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ order_id: String(from + i), status: '1' }));
    const { api, calls } = client([{ status: 200, json: page(1, 3) }, { status: 200, json: page(4, 3) }, { status: 404, json: {} }]);
    const all = await api.listAllOrders({ pageSize: 3 });
    expect(all.map((o) => o.orderId)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(calls.map((c) => c.url.searchParams.get('offset'))).toEqual(['0', '3', '6']);
  });

  it('accepts every product envelope: {"product":{}}, {"product":[]}, a bare object, a bare array', async () => {
    const p = (id: string) => ({ id, sku: `S-${id}`, title: 'T', price: '100.00', tax_rate: '25', qty: '3', images: [] });
    const { api, calls } = client([
      { status: 200, json: { product: p('1') } },
      { status: 200, json: { product: [p('2')] } },
      { status: 200, json: p('3') },
      { status: 200, json: [p('4'), p('5')] },
      { status: 404, json: { code: 404, error: 'No product with sku X' } },
    ]);
    expect((await api.getProduct(1))!.id).toBe('1');
    expect((await api.getProduct(2))!.id).toBe('2');
    expect(await api.findProductBySku('S-3')).toMatchObject({ id: '3', sku: 'S-3', price: 100, taxRate: 25, stock: 3 });
    expect((await api.listProducts({ offset: 0, limit: 10 })).map((x) => x.id)).toEqual(['4', '5']);
    await expect(api.findProductBySku('X')).resolves.toBeNull();
    expect(calls[2]!.url.searchParams.get('sku')).toBe('S-3');
  });

  it('countProducts reads {"count":"N"}', async () => {
    const { api } = client([{ status: 200, json: { count: '42' } }]);
    await expect(api.countProducts()).resolves.toBe(42);
  });

  it('updateStock PUTs arrays in batches of 100 and reports refused items', async () => {
    const items = Array.from({ length: 150 }, (_, i) => ({ sku: `S${i}`, stock: i }));
    const { api, calls } = client((call) => {
      const body = call.body as { sku: string }[];
      const results = Object.fromEntries(body.map((b) => [b.sku, b.sku === 'S120' ? { success: 0, error: 'Unknown sku' } : { success: 1 }]));
      return { status: 200, json: { success: 0, results } };
    });
    const r = await api.updateStock(items);
    expect(calls.map((c) => [c.method, (c.body as unknown[]).length])).toEqual([['PUT', 100], ['PUT', 50]]);
    expect((calls[0]!.body as unknown[])[0]).toEqual({ sku: 'S0', stock: 0 });
    expect(r).toEqual({ updated: 149, failed: [{ key: 'S120', error: 'Unknown sku' }] });
  });
});

describe('Quickbutik client: failures, retries, classification', () => {
  it('retries 429 honouring Retry-After, then succeeds', async () => {
    const { api, calls, waits } = client([
      { status: 429, json: { code: 429, error: 'Too Many Requests' }, headers: { 'Retry-After': '1' } },
      { status: 200, json: [detailedOrder] },
    ]);
    expect((await api.getOrder(1001))!.orderId).toBe('1001');
    expect(calls).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(1000);
  });

  it('retries 5xx and network errors with growing backoff, bounded; then throws a retryable error', async () => {
    const { api, calls, waits } = client([
      { status: 503, json: { code: 503, error: 'Service Unavailable' } },
      new TypeError('fetch failed'),
      { status: 500, text: '<html>oops</html>' },
      { status: 502, json: {} },
    ], { retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000 } });
    const err = await api.listOrders({ offset: 0, limit: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(QuickbutikError);
    expect(err).toMatchObject({ kind: 'retryable', status: 502, retryable: true });
    expect(calls).toHaveLength(4);
    expect(waits).toHaveLength(3);
    // full-jitter halves: attempt n waits between base·2^(n-1)/2 and base·2^(n-1)
    waits.forEach((w, i) => {
      expect(w).toBeGreaterThanOrEqual(50 * 2 ** i);
      expect(w).toBeLessThanOrEqual(100 * 2 ** i);
    });
  });

  it('a timeout is retryable', async () => {
    const slow = (async (_u: unknown, init?: RequestInit) =>
      new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)))) as typeof fetch;
    const c = createQuickbutikClient({
      config: { QUICKBUTIK_API_URL: 'https://qb.test' }, apiKeyFor: async () => KEY, fetchImpl: slow, timeoutMs: 30,
      retry: { attempts: 2 }, sleep: async () => undefined,
    });
    await expect(c.forShop('s').getOrder(1)).rejects.toMatchObject({ kind: 'retryable', message: expect.stringMatching(/no answer within 30 ms/) });
  });

  it('401 is `auth`, never retried, and the key appears in no error text', async () => {
    const { api, calls } = client([{ status: 401, json: { code: 401, error: 'Invalid API key' } }]);
    const err = await api.getOrder(1).catch((e) => e);
    expect(err).toMatchObject({ kind: 'auth', status: 401, retryable: false });
    expect(calls).toHaveLength(1);
    expect(JSON.stringify({ m: err.message, j: err.toJSON(), s: err.stack })).not.toContain(KEY);
  });

  it('a 401 with a cached key re-reads the key once (it may have just been changed)', async () => {
    const keys = ['old-key', 'new-key'];
    const { api, calls } = client(
      (call) => (call.auth === `Basic ${Buffer.from('new-key:new-key').toString('base64')}` ? { status: 200, json: { count: '1' } } : { status: 401, json: {} }),
      { apiKeyFor: async () => keys[0]! },
    );
    await expect(api.countProducts()).rejects.toMatchObject({ kind: 'auth' }); // first read: nothing cached, no re-read
    keys.shift();
    await expect(api.countProducts()).resolves.toBe(1);
    expect(calls).toHaveLength(2);
  });

  it('other 4xx are `data`; an answer the schemas reject is `data` with the parse problems', async () => {
    const { api } = client([
      { status: 400, json: { code: 400, error: 'Invalid status x' } },
      { status: 200, json: [{ ...detailedOrder, total_amount: 'abc' }] },
    ]);
    await expect(api.listOrders({ offset: 0, limit: 1 })).rejects.toMatchObject({ kind: 'data', status: 400, message: expect.stringMatching(/Invalid status x/) });
    const err = await api.getOrder(1001).catch((e) => e);
    expect(err).toMatchObject({ kind: 'data' });
    expect(err.message).toMatch(/total_amount/);
    expect(err.cause?.problems?.[0]?.path).toBe('total_amount');
  });

  it('a shop without a stored key fails as `auth` before any request', async () => {
    const { api, calls } = client([], { apiKeyFor: async () => undefined });
    await expect(api.getOrder(1)).rejects.toMatchObject({ kind: 'auth' });
    expect(calls).toHaveLength(0);
  });
});

describe('per-shop pace', () => {
  it('spaces one shop\'s requests 1/rps apart and lets other shops through', async () => {
    const pacer = createPacer(20); // 50 ms apart
    const t0 = Date.now();
    const at: Record<string, number[]> = { a: [], b: [] };
    await Promise.all([
      ...[1, 2, 3, 4].map(() => pacer.take('a').then(() => at.a!.push(Date.now() - t0))),
      pacer.take('b').then(() => at.b!.push(Date.now() - t0)),
    ]);
    expect(at.b![0]).toBeLessThan(30);
    expect(at.a![3]).toBeGreaterThanOrEqual(140);
    for (let i = 1; i < 4; i++) expect(at.a![i]! - at.a![i - 1]!).toBeGreaterThanOrEqual(40);
  });

  it('holdOff (after a 429) delays every caller of that shop', async () => {
    const pacer = createPacer(1000);
    pacer.holdOff('a', 120);
    const t0 = Date.now();
    await pacer.take('a');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
  });
});
