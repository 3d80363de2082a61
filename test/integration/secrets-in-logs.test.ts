// A full run of the real processes (API + worker, debug logging) through shop creation, the OAuth connect, webhooks
// with the secret token, order syncs and bad requests; then every secret is searched for in their logs.
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, dropDatabase } from '../../src/db/connection';
import { SecretBox } from '../../src/crypto';
import { startStack, type Stack } from '../../scripts/lib/stack';
import { waitFor } from '../helpers/stack';

const ADMIN = 'a-long-admin-key-for-this-test-0123';
const QB_KEY = 'qb-secret-api-key-4711';
const ENCRYPTION_KEY = 'ab'.repeat(32);

let stack: Stack;
let dataDir: string;
const databaseUrl = `postgres://postgres@127.0.0.1:5432/qbfx_logs_${Date.now()}`;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'qbfx-logs-'));
  stack = await startStack({
    dataDir, databaseUrl, freshDatabase: true, workers: 1, logLevel: 'debug',
    env: { ADMIN_API_KEY: ADMIN, ENCRYPTION_KEY, TEMPORAL_TASK_QUEUE: 'logs-test' },
  });
}, 180_000);
afterAll(async () => {
  await stack?.stop();
  await dropDatabase(databaseUrl).catch(() => undefined);
});

const call = async (url: string, init: RequestInit = {}) => {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}`, ...(init.headers ?? {}) } });
  return { status: res.status, body: await res.json().catch(() => undefined) as any, res };
};

it('no secret appears in the API or worker logs of a full run', async () => {
  const shop = await call(`${stack.apiUrl}/shops`, { method: 'POST', body: JSON.stringify({ id: 'logshop', name: 'Log AB', quickbutikApiKey: QB_KEY, settings: { syncOrderArticles: true } }) });
  expect(shop.status).toBe(201);
  const { webhookUrl, supportApiKey } = shop.body as { webhookUrl: string; supportApiKey: string };
  const token = new URL(webhookUrl).searchParams.get('token')!;
  await call(`${stack.quickbutikUrl}/__sim/shops`, { method: 'POST', body: JSON.stringify({ shopId: 'logshop', apiKey: QB_KEY, webhookUrl }) });
  await call(`${stack.quickbutikUrl}/__sim/shops/logshop/seed`, { method: 'POST', body: JSON.stringify({ seed: 3, products: 6, customers: 5, orders: 0 }) });

  // The merchant's Fortnox connect, through our API and back.
  const toFortnox = await fetch(`${stack.apiUrl}/shops/logshop/fortnox/connect?tenant=logs-co`, { headers: { authorization: `Bearer ${ADMIN}` }, redirect: 'manual' });
  const approved = await fetch(toFortnox.headers.get('location')!, { redirect: 'manual' });
  const callback = new URL(approved.headers.get('location')!);
  expect((await fetch(callback, { headers: { accept: 'application/json', cookie: toFortnox.headers.get('set-cookie')!.split(';')[0]! } })).status).toBe(200);

  const { body } = await call(`${stack.quickbutikUrl}/__sim/shops/logshop/orders`, { method: 'POST', body: JSON.stringify({ count: 3, seed: 5, pay: true }) });
  const db = createDb(databaseUrl, 1);
  try {
    await waitFor('orders synced', async () => {
      const rows = await db.selectFrom('order_documents').select('order_id').where('state', '=', 'created').execute();
      return rows.length === (body.orderIds as unknown[]).length;
    }, 120_000, 500);

    // Requests that fail: wrong token, wrong key, the support key used for its own shop.
    await fetch(`${webhookUrl.replace(token, 'wrong-token')}&event_type=order.new&order_id=1`);
    await fetch(`${stack.apiUrl}/shops/logshop`, { headers: { authorization: 'Bearer not-a-key' } });
    await fetch(`${stack.apiUrl}/shops/logshop/log`, { headers: { authorization: `Bearer ${supportApiKey}` } });

    const box = new SecretBox(ENCRYPTION_KEY);
    const conn = await db.selectFrom('fortnox_connections').selectAll().executeTakeFirstOrThrow();
    const secrets = {
      quickbutikApiKey: QB_KEY, webhookToken: token, supportApiKey, adminKey: ADMIN, encryptionKey: ENCRYPTION_KEY,
      fortnoxAccessToken: box.open(conn.access_token_enc!), fortnoxRefreshToken: box.open(conn.refresh_token_enc!),
      oauthCode: callback.searchParams.get('code')!, fortnoxClientSecret: 'sim-secret',
    };
    const logs = ['api', 'worker-1'].map((n) => readFileSync(path.join(dataDir, 'logs', `${n}.log`), 'utf8')).join('\n');
    expect(logs.length).toBeGreaterThan(1000); // debug logs were really written (request lines, worker activity)
    expect(logs).toContain('/webhooks/quickbutik/logshop');
    for (const [name, value] of Object.entries(secrets)) {
      expect({ name, found: logs.includes(value) }).toEqual({ name, found: false });
    }
  } finally {
    await db.destroy();
  }
}, 240_000);
