// Rate limit (sliding window, maxInWindow), faults on demand, counters and the admin API.
import request from 'supertest';
import { createFortnoxSim } from '../../sim/fortnox/app';
import { SlidingWindowLimiter } from '../../sim/fortnox/ratelimit';

function setup(options: Parameters<typeof createFortnoxSim>[0] = {}) {
  const clock = { t: Date.parse('2025-03-03T09:00:00Z') };
  const { app, sim } = createFortnoxSim({ now: () => clock.t, ...options });
  const tenantId = sim.createTenant({ tenantId: 'acme' }).id;
  const bearer = `Bearer ${sim.issueTokens(tenantId).access_token}`;
  const get = (path: string) => request(app).get(path).set('Authorization', bearer);
  const post = (path: string, body: object) => request(app).post(path).set('Authorization', bearer).send(body);
  return { app, sim, clock, tenantId, bearer, get, post };
}

describe('sliding-window limiter', () => {
  test('25 per 5 s; a rejected request takes no budget; the window slides', () => {
    const l = new SlidingWindowLimiter();
    for (let i = 0; i < 20; i++) expect(l.tryAcquire('t', 0, 25, 5000).ok).toBe(true);
    for (let i = 0; i < 5; i++) expect(l.tryAcquire('t', 4000, 25, 5000).ok).toBe(true);
    for (let i = 0; i < 10; i++) expect(l.tryAcquire('t', 4500, 25, 5000).ok).toBe(false);
    // The 20 from t=0 leave the window at t=5000; the 429s above did not extend anything.
    expect(l.tryAcquire('t', 5000, 25, 5000)).toEqual({ ok: true, inWindow: 6 });
    expect(l.tryAcquire('other', 4500, 25, 5000).ok).toBe(true);
  });
});

describe('fortnox-sim rate limit over HTTP', () => {
  test('26th request in the window → 429 without Retry-After; maxInWindow is 25', async () => {
    const { sim, clock, tenantId, get } = setup();
    for (let i = 0; i < 25; i++) expect((await get('/3/customers')).status).toBe(200);
    const limited = await get('/3/customers');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ message: 'Too many requests' });
    expect(limited.headers['retry-after']).toBeUndefined();
    clock.t += 5000;
    expect((await get('/3/customers')).status).toBe(200);
    const c = sim.tenantCounters(tenantId);
    expect(c).toMatchObject({ total: 27, rateLimited: 1, maxInWindow: 25 });
    expect(c.byEndpoint['GET /3/customers']).toEqual({ '200': 26, '429': 1 });
  });

  test('a well-behaved client stays at or below the limit', async () => {
    const { sim, clock, tenantId, get } = setup();
    for (let i = 0; i < 60; i++) {
      expect((await get('/3/articles')).status).toBe(200);
      clock.t += 250; // 4 req/s
    }
    expect(sim.tenantCounters(tenantId).maxInWindow).toBe(20);
  });

  test('the limit is configurable and can be turned off; maxInWindow is still measured', async () => {
    const { app, sim, tenantId, get } = setup();
    await request(app).patch('/__sim/config').send({ rateLimit: { limit: 3, windowMs: 1000 } }).expect(200);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get('/3/customers')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    await request(app).patch('/__sim/config').send({ rateLimit: false }).expect(200);
    for (let i = 0; i < 40; i++) expect((await get('/3/customers')).status).toBe(200);
    expect(sim.tenantCounters(tenantId).maxInWindow).toBe(43);
  });

  test('tenants have separate budgets', async () => {
    const { app, sim, get } = setup({ rateLimit: { limit: 2, windowMs: 5000 } });
    const other = `Bearer ${sim.issueTokens(sim.createTenant().id).access_token}`;
    await get('/3/customers');
    await get('/3/customers');
    expect((await get('/3/customers')).status).toBe(429);
    expect((await request(app).get('/3/customers').set('Authorization', other)).status).toBe(200);
  });
});

describe('fortnox-sim faults', () => {
  const invoice = { Invoice: { CustomerNumber: '1', InvoiceRows: [{ Description: 'Tröja', DeliveredQuantity: 1, Price: 100 }] } };

  async function withCustomer(s: ReturnType<typeof setup>) {
    await s.post('/3/customers', { Customer: { Name: 'Kund', CustomerNumber: '1' } }).expect(201);
  }

  test('error5xx: JSON ErrorInformation 1000003, nothing written; count limits it', async () => {
    const s = setup();
    await withCustomer(s);
    const { body } = await request(s.app).post('/__sim/faults').send({ kind: 'error5xx', match: '^POST /3/invoices$', count: 1 }).expect(201);
    expect(body.id).toEqual(expect.any(String));
    const failed = await s.post('/3/invoices', invoice);
    expect(failed.status).toBe(500);
    expect(failed.body.ErrorInformation.code).toBe(1000003);
    expect(s.sim.state(s.tenantId).invoices).toHaveLength(0);
    expect((await s.post('/3/invoices', invoice)).status).toBe(201);
    expect((await s.get('/3/customers')).status).toBe(200);
  });

  test('html: an HTML error page', async () => {
    const s = setup();
    s.sim.addFault({ kind: 'html', status: 502, count: 1 });
    const res = await s.get('/3/articles');
    expect(res.status).toBe(502);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('<html>');
  });

  test('rate: a share of requests fail', async () => {
    let i = 0;
    const s = setup({ random: () => [0.1, 0.9][i++ % 2] });
    s.sim.addFault({ kind: 'error5xx', rate: 0.5, status: 503 });
    const statuses = [];
    for (let n = 0; n < 4; n++) statuses.push((await s.get('/3/customers')).status);
    expect(statuses).toEqual([503, 200, 503, 200]);
  });

  test('slow: the answer is delayed', async () => {
    const s = setup();
    s.sim.addFault({ kind: 'slow', delayMs: 150, match: 'GET /3/customers' });
    const started = Date.now();
    expect((await s.get('/3/customers')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  test('commitThenTimeout: the invoice is created but the client never gets the answer', async () => {
    const s = setup();
    await withCustomer(s);
    s.sim.addFault({ kind: 'commitThenTimeout', match: '^POST /3/invoices', count: 1 });
    await expect(s.post('/3/invoices', invoice)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(s.sim.state(s.tenantId).invoices).toHaveLength(1);
    const c = s.sim.tenantCounters(s.tenantId);
    expect(c.documents.invoices).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(s.sim.tenantCounters(s.tenantId).byEndpoint['POST /3/invoices']).toEqual({ destroyed: 1 });
    // The retry that searches before posting finds it.
    const found = await s.get('/3/invoices?customernumber=1');
    expect(found.body.Invoices).toHaveLength(1);
  });

  test('burst429: the next N requests of the tenant get 429 and count as rate limited', async () => {
    const s = setup();
    s.sim.addFault({ kind: 'burst429', tenantId: s.tenantId, count: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await s.get('/3/customers')).status);
    expect(statuses).toEqual([429, 429, 429, 200]);
    expect(s.sim.tenantCounters(s.tenantId)).toMatchObject({ rateLimited: 3, maxInWindow: 1 });
  });

  test('faults are per tenant', async () => {
    const s = setup();
    const other = `Bearer ${s.sim.issueTokens(s.sim.createTenant().id).access_token}`;
    s.sim.addFault({ kind: 'error5xx', tenantId: s.tenantId });
    expect((await s.get('/3/customers')).status).toBe(500);
    expect((await request(s.app).get('/3/customers').set('Authorization', other)).status).toBe(200);
  });

  test('expireTokens: every access token of the tenant stops working now; refresh still works', async () => {
    const { app, sim } = createFortnoxSim();
    const t = sim.createTenant().id;
    const tokens = sim.issueTokens(t);
    await request(app).post('/__sim/faults').send({ kind: 'expireTokens', tenantId: t }).expect(201);
    expect((await request(app).get('/3/customers').set('Authorization', `Bearer ${tokens.access_token}`)).status).toBe(401);
    const refreshed = await request(app)
      .post('/oauth-v1/token')
      .auth('sim-client', 'sim-secret')
      .type('form')
      .send({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    expect((await request(app).get('/3/customers').set('Authorization', `Bearer ${refreshed.body.access_token}`)).status).toBe(200);
  });

  test('admin: list, delete one, delete all; bad specs are rejected', async () => {
    const { app } = setup();
    const a = (await request(app).post('/__sim/faults').send({ kind: 'slow', delayMs: 10 })).body.id;
    await request(app).post('/__sim/faults').send({ kind: 'html', match: 'GET /3/' });
    expect((await request(app).get('/__sim/faults')).body).toHaveLength(2);
    await request(app).delete(`/__sim/faults/${a}`).expect(204);
    expect((await request(app).get('/__sim/faults')).body.map((f: { kind: string }) => f.kind)).toEqual(['html']);
    await request(app).delete('/__sim/faults').expect(204);
    expect((await request(app).get('/__sim/faults')).body).toEqual([]);
    await request(app).post('/__sim/faults').send({ kind: 'meteor' }).expect(400);
    await request(app).post('/__sim/faults').send({ kind: 'html', match: '(' }).expect(400);
  });
});

describe('fortnox-sim counters and admin API', () => {
  test('endpoint keys are normalised; reset clears them', async () => {
    const s = setup();
    await s.post('/3/customers', { Customer: { Name: 'Kund' } });
    await s.post('/3/invoices', { Invoice: { CustomerNumber: '1', InvoiceRows: [{ Description: 'x', DeliveredQuantity: 1, Price: 10 }] } });
    await request(s.app).put('/3/invoices/1/bookkeep').set('Authorization', s.bearer);
    await s.get('/3/invoices/1');
    await s.get('/3/invoices/999');
    const { body } = await request(s.app).get('/__sim/counters');
    const c = body.tenants.acme;
    expect(c.byEndpoint).toEqual({
      'POST /3/customers': { '201': 1 },
      'POST /3/invoices': { '201': 1 },
      'PUT /3/invoices/:id/bookkeep': { '200': 1 },
      'GET /3/invoices/:id': { '200': 1, '404': 1 },
    });
    expect(c.byStatus).toEqual({ '200': 2, '201': 2, '404': 1 });
    expect(c.documents).toEqual({ invoices: 1, orders: 0 });
    await request(s.app).post('/__sim/counters/reset').expect(200);
    expect((await request(s.app).get('/__sim/tenants/acme/counters')).body.total).toBe(0);
  });

  test('tenants: create, list, patch, state', async () => {
    const { app } = createFortnoxSim();
    const created = await request(app)
      .post('/__sim/tenants')
      .send({ tenantId: 'shop-1', lager: true, currencies: ['EUR'], lockedUntil: '2024-12-31', costCenters: ['WEB'] });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ tenantId: 'shop-1' });
    expect((await request(app).post('/__sim/tenants').send({ tenantId: 'shop-1' })).status).toBe(409);
    const auto = await request(app).post('/__sim/tenants').send({});
    expect(auto.body.tenantId).toMatch(/^\d+$/);
    const list = (await request(app).get('/__sim/tenants')).body;
    expect(list[0]).toMatchObject({ tenantId: 'shop-1', lager: true, currencies: ['SEK', 'EUR'], lockedUntil: '2024-12-31', costCenters: ['WEB'] });
    const patched = await request(app).patch('/__sim/tenants/shop-1').send({ lager: false, lockedUntil: null });
    expect(patched.body).toMatchObject({ lager: false, lockedUntil: null });
    await request(app).patch('/__sim/tenants/shop-1').send({ bogus: 1 }).expect(400);
    await request(app).patch('/__sim/tenants/nope').send({}).expect(404);
    const state = (await request(app).get('/__sim/tenants/shop-1/state')).body;
    expect(Object.keys(state).sort()).toEqual(
      ['articles', 'customers', 'fileConnections', 'files', 'invoices', 'orders', 'payments', 'prices', 'stock'].sort(),
    );
    const tokens = await request(app).post('/__sim/tenants/shop-1/tokens');
    expect(tokens.status).toBe(201);
    expect(tokens.body.token_type).toBe('bearer');
  });

  test('config: token TTL and validation', async () => {
    const { app, sim } = createFortnoxSim();
    await request(app).patch('/__sim/config').send({ tokenTtlSeconds: 2 }).expect(200);
    expect(sim.issueTokens(sim.createTenant().id).expires_in).toBe(2);
    await request(app).patch('/__sim/config').send({ rateLimit: { limit: 0, windowMs: 5 } }).expect(400);
    await request(app).patch('/__sim/config').send({ nope: true }).expect(400);
    expect((await request(app).get('/__sim/config')).body.clientSecret).toBe('***');
  });
});
