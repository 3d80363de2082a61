// OAuth as the product uses it: authorize → code → tokens, rotating single-use refresh tokens, expiry,
// client credentials, and that a token identifies exactly one tenant.
import request from 'supertest';
import { createFortnoxSim } from '../../sim/fortnox/app';

const REDIRECT = 'http://localhost:3000/fortnox/callback';

function setup(tokenTtlSeconds = 3600) {
  const clock = { t: Date.parse('2025-03-03T09:00:00Z') };
  const { app, sim } = createFortnoxSim({ now: () => clock.t, tokenTtlSeconds });
  return { app, sim, clock };
}

async function authorize(app: ReturnType<typeof setup>['app'], query: Record<string, string> = {}) {
  const res = await request(app)
    .get('/oauth-v1/auth')
    .query({
      client_id: 'sim-client',
      redirect_uri: REDIRECT,
      scope: 'customer article invoice',
      state: 'csrf-123',
      access_type: 'offline',
      response_type: 'code',
      ...query,
    });
  return res;
}

const token = (app: ReturnType<typeof setup>['app'], form: Record<string, string>, secret = 'sim-secret') =>
  request(app).post('/oauth-v1/token').auth('sim-client', secret).type('form').send(form);

describe('fortnox-sim OAuth', () => {
  test('authorization code flow: redirect with code and state, then tokens', async () => {
    const { app, sim } = setup();
    const res = await authorize(app, { tenant: 'shop-42' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.location);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('csrf-123');
    const code = location.searchParams.get('code')!;
    expect(sim.getTenant('shop-42')).toBeDefined();

    const tokens = await token(app, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(tokens.status).toBe(200);
    expect(tokens.body).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      scope: 'customer article invoice',
      expires_in: 3600,
      token_type: 'bearer',
    });
    expect(tokens.body.access_token.split('.')).toHaveLength(3);

    const company = await request(app).get('/3/settings/company').set('Authorization', `Bearer ${tokens.body.access_token}`);
    expect(company.status).toBe(200);
    expect(company.body.CompanySettings.DatabaseNumber).toBe('shop-42');

    const again = await token(app, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(again.status).toBe(400);
    expect(JSON.parse(again.text).error).toBe('invalid_grant');
  });

  test('without a tenant parameter every authorization creates a new company', async () => {
    const { app, sim } = setup();
    await authorize(app);
    await authorize(app);
    expect(sim.listTenants()).toHaveLength(2);
  });

  test('unknown client_id on authorize is a 400', async () => {
    const { app } = setup();
    const res = await authorize(app, { client_id: 'someone-else' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_client');
  });

  test('the code expires after 10 minutes', async () => {
    const { app, clock } = setup();
    const code = new URL((await authorize(app)).headers.location).searchParams.get('code')!;
    clock.t += 10 * 60 * 1000 + 1;
    const res = await token(app, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(res.status).toBe(400);
  });

  test('wrong client credentials → 401 invalid_client', async () => {
    const { app } = setup();
    const res = await token(app, { grant_type: 'refresh_token', refresh_token: 'x' }, 'wrong');
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text)).toEqual({ error: 'invalid_client', error_description: 'The client credentials are invalid' });
  });

  test('refresh tokens rotate and are single use; reuse → invalid_grant', async () => {
    const { app, sim } = setup();
    const t = sim.createTenant().id;
    const first = sim.issueTokens(t);
    const second = await token(app, { grant_type: 'refresh_token', refresh_token: first.refresh_token! });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(second.body.access_token).not.toBe(first.access_token);

    const reuse = await token(app, { grant_type: 'refresh_token', refresh_token: first.refresh_token! });
    expect(reuse.status).toBe(400);
    expect(JSON.parse(reuse.text)).toEqual({ error: 'invalid_grant', error_description: 'Invalid refresh token' });

    const third = await token(app, { grant_type: 'refresh_token', refresh_token: second.body.refresh_token });
    expect(third.status).toBe(200);
  });

  test('two workers refreshing with the same token: exactly one wins', async () => {
    const { app, sim } = setup();
    const t = sim.createTenant().id;
    const { refresh_token } = sim.issueTokens(t);
    const results = await Promise.all([1, 2].map(() => token(app, { grant_type: 'refresh_token', refresh_token: refresh_token! })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
  });

  test('access tokens expire after tokenTtlSeconds → 401 {"message":"unauthorized"}', async () => {
    const { app, sim, clock } = setup(60);
    const t = sim.createTenant().id;
    const { access_token, expires_in } = sim.issueTokens(t);
    expect(expires_in).toBe(60);
    const ok = await request(app).get('/3/customers').set('Authorization', `Bearer ${access_token}`);
    expect(ok.status).toBe(200);
    clock.t += 60_001;
    const expired = await request(app).get('/3/customers').set('Authorization', `Bearer ${access_token}`);
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ message: 'unauthorized' });
  });

  test('calls without or with an unknown bearer token are 401', async () => {
    const { app } = setup();
    expect((await request(app).get('/3/invoices')).status).toBe(401);
    expect((await request(app).get('/api/warehouse/tenants-v4').set('Authorization', 'Bearer nope')).status).toBe(401);
  });

  test('client credentials with a TenantId header; no refresh token', async () => {
    const { app, sim } = setup();
    sim.createTenant({ tenantId: '5551234' });
    const res = await token(app, { grant_type: 'client_credentials' }).set('TenantId', '5551234');
    expect(res.status).toBe(200);
    expect(res.body.refresh_token).toBeUndefined();
    const info = await request(app).get('/3/companyinformation').set('Authorization', `Bearer ${res.body.access_token}`);
    expect(info.body.CompanyInformation.DatabaseNumber).toBe(5551234);
    const unknown = await token(app, { grant_type: 'client_credentials' }).set('TenantId', 'nope');
    expect(unknown.status).toBe(400);
  });

  test('a token sees only its own tenant', async () => {
    const { app, sim } = setup();
    const a = sim.issueTokens(sim.createTenant().id).access_token;
    const b = sim.issueTokens(sim.createTenant().id).access_token;
    await request(app).post('/3/customers').set('Authorization', `Bearer ${a}`).send({ Customer: { Name: 'Only in A' } }).expect(201);
    const inB = await request(app).get('/3/customers').set('Authorization', `Bearer ${b}`);
    expect(inB.body.Customers).toEqual([]);
    const inA = await request(app).get('/3/customers').set('Authorization', `Bearer ${a}`);
    expect(inA.body.Customers.map((c: { Name: string }) => c.Name)).toEqual(['Only in A']);
  });
});
