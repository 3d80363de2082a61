// Real order workflows (real Temporal + PostgreSQL) against both simulators. Every expected figure is worked out
// by hand in the comments next to it.
import type { Client } from '@temporalio/client';
import type { CoreDeps } from '../../src/deps';
import { workflowIds } from '../../src/workflows/definitions';
import { startOrderSync } from '../../src/workflows/starters';
import type { Config } from '../../src/config';
import { waitFor } from '../helpers/stack';
import { customOrderSchema, fromCustomOrder } from '../../sim/quickbutik/order-input';
import { createConnectedShop, startWorld, type Sims, type World } from '../helpers/world';

type Row = Record<string, unknown>;
type Doc = Record<string, unknown> & { InvoiceRows?: Row[]; OrderRows?: Row[] };

let sims: Sims;
let config: Config;
let deps: CoreDeps;
let client: Client;
let world: World;

beforeAll(async () => {
  world = await startWorld();
  ({ sims, config, deps, client } = world);
});
afterAll(() => world?.stop());

let shopSeq = 0;
async function shop(settings: Record<string, unknown> = {}, tenant: Record<string, unknown> = {}) {
  const shopId = `os${++shopSeq}-${Date.now() % 100000}`;
  const { tenantId } = await createConnectedShop(deps, sims, shopId, settings, tenant);
  const q = sims.quickbutik;
  // The shop's catalogue: one product per Swedish VAT rate, a variant product and a bundle.
  q.createProduct(shopId, { sku: 'TSHIRT', title: 'T-shirt "Logo"', price: 250, tax_rate: 25 }, { skipWebhook: true });
  q.createProduct(shopId, { sku: 'COFFEE', title: 'Kaffe 500 g', price: 112, tax_rate: 12 }, { skipWebhook: true });
  q.createProduct(shopId, { sku: 'BOOK', title: 'Bok om Öland', price: 106, tax_rate: 6 }, { skipWebhook: true });
  q.createProduct(shopId, { sku: 'GIFTBOX', title: 'Presentask', price: 300, tax_rate: 25, product_package_products: [{ sku: 'TSHIRT', qty: 1 }, { sku: 'COFFEE', qty: 1 }] }, { skipWebhook: true });
  // Articles already in Fortnox (article sync is the product tests' subject).
  sims.fortnox.importRecords(tenantId, { articles: ['TSHIRT', 'COFFEE', 'BOOK', 'GIFTBOX'].map((n) => ({ ArticleNumber: n, Description: n })) });
  return { shopId, tenantId };
}

const svensson = { firstname: 'Anna', lastname: 'Svensson', email: 'anna.svensson@example.se', address: 'Storgatan 1', zipcode: '11122', city: 'Stockholm', country: 'SE', phone: '0701234567' };

/** Places an order described as the simulator's admin API takes it (camelCase) and pays it. */
function place(shopId: string, order: Record<string, unknown>): string {
  return String(sims.quickbutik.placeOrder(shopId, fromCustomOrder(customOrderSchema.parse(order)), { pay: true }).orderId);
}

async function syncOrder(shopId: string, order: Record<string, unknown>) {
  const orderId = place(shopId, order);
  const { workflowId } = await startOrderSync(client, config.TEMPORAL_TASK_QUEUE, { shopId, orderId, source: 'manual' });
  return { orderId, workflowId, handle: client.workflow.getHandle(workflowId) };
}

const invoicesOf = (tenantId: string) => sims.fortnox.state(tenantId).invoices as Doc[];
const ordersOf = (tenantId: string) => sims.fortnox.state(tenantId).orders as Doc[];
const customersOf = (tenantId: string) => sims.fortnox.state(tenantId).customers as Row[];
const byRef = (docs: Doc[], shopId: string, orderId: string) => docs.filter((d) => d.ExternalInvoiceReference1 === `qb:${shopId}:${orderId}`);
const num = (v: unknown) => Number(v);

describe('order → Fortnox invoice: bookkeeping', () => {
  it('mixed 25/12/6 % cart with freight and a discount', async () => {
    const { shopId, tenantId } = await shop();
    const { orderId, handle } = await syncOrder(shopId, {
      customer: svensson,
      rows: [{ sku: 'TSHIRT', qty: 2, price: 250 }, { sku: 'COFFEE', qty: 1, price: 112 }, { sku: 'BOOK', qty: 1, price: 106 }],
      shipping: { id: '1', name: 'PostNord', amount: 59 },
      discount: 71.8,
      paymethod: { method: 'Klarna', transactionId: 'K-123' },
    });
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'synced', documentType: 'invoice' });

    const [invoice, ...more] = byRef(invoicesOf(tenantId), shopId, orderId);
    expect(more).toHaveLength(0);
    expect(invoice).toMatchObject({ YourOrderNumber: orderId, VATIncluded: true, Currency: 'SEK' });
    const rows = invoice!.InvoiceRows!;
    // Goods, incl. VAT: 2 × 250 = 500 (25 %), 112 (12 %), 106 (6 %) = 718.00
    expect(rows.filter((r) => r.ArticleNumber === 'TSHIRT')).toEqual([expect.objectContaining({ DeliveredQuantity: expect.anything(), VAT: expect.anything() })]);
    const goods = (sku: string) => rows.find((r) => r.ArticleNumber === sku)!;
    expect([num(goods('TSHIRT').Price), num(goods('TSHIRT').VAT), num(goods('TSHIRT').AccountNumber), num(goods('TSHIRT').DeliveredQuantity)]).toEqual([250, 25, 3001, 2]);
    expect([num(goods('COFFEE').Price), num(goods('COFFEE').VAT), num(goods('COFFEE').AccountNumber)]).toEqual([112, 12, 3002]);
    expect([num(goods('BOOK').Price), num(goods('BOOK').VAT), num(goods('BOOK').AccountNumber)]).toEqual([106, 6, 3003]);

    // Freight 59.00 split by the goods' shares as charged: 500/718 → 41.09 (25 %), 112/718 → 9.20 (12 %), rest 8.71 (6 %);
    // each share on an account whose VAT code matches its rate: 3520 (MP1), and without freight12/freight6 set the
    // sales accounts 3002 (MP2) and 3003 (MP3) — never a 12 %/6 % row on the 25 % freight account.
    const freight = rows.filter((r) => String(r.Description).startsWith('Frakt'));
    expect(freight.map((r) => [num(r.VAT), num(r.AccountNumber), num(r.Price)]).sort((a, b) => b[0]! - a[0]!)).toEqual([[25, 3520, 41.09], [12, 3002, 9.2], [6, 3003, 8.71]]);
    // Discount 71.80 = 10 %: −50.00 (25 %, 3001), −11.20 (12 %, 3002), −10.60 (6 %, 3003).
    const discounts = rows.filter((r) => num(r.Price) < 0);
    expect(discounts.map((r) => [num(r.VAT), num(r.AccountNumber), num(r.Price)]).sort((a, b) => b[0]! - a[0]!)).toEqual([[25, 3001, -50], [12, 3002, -11.2], [6, 3003, -10.6]]);

    // Total 718 + 59 − 71.80 = 705.20; Fortnox rounds to whole kronor: 705.00 (RoundOff −0.20).
    expect(num(invoice!.Total)).toBe(705);
    // VAT: 25 % of (500 − 50 + 41.09 = 491.09) → 98.22; 12 % of 110.00 → 11.79; 6 % of 104.11 → 5.89 = 115.90
    expect(num(invoice!.TotalVAT)).toBeCloseTo(115.9, 1);
    expect(invoice!.Remarks).toEqual(expect.stringContaining('Klarna'));

    const customer = customersOf(tenantId).find((c) => c.CustomerNumber === invoice!.CustomerNumber)!;
    expect(customer).toMatchObject({ Name: 'Anna Svensson', Email: 'anna.svensson@example.se', Type: 'PRIVATE', VATType: 'SEVAT', ZipCode: '11122', City: 'Stockholm', CountryCode: 'SE' });
    expect((await handle.query<{ status: string }>('status')).status).toBe('synced');
  });

  it('free shipping, a bundle and a company customer', async () => {
    const { shopId, tenantId } = await shop();
    const { orderId, handle } = await syncOrder(shopId, {
      customer: { ...svensson, email: 'inkop@foretaget.se', type: 'company', companyName: 'Företaget AB', orgNumber: '556677-8899' },
      rows: [{ sku: 'GIFTBOX', qty: 1, price: 300 }],
      shipping: { name: 'Fri frakt', amount: 0 },
    });
    await handle.result();
    const [invoice] = byRef(invoicesOf(tenantId), shopId, orderId);
    // The bundle is booked as its own article, never its components; no freight row for free shipping.
    expect(invoice!.InvoiceRows!.map((r) => [r.ArticleNumber, num(r.Price), num(r.VAT), num(r.AccountNumber)])).toEqual([['GIFTBOX', 300, 25, 3001]]);
    expect(num(invoice!.Total)).toBe(300);
    const customer = customersOf(tenantId).find((c) => c.CustomerNumber === invoice!.CustomerNumber)!;
    expect(customer).toMatchObject({ Name: 'Företaget AB', Type: 'COMPANY', OrganisationNumber: '556677-8899' });
  });

  it('EU consumer keeps Swedish VAT; export and EU reverse charge book 0 % on their accounts', async () => {
    const { shopId, tenantId } = await shop();
    const eu = await syncOrder(shopId, { customer: { ...svensson, email: 'hans@example.de', country: 'DE', zipcode: '10115', city: 'Berlin' }, rows: [{ sku: 'TSHIRT', qty: 1, price: 250 }] });
    const exp = await syncOrder(shopId, { customer: { ...svensson, email: 'john@example.com', country: 'US', zipcode: '10001', city: 'New York' }, rows: [{ sku: 'TSHIRT', qty: 1, price: 200 }], isTaxfree: true });
    const rev = await syncOrder(shopId, { customer: { ...svensson, email: 'einkauf@firma.de', type: 'company', companyName: 'Firma GmbH', vatNumber: 'DE123456789', country: 'DE', zipcode: '10115', city: 'Berlin' }, rows: [{ sku: 'COFFEE', qty: 2, price: 100 }], isTaxfree: true });
    await Promise.all([eu.handle.result(), exp.handle.result(), rev.handle.result()]);
    const row = (o: { orderId: string }) => byRef(invoicesOf(tenantId), shopId, o.orderId)[0]!.InvoiceRows![0]!;
    const cust = (o: { orderId: string }) => customersOf(tenantId).find((c) => c.CustomerNumber === byRef(invoicesOf(tenantId), shopId, o.orderId)[0]!.CustomerNumber)!;
    // EU consumer: Swedish 25 % on the company's SALESEUVAT account (3106, sales to EU consumers incl. VAT).
    expect([num(row(eu).VAT), num(row(eu).AccountNumber), cust(eu).VATType]).toEqual([25, 3106, 'EUVAT']);
    // Export: 200 excl. VAT, 0 %, SALESEXPORT 3105.
    expect([num(row(exp).VAT), num(row(exp).AccountNumber), num(row(exp).Price), cust(exp).VATType]).toEqual([0, 3105, 200, 'EXPORT']);
    // EU company with a VAT number, tax-free: reverse charge, 0 %, SALESEUREV 3108.
    expect([num(row(rev).VAT), num(row(rev).AccountNumber), num(row(rev).Price), cust(rev).VATType]).toEqual([0, 3108, 100, 'EUREVERSEDVAT']);
  });

  it('order mode with a cost center, and a non-SEK order', async () => {
    const { shopId, tenantId } = await shop({ documentType: 'order', costCenter: 'WEB' }, { costCenters: ['WEB'] });
    const sek = await syncOrder(shopId, { customer: svensson, rows: [{ sku: 'BOOK', qty: 3, price: 106 }] });
    const eur = await syncOrder(shopId, { customer: { ...svensson, email: 'fi@example.fi', country: 'FI' }, rows: [{ sku: 'TSHIRT', qty: 1, price: 25 }], currency: 'EUR' });
    expect(await sek.handle.result()).toMatchObject({ status: 'synced', documentType: 'order' });
    await eur.handle.result();
    const [order] = byRef(ordersOf(tenantId), shopId, sek.orderId);
    expect(order).toMatchObject({ CostCenter: 'WEB' });
    // 3 × 106 = 318.00 at 6 % on 3003, every row on the cost center.
    expect(order!.OrderRows!.map((r) => [r.ArticleNumber, num(r.OrderedQuantity), num(r.Price), num(r.AccountNumber), r.CostCenter])).toEqual([['BOOK', 3, 106, 3003, 'WEB']]);
    expect(num(order!.Total)).toBe(318);
    const [eurOrder] = byRef(ordersOf(tenantId), shopId, eur.orderId);
    expect(eurOrder).toMatchObject({ Currency: 'EUR' });
    expect(num(eurOrder!.Total)).toBe(25);
    expect(byRef(invoicesOf(tenantId), shopId, sek.orderId)).toHaveLength(0);
  });

  it('bookkeeps the invoice when the shop asks for it', async () => {
    const { shopId, tenantId } = await shop({ bookkeep: true });
    const { orderId, handle } = await syncOrder(shopId, { customer: svensson, rows: [{ sku: 'COFFEE', qty: 1, price: 112 }] });
    await handle.result();
    expect(byRef(invoicesOf(tenantId), shopId, orderId)[0]).toMatchObject({ Booked: true });
  });

  it('a returning customer costs no customer call; a changed address updates the same card', async () => {
    const { shopId, tenantId } = await shop();
    const first = await syncOrder(shopId, { customer: svensson, rows: [{ sku: 'BOOK', qty: 1, price: 106 }] });
    await first.handle.result();
    sims.fortnox.resetCounters();
    const second = await syncOrder(shopId, { customer: svensson, rows: [{ sku: 'BOOK', qty: 1, price: 106 }] });
    await second.handle.result();
    // Steady state: one Fortnox call per order — the invoice POST.
    expect(sims.fortnox.tenantCounters(tenantId).total).toBe(1);

    const moved = await syncOrder(shopId, { customer: { ...svensson, address: 'Nya vägen 5', zipcode: '41101', city: 'Göteborg' }, rows: [{ sku: 'BOOK', qty: 1, price: 106 }] });
    await moved.handle.result();
    const cards = customersOf(tenantId);
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ Address1: 'Nya vägen 5', City: 'Göteborg', ZipCode: '41101' });
    const numbers = new Set([first, second, moved].map((o) => byRef(invoicesOf(tenantId), shopId, o.orderId)[0]!.CustomerNumber));
    expect(numbers.size).toBe(1);
  });
});

describe('order → Fortnox: exactly once and parking', () => {
  it('commit-then-timeout on the invoice POST still ends with exactly one invoice', async () => {
    const { shopId, tenantId } = await shop();
    sims.fortnox.addFault({ tenantId, match: 'POST /3/invoices', kind: 'commitThenTimeout', count: 1 });
    const { orderId, handle } = await syncOrder(shopId, { customer: svensson, rows: [{ sku: 'TSHIRT', qty: 1, price: 250 }] });
    expect(await handle.result()).toMatchObject({ status: 'synced' });
    expect(byRef(invoicesOf(tenantId), shopId, orderId)).toHaveLength(1);
  });

  it('a duplicated start joins the running workflow, and a start after completion creates nothing new', async () => {
    const { shopId, tenantId } = await shop();
    const orderId = place(shopId, { customer: svensson, rows: [{ sku: 'COFFEE', qty: 1, price: 112 }] });
    const starts = await Promise.all([1, 2, 3].map(() => startOrderSync(client, config.TEMPORAL_TASK_QUEUE, { shopId, orderId, source: 'webhook' })));
    expect(new Set(starts.map((s) => s.runId)).size).toBe(1);
    await client.workflow.getHandle(workflowIds.order(shopId, orderId)).result();
    const again = await startOrderSync(client, config.TEMPORAL_TASK_QUEUE, { shopId, orderId, source: 'manual' });
    await client.workflow.getHandle(again.workflowId, again.runId).result();
    expect(byRef(invoicesOf(tenantId), shopId, orderId)).toHaveLength(1);
  });

  it('parks a currency not enabled in Fortnox, visible as needs_attention; retry after the fix syncs it', async () => {
    const { shopId, tenantId } = await shop({}, { currencies: ['SEK', 'EUR'] });
    const { orderId, handle, workflowId } = await syncOrder(shopId, { customer: { ...svensson, country: 'NO', email: 'ola@example.no' }, rows: [{ sku: 'TSHIRT', qty: 1, price: 300 }], currency: 'NOK' });
    await waitFor('parked', async () => (await handle.query('status') as { status: string }).status === 'needs_attention');
    const state = await handle.query('status') as { lastError: { code: string; explanationSv: string; explanationEn: string } };
    expect(state.lastError.code).toBe('CURRENCY_NOT_ENABLED');
    expect(state.lastError.explanationEn).toMatch(/NOK/);
    expect(state.lastError.explanationSv).toMatch(/NOK/);
    await waitFor('visible in Temporal search', async () => {
      for await (const wf of client.workflow.list({ query: `SyncStatus="needs_attention" AND ShopId="${shopId}"` })) if (wf.workflowId === workflowId) return true;
      return false;
    });
    const log = await deps.db.selectFrom('sync_log').selectAll().where('shop_id', '=', shopId).where('outcome', '=', 'needs_attention').execute();
    expect(log[0]).toMatchObject({ entity_id: orderId, error_code: 'CURRENCY_NOT_ENABLED' });

    sims.fortnox.updateTenant(tenantId, { currencies: ['SEK', 'EUR', 'NOK'] });
    await handle.signal('retry');
    expect(await handle.result()).toMatchObject({ status: 'synced' });
    expect(byRef(invoicesOf(tenantId), shopId, orderId)[0]).toMatchObject({ Currency: 'NOK' });
  });

  it('parks an invalid article number and lets an operator skip it', async () => {
    const { shopId, tenantId } = await shop();
    sims.quickbutik.createProduct(shopId, { sku: 'BAD SKU', title: 'Felaktig', price: 100, tax_rate: 25 }, { skipWebhook: true });
    const { orderId, handle } = await syncOrder(shopId, { customer: svensson, rows: [{ sku: 'BAD SKU', qty: 1, price: 100 }] });
    await waitFor('parked', async () => (await handle.query('status') as { status: string }).status === 'needs_attention');
    expect((await handle.query('status') as { lastError: { code: string } }).lastError.code).toBe('INVALID_ARTICLE_NUMBER');
    await handle.signal('skip', 'fixed by hand in Fortnox');
    expect(await handle.result()).toMatchObject({ status: 'skipped' });
    expect(byRef(invoicesOf(tenantId), shopId, orderId)).toHaveLength(0);
    const skipped = await deps.db.selectFrom('sync_log').selectAll().where('shop_id', '=', shopId).where('outcome', '=', 'skipped').execute();
    expect(skipped).toHaveLength(1);
  });
});
