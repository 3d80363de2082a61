// The merchant page in a real browser (Debian's Chromium via playwright-core), against the real API, a real worker,
// real Temporal and PostgreSQL, and both simulators: log in, connect Fortnox through the simulator's OAuth, change a
// setting, see a parked order, fix its cause, retry it, watch it become synced, log out. Screenshots of each page go
// to docs/screenshots/ for the README.
import { execFileSync } from 'node:child_process';
import type { Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApiDeps, createApp, type ApiDeps } from '../../src/api/app';
import { createCoreDeps } from '../../src/deps';
import { createShopRepository } from '../../src/repositories/shops';
import { freePort } from '../../scripts/lib/stack';
import { customOrderSchema, fromCustomOrder } from '../../sim/quickbutik/order-input';
import { REPO_ROOT, waitFor } from '../helpers/stack';
import { startWorld, type World } from '../helpers/world';

const SHOTS = path.join(REPO_ROOT, 'docs/screenshots');
const chromiumPath = () => process.env.CHROMIUM_PATH || execFileSync('bash', [path.join(REPO_ROOT, 'scripts/ensure-chromium.sh')], { encoding: 'utf8' }).trim();

let world: World;
let api: ApiDeps;
let server: Server;
let base: string;
let browser: Browser;
const started = Date.now();

beforeAll(async () => {
  world = await startWorld();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const config = { ...world.config, PUBLIC_URL: base };
  api = createApiDeps(config, createCoreDeps(config, 'test-web', 3));
  await new Promise<void>((resolve) => { server = createApp(api).listen(port, '127.0.0.1', () => resolve()); });
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => { server?.closeAllConnections(); server?.close(r); });
  await api?.temporal.connection.close();
  await api?.db.destroy();
  await world?.stop();
  console.log(`browser test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

/** Reloads until the page shows `text` (Temporal's visibility and the worker take a moment). */
async function reloadUntil(page: Page, text: string | RegExp, what: string) {
  await waitFor(what, async () => {
    await page.reload();
    return (await page.locator('main').innerText()).match(text) !== null;
  }, 60_000, 500);
}

it('a merchant logs in, connects Fortnox, fixes a parked order and logs out', async () => {
  const shopId = `web-${Date.now() % 100000}`;
  const { sims } = world;
  sims.quickbutik.createShop({ shopId, apiKey: `qb-key-${shopId}` });
  const { supportApiKey } = await createShopRepository(api.db, api.box).create({ id: shopId, name: 'Kaffebönan AB', quickbutikApiKey: `qb-key-${shopId}` });
  // A product Fortnox does not know yet: with "sync the order's products" off, its order parks.
  sims.quickbutik.createProduct(shopId, { sku: 'MUG-1', title: 'Mugg Öland', price: 1234.5, tax_rate: 25 }, { skipWebhook: true });

  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();

  // Log in (Swedish by default). The key goes in the form body, never the URL.
  await page.goto(`${base}/app`);
  expect(page.url()).toBe(`${base}/app/login`);
  expect(await page.getAttribute('html', 'lang')).toBe('sv');
  await shot(page, 'login');
  await page.getByLabel('Supportnyckel eller adminnyckel').fill('not-a-key');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('alert').innerText()).resolves.toMatch(/Okänd nyckel/);
  await page.getByLabel('Supportnyckel eller adminnyckel').fill(supportApiKey);
  await page.getByRole('button', { name: 'Logga in' }).click();
  expect(page.url()).toBe(`${base}/app`);
  expect(page.url()).not.toContain(supportApiKey);
  const cookie = (await context.cookies()).find((c) => c.name === 'qbfx_session')!;
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  await expect(page.locator('main').innerText()).resolves.toMatch(/Inte ansluten/);

  // Connect Fortnox: the simulator's consent answers straight back to our callback.
  await page.getByRole('button', { name: 'Anslut Fortnox' }).click();
  await expect(page.locator('h1').innerText()).resolves.toBe('Fortnox connected');
  await page.getByRole('link').click();
  await expect(page.locator('main').innerText()).resolves.toMatch(/Ansluten/);
  const tenantId = (await api.db.selectFrom('fortnox_connections').select('tenant_id').where('shop_id', '=', shopId).executeTakeFirstOrThrow()).tenant_id!;

  // Change a setting: the form's choices come from the connected company; the change is stored and logged.
  await page.getByRole('link', { name: 'Inställningar' }).click();
  await page.getByLabel('Ikapp-körning, minuter mellan körningar').fill('15');
  await page.getByRole('button', { name: 'Spara' }).click();
  await expect(page.getByRole('status').innerText()).resolves.toMatch(/sparades/);
  expect((await api.shops.get(shopId))!.settings.catchupIntervalMinutes).toBe(15);
  // An invalid value is refused by the domain schema, with the field named.
  await page.getByLabel('Ikapp-körning, minuter mellan körningar').fill('0');
  await page.getByRole('button', { name: 'Spara' }).click();
  await expect(page.getByRole('alert').innerText()).resolves.toMatch(/catchupIntervalMinutes/);
  expect((await api.shops.get(shopId))!.settings.catchupIntervalMinutes).toBe(15);
  await page.goto(`${base}/app/settings`);
  await shot(page, 'settings');

  // A paid order is sent from its page; it parks because the article is not in Fortnox.
  const orderId = String(sims.quickbutik.placeOrder(shopId, fromCustomOrder(customOrderSchema.parse({
    customer: { firstname: 'Anna', lastname: 'Svensson', email: 'anna@example.se', address: 'Storgatan 1', zipcode: '11122', city: 'Stockholm', country: 'SE' },
    rows: [{ sku: 'MUG-1', qty: 1, price: 1234.5 }],
  })), { pay: true }).orderId);
  await page.goto(`${base}/app/orders/${orderId}`);
  await page.getByRole('button', { name: 'Skicka till Fortnox nu' }).click();
  await page.getByRole('link', { name: 'Behöver åtgärd' }).click();
  await reloadUntil(page, new RegExp(`Order ${orderId}`), 'the parked order on the page');
  await expect(page.locator('main').innerText()).resolves.toMatch(/Artikeln finns inte i Fortnox[\s\S]*Slå på "Synka orderns produkter"/);
  await shot(page, 'needs-attention');

  // Fix the cause (turn on syncing the order's products), retry, and watch it become synced.
  await page.getByRole('link', { name: 'Inställningar' }).click();
  await page.getByLabel('Synka orderns produkter').check();
  await page.getByRole('button', { name: 'Spara' }).click();
  await expect(page.getByRole('status').innerText()).resolves.toMatch(/sparades/);
  await page.getByRole('link', { name: 'Behöver åtgärd' }).click();
  await page.getByRole('button', { name: 'Försök igen' }).click();
  await expect(page.getByRole('status').innerText()).resolves.toMatch(/försöker igen/);
  await page.goto(`${base}/app/orders/${orderId}`);
  await reloadUntil(page, /Synkad/, 'the order synced');
  const main = await page.locator('main').innerText();
  expect(main).toMatch(/Faktura \d+/);
  expect(main).toMatch(/1 234,50 kr/); // the invoice total, Swedish style, in the timeline
  expect(main).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  const invoices = sims.fortnox.state(tenantId).invoices as Array<Record<string, unknown>>;
  expect(invoices.filter((i) => i.ExternalInvoiceReference1 === `qb:${shopId}:${orderId}`)).toHaveLength(1);
  await shot(page, 'order');

  // Overview and log, then English.
  await page.getByRole('link', { name: 'Översikt' }).click();
  await shot(page, 'overview');
  await page.getByRole('link', { name: 'Logg' }).click();
  await page.getByLabel('Utfall').selectOption('synced');
  await page.getByRole('button', { name: 'Visa' }).click();
  await expect(page.locator('tbody').innerText()).resolves.toMatch(new RegExp(`Order ${orderId}[\\s\\S]*totalt 1 235,00 kr`)); // Fortnox rounds a SEK total to whole kronor: 1 234,50 → 1 235,00
  await page.getByRole('link', { name: 'English' }).click();
  expect(await page.getAttribute('html', 'lang')).toBe('en');
  expect(page.url()).toContain('outcome=synced');
  await expect(page.locator('h1').innerText()).resolves.toBe('Log');
  await shot(page, 'log-en');
  await page.getByRole('link', { name: 'Svenska' }).click();

  // Log out: the session row is gone and the pages ask for a key again.
  await page.getByRole('button', { name: 'Logga ut' }).click();
  expect(page.url()).toBe(`${base}/app/login`);
  await page.goto(`${base}/app/settings`);
  expect(page.url()).toBe(`${base}/app/login`);
  await context.close();
});
