// Manual bulk runs (real Temporal + PostgreSQL, both simulators): "sync all products" with progress and a product
// that parks on its own, and "send the orders paid between two dates again" through the inbox.
import type { Client } from '@temporalio/client';
import type { Config } from '../../src/config';
import type { CoreDeps } from '../../src/deps';
import { searchAttributes, workflowIds } from '../../src/workflows/definitions';
import { waitFor } from '../helpers/stack';
import { createConnectedShop, startWorld, type Sims, type World } from '../helpers/world';

type Rec = Record<string, any>;

let sims: Sims;
let config: Config;
let deps: CoreDeps;
let client: Client;
let world: World;

beforeAll(async () => {
  world = await startWorld({ rateLimit: false });
  ({ sims, config, deps, client } = world);
});
afterAll(() => world?.stop());

let seq = 0;
async function shop(settings: Record<string, unknown> = {}) {
  const shopId = `pb${++seq}-${Date.now() % 100000}`;
  const { tenantId } = await createConnectedShop(deps, sims, shopId, settings);
  return { shopId, tenantId };
}

async function run(type: 'syncAllProductsWorkflow' | 'resendOrdersWorkflow', workflowId: string, args: Rec) {
  const handle = await client.workflow.start(type, {
    taskQueue: config.TEMPORAL_TASK_QUEUE, workflowId, args: [args],
    typedSearchAttributes: [{ key: searchAttributes.ShopId, value: args.shopId }],
  });
  const result = (await handle.result()) as Rec;
  return { result, status: await handle.query<Rec>('status') };
}

describe('syncAllProductsWorkflow', () => {
  it('syncs every product page by page with {done, total}; a product with bad data parks in its own workflow', async () => {
    const { shopId, tenantId } = await shop();
    for (let i = 0; i < 30; i++) sims.quickbutik.createProduct(shopId, { sku: `ALL-${i}`, title: `Produkt ${i}`, price: 10 + i, tax_rate: 25 }, { skipWebhook: true });
    const bad = sims.quickbutik.createProduct(shopId, { sku: 'ALL 30', title: 'Mellanslag', price: 10, tax_rate: 25 }, { skipWebhook: true });

    const first = await run('syncAllProductsWorkflow', `sync-all-products:${shopId}`, { shopId });
    expect(first.result).toMatchObject({ status: 'synced', products: 31, changed: 30, parked: [String(bad.id)], fortnoxCalls: 60 });
    expect(first.status).toMatchObject({ status: 'synced', progress: { done: 31, total: 31 } });
    expect(sims.fortnox.state(tenantId).articles).toHaveLength(30);

    const parked = client.workflow.getHandle(workflowIds.product(shopId, bad.id));
    const s = await waitFor('parked', async () => {
      const st = await parked.query<Rec>('status');
      return st.status === 'needs_attention' && st;
    });
    expect(s.lastError.code).toBe('INVALID_ARTICLE_NUMBER');

    // Again: nothing changed, nothing sent; the parked product's workflow is already running and is left to it.
    const before = sims.fortnox.tenantCounters(tenantId).total;
    const second = await run('syncAllProductsWorkflow', `sync-all-products:${shopId}`, { shopId });
    expect(second.result).toMatchObject({ status: 'synced', products: 31, changed: 0, fortnoxCalls: 0 });
    expect(sims.fortnox.tenantCounters(tenantId).total).toBe(before);
    const log = await deps.db.selectFrom('sync_log').selectAll().where('shop_id', '=', shopId).where('entity_type', '=', 'bulk').execute();
    expect(log.map((r) => r.message_en)).toEqual([
      'All products synced: 31 products, 30 changed in Fortnox, 1 need attention.',
      'All products synced: 31 products, 0 changed in Fortnox, 1 need attention.',
    ]);
  });
});

describe('resendOrdersWorkflow', () => {
  it('queues the orders paid in the range in the inbox (source manual); unpaid and out-of-range ones are left out', async () => {
    const { shopId } = await shop();
    const paid = sims.quickbutik.generateOrders(shopId, { count: 4, pay: true, seed: 7 });
    const unpaid = sims.quickbutik.generateOrders(shopId, { count: 2, seed: 8 });
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());

    const r = await run('resendOrdersWorkflow', `resend:${shopId}:${today}:${today}`, { shopId, from: today, to: today });
    expect(r.result).toEqual({ status: 'synced', queued: 4 });
    expect(r.status.progress).toEqual({ done: 4, total: 4 });
    const inbox = await deps.db.selectFrom('inbox').selectAll().where('shop_id', '=', shopId).execute();
    expect(inbox.map((i) => i.entity_id).sort()).toEqual(paid.map(String).sort());
    expect(inbox.every((i) => i.event_type === 'order.new' && i.source === 'manual')).toBe(true);
    expect(inbox.map((i) => i.entity_id)).not.toContain(String(unpaid[0]));

    // Twice before the dispatcher ran: the pending rows are not duplicated.
    await run('resendOrdersWorkflow', `resend:${shopId}:${today}:${today}`, { shopId, from: today, to: today });
    expect(await deps.db.selectFrom('inbox').select('id').where('shop_id', '=', shopId).execute()).toHaveLength(4);

    const old = await run('resendOrdersWorkflow', `resend:${shopId}:2020-01-01:2020-01-31`, { shopId, from: '2020-01-01', to: '2020-01-31' });
    expect(old.result).toEqual({ status: 'synced', queued: 0 });
  });
});
