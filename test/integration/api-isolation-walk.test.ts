// Every operation of /openapi.json, called for shop A with no key, a wrong key and shop B's support key. A route
// documented with a security requirement must refuse all three; a route documented without one must be on the short
// list of public routes below (or token-checked, like the webhook). The OpenAPI test keeps the document equal to the
// mounted routes, so a new route added without a check fails here.
import request from 'supertest';
import { createApiDeps, createApp } from '../../src/api/app';
import { createCoreDeps } from '../../src/deps';
import { testConfig } from '../helpers/stack';

const config = testConfig();
const deps = createApiDeps(config, createCoreDeps(config, 'test-isolation-walk', 2));
const app = createApp(deps);
const admin = { Authorization: `Bearer ${config.ADMIN_API_KEY}` };
const run = `${Date.now() % 1_000_000}`;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Public on purpose; everything else must name a security requirement. */
const PUBLIC = new Set([
  'GET /health', 'GET /ready', 'GET /openapi.json', 'GET /errors', 'GET /errors/{code}', 'GET /fortnox/callback',
]);
/** Public routes that check a per-shop token themselves. */
const TOKEN_CHECKED = new Set(['GET /webhooks/quickbutik/{shopId}', 'POST /webhooks/quickbutik/{shopId}', 'HEAD /webhooks/quickbutik/{shopId}']);

type Json = Record<string, any>;
let doc: Json;
let a: { id: string; supportApiKey: string; token: string };
let b: { id: string; supportApiKey: string; token: string };

async function createShop(id: string) {
  const res = await request(app).post('/shops').set(admin).send({ id, name: `Shop ${id}`, quickbutikApiKey: `qb-${id}` }).expect(201);
  return { id, supportApiKey: res.body.supportApiKey as string, token: new URL(res.body.webhookUrl).searchParams.get('token')! };
}

beforeAll(async () => {
  doc = (await request(app).get('/openapi.json').expect(200)).body;
  a = await createShop(`walk-a-${run}`);
  b = await createShop(`walk-b-${run}`);
});
afterAll(async () => {
  await deps.temporal.connection.close();
  await deps.db.destroy();
});

const SAMPLE: Record<string, string> = { orderId: '1001', productId: '2002', code: 'INVALID_ARTICLE_NUMBER', workflowId: 'ping:x', keyId: 'k1' };
const fill = (path: string) => path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === 'shopId' ? a.id : SAMPLE[name] ?? 'x'));

function operations(): Array<{ name: string; method: string; path: string; op: Json }> {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    for (const method of [...METHODS, 'head']) {
      if (item[method]) out.push({ name: `${method.toUpperCase()} ${path}`, method, path, op: item[method] });
    }
  }
  return out;
}

function call(method: string, url: string, key?: string) {
  let r = (request(app) as any)[method](url) as request.Test;
  if (key) r = r.set('Authorization', `Bearer ${key}`);
  if (['post', 'patch', 'put'].includes(method)) r = r.set('content-type', 'application/json').send('{}');
  return r;
}

describe('isolation walk over /openapi.json', () => {
  it('walks every documented operation (a sanity floor, so an empty document cannot pass)', () => {
    expect(operations().length).toBeGreaterThan(25);
  });

  it('every route without a security requirement is a known public or token-checked route', () => {
    const unguarded = operations().filter(({ op }) => !op.security || op.security.length === 0).map((o) => o.name);
    expect(unguarded.filter((n) => !PUBLIC.has(n) && !TOKEN_CHECKED.has(n))).toEqual([]);
  });

  it('every secured route refuses no key, a wrong key and another shop\'s support key', async () => {
    const failures: string[] = [];
    for (const { name, method, path, op } of operations()) {
      if (!op.security?.length) continue;
      const url = fill(path);
      const adminOnly = !op.security.some((s: Json) => 'supportKey' in s);
      const attempts: Array<[string, string | undefined, number[]]> = [
        ['no key', undefined, [401]],
        ['wrong key', 'qbfx_not-a-real-key-000000000000', [401]],
        // Another shop's key: shop routes answer 404 (the shop's existence is not revealed); admin routes 401/403.
        ['shop B key', b.supportApiKey, adminOnly ? [401, 403] : [404]],
      ];
      for (const [who, key, expected] of attempts) {
        const res = await call(method, url, key);
        if (!expected.includes(res.status)) failures.push(`${name} with ${who}: ${res.status} (expected ${expected.join('/')})`);
        const text = JSON.stringify(res.body ?? {}) + (res.text ?? '');
        if (text.includes(`qb-${a.id}`) || text.includes(a.token)) failures.push(`${name} with ${who}: leaked a secret of shop A`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('token-checked routes refuse no token, a wrong token and shop B\'s token for shop A, with one answer', async () => {
    const failures: string[] = [];
    const bodies = new Set<string>();
    for (const { name, method, path } of operations().filter((o) => TOKEN_CHECKED.has(o.name))) {
      if (method === 'head') {
        const res = await request(app).head(fill(path)).query({ token: a.token, event_type: 'order.new', order_id: '1' });
        if (res.status !== 405) failures.push(`${name}: ${res.status} (expected 405)`);
        continue;
      }
      for (const [who, token] of [['no token', undefined], ['wrong token', 'guess'], ['shop B token', b.token]] as const) {
        const query = { event_type: 'order.new', order_id: '1', ...(token ? { token } : {}) };
        const res = method === 'get' ? await request(app).get(fill(path)).query(query) : await request(app).post(fill(path)).query(query).send({});
        if (res.status !== 401) failures.push(`${name} with ${who}: ${res.status} (expected 401)`);
        if (token) bodies.add(JSON.stringify(res.body));
      }
      const unknown = await request(app).get(`/webhooks/quickbutik/no-such-${run}`).query({ token: 'guess', event_type: 'order.new', order_id: '1' });
      bodies.add(JSON.stringify(unknown.body));
    }
    expect(failures).toEqual([]);
    expect(bodies.size).toBe(1); // unknown shop, wrong token and another shop's token look the same
    expect(await deps.db.selectFrom('inbox').select('id').where('shop_id', '=', a.id).execute()).toEqual([]);
  });
});
