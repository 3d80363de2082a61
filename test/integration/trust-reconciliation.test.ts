// GET /shops/:shopId/reconciliation against both simulators: clean after real syncs; then a document deleted by hand,
// a duplicate and a total changed by hand in the Fortnox simulator are each found.
import request from 'supertest';
import { createApiDeps, createApp, type ApiDeps } from '../../src/api/app';
import { startOrderSync } from '../../src/workflows/starters';
import { customOrderSchema, fromCustomOrder } from '../../sim/quickbutik/order-input';
import { createConnectedShop, startWorld, type World } from '../helpers/world';

type Doc = Record<string, unknown>;
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

const customer = { firstname: 'Bo', lastname: 'Ek', email: 'bo.ek@example.se', address: 'Gatan 2', zipcode: '22222', city: 'Lund', country: 'SE' };
const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });

it('is clean after real syncs, then finds a deleted document, a duplicate and a changed total', async () => {
  const shopId = `rc-${Date.now() % 1_000_000}`;
  const { tenantId } = await createConnectedShop(world.deps, world.sims, shopId);
  const q = world.sims.quickbutik;
  q.createProduct(shopId, { sku: 'TSHIRT', title: 'T-shirt', price: 250, tax_rate: 25 }, { skipWebhook: true });
  q.createProduct(shopId, { sku: 'COFFEE', title: 'Kaffe', price: 112, tax_rate: 12 }, { skipWebhook: true });
  world.sims.fortnox.importRecords(tenantId, { articles: ['TSHIRT', 'COFFEE'].map((n) => ({ ArticleNumber: n, Description: n })) });
  // Four orders: 250 (25 %), 112 (12 %), 250 + 112, 2 × 250.
  const carts = [[['TSHIRT', 1]], [['COFFEE', 1]], [['TSHIRT', 1], ['COFFEE', 1]], [['TSHIRT', 2]]] as const;
  const orderIds: string[] = [];
  for (const cart of carts) {
    const rows = cart.map(([sku, qty]) => ({ sku, qty, price: sku === 'TSHIRT' ? 250 : 112 }));
    const orderId = String(q.placeOrder(shopId, fromCustomOrder(customOrderSchema.parse({ customer, rows })), { pay: true }).orderId);
    orderIds.push(orderId);
    const { workflowId } = await startOrderSync(world.client, world.config.TEMPORAL_TASK_QUEUE, { shopId, orderId, source: 'manual' });
    expect(await world.client.workflow.getHandle(workflowId).result()).toMatchObject({ status: 'synced' });
  }
  const url = `/shops/${shopId}/reconciliation?from=${today}&to=${today}`;

  const clean = (await request(app).get(url).set(admin()).expect(200)).body;
  expect(clean).toMatchObject({ ok: true, orders: 4, matched: 4, missing: [], duplicates: [], mismatched: [] });
  // 25 %: 250 + 250 + 500 = 1000 incl. VAT → net 800, VAT 200. 12 %: 112 + 112 = 224 → net 200, VAT 24.
  expect(clean.totals.quickbutik.rates).toEqual([{ rate: 25, net: 800, vat: 200 }, { rate: 12, net: 200, vat: 24 }]);
  expect(clean.totals.fortnox.rates).toEqual(clean.totals.quickbutik.rates);
  expect(clean.totals.difference).toMatchObject({ net: 0, vat: 0 });

  // By hand in Fortnox: order 1's invoice deleted, order 2's invoice duplicated, order 3's total changed.
  const t = world.sims.fortnox.requireTenant(tenantId);
  const invoiceOf = (orderId: string) => [...t.invoices.entries()].find(([, d]) => d.ExternalInvoiceReference1 === `qb:${shopId}:${orderId}`)!;
  const [deleted] = invoiceOf(orderIds[0]!);
  t.invoices.delete(deleted);
  const [, second] = invoiceOf(orderIds[1]!);
  const copy = Math.max(...t.invoices.keys()) + 1;
  t.invoices.set(copy, { ...(JSON.parse(JSON.stringify(second)) as Doc), DocumentNumber: String(copy) } as never);
  const [changed, third] = invoiceOf(orderIds[2]!);
  (third as Doc).Total = 400; // 362 paid

  const found = (await request(app).get(url).set(admin()).expect(200)).body;
  expect(found.ok).toBe(false);
  expect(found.matched).toBe(1);
  expect(found.missing).toEqual([{ orderId: orderIds[0], total: 250, currency: 'SEK', cancelledDocuments: [] }]);
  expect(found.duplicates).toEqual([{ orderId: orderIds[1], documents: [`invoice:${second.DocumentNumber}`, `invoice:${copy}`].sort() }].map((d) => ({ ...d, documents: expect.arrayContaining(d.documents) })));
  expect(found.mismatched).toEqual([{ orderId: orderIds[2], document: `invoice:${changed}`, quickbutikTotal: 362, fortnoxTotal: 400, difference: 38, currency: 'SEK' }]);
  // Fortnox side now: 25 % lacks order 1 (net 200, VAT 50); 12 % counts order 2 twice (+ net 100, VAT 12).
  expect(found.totals.difference.rates).toEqual([{ rate: 25, net: -200, vat: -50 }, { rate: 12, net: 100, vat: 12 }]);

  const csv = await request(app).get(url).set(admin()).set('Accept', 'text/csv').expect(200);
  expect(csv.headers['content-type']).toMatch(/text\/csv/);
  expect(csv.text.split('\n')).toEqual(expect.arrayContaining([`missing,${orderIds[0]},,250,,,SEK,,,,,`, 'vat,,,,,,SEK,12,200,24,300,36']));
  await request(app).get(`/shops/${shopId}/reconciliation?from=${today}`).set(admin()).expect(400);
});

it('the daily trust check (reconcile-schedule:<shop>) writes one reconciliation and one preflight log entry per run', async () => {
  const shopId = `rcd-${Date.now() % 1_000_000}`;
  await createConnectedShop(world.deps, world.sims, shopId);
  const result = await world.client.workflow.execute('reconcileWorkflow', {
    taskQueue: world.config.TEMPORAL_TASK_QUEUE, workflowId: `reconcile:${shopId}-test`, args: [{ shopId }],
  });
  // No orders yesterday: a clean proof; the preflight's only finding is the personal-connection warning (not an error).
  expect(result).toEqual({ reconciliationOk: true, preflightOk: true });
  const log = await world.deps.db.selectFrom('sync_log').selectAll().where('shop_id', '=', shopId).orderBy('id').execute();
  expect(log.map((l) => [l.entity_id, l.outcome])).toEqual([['reconciliation', 'info'], ['preflight', 'info']]);
  expect(log[0]!.message_en).toMatch(/^Reconciliation \d{4}-\d{2}-\d{2}: all 0 paid orders have exactly one Fortnox document\.$/);
});
