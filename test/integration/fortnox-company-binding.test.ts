// A Fortnox company belongs to one shop, a company change starts the shop's mappings over, and the connect flow is
// bound to the browser that started it (a one-time cookie). Real PostgreSQL, the in-process Fortnox simulator.
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
const json = { Accept: 'application/json' };

beforeAll(async () => {
  const { app: simApp } = createFortnoxSim({ rateLimit: false });
  server = await listen(simApp);
  const config = testConfig({ FORTNOX_AUTH_URL: server.url, FORTNOX_API_URL: server.url, PUBLIC_URL: 'https://sync.test' });
  deps = createApiDeps(config, createCoreDeps(config, 'test-company-binding', 3));
  app = createApp(deps);
  admin = { Authorization: `Bearer ${config.ADMIN_API_KEY}` };
});
afterAll(async () => {
  await deps.temporal.connection.close();
  await deps.db.destroy();
  await server.close();
});

async function createShop(id: string) {
  await request(app).post('/shops').set(admin).send({ id, name: `Shop ${id}`, quickbutikApiKey: 'k' }).expect(201);
  return id;
}

/** connect (admin) → the simulator's consent → the callback URL and the browser cookie that came with the connect. */
async function consent(shopId: string, tenant: string) {
  const connect = await request(app).get(`/shops/${shopId}/fortnox/connect`).query({ tenant }).set(admin).expect(302);
  const setCookie = String(connect.headers['set-cookie']);
  const approved = await fetch(connect.headers.location, { redirect: 'manual' });
  const back = new URL(approved.headers.get('location')!);
  return { callback: `${back.pathname}${back.search}`, cookie: setCookie.split(';')[0]!, setCookie };
}
const connectAs = async (shopId: string, tenant: string) => {
  const c = await consent(shopId, tenant);
  return request(app).get(c.callback).set(json).set('Cookie', c.cookie);
};
const tenantOf = async (shopId: string) =>
  (await deps.db.selectFrom('fortnox_connections').select('tenant_id').where('shop_id', '=', shopId).executeTakeFirst())?.tenant_id;

describe('OAuth state bound to the starting browser', () => {
  it('the cookie is HttpOnly, SameSite=Lax, Secure on https, scoped to the callback', async () => {
    const shop = await createShop(`cb-cookie-${run}`);
    const { setCookie } = await consent(shop, `TC${run}c`);
    expect(setCookie).toMatch(/^qbfx_oauth=[\w-]{20,}; Max-Age=900; Path=\/fortnox\/callback; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$/);
  });

  it('a callback without the cookie, or with another browser\'s, is refused and does not spend the state', async () => {
    const shop = await createShop(`cb-browser-${run}`);
    const victim = await consent(shop, `TC${run}v`);
    const other = await consent(shop, `TC${run}v`); // a second flow: another browser's cookie
    const none = await request(app).get(victim.callback).set(json).expect(400);
    expect(none.body.message).toMatch(/started in another browser/);
    const wrong = await request(app).get(victim.callback).set(json).set('Cookie', other.cookie).expect(400);
    expect(wrong.body.message).toMatch(/started in another browser/);
    expect(await tenantOf(shop)).toBeUndefined();
    // The starting browser still completes it.
    await request(app).get(victim.callback).set(json).set('Cookie', victim.cookie).expect(200);
    expect(await tenantOf(shop)).toBe(`TC${run}v`);
  });
});

describe('one shop per Fortnox company', () => {
  it('refuses a company already connected to another shop; the first connection stays as it was', async () => {
    const a = await createShop(`cb-a-${run}`);
    const b = await createShop(`cb-b-${run}`);
    const company = `TC${run}x`;
    expect((await connectAs(a, company)).status).toBe(200);
    const second = await connectAs(b, company);
    expect(second.status).toBe(409);
    expect(second.body.message).toMatch(/already connected to another shop\. Disconnect it there first/);
    expect(second.body.message).not.toContain(a); // the other shop is not named
    expect(await tenantOf(a)).toBe(company);
    expect(await tenantOf(b)).toBeUndefined();
    // Reconnecting the same shop to its own company is fine.
    expect((await connectAs(a, company)).status).toBe(200);
  });

  it('moving a shop to another company clears its customer and article mappings and says so', async () => {
    const shop = await createShop(`cb-move-${run}`);
    expect((await connectAs(shop, `TC${run}old`)).status).toBe(200);
    await deps.db.insertInto('customer_map').values([
      { shop_id: shop, customer_key: 'email:anna@example.se', customer_number: '17', content_hash: 'h', updated_at: new Date() },
      { shop_id: shop, customer_key: 'email:bo@example.se', customer_number: '18', content_hash: 'h', updated_at: new Date() },
    ]).execute();
    await deps.db.insertInto('article_map').values({ shop_id: shop, sku: 'LAMP-1', product_id: '5', content_hash: 'h' } as never).execute();
    expect((await connectAs(shop, `TC${run}new`)).status).toBe(200);
    expect(await deps.db.selectFrom('customer_map').select('customer_number').where('shop_id', '=', shop).execute()).toEqual([]);
    expect(await deps.db.selectFrom('article_map').select('sku').where('shop_id', '=', shop).execute()).toEqual([]);
    const log = await request(app).get(`/shops/${shop}/log?entity=connection`).set(admin).expect(200);
    expect(log.body.entries[0].messageEn).toBe(
      `Fortnox connected to another company (TC${run}new, before TC${run}old). The customer and article mappings into the old company were removed ` +
      '(2 customers, 1 articles): they are created again in the new company on the next sync.',
    );
    expect(log.body.entries[0].messageSv).toMatch(/Kund- och artikelkopplingarna till det gamla företaget togs bort \(2 kunder, 1 artiklar\)/);
  });
});
