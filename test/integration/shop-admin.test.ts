// Shop credentials and lifecycle: support-key rotation and revocation, Quickbutik key replacement checked with
// Quickbutik, Fortnox disconnect (tokens revoked at the Fortnox simulator, then deleted), and shop deletion.
import request from 'supertest';
import { createApiDeps, createApp, type ApiDeps } from '../../src/api/app';
import { createCoreDeps } from '../../src/deps';
import { requestToken } from '../../src/fortnox/token-endpoint';
import { testConfig } from '../helpers/stack';
import { connectFortnox, simConfig, startSims, type Sims } from '../helpers/world';

const run = `${Date.now() % 1_000_000}`;
let sims: Sims;
let deps: ApiDeps;
let app: ReturnType<typeof createApp>;
let admin: Record<string, string>;
const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

beforeAll(async () => {
  sims = await startSims({ rateLimit: false });
  const config = simConfig(testConfig(), sims);
  deps = createApiDeps(config, createCoreDeps(config, 'test-shop-admin', 3));
  app = createApp(deps);
  admin = bearer(config.ADMIN_API_KEY);
});
afterAll(async () => {
  await deps.temporal.connection.close();
  await deps.db.destroy();
  await sims.close();
});

async function createShop(id: string, quickbutikApiKey = `qb-${id}`) {
  sims.quickbutik.createShop({ shopId: id, apiKey: quickbutikApiKey });
  const res = await request(app).post('/shops').set(admin).send({ id, name: `Shop ${id}`, quickbutikApiKey }).expect(201);
  return { id, supportApiKey: res.body.supportApiKey as string, webhookUrl: res.body.webhookUrl as string };
}

describe('support key', () => {
  it('rotation: the new key works, the old one stops at once', async () => {
    const shop = await createShop(`adm-rot-${run}`);
    const res = await request(app).post(`/shops/${shop.id}/support-key`).set(bearer(shop.supportApiKey)).expect(200);
    expect(res.body.supportApiKey).toMatch(/^qbfx_/);
    await request(app).get(`/shops/${shop.id}`).set(bearer(shop.supportApiKey)).expect(401);
    await request(app).get(`/shops/${shop.id}`).set(bearer(res.body.supportApiKey)).expect(200);
  });
  it('revocation: the key stops working; an admin issues a new one', async () => {
    const shop = await createShop(`adm-rev-${run}`);
    await request(app).delete(`/shops/${shop.id}/support-key`).set(bearer(shop.supportApiKey)).expect(200);
    await request(app).get(`/shops/${shop.id}`).set(bearer(shop.supportApiKey)).expect(401);
    const fresh = await request(app).post(`/shops/${shop.id}/support-key`).set(admin).expect(200);
    await request(app).get(`/shops/${shop.id}`).set(bearer(fresh.body.supportApiKey)).expect(200);
  });
});

describe('Quickbutik API key replacement', () => {
  it('a key Quickbutik refuses is not stored; a key it accepts replaces the old one (sealed)', async () => {
    const shop = await createShop(`adm-qb-${run}`, 'old-key');
    const bad = await request(app).put(`/shops/${shop.id}/quickbutik-key`).set(bearer(shop.supportApiKey)).send({ quickbutikApiKey: 'typo-key' }).expect(400);
    expect(bad.body.message).toMatch(/Quickbutik did not accept this API key, so it was not stored/);
    expect(await deps.shops.quickbutikApiKey(shop.id)).toBe('old-key');

    sims.quickbutik.createShop({ shopId: `${shop.id}-new`, apiKey: 'new-key' }); // the key Quickbutik now knows
    await request(app).put(`/shops/${shop.id}/quickbutik-key`).set(bearer(shop.supportApiKey)).send({ quickbutikApiKey: 'new-key' }).expect(200);
    expect(await deps.shops.quickbutikApiKey(shop.id)).toBe('new-key');
    const row = await deps.db.selectFrom('shops').select('quickbutik_api_key_enc').where('id', '=', shop.id).executeTakeFirstOrThrow();
    expect(row.quickbutik_api_key_enc).not.toContain('new-key');
    await request(app).put(`/shops/${shop.id}/quickbutik-key`).set(bearer(shop.supportApiKey)).send({ quickbutikApiKey: '' }).expect(400);
  });
});

describe('Fortnox disconnect', () => {
  it('revokes the tokens at Fortnox and deletes them here', async () => {
    const shop = await createShop(`adm-fx-${run}`);
    const tenantId = sims.fortnox.createTenant({ tenantId: `t-adm-${run}` }).id;
    await connectFortnox(deps, shop.id, tenantId);
    const row = await deps.db.selectFrom('fortnox_connections').select('refresh_token_enc').where('shop_id', '=', shop.id).executeTakeFirstOrThrow();
    const refreshToken = deps.box.open(row.refresh_token_enc!);

    const res = await request(app).delete(`/shops/${shop.id}/fortnox`).set(bearer(shop.supportApiKey)).expect(200);
    expect(res.body).toEqual({ disconnected: true, revokedAtFortnox: true });
    expect(await deps.db.selectFrom('fortnox_connections').select('shop_id').where('shop_id', '=', shop.id).execute()).toEqual([]);
    // The refresh token is dead at Fortnox too.
    await expect(requestToken({ config: deps.config }, { grant_type: 'refresh_token', refresh_token: refreshToken })).rejects.toMatchObject({ kind: 'reconnect' });
    const status = await request(app).get(`/shops/${shop.id}/fortnox`).set(admin).expect(200);
    expect(status.body.status).toBe('not_connected');
  });
});

describe('shop deletion', () => {
  it('admin only; removes the shop, its mappings, inbox, sync log and connection; its webhook stops', async () => {
    const shop = await createShop(`adm-del-${run}`);
    const tenantId = sims.fortnox.createTenant({ tenantId: `t-del-${run}` }).id;
    await connectFortnox(deps, shop.id, tenantId);
    const hook = new URL(shop.webhookUrl);
    await request(app).get(hook.pathname).query({ token: hook.searchParams.get('token')!, event_type: 'product.delete', product_id: '5' }).expect(200);
    await deps.db.insertInto('customer_map').values({ shop_id: shop.id, customer_key: 'email:anna@example.se', customer_number: '1', content_hash: 'h', updated_at: new Date() }).execute();
    await deps.syncLog.write({ shopId: shop.id, entityType: 'order', entityId: '1', outcome: 'synced', messageSv: 'Anna Svensson', messageEn: 'Anna Svensson' });

    await request(app).delete(`/shops/${shop.id}`).set(bearer(shop.supportApiKey)).expect(401);
    const res = await request(app).delete(`/shops/${shop.id}`).set(admin).expect(200);
    expect(res.body).toMatchObject({ deleted: true, revokedAtFortnox: true });
    for (const table of ['inbox', 'customer_map', 'sync_log', 'fortnox_connections', 'oauth_states'] as const) {
      expect(await deps.db.selectFrom(table).select('shop_id').where('shop_id', '=', shop.id).execute()).toEqual([]);
    }
    expect(await deps.db.selectFrom('shops').select('id').where('id', '=', shop.id).execute()).toEqual([]);
    await request(app).get(hook.pathname).query({ token: hook.searchParams.get('token')!, event_type: 'product.delete', product_id: '5' }).expect(401);
    await request(app).delete(`/shops/${shop.id}`).set(admin).expect(404);
  });
});
