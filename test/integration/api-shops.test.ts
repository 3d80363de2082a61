// Shop administration against the real stack: create/list/get/patch/rotate, validation, auth and shop isolation.
import request from 'supertest';
import { createApiDeps, createApp } from '../../src/api/app';
import { createCoreDeps } from '../../src/deps';
import { testConfig } from '../helpers/stack';

const config = testConfig({ PUBLIC_URL: 'https://sync.example.com' });
const deps = createApiDeps(config, createCoreDeps(config, 'test-api-shops', 3));
const app = createApp(deps);
const admin = { Authorization: `Bearer ${config.ADMIN_API_KEY}` };
const run = `${Date.now() % 1_000_000}`;
const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

afterAll(async () => {
  await deps.temporal.connection.close();
  await deps.db.destroy();
});

async function createShop(id: string, extra: Record<string, unknown> = {}) {
  const res = await request(app).post('/shops').set(admin).send({ id, name: `Shop ${id}`, quickbutikApiKey: 'qb-secret-key', ...extra }).expect(201);
  return res.body as { id: string; webhookUrl: string; supportApiKey: string };
}

describe('POST /shops', () => {
  it('creates a shop and returns its webhook URL and support key once', async () => {
    const id = `shop-a-${run}`;
    const created = await createShop(id, { settings: { documentType: 'order', costCenter: 'WEBB' } });
    expect(Object.keys(created).sort()).toEqual(['id', 'supportApiKey', 'webhookUrl']);
    expect(created.id).toBe(id);
    expect(created.webhookUrl).toMatch(new RegExp(`^https://sync\\.example\\.com/webhooks/quickbutik/${id}\\?token=[\\w-]+$`));
    expect(created.supportApiKey).toMatch(/^qbfx_/);
    // The secret is only stored sealed; the key only hashed.
    const row = await deps.db.selectFrom('shops').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('qb-secret-key');
    expect(JSON.stringify(row)).not.toContain(created.supportApiKey);
  });

  it('answers 409 for an existing id', async () => {
    const id = `shop-dup-${run}`;
    await createShop(id);
    const res = await request(app).post('/shops').set(admin).send({ id, name: 'x', quickbutikApiKey: 'k' }).expect(409);
    expect(res.body).toMatchObject({ error: 'conflict', message: expect.stringContaining(id) });
  });

  it.each([
    ['a bad id', { id: 'bad id!', name: 'n', quickbutikApiKey: 'k' }, /id/],
    ['a too long id', { id: 'x'.repeat(65), name: 'n', quickbutikApiKey: 'k' }, /id/],
    ['a missing name', { id: `ok-${run}`, quickbutikApiKey: 'k' }, /name/],
    ['a missing API key', { id: `ok-${run}`, name: 'n' }, /quickbutikApiKey/],
    ['an unknown field', { id: `ok-${run}`, name: 'n', quickbutikApiKey: 'k', color: 'red' }, /color/],
    ['an unknown setting', { id: `ok-${run}`, name: 'n', quickbutikApiKey: 'k', settings: { docType: 'invoice' } }, /docType/],
    ['an invalid setting value', { id: `ok-${run}`, name: 'n', quickbutikApiKey: 'k', settings: { documentType: 'receipt' } }, /documentType/],
  ])('rejects %s with 400 naming it', async (_what, body, pattern) => {
    const res = await request(app).post('/shops').set(admin).send(body).expect(400);
    expect(res.body.error).toBe('invalid_request');
    expect(res.body.message).toMatch(pattern);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/); // no stack traces
  });

  it('rejects malformed JSON and oversized bodies without a stack trace', async () => {
    const bad = await request(app).post('/shops').set(admin).set('Content-Type', 'application/json').send('{"id":').expect(400);
    expect(bad.body).toEqual({ error: 'invalid_request', message: 'malformed request body' });
    await request(app).post('/shops').set(admin).send({ id: 'big', name: 'x'.repeat(200_000), quickbutikApiKey: 'k' }).expect(413);
  });

  it('needs the admin key (a support key is not enough)', async () => {
    const shop = await createShop(`shop-auth-${run}`);
    await request(app).post('/shops').send({ id: `x-${run}`, name: 'n', quickbutikApiKey: 'k' }).expect(401);
    await request(app).post('/shops').set(bearer('wrong-key-123456')).send({ id: `x-${run}`, name: 'n', quickbutikApiKey: 'k' }).expect(401);
    await request(app).post('/shops').set(bearer(shop.supportApiKey)).send({ id: `x-${run}`, name: 'n', quickbutikApiKey: 'k' }).expect(401);
    await request(app).get('/shops').set(bearer(shop.supportApiKey)).expect(401);
  });
});

describe('GET /shops and /shops/:shopId', () => {
  it('lists shops for the admin, without secrets', async () => {
    const id = `shop-list-${run}`;
    const created = await createShop(id);
    const res = await request(app).get('/shops').set(admin).expect(200);
    const mine = res.body.shops.find((s: { id: string }) => s.id === id);
    expect(mine).toMatchObject({ id, name: `Shop ${id}`, fortnox: { status: 'not_connected' } });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(created.supportApiKey);
    expect(text).not.toContain('qb-secret-key');
    expect(text).not.toContain(new URL(created.webhookUrl).searchParams.get('token')!);
  });

  it('shows one shop to the admin and to its own support key: settings, connection, counts, no secrets', async () => {
    const id = `shop-get-${run}`;
    const created = await createShop(id, { settings: { bookkeep: true } });
    await deps.db
      .insertInto('order_documents')
      .values([
        { shop_id: id, order_id: '1', state: 'created', document_type: 'invoice', document_number: '7', reference: `qb:${id}:1` },
        { shop_id: id, order_id: '2', state: 'created', document_type: 'invoice', document_number: '8', reference: `qb:${id}:2` },
        { shop_id: id, order_id: '3', state: 'skipped', document_type: 'invoice', reference: `qb:${id}:3` },
      ])
      .execute();
    for (const headers of [admin, bearer(created.supportApiKey)]) {
      const res = await request(app).get(`/shops/${id}`).set(headers).expect(200);
      expect(res.body).toMatchObject({
        id,
        name: `Shop ${id}`,
        settings: { bookkeep: true, documentType: 'invoice' },
        fortnox: { status: 'not_connected', lastError: null },
        orders: { synced: 2, skipped: 1, inProgress: 0, parked: 0 },
        products: { parked: 0 },
      });
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(created.supportApiKey);
      expect(text).not.toContain('qb-secret-key');
      expect(text).not.toMatch(/webhook|token|secret/i);
    }
  });

  it('isolates shops: another shop\'s key gets 404, no key 401, unknown shop 404', async () => {
    const a = await createShop(`iso-a-${run}`);
    const b = await createShop(`iso-b-${run}`);
    await request(app).get(`/shops/${a.id}`).set(bearer(b.supportApiKey)).expect(404);
    await request(app).patch(`/shops/${a.id}/settings`).set(bearer(b.supportApiKey)).send({ bookkeep: true }).expect(404);
    await request(app).get(`/shops/${a.id}`).expect(401);
    await request(app).get(`/shops/${a.id}`).set(bearer('qbfx_not-a-real-key')).expect(401);
    await request(app).get(`/shops/nope-${run}`).set(admin).expect(404);
    // A shop key for an unknown shop id looks exactly like another shop's: 404.
    await request(app).get(`/shops/nope-${run}`).set(bearer(a.supportApiKey)).expect(404);
  });
});

describe('PATCH /shops/:shopId/settings', () => {
  it('merges a patch (maps key by key, null removes) and says what it could not check', async () => {
    const id = `shop-patch-${run}`;
    const created = await createShop(id, { settings: { wayOfDelivery: { PostNord: 'P', DHL: 'DHL' }, accounts: { sales25: 3001 } } });
    const res = await request(app)
      .patch(`/shops/${id}/settings`)
      .set(bearer(created.supportApiKey))
      .send({ documentType: 'order', wayOfDelivery: { DHL: null, Bud: 'BUD' }, accounts: { freight: 3520 }, costCenter: 'WEBB' })
      .expect(200);
    expect(res.body.settings).toMatchObject({
      documentType: 'order',
      wayOfDelivery: { PostNord: 'P', Bud: 'BUD' },
      accounts: { sales25: 3001, freight: 3520 },
      costCenter: 'WEBB',
    });
    expect(res.body.settings.wayOfDelivery.DHL).toBeUndefined();
    expect(res.body.warnings).toHaveLength(1);
    expect(res.body.warnings[0]).toMatch(/not connected/);
    expect(res.body.warnings[0]).toMatch(/costCenter.*accounts\.freight|accounts\.freight.*costCenter/);
    // Stored, and visible on the shop.
    const shop = await request(app).get(`/shops/${id}`).set(admin).expect(200);
    expect(shop.body.settings.costCenter).toBe('WEBB');
    // Nothing Fortnox-related in the patch: no warnings.
    const plain = await request(app).patch(`/shops/${id}/settings`).set(admin).send({ bookkeep: true, costCenter: null }).expect(200);
    expect(plain.body.warnings).toEqual([]);
    expect(plain.body.settings.costCenter).toBeNull();
  });

  it('rejects unknown keys naming them, and invalid values naming the field', async () => {
    const id = `shop-patch-bad-${run}`;
    await createShop(id);
    const unknown = await request(app).patch(`/shops/${id}/settings`).set(admin).send({ documentTyp: 'order', colour: 'x' }).expect(400);
    expect(unknown.body.message).toMatch(/Unknown settings: documentTyp, colour/);
    const nested = await request(app).patch(`/shops/${id}/settings`).set(admin).send({ accounts: { sales99: 3001 } }).expect(400);
    expect(nested.body.message).toMatch(/accounts\.sales99/);
    const value = await request(app).patch(`/shops/${id}/settings`).set(admin).send({ accounts: { freight: 12 } }).expect(400);
    expect(value.body.message).toMatch(/accounts\.freight: must be a 4-digit account number/);
    const interval = await request(app).patch(`/shops/${id}/settings`).set(admin).send({ stockIntervalMinutes: 0 }).expect(400);
    expect(interval.body.message).toMatch(/stockIntervalMinutes/);
    // Nothing was stored.
    const shop = await request(app).get(`/shops/${id}`).set(admin).expect(200);
    expect(shop.body.settings.accounts).toEqual({});
  });

  it('keeps both of two concurrent patches of different keys', async () => {
    const id = `shop-race-${run}`;
    await createShop(id);
    await Promise.all([
      request(app).patch(`/shops/${id}/settings`).set(admin).send({ paymentMethods: { klarna: 'KLARNA' } }).expect(200),
      request(app).patch(`/shops/${id}/settings`).set(admin).send({ bookkeep: true }).expect(200),
      request(app).patch(`/shops/${id}/settings`).set(admin).send({ paymentMethods: { swish: 'SWISH' } }).expect(200),
    ]);
    const shop = await request(app).get(`/shops/${id}`).set(admin).expect(200);
    expect(shop.body.settings).toMatchObject({ bookkeep: true, paymentMethods: { klarna: 'KLARNA', swish: 'SWISH' } });
  });

  it('logs the change in the sync log', async () => {
    const id = `shop-patch-log-${run}`;
    await createShop(id);
    await request(app).patch(`/shops/${id}/settings`).set(admin).send({ syncProducts: true }).expect(200);
    const log = await request(app).get(`/shops/${id}/log?entity=shop`).set(admin).expect(200);
    expect(log.body.entries[0]).toMatchObject({ entity: 'shop', outcome: 'info', messageEn: 'Settings changed: syncProducts.' });
  });
});

describe('POST /shops/:shopId/webhook-secret', () => {
  it('rotates the secret: a new URL, the old token stops matching (admin only)', async () => {
    const id = `shop-rotate-${run}`;
    const created = await createShop(id);
    const oldToken = new URL(created.webhookUrl).searchParams.get('token')!;
    await request(app).post(`/shops/${id}/webhook-secret`).set(bearer(created.supportApiKey)).expect(401);
    await request(app).post(`/shops/${id}/webhook-secret`).set(admin).send({ force: true }).expect(400);
    const res = await request(app).post(`/shops/${id}/webhook-secret`).set(admin).expect(200);
    expect(Object.keys(res.body)).toEqual(['webhookUrl']);
    const newToken = new URL(res.body.webhookUrl).searchParams.get('token')!;
    expect(newToken).not.toBe(oldToken);
    expect(await deps.shops.checkWebhookToken(id, oldToken)).toBe('bad-token');
    expect(await deps.shops.checkWebhookToken(id, newToken)).toBe('ok');
    await request(app).post(`/shops/nope-${run}/webhook-secret`).set(admin).expect(404);
  });
});
