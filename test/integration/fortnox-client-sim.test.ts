// The Fortnox client against the in-process Fortnox simulator and the run's PostgreSQL: the OAuth dance, token
// rotation, refresh races across processes, every simulator fault classified, invalid_grant, and the shared budget.
import { parseConfig, type Config } from '../../src/config';
import { SecretBox } from '../../src/crypto';
import { createFortnoxClient, type FortnoxClient } from '../../src/fortnox/client';
import { FortnoxError } from '../../src/fortnox/errors';
import { OAuthStateError } from '../../src/fortnox/oauth';
import { requestToken } from '../../src/fortnox/token-endpoint';
import type { FortnoxDocument } from '../../src/domain/fortnox-document';
import { createLogger } from '../../src/logger';
import { createFortnoxSim } from '../../sim/fortnox/app';
import { listen, type RunningServer } from '../fixtures/fortnox-fake-server';
import { achievedPct, insertShop, maxInWindow, openTestDb, runWorkers, sustainedPct, type TestDb } from '../fixtures/fortnox-helpers';

let t: TestDb;
let server: RunningServer;
let config: Config;
let box: SecretBox;
let client: FortnoxClient;
const logger = createLogger('fortnox-client-test', process.env.LOG_LEVEL ?? 'silent');
const run = `${Date.now() % 1_000_000}`;
let seq = 0;
/** A fresh shop and a fresh Fortnox tenant per test, so budgets and counters never mix. */
const fresh = () => {
  seq++;
  return { shopId: `fx-${run}-${seq}`, tenant: `${run}${String(seq).padStart(2, '0')}` };
};

async function simAdmin(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${server.url}/__sim${path}`, {
    method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sim admin ${method} ${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}
const counters = (tenant: string) => simAdmin('GET', `/tenants/${tenant}/counters`);
const fault = (spec: Record<string, unknown>) => simAdmin('POST', '/faults', spec);

/** The merchant's side of the OAuth dance: follow the authorize URL and hand the callback's code + state back. */
async function connect(shopId: string, tenant: string, c: FortnoxClient = client) {
  await insertShop(t.db, shopId);
  const authorizeUrl = await c.oauth.buildAuthorizeUrl(shopId, { tenant });
  const res = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const callback = new URL(res.headers.get('location')!);
  expect(`${callback.origin}${callback.pathname}`).toBe(`${config.PUBLIC_URL}/fortnox/callback`);
  const code = callback.searchParams.get('code')!;
  const state = callback.searchParams.get('state')!;
  return { authorizeUrl, code, state, result: await c.oauth.completeAuthorization(code, state) };
}

const connection = (shopId: string) =>
  t.db.selectFrom('fortnox_connections').selectAll().where('shop_id', '=', shopId).executeTakeFirstOrThrow();
const expireStoredAccess = (shopId: string) =>
  t.db.updateTable('fortnox_connections').set({ access_expires_at: new Date(Date.now() - 1000) }).where('shop_id', '=', shopId).execute();

beforeAll(async () => {
  t = await openTestDb();
  const { app } = createFortnoxSim({ rateLimit: { limit: 25, windowMs: 5000 } });
  server = await listen(app);
  config = parseConfig({
    ...process.env, DATABASE_URL: t.url, FORTNOX_API_URL: server.url, FORTNOX_AUTH_URL: server.url, PUBLIC_URL: 'http://127.0.0.1:3999',
  });
  box = new SecretBox(config.ENCRYPTION_KEY);
  client = createFortnoxClient({ db: t.db, box, config, logger, timeoutMs: 1500, backoff429Ms: 300 });
});
afterAll(async () => {
  await server?.close();
  await t?.cleanup();
});

describe('OAuth connect', () => {
  it('authorize URL → code → tokens stored sealed → tenant from company settings', async () => {
    const { shopId, tenant } = fresh();
    const { authorizeUrl, code, state, result } = await connect(shopId, tenant);
    const u = new URL(authorizeUrl);
    expect(`${u.origin}${u.pathname}`).toBe(`${server.url}/oauth-v1/auth`);
    expect(Object.fromEntries(u.searchParams)).toMatchObject({
      client_id: config.FORTNOX_CLIENT_ID, redirect_uri: 'http://127.0.0.1:3999/fortnox/callback', access_type: 'offline',
      response_type: 'code', state, tenant,
    });
    expect(u.searchParams.get('scope')!.split(' ')).toEqual(expect.arrayContaining(['invoice', 'article', 'settings', 'warehouse']));
    expect(result).toEqual({ shopId, tenantId: tenant, previousTenantId: null, cleared: { customers: 0, articles: 0 } });

    const row = await connection(shopId);
    expect(row).toMatchObject({ status: 'connected', tenant_id: tenant, last_error: null });
    expect(row.access_token_enc).toMatch(/^v1:/);
    expect(row.refresh_token_enc).toMatch(/^v1:/);
    expect(new Date(row.access_expires_at!).getTime()).toBeGreaterThan(Date.now() + 3000_000);

    const settings = await client.forShop(shopId).getCompanySettings();
    expect(settings.DatabaseNumber).toBe(tenant);

    // The state is single use; unknown and stale states are refused.
    await expect(client.oauth.completeAuthorization(code, state)).rejects.toMatchObject({ problem: 'used' });
    await expect(client.oauth.completeAuthorization(code, 'no-such-state')).rejects.toBeInstanceOf(OAuthStateError);
    const old = await client.oauth.buildAuthorizeUrl(shopId, { tenant });
    const oldState = new URL(old).searchParams.get('state')!;
    await t.db.updateTable('oauth_states').set({ created_at: new Date(Date.now() - 16 * 60_000) }).where('state', '=', oldState).execute();
    await expect(client.oauth.completeAuthorization('whatever', oldState)).rejects.toMatchObject({ problem: 'expired' });
  });
});

describe('tokens', () => {
  it('refreshes before expiry, stores the rotated refresh token; the old one is dead', async () => {
    const { shopId, tenant } = fresh();
    await connect(shopId, tenant);
    const before = await connection(shopId);
    const refreshes = client.tokens.stats.refreshes;
    await t.db.updateTable('fortnox_connections').set({ access_expires_at: new Date(Date.now() + 30_000) }).where('shop_id', '=', shopId).execute();

    await client.forShop(shopId).getCompanySettings();
    const after = await connection(shopId);
    expect(client.tokens.stats.refreshes).toBe(refreshes + 1);
    expect(after.access_token_enc).not.toBe(before.access_token_enc);
    expect(box.open(after.refresh_token_enc!)).not.toBe(box.open(before.refresh_token_enc!));
    await expect(requestToken({ config }, { grant_type: 'refresh_token', refresh_token: box.open(before.refresh_token_enc!) }))
      .rejects.toMatchObject({ kind: 'reconnect', code: 'invalid_grant' });
    // The fresh token is used as is: no further refresh.
    await client.forShop(shopId).getCompanySettings();
    expect(client.tokens.stats.refreshes).toBe(refreshes + 1);
  });

  it('a 401 (token expired at Fortnox) → one refresh, the call succeeds', async () => {
    const { shopId, tenant } = fresh();
    await connect(shopId, tenant);
    const refreshes = client.tokens.stats.refreshes;
    await fault({ tenantId: tenant, kind: 'expireTokens', count: 1 });
    const settings = await client.forShop(shopId).getCompanySettings();
    expect(settings.DatabaseNumber).toBe(tenant);
    expect(client.tokens.stats.refreshes).toBe(refreshes + 1);
  });

  it('invalid_grant → connection reconnect_needed, reconnect error, no loop', async () => {
    const { shopId, tenant } = fresh();
    await connect(shopId, tenant);
    await t.db.updateTable('fortnox_connections').set({ refresh_token_enc: box.seal('revoked-or-used') }).where('shop_id', '=', shopId).execute();
    await expireStoredAccess(shopId);
    const err = await client.forShop(shopId).getCompanySettings().catch((e) => e);
    expect(err).toBeInstanceOf(FortnoxError);
    expect(err).toMatchObject({ kind: 'reconnect', code: 'invalid_grant' });
    const row = await connection(shopId);
    expect(row.status).toBe('reconnect_needed');
    expect(row.last_error).toMatch(/invalid_grant/);
    // Further calls fail fast without touching Fortnox.
    const total = (await counters(tenant)).total;
    await expect(client.forShop(shopId).getCompanySettings()).rejects.toMatchObject({ kind: 'reconnect', code: 'reconnect_needed' });
    expect((await counters(tenant)).total).toBe(total);
    // Reconnecting brings it back.
    await connect(shopId, tenant);
    expect((await connection(shopId)).status).toBe('connected');
  });

  it.each([
    ['expired in the database', 'db'],
    ['rejected by Fortnox (401)', 'sim'],
  ])('concurrent refresh from 2 processes × 10 calls, token %s: one refresh, zero invalid_grant', async (_name, how) => {
    const { shopId, tenant } = fresh();
    await connect(shopId, tenant);
    if (how === 'db') await expireStoredAccess(shopId);
    else await fault({ tenantId: tenant, kind: 'expireTokens', count: 1 });
    const results = await runWorkers(2, {
      MODE: 'calls', CALLS: '10', SHOP_ID: shopId, START_AT: String(Date.now() + 4000),
      DATABASE_URL: t.url, FORTNOX_API_URL: server.url, FORTNOX_AUTH_URL: server.url,
    });
    const refreshes = results.reduce((n, r) => n + (r.refreshes as number), 0);
    const reused = results.reduce((n, r) => n + (r.reused as number), 0);
    const ok = results.reduce((n, r) => n + ((r.outcomes as Record<string, number>).ok ?? 0), 0);
    console.log(`refresh race (${how}): ${ok}/20 calls ok, ${refreshes} refresh(es), ${reused} waiter(s) reused the other's token; errors ${JSON.stringify(results.map((r) => r.errors))}`);
    expect(ok).toBe(20);
    expect(refreshes).toBe(1);
    expect((await connection(shopId)).status).toBe('connected');
  });
});

describe('every FortnoxApi method against the simulator', () => {
  it('registers, customers, articles, prices, images, documents, warehouse', async () => {
    const { shopId, tenant } = fresh();
    await connect(shopId, tenant);
    const api = client.forShop(shopId);

    const predefined = await api.getPredefinedAccounts();
    expect(predefined.SALES_25_SE).toEqual(expect.any(Number));
    expect((await api.getAccounts()).length).toBeGreaterThan(0);
    for (const list of [await api.getCurrencies(), await api.getModesOfPayment(), await api.getWaysOfDelivery(), await api.getPriceLists()]) {
      expect(list.length).toBeGreaterThan(0);
    }
    expect(Array.isArray(await api.getCostCenters())).toBe(true);
    const priceList = (await api.getPriceLists()).find((p) => p.PreSelected)?.Code ?? 'A';

    const email = `Kund.${run}@Example.com`;
    const customer = await api.createCustomer({ Name: 'Åsa Öberg', Email: email, Type: 'PRIVATE' });
    expect(customer.CustomerNumber).toBeTruthy();
    await api.createCustomer({ Name: 'Near miss', Email: `x${email}` });
    expect((await api.findCustomersByEmail(email.toLowerCase())).map((c) => c.CustomerNumber)).toEqual([customer.CustomerNumber]);
    expect(await api.updateCustomer(customer.CustomerNumber, { City: 'Malmö' })).toMatchObject({ City: 'Malmö' });
    expect(await api.getCustomer(customer.CustomerNumber)).toMatchObject({ Name: 'Åsa Öberg' });

    const sku = `SKU-${run}/1+A`;
    expect(await api.getArticle(sku)).toBeNull();
    expect(await api.createArticle({ ArticleNumber: sku, Description: 'Mugg', PurchasePrice: 40, Weight: 350, StockPlace: 'A1' }))
      .toMatchObject({ ArticleNumber: sku, PurchasePrice: 40 });
    expect(await api.updateArticle(sku, { Description: 'Stor mugg' })).toMatchObject({ Description: 'Stor mugg' });
    expect(await api.getArticle(sku)).toMatchObject({ ArticleNumber: sku, Weight: 350 });
    const page = await api.listArticles({ page: 1, limit: 500 });
    expect(page.items.some((a) => a.ArticleNumber === sku)).toBe(true);
    expect(await api.setPrice(priceList, sku, 99)).toMatchObject({ Price: 99 });
    expect(await api.setPrice(priceList, sku, 129)).toMatchObject({ Price: 129 });
    expect(await api.getPrice(priceList, sku)).toMatchObject({ Price: 129 });
    expect(await api.getPrice(priceList, `${sku}-none`)).toBeNull();

    const file = await api.uploadToArchive('mugg.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), 'image/png');
    expect(file.Id).toBeTruthy();
    await api.connectArticleFile(file.Id, sku);
    expect((await api.listArticleFileConnections(sku)).map((c) => c.FileId)).toEqual([file.Id]);

    const ref = `qb:${shopId}:1001`;
    const row = { ArticleNumber: sku, Description: 'Stor mugg', Price: 129, VAT: 25, AccountNumber: 3001 };
    const doc = (reference: string, quantity: number): FortnoxDocument => ({
      CustomerNumber: customer.CustomerNumber, ExternalInvoiceReference1: reference, YourOrderNumber: '1001', Currency: 'SEK', VATIncluded: true,
      rows: [{ ...row, DeliveredQuantity: quantity }],
    });
    const invoice = await api.createInvoice(doc(ref, 2));
    expect(invoice).toMatchObject({ ExternalInvoiceReference1: ref, Booked: false });
    expect(invoice.Total).toBeGreaterThan(0);
    await api.createInvoice(doc(`${ref}0`, 1));
    expect((await api.findInvoicesByReference(ref)).map((i) => i.DocumentNumber)).toEqual([invoice.DocumentNumber]);
    expect(await api.getInvoice(invoice.DocumentNumber)).toMatchObject({ DocumentNumber: invoice.DocumentNumber });
    expect(await api.bookkeepInvoice(invoice.DocumentNumber)).toMatchObject({ Booked: true });

    const order = await api.createOrder({ ...doc(ref, 1), rows: [{ ...row, OrderedQuantity: 1, DeliveredQuantity: 1 }] });
    expect((await api.findOrdersByReference(ref)).map((o) => o.DocumentNumber)).toEqual([order.DocumentNumber]);
    expect(await api.getOrder(order.DocumentNumber)).toMatchObject({ ExternalInvoiceReference1: ref });

    expect(await api.warehouseActive()).toBe(false);
    await simAdmin('PATCH', `/tenants/${tenant}`, { lager: true });
    expect(await api.warehouseActive()).toBe(true);
    await simAdmin('PUT', `/tenants/${tenant}/stock`, { [sku]: 7 });
    expect(await api.getStockBalance([sku, 'UNKNOWN'])).toEqual([expect.objectContaining({ itemId: sku, inStock: 7 })]);
  });
});

describe('simulator faults are classified', () => {
  const customer = { Name: 'Fault Test' };
  let api: ReturnType<FortnoxClient['forShop']>;
  let tenant: string;
  beforeAll(async () => {
    const f = fresh();
    tenant = f.tenant;
    await connect(f.shopId, f.tenant);
    api = client.forShop(f.shopId);
  });
  afterEach(() => simAdmin('DELETE', '/faults').catch(() => undefined));

  it('error5xx on a POST → retryable, outcome unknown', async () => {
    await fault({ tenantId: tenant, match: 'POST /3/customers', kind: 'error5xx', count: 1 });
    await expect(api.createCustomer(customer)).rejects.toMatchObject({ kind: 'retryable', outcomeUnknown: true });
  });

  it('html error page → retryable with the page title as message', async () => {
    await fault({ tenantId: tenant, match: 'GET /3/customers', kind: 'html', count: 1 });
    const err = await api.findCustomersByEmail('a@example.com').catch((e) => e);
    expect(err).toMatchObject({ kind: 'retryable', outcomeUnknown: false });
    expect(err.status).toBeGreaterThanOrEqual(500);
  });

  it('slow answer beyond the timeout → retryable timeout', async () => {
    await fault({ tenantId: tenant, match: 'GET /3/settings', kind: 'slow', delayMs: 3000, count: 1 });
    await expect(api.getCompanySettings()).rejects.toMatchObject({ kind: 'retryable', code: 'timeout', outcomeUnknown: false });
  });

  it('commit then timeout on an invoice POST → outcome unknown; the reference search finds the invoice', async () => {
    const created = await api.createCustomer(customer);
    const ref = `qb:fault:${run}`;
    await fault({ tenantId: tenant, match: 'POST /3/invoices', kind: 'commitThenTimeout', count: 1 });
    const body: FortnoxDocument = {
      CustomerNumber: created.CustomerNumber, ExternalInvoiceReference1: ref, YourOrderNumber: '1', Currency: 'SEK', VATIncluded: true,
      rows: [{ Description: 'x', DeliveredQuantity: 1, Price: 10, VAT: 25, AccountNumber: 3001 }],
    };
    await expect(api.createInvoice(body)).rejects.toMatchObject({ kind: 'retryable', outcomeUnknown: true });
    const found = await api.findInvoicesByReference(ref);
    expect(found).toHaveLength(1);
    expect(await api.findInvoicesByReference(ref.slice(0, -1))).toEqual([]); // substring matches are dropped
  });

  it('burst429 → the client waits and retries the same request', async () => {
    await fault({ tenantId: tenant, match: 'GET /3/settings', kind: 'burst429', count: 1 });
    const settings = await api.getCompanySettings();
    expect(settings.DatabaseNumber).toBe(tenant);
  });

  it('data errors keep Fortnox code and message; not found is null where promised', async () => {
    expect(await api.getArticle('NO-SUCH-ARTICLE')).toBeNull();
    const err = await api.getCustomer('99999999').catch((e) => e);
    expect(err).toMatchObject({ kind: 'data', status: 404, code: 2000433 });
  });
});

describe('shared budget', () => {
  it('2 processes hammering one tenant: never over 25 in any 5 s window, ≥ 85 % of the allowed rate', async () => {
    const { shopId, tenant } = fresh();
    await connect(shopId, tenant);
    const before = await counters(tenant);
    const durationMs = 12_000;
    const results = await runWorkers(2, {
      MODE: 'hammer', CONCURRENCY: '4', SHOP_ID: shopId, START_AT: String(Date.now() + 4000), DURATION_MS: String(durationMs),
      DATABASE_URL: t.url, FORTNOX_API_URL: server.url, FORTNOX_AUTH_URL: server.url,
    });
    const after = await counters(tenant);
    const done = results.flatMap((r) => r.done as number[]);
    const pct = achievedPct(done, 25, 5000, durationMs);
    const sustained = sustainedPct(done, 25, 5000);
    console.log(
      `budget, 2 processes × 4 loops, ${durationMs} ms: ${done.length} calls ok (${results.map((r) => (r.done as number[]).length).join(' + ')}), ` +
      `sim maxInWindow ${after.maxInWindow}, 429s ${after.rateLimited - before.rateLimited}, requests ${after.total - before.total}, ` +
      `client-side max in 5 s ${maxInWindow(done, 5000)}, ${pct.toFixed(1)} % of the allowed rate over whole windows, ${sustained.toFixed(1)} % sustained, ` +
      `errors ${JSON.stringify(results.map((r) => r.outcomes))}`,
    );
    expect(after.maxInWindow).toBeLessThanOrEqual(25);
    expect(after.rateLimited - before.rateLimited).toBe(0);
    expect(pct).toBeGreaterThanOrEqual(85);
    expect(sustained).toBeGreaterThanOrEqual(85);
  });
});
