// Dry run: GET /shops/:shopId/orders/:orderId/preview writes nothing and shows, field for field, the document a later
// real sync posts; with the `dryRun` setting the order workflow records that document and posts nothing.
import request from 'supertest';
import { createApiDeps, createApp, type ApiDeps } from '../../src/api/app';
import { DRY_RUN_REASON } from '../../src/workflows/order-sync';
import { startOrderSync } from '../../src/workflows/starters';
import { customOrderSchema, fromCustomOrder } from '../../sim/quickbutik/order-input';
import { createConnectedShop, startWorld, type World } from '../helpers/world';

type Row = Record<string, unknown>;
let world: World;
let api: ApiDeps;
let app: ReturnType<typeof createApp>;
const admin = () => ({ Authorization: `Bearer ${world.config.ADMIN_API_KEY}` });

beforeAll(async () => {
  world = await startWorld();
  api = createApiDeps(world.config, world.deps);
  app = createApp(api);
});
afterAll(async () => {
  await api?.temporal.connection.close();
  await world?.stop();
});

const anna = { firstname: 'Anna', lastname: 'Svensson', email: 'anna.preview@example.se', address: 'Storgatan 1', zipcode: '11122', city: 'Stockholm', country: 'SE', phone: '0701234567' };

async function shop(tenant: { currencies?: string[] } = {}) {
  const shopId = `pv-${Date.now() % 1_000_000}-${Math.floor(Math.random() * 1000)}`;
  const { tenantId } = await createConnectedShop(world.deps, world.sims, shopId, {}, tenant);
  const q = world.sims.quickbutik;
  q.createProduct(shopId, { sku: 'TSHIRT', title: 'T-shirt', price: 250, tax_rate: 25 }, { skipWebhook: true });
  q.createProduct(shopId, { sku: 'COFFEE', title: 'Kaffe 500 g', price: 112, tax_rate: 12 }, { skipWebhook: true });
  q.createProduct(shopId, { sku: 'BOOK', title: 'Bok om Öland', price: 106, tax_rate: 6 }, { skipWebhook: true });
  world.sims.fortnox.importRecords(tenantId, { articles: ['TSHIRT', 'COFFEE', 'BOOK'].map((n) => ({ ArticleNumber: n, Description: n })) });
  return { shopId, tenantId };
}
const place = (shopId: string, order: Record<string, unknown>) =>
  String(world.sims.quickbutik.placeOrder(shopId, fromCustomOrder(customOrderSchema.parse(order)), { pay: true }).orderId);
async function sync(shopId: string, orderId: string) {
  const { workflowId } = await startOrderSync(world.client, world.config.TEMPORAL_TASK_QUEUE, { shopId, orderId, source: 'manual' });
  return world.client.workflow.getHandle(workflowId).result();
}
const invoices = (tenantId: string) => world.sims.fortnox.state(tenantId).invoices as Array<Row & { InvoiceRows: Row[] }>;
const byRef = (tenantId: string, shopId: string, orderId: string) => invoices(tenantId).filter((d) => d.ExternalInvoiceReference1 === `qb:${shopId}:${orderId}`);
const same = (a: unknown, b: unknown) => (typeof a === 'number' || typeof b === 'number' ? Number(a) === Number(b) : a === b);

/** Every field of the preview's document has the same value on the posted invoice (rows field for field too). */
function expectPosted(previewDoc: Row, posted: Row & { InvoiceRows: Row[] }) {
  const { InvoiceRows: rows, ...header } = previewDoc as Row & { InvoiceRows: Row[] };
  for (const [k, v] of Object.entries(header)) expect([k, same(posted[k], v)]).toEqual([k, true]);
  expect(posted.InvoiceRows).toHaveLength(rows.length);
  rows.forEach((row, i) => {
    for (const [k, v] of Object.entries(row)) expect([i, k, same(posted.InvoiceRows[i]![k], v)]).toEqual([i, k, true]);
  });
}

describe('order preview (dry run)', () => {
  it('shows the exact document, writes nothing, and a later real sync posts that document', async () => {
    const { shopId, tenantId } = await shop();
    // A first order makes Anna a known customer (her card number is in the mapping).
    const first = place(shopId, { customer: anna, rows: [{ sku: 'TSHIRT', qty: 1, price: 250 }], shipping: { name: 'PostNord', amount: 49 } });
    expect(await sync(shopId, first)).toMatchObject({ status: 'synced' });
    const customerNumber = byRef(tenantId, shopId, first)[0]!.CustomerNumber;

    const orderId = place(shopId, {
      customer: anna,
      rows: [{ sku: 'TSHIRT', qty: 2, price: 250 }, { sku: 'COFFEE', qty: 1, price: 112 }, { sku: 'BOOK', qty: 1, price: 106 }],
      shipping: { id: '1', name: 'PostNord', amount: 59 },
      discount: 71.8,
      paymethod: { method: 'Klarna', transactionId: 'K-9' },
    });
    const before = { invoices: invoices(tenantId).length, customers: (world.sims.fortnox.state(tenantId).customers as Row[]).length };
    const facts = () => world.deps.db.selectFrom('product_facts').select('product_id').where('shop_id', '=', shopId).execute();
    const factsBefore = (await facts()).length; // only the T-shirt (from the first order)

    const res = await request(app).get(`/shops/${shopId}/orders/${orderId}/preview`).set(admin()).expect(200);
    const p = res.body;
    expect(p).toMatchObject({ ok: true, orderId, documentType: 'invoice', existing: null });
    expect(p.customer).toMatchObject({ action: 'none', customerNumber, type: 'PRIVATE', vatType: 'SEVAT', countryCode: 'SE' });
    expect(JSON.stringify(p.customer)).not.toContain('anna'); // personal values are named, not repeated
    expect(p.document).toMatchObject({ CustomerNumber: customerNumber, ExternalInvoiceReference1: `qb:${shopId}:${orderId}`, VATIncluded: true, Currency: 'SEK' });
    // Same figures as the order-sync test: goods 718.00, freight 59 split 41.09/9.20/8.71, discount −50/−11.20/−10.60.
    expect(p.accounts).toEqual([3001, 3002, 3003, 3520]);
    // Gross per rate: 25 % 500 + 41.09 − 50 = 491.09 → net 392.87, VAT 98.22; 12 % 112 + 9.20 − 11.20 = 110.00 → 98.21 + 11.79;
    // 6 % 106 + 8.71 − 10.60 = 104.11 → 98.22 + 5.89. Sum 705.20 = what the customer paid.
    expect(p.vat).toEqual({
      rates: [{ rate: 25, net: 392.87, vat: 98.22 }, { rate: 12, net: 98.21, vat: 11.79 }, { rate: 6, net: 98.22, vat: 5.89 }],
      net: 589.3, vat: 115.9, gross: 705.2,
    });
    expect(p.totals).toEqual({ document: 705.2, quickbutik: 705.2, currency: 'SEK' });
    expect(p.checks.map((c: { id: string }) => c.id)).toEqual(['sendable', 'customer', 'currency', 'accounts', 'total', 'limits']);

    // Nothing written: no Fortnox document or card, no mapping row, no product-facts row.
    expect(invoices(tenantId)).toHaveLength(before.invoices);
    expect(world.sims.fortnox.state(tenantId).customers as Row[]).toHaveLength(before.customers);
    expect(await world.deps.db.selectFrom('order_documents').selectAll().where('shop_id', '=', shopId).where('order_id', '=', orderId).execute()).toEqual([]);
    expect(await facts()).toHaveLength(factsBefore);

    expect(await sync(shopId, orderId)).toMatchObject({ status: 'synced' });
    const [posted, ...more] = byRef(tenantId, shopId, orderId);
    expect(more).toEqual([]);
    expectPosted(p.document, posted!);
  });

  it('a new customer is shown as a card to create; an order that would park shows why', async () => {
    const { shopId } = await shop({ currencies: ['EUR'] }); // NOK is not enabled
    const fresh = place(shopId, { customer: { ...anna, email: 'new.one@example.se' }, rows: [{ sku: 'BOOK', qty: 1, price: 106 }] });
    const p = (await request(app).get(`/shops/${shopId}/orders/${fresh}/preview`).set(admin()).expect(200)).body;
    expect(p.customer).toMatchObject({ action: 'create', customerNumber: null });
    expect(p.document.CustomerNumber).toBeNull();

    const nok = place(shopId, { currency: 'NOK', customer: anna, rows: [{ sku: 'BOOK', qty: 1, price: 106 }] });
    const bad = (await request(app).get(`/shops/${shopId}/orders/${nok}/preview`).set(admin()).expect(200)).body;
    expect(bad).toMatchObject({ ok: false, orderId: nok, errors: [{ code: 'CURRENCY_NOT_ENABLED' }] });
    expect(bad.errors[0].explanationEn).toContain('NOK');

    await request(app).get(`/shops/${shopId}/orders/999999/preview`).set(admin()).expect(404);
  });

  it('dryRun setting: the workflow records the document it would send and posts nothing', async () => {
    const { shopId, tenantId } = await shop();
    await request(app).patch(`/shops/${shopId}/settings`).set(admin()).send({ dryRun: true }).expect(200);
    const orderId = place(shopId, { customer: anna, rows: [{ sku: 'COFFEE', qty: 3, price: 112 }], shipping: { name: 'PostNord', amount: 39 } });
    const preview = (await request(app).get(`/shops/${shopId}/orders/${orderId}/preview`).set(admin()).expect(200)).body;

    expect(await sync(shopId, orderId)).toEqual({ status: 'skipped', reason: DRY_RUN_REASON });
    expect(invoices(tenantId)).toEqual([]);
    expect(world.sims.fortnox.state(tenantId).customers).toEqual([]);
    const log = await world.deps.db.selectFrom('sync_log').selectAll().where('shop_id', '=', shopId).where('entity_id', '=', orderId).execute();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ outcome: 'info' });
    expect(log[0]!.message_en).toContain('Dry run: Invoice would have been created in Fortnox (total 375 SEK)'); // 3 × 112 + 39
    expect((log[0]!.details as Row).document).toEqual(preview.document);

    // Going live: the same order is synced for real.
    await request(app).patch(`/shops/${shopId}/settings`).set(admin()).send({ dryRun: false }).expect(200);
    await world.client.workflow.getHandle(`order:${shopId}:${orderId}`).result();
    expect(await sync(shopId, orderId)).toMatchObject({ status: 'synced', total: 375 });
  });
});
