// The low findings of the security review, each reproduced against the real app (PostgreSQL; Temporal only where
// said): malformed URLs, HEAD on the webhook, non-JSON bodies, prototype keys in settings maps, webhook shop-id
// enumeration and its token cache, and manual actions while Temporal is down.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createApiDeps, createApp, type ApiDeps } from '../../src/api/app';
import { SecretBox } from '../../src/crypto';
import { createLogger } from '../../src/logger';
import { createWebhookTokenCheck } from '../../src/inbox/webhook-token';
import { testConfig } from '../helpers/stack';
import { createTestShop, freshDatabase } from './inbox-helpers';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let deps: ApiDeps;
let app: ReturnType<typeof createApp>;
let shop: { shopId: string; secret: string };
let supportKey: string;
const errors: unknown[] = [];
const admin = () => ({ Authorization: `Bearer ${deps.config.ADMIN_API_KEY}` });

beforeAll(async () => {
  fresh = await freshDatabase('seclow');
  const config = testConfig({ DATABASE_URL: fresh.url });
  const logger = createLogger('test', 'silent');
  logger.error = ((o: unknown) => void errors.push(o)) as never;
  deps = createApiDeps(config, { config, db: fresh.db, box: new SecretBox(config.ENCRYPTION_KEY), logger });
  app = createApp(deps);
  const created = await request(app).post('/shops').set(admin()).send({ id: `sec-${Date.now() % 1e6}`, name: 'Sec', quickbutikApiKey: 'qb' }).expect(201);
  supportKey = created.body.supportApiKey;
  shop = { shopId: created.body.id, secret: new URL(created.body.webhookUrl).searchParams.get('token')! };
});
afterAll(async () => {
  await deps.temporal.connection.close();
  await fresh.drop();
});
afterEach(() => {
  expect(errors).toEqual([]); // a client's mistake is never an error log line
});

const inboxRows = (shopId: string) => deps.db.selectFrom('inbox').selectAll().where('shop_id', '=', shopId).execute();

describe('NUL bytes and invalid UTF-8 in the path or query → 400, not 500', () => {
  it.each([
    ['webhook shop id with NUL', () => `/webhooks/quickbutik/a%00b?token=x&event_type=order.new&order_id=1`],
    ['webhook shop id not UTF-8', () => `/webhooks/quickbutik/%FF%FE?token=x&event_type=order.new&order_id=1`],
    ['webhook token not UTF-8', () => `/webhooks/quickbutik/${shop.shopId}?token=%C3%28&event_type=order.new&order_id=1`],
    ['OAuth state with NUL', () => '/fortnox/callback?code=abc&state=x%00y'],
    ['OAuth state not UTF-8', () => '/fortnox/callback?code=abc&state=%E2%82'],
    ['log filter with NUL', () => `/shops/${shop.shopId}/log?entityId=1%00`],
    ['log filter not UTF-8', () => `/shops/${shop.shopId}/log?outcome=%80`],
  ])('%s', async (_name, url) => {
    const res = await request(app).get(url()).set(admin());
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/NUL\/control character or an escape that is not valid UTF-8/);
  });
});

describe('HEAD on the webhook', () => {
  it('answers 405 and writes no inbox row', async () => {
    const res = await request(app).head(`/webhooks/quickbutik/${shop.shopId}`).query({ token: shop.secret, event_type: 'order.new', order_id: '77' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, POST');
    expect(await inboxRows(shop.shopId)).toHaveLength(0);
  });
});

describe('PATCH settings with a body that is not JSON', () => {
  it.each([
    ['text/plain', (r: request.Test) => r.set('content-type', 'text/plain').send('{"bookkeep":true}')],
    ['form data', (r: request.Test) => r.type('form').send('bookkeep=true')],
    ['no content type', (r: request.Test) => r.unset('content-type')],
  ])('%s → 415 and nothing changed', async (_name, send) => {
    const res = await send(request(app).patch(`/shops/${shop.shopId}/settings`).set(admin()));
    expect(res.status).toBe(415);
    expect(res.body.message).toMatch(/Content-Type: application\/json/);
    const row = await deps.db.selectFrom('sync_log').select('message_en').where('shop_id', '=', shop.shopId).where('message_en', 'like', 'Settings changed%').execute();
    expect(row).toEqual([]);
  });
  it('a JSON body still works', async () => {
    await request(app).patch(`/shops/${shop.shopId}/settings`).set(admin()).send({ bookkeep: false }).expect(200);
  });
});

describe('prototype keys in settings maps', () => {
  it.each([
    ['wayOfDelivery', '__proto__'], ['wayOfDelivery', 'constructor'], ['paymentMethods', 'prototype'], ['paymentMethods', '__proto__'],
  ])('%s.%s is refused with a message, not dropped', async (map, key) => {
    const res = await request(app).patch(`/shops/${shop.shopId}/settings`).set(admin()).set('content-type', 'application/json')
      .send(`{"${map}":{"${key}":"X","PostNord":"P"}}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(`${map}.${key}: is a reserved name`);
  });
});

describe('webhook: shop ids cannot be enumerated; the token cache holds under a flood', () => {
  it('an unknown shop and a wrong token get the same status and body', async () => {
    const unknown = await request(app).get('/webhooks/quickbutik/no-such-shop-123').query({ token: 'guess', event_type: 'order.new', order_id: '1' });
    const wrong = await request(app).get(`/webhooks/quickbutik/${shop.shopId}`).query({ token: 'guess', event_type: 'order.new', order_id: '1' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('a flood of random shop ids does not evict a real shop\'s cached secret', async () => {
    let reads = 0;
    const counting = new Proxy(deps.db, {
      get(target, prop) {
        if (prop === 'selectFrom') reads += 1;
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const tokens = createWebhookTokenCheck(counting, deps.box, { ttlMs: 60_000, maxEntries: 100, maxUnknown: 50 });
    expect(await tokens.check(shop.shopId, shop.secret)).toBe('ok');
    for (let i = 0; i < 500; i++) expect(await tokens.check(`random-${i}`, 'x')).toBe('unknown-shop');
    expect(tokens.sizes()).toEqual({ known: 1, unknown: 50 });
    const before = reads;
    expect(await tokens.check(shop.shopId, shop.secret)).toBe('ok');
    expect(reads).toBe(before); // still cached: no database read
  });
});

describe('manual actions while Temporal is down', () => {
  it('answer 503 at once with a message', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r)); // nothing listens there now
    const config = { ...deps.config, TEMPORAL_ADDRESS: `127.0.0.1:${port}` };
    const down = createApiDeps(config, { config, db: deps.db, box: deps.box, logger: deps.logger });
    const downApp = createApp(down);
    const t0 = Date.now();
    const res = await request(downApp).post(`/shops/${shop.shopId}/orders/1001/sync`).set({ Authorization: `Bearer ${supportKey}` });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(res.status).toBe(503);
    expect(res.body.message).toMatch(/Temporal .* is not reachable, so nothing was started\. Try again in a minute/);
    await down.temporal.connection.close().catch(() => undefined);
  });
});
