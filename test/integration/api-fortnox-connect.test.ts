// The whole OAuth dance through the API against the in-process Fortnox simulator, callback failures, the connection
// status (reconnect needed), and settings checked against the connected Fortnox company.
import request from 'supertest';
import { createApiDeps, createApp, type ApiDeps } from '../../src/api/app';
import { createCoreDeps } from '../../src/deps';
import { createFortnoxSim } from '../../sim/fortnox/app';
import { listen, type RunningServer } from '../fixtures/fortnox-fake-server';
import { testConfig } from '../helpers/stack';

const run = `${Date.now() % 1_000_000}`;
let server: RunningServer;
let deps: ApiDeps;
let app: ReturnType<typeof createApp>;
let admin: Record<string, string>;
const PUBLIC_URL = 'http://sync.test:3000';
const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

beforeAll(async () => {
  const { app: simApp } = createFortnoxSim({ rateLimit: false });
  server = await listen(simApp);
  const config = testConfig({ FORTNOX_AUTH_URL: server.url, FORTNOX_API_URL: server.url, PUBLIC_URL });
  deps = createApiDeps(config, createCoreDeps(config, 'test-api-fortnox', 3));
  app = createApp(deps);
  admin = bearer(config.ADMIN_API_KEY);
});

afterAll(async () => {
  await deps.temporal.connection.close();
  await deps.db.destroy();
  await server.close();
});

async function createShop(id: string) {
  const res = await request(app).post('/shops').set(admin).send({ id, name: `Shop ${id}`, quickbutikApiKey: 'k' }).expect(201);
  return res.body as { id: string; supportApiKey: string };
}

let browserCookie = '';
/**
 * connect → 302 to the sim → the sim's 302 back to our callback; returns the callback path + query. The browser's
 * one-time cookie is kept in `browserCookie` (the callback helper `back` sends it, as the browser would).
 */
async function consent(shopId: string, key: string, tenant: string): Promise<string> {
  const connect = await request(app).get(`/shops/${shopId}/fortnox/connect`).query({ tenant }).set(bearer(key)).expect(302);
  const cookie = String(connect.headers['set-cookie']);
  expect(cookie).toMatch(/^qbfx_oauth=[\w-]+; Max-Age=900; Path=\/fortnox\/callback; Expires=.*; HttpOnly; SameSite=Lax$/);
  browserCookie = cookie.split(';')[0]!;
  const authorize = new URL(connect.headers.location);
  expect(`${authorize.origin}${authorize.pathname}`).toBe(`${server.url}/oauth-v1/auth`);
  expect(authorize.searchParams.get('tenant')).toBe(tenant);
  expect(authorize.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/fortnox/callback`);
  expect(authorize.searchParams.get('response_type')).toBe('code');
  expect(authorize.searchParams.get('state')).toBeTruthy();
  const sim = await fetch(authorize, { redirect: 'manual' });
  expect(sim.status).toBe(302);
  const back = new URL(sim.headers.get('location')!);
  expect(`${back.origin}${back.pathname}`).toBe(`${PUBLIC_URL}/fortnox/callback`);
  return `${back.pathname}${back.search}`;
}

describe('Fortnox connect', () => {
  it('runs the whole dance: connect → Fortnox consent → callback → connected', async () => {
    const shop = await createShop(`fx-a-${run}`);
    const tenant = `T${run}a`;
    const before = await request(app).get(`/shops/${shop.id}/fortnox`).set(bearer(shop.supportApiKey)).expect(200);
    expect(before.body).toMatchObject({ status: 'not_connected', tenantId: null });

    const callback = await consent(shop.id, shop.supportApiKey, tenant);
    const done = await request(app).get(callback).set('Cookie', browserCookie).set('Accept', 'application/json').expect(200);
    expect(done.body).toMatchObject({ status: 'connected', shopId: shop.id, tenantId: tenant });
    expect(JSON.stringify(done.body)).not.toMatch(/access_token|refresh_token/);

    const after = await request(app).get(`/shops/${shop.id}/fortnox`).set(admin).expect(200);
    expect(after.body).toMatchObject({ status: 'connected', tenantId: tenant, lastError: null });
    const detail = await request(app).get(`/shops/${shop.id}`).set(admin).expect(200);
    expect(detail.body.fortnox.status).toBe('connected');
    expect(JSON.stringify(detail.body)).not.toMatch(/access_token|refresh_token|eyJ/);
    // Tokens are stored sealed.
    const row = await deps.db.selectFrom('fortnox_connections').selectAll().where('shop_id', '=', shop.id).executeTakeFirstOrThrow();
    expect(row.access_token_enc).toMatch(/^v1:/);
    const log = await request(app).get(`/shops/${shop.id}/log?entity=connection`).set(admin).expect(200);
    expect(log.body.entries[0]).toMatchObject({ outcome: 'info', messageEn: `Fortnox connected (company ${tenant}).` });

    // The state is single use.
    const again = await request(app).get(callback).set('Cookie', browserCookie).set('Accept', 'application/json').expect(400);
    expect(again.body.message).toMatch(/already used/);
  });

  it('answers a browser with a small HTML page', async () => {
    const shop = await createShop(`fx-html-${run}`);
    const callback = await consent(shop.id, shop.supportApiKey, `T${run}h`);
    const res = await request(app).get(callback).set('Cookie', browserCookie).set('Accept', 'text/html,application/xhtml+xml,*/*').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('Fortnox connected');
    expect(res.text).toContain(shop.id);
  });

  it('explains bad callbacks: unknown, expired state, declined consent, missing parameters', async () => {
    const json = { Accept: 'application/json' };
    const unknown = await request(app).get('/fortnox/callback').query({ code: 'c', state: 'not-ours' }).set(json).expect(400);
    expect(unknown.body.message).toMatch(/not issued by us/);

    const shop = await createShop(`fx-bad-${run}`);
    const callback = await consent(shop.id, shop.supportApiKey, `T${run}b`);
    const state = new URL(callback, PUBLIC_URL).searchParams.get('state')!;
    await deps.db.updateTable('oauth_states').set({ created_at: new Date(Date.now() - 3600_000) }).where('state', '=', state).execute();
    const expired = await request(app).get(callback).set('Cookie', browserCookie).set(json).expect(400);
    expect(expired.body.message).toMatch(/older than 15 minutes/);

    const denied = await request(app).get('/fortnox/callback').query({ error: 'access_denied', state }).set(json).expect(400);
    expect(denied.body.message).toMatch(/declined/);
    const html = await request(app).get('/fortnox/callback').query({ error: 'access_denied' }).set('Accept', 'text/html').expect(400);
    expect(html.text).toMatch(/declined/);
    const other = await request(app).get('/fortnox/callback').query({ error: 'server_error', error_description: 'boom' }).set(json).expect(400);
    expect(other.body.message).toMatch(/"server_error": boom/);

    const missing = await request(app).get('/fortnox/callback').query({ state }).set(json).expect(400);
    expect(missing.body.message).toMatch(/code/);
    const repeated = await request(app).get('/fortnox/callback?code=a&code=b&state=s').set(json).expect(400);
    expect(repeated.body.message).toMatch(/malformed/);
  });

  it('guards connect: auth, shop isolation, unknown shop, bad tenant, unknown query parameters', async () => {
    const a = await createShop(`fx-iso-a-${run}`);
    const b = await createShop(`fx-iso-b-${run}`);
    await request(app).get(`/shops/${a.id}/fortnox/connect`).expect(401);
    await request(app).get(`/shops/${a.id}/fortnox/connect`).set(bearer(b.supportApiKey)).expect(404);
    await request(app).get(`/shops/${a.id}/fortnox`).set(bearer(b.supportApiKey)).expect(404);
    await request(app).get(`/shops/nope-${run}/fortnox/connect`).set(admin).expect(404);
    await request(app).get(`/shops/${a.id}/fortnox/connect`).query({ tenant: 'bad tenant!' }).set(admin).expect(400);
    const extra = await request(app).get(`/shops/${a.id}/fortnox/connect`).query({ foo: '1' }).set(admin).expect(400);
    expect(extra.body.message).toMatch(/foo/);
    // Without a tenant the authorize URL carries no tenant parameter.
    const plain = await request(app).get(`/shops/${a.id}/fortnox/connect`).set(admin).expect(302);
    expect(new URL(plain.headers.location).searchParams.has('tenant')).toBe(false);
  });

  it('shows "reconnect needed" with the last error', async () => {
    const shop = await createShop(`fx-re-${run}`);
    await request(app).get(await consent(shop.id, shop.supportApiKey, `T${run}r`)).set('Cookie', browserCookie).expect(200);
    await deps.db
      .updateTable('fortnox_connections')
      .set({ status: 'reconnect_needed', last_error: 'invalid_grant: refresh token expired' })
      .where('shop_id', '=', shop.id)
      .execute();
    const res = await request(app).get(`/shops/${shop.id}/fortnox`).set(bearer(shop.supportApiKey)).expect(200);
    expect(res.body).toMatchObject({ status: 'reconnect_needed', lastError: 'invalid_grant: refresh token expired' });
    const patch = await request(app).patch(`/shops/${shop.id}/settings`).set(admin).send({ costCenter: 'NOPE' }).expect(200);
    expect(patch.body.warnings[0]).toMatch(/reconnected.*costCenter/);
  });
});

describe('settings checked against the connected Fortnox company', () => {
  let shopId: string;
  beforeAll(async () => {
    const shop = await createShop(`fx-set-${run}`);
    shopId = shop.id;
    await request(app).get(await consent(shop.id, shop.supportApiKey, `T${run}s`)).set('Cookie', browserCookie).expect(200);
  });

  it('accepts values that exist in Fortnox, with no warnings', async () => {
    const res = await request(app)
      .patch(`/shops/${shopId}/settings`)
      .set(admin)
      .send({
        costCenter: 'WEBB',
        accounts: { sales25: 3001, freight: 3520 },
        wayOfDelivery: { PostNord: 'P' },
        paymentMethods: { klarna: 'KLARNA' },
        priceList: 'A',
        termsOfPayment: '30',
      })
      .expect(200);
    expect(res.body.warnings).toEqual([]);
    expect(res.body.settings).toMatchObject({ costCenter: 'WEBB', accounts: { sales25: 3001, freight: 3520 }, termsOfPayment: '30' });
  });

  it.each([
    ['a cost center', { costCenter: 'NOPE' }, 'costCenter', /costCenter: cost center "NOPE" does not exist in the connected Fortnox company \(it has: .*WEBB/],
    ['an account', { accounts: { freight: 3999 } }, 'accounts.freight', /accounts\.freight: account "3999" does not exist/],
    ['a way of delivery', { wayOfDelivery: { Bud: 'ZZ' } }, 'wayOfDelivery.Bud', /wayOfDelivery\.Bud: way of delivery "ZZ" does not exist/],
    ['a mode of payment', { paymentMethods: { swish: 'NOPE' } }, 'paymentMethods.swish', /paymentMethods\.swish: mode of payment "NOPE" does not exist/],
    ['a price list', { priceList: 'Q' }, 'priceList', /priceList: price list "Q" does not exist/],
    ['terms of payment', { termsOfPayment: '45' }, 'termsOfPayment', /termsOfPayment: terms of payment "45" does not exist/],
  ])('rejects %s Fortnox does not have, with a clear message, and stores nothing', async (_what, patch, path, pattern) => {
    const before = (await request(app).get(`/shops/${shopId}`).set(admin).expect(200)).body.settings;
    const res = await request(app).patch(`/shops/${shopId}/settings`).set(admin).send(patch).expect(400);
    expect(res.body.message).toMatch(pattern);
    expect(res.body.details).toEqual([{ path, message: expect.any(String) }]);
    const after = (await request(app).get(`/shops/${shopId}`).set(admin).expect(200)).body.settings;
    expect(after).toEqual(before);
  });
});
