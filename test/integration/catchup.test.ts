import { randomUUID } from 'node:crypto';
import { ScheduleNotFoundError, ScheduleOverlapPolicy, WorkflowFailedError } from '@temporalio/client';
import { createApiDeps, createApp, type ApiDeps } from '../../src/api/app';
import { SecretBox } from '../../src/crypto';
import { createCoreDeps } from '../../src/deps';
import { startDispatcher, type Dispatcher } from '../../src/inbox/dispatcher';
import { pendingCount } from '../../src/repositories/inbox';
import { createLogger } from '../../src/logger';
import { deleteShopSchedules, ensureShopSchedules } from '../../src/schedules';
import { webhookUrlFor } from '../../src/repositories/shops';
import { workflowIds } from '../../src/workflows/definitions';
import type { CatchupResult } from '../../src/workflows/catchup';
import { createQuickbutikSim, type QuickbutikSim } from '../../sim/quickbutik/app';
import { startInProcessWorker, testConfig, waitFor } from '../helpers/stack';
import { createTestShop, executionsOf, freshDatabase, listen, terminateAll } from './inbox-helpers';

/**
 * Simulator → webhooks (10 % dropped) → our API → inbox → dispatcher; then the catch-up workflow on a real worker
 * finds what the webhooks missed. Order workflows are started on a queue no worker polls: the test is about starts.
 */
describe('catch-up poll (simulator + real Temporal worker + PostgreSQL)', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let deps: ApiDeps;
  let sim: QuickbutikSim;
  let closers: (() => Promise<unknown>)[] = [];
  let apiUrl: string;
  let dispatcher: Dispatcher;
  let config: ReturnType<typeof testConfig>;
  const shops: string[] = [];

  beforeAll(async () => {
    fresh = await freshDatabase('catchup');
    const qb = createQuickbutikSim();
    sim = qb.sim;
    const simServer = await listen(qb.app);
    config = testConfig({ DATABASE_URL: fresh.url, QUICKBUTIK_API_URL: simServer.url });
    const core = { config, db: fresh.db, box: new SecretBox(config.ENCRYPTION_KEY), logger: createLogger('test', 'silent') };
    deps = createApiDeps(config, core);
    const apiServer = await listen(createApp(deps));
    apiUrl = apiServer.url;
    dispatcher = startDispatcher({ ...deps, config: { ...config, TEMPORAL_TASK_QUEUE: `orders-${randomUUID()}` } });
    const worker = await startInProcessWorker(config, createCoreDeps(config, 'test-worker', 3));
    closers = [() => worker.stop(), () => dispatcher.stop(), () => apiServer.close(), async () => sim.close(), () => simServer.close()];
  });

  afterAll(async () => {
    for (const close of closers) await close().catch(() => undefined);
    for (const id of shops) await terminateAll(deps.temporal, id).catch(() => undefined);
    await deps.temporal.connection.close();
    await fresh.drop();
  });

  async function connectedShop(opts: { simKey?: string } = {}) {
    const apiKey = `qb-${randomUUID()}`;
    const shop = await createTestShop(deps.db, deps.box, { apiKey });
    sim.createShop({ shopId: shop.shopId, apiKey: opts.simKey ?? apiKey, webhookUrl: webhookUrlFor(apiUrl, shop.shopId, shop.secret) });
    shops.push(shop.shopId);
    return shop;
  }

  const runCatchup = (shopId: string) =>
    deps.temporal.workflow.execute('catchupWorkflow', {
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowId: `${workflowIds.catchup(shopId)}-test-${randomUUID().slice(0, 6)}`,
      args: [{ shopId }],
    }) as Promise<CatchupResult>;

  const orderNewRows = (shopId: string) =>
    deps.db.selectFrom('inbox').selectAll().where('shop_id', '=', shopId).where('event_type', '=', 'order.new').execute();

  it('with 10 % of webhooks dropped, the catch-up poll hands over 100 % of the paid orders', async () => {
    const { shopId } = await connectedShop();
    sim.faults.add({ shopId, kind: 'dropWebhooks', rate: 0.1 });
    const orderIds = sim.generateOrders(shopId, { count: 200, pay: true, seed: 11 }).map(String);
    await sim.idle();
    const dropped = sim.webhookLog(shopId).filter((w) => w.outcome === 'dropped').map((w) => w.id);
    expect(dropped.length).toBeGreaterThan(5);
    await waitFor('webhooks dispatched', async () => (await pendingCount(deps.db)) === 0, 30_000);
    const viaWebhook = await orderNewRows(shopId);
    expect(viaWebhook).toHaveLength(200 - dropped.length);

    const result = await runCatchup(shopId);
    expect(result).toMatchObject({ firstRun: true, listed: 200, paid: 200, handedOver: dropped.length });
    expect(result.untilUnix - result.fromUnix).toBe(24 * 3600); // first run: one day back

    const rows = await orderNewRows(shopId);
    expect(new Set(rows.map((r) => r.entity_id))).toEqual(new Set(orderIds));
    expect(rows.filter((r) => r.source === 'catchup').map((r) => r.entity_id).sort()).toEqual([...dropped].sort());
    await waitFor('catch-up rows dispatched', async () => (await pendingCount(deps.db)) === 0, 30_000);
    const started = await waitFor('every order started', async () => {
      const r = await executionsOf(deps.temporal, shopId, 'order:');
      return r.length >= 200 ? r : undefined;
    }, 30_000, 500);
    expect(new Set(started.map((r) => r.workflowId))).toEqual(new Set(orderIds.map((o) => workflowIds.order(shopId, o))));
    expect(started).toHaveLength(200);

    const cursor = await deps.db.selectFrom('catchup_cursors').select('cursor').where('shop_id', '=', shopId).executeTakeFirstOrThrow();
    expect(Number(cursor.cursor)).toBe(result.untilUnix);
    const log = await deps.db.selectFrom('sync_log').selectAll().where('shop_id', '=', shopId).where('entity_type', '=', 'catchup').execute();
    expect(log[0]!.message_en).toMatch(new RegExp(`found ${dropped.length} paid orders no webhook announced`));
    console.log(`catch-up: 200 paid orders, ${dropped.length} webhooks dropped, ${result.handedOver} handed over by the poll → 200/200 started`);

    // The next run starts at the cursor minus the overlap and finds nothing new to hand over.
    const second = await runCatchup(shopId);
    expect(second).toMatchObject({ firstRun: false, fromUnix: Number(cursor.cursor) - 600, handedOver: 0, paid: 200 });
  });

  it('skips synced orders and unpaid ones', async () => {
    const { shopId } = await connectedShop();
    sim.faults.add({ shopId, kind: 'dropWebhooks', rate: 1 });
    const [a, b, c] = sim.generateOrders(shopId, { count: 3, pay: true, seed: 3 }).map(String);
    sim.generateOrders(shopId, { count: 2, pay: false, seed: 4 }); // unpaid: no webhook, nothing to sync
    await sim.idle();
    await deps.db
      .insertInto('order_documents')
      .values({ shop_id: shopId, order_id: a!, state: 'created', document_type: 'invoice', reference: `qb:${shopId}:${a}`, document_number: '1' })
      .execute();
    const result = await runCatchup(shopId);
    expect(result).toMatchObject({ listed: 5, paid: 3, handedOver: 2 });
    expect((await orderNewRows(shopId)).map((r) => r.entity_id).sort()).toEqual([b, c].sort());
  });

  it('a rejected API key fails the run without moving the cursor, and tells support why', async () => {
    const { shopId } = await connectedShop({ simKey: `other-${randomUUID()}` });
    const err = await runCatchup(shopId).catch((e) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect(String(err.cause?.cause?.type ?? err.cause?.type)).toBe('Quickbutik.auth');
    expect(await deps.db.selectFrom('catchup_cursors').selectAll().where('shop_id', '=', shopId).execute()).toEqual([]);
    const log = await deps.db.selectFrom('sync_log').selectAll().where('shop_id', '=', shopId).execute();
    expect(log.map((l) => [l.entity_type, l.outcome, l.error_code])).toEqual([['catchup', 'failed', 'QUICKBUTIK_AUTH_FAILED']]);
  });

  it('ensureShopSchedules creates, updates and removes the per-shop schedules; a tick runs catchupWorkflow', async () => {
    const { shopId } = await connectedShop();
    const client = deps.temporal;
    const catchupHandle = client.schedule.getHandle(workflowIds.catchupSchedule(shopId));
    const stockHandle = client.schedule.getHandle(workflowIds.stockSchedule(shopId));
    const gone = (h: typeof stockHandle) => h.describe().then(() => false, (e) => e instanceof ScheduleNotFoundError);
    try {
      await ensureShopSchedules(client, config, { id: shopId, settings: { catchupIntervalMinutes: 5, stockMaster: 'none', stockIntervalMinutes: 10 } });
      let d = await catchupHandle.describe();
      expect(d.spec.intervals?.[0]?.every).toBe(5 * 60_000);
      expect(d.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
      expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: 'catchupWorkflow', workflowId: workflowIds.catchup(shopId), taskQueue: config.TEMPORAL_TASK_QUEUE, args: [{ shopId }] });
      expect(await gone(stockHandle)).toBe(true);

      await ensureShopSchedules(client, config, { id: shopId, settings: { catchupIntervalMinutes: 3, stockMaster: 'fortnox', stockIntervalMinutes: 7 } });
      d = await catchupHandle.describe();
      expect(d.spec.intervals?.[0]?.every).toBe(3 * 60_000);
      const s = await stockHandle.describe();
      expect(s.spec.intervals?.[0]?.every).toBe(7 * 60_000);
      expect(s.action).toMatchObject({ workflowType: 'stockSyncWorkflow', workflowId: workflowIds.stock(shopId), args: [{ shopId }] });

      // A tick (triggered now) runs the catch-up on the worker; Temporal suffixes the run's id with the tick time.
      await catchupHandle.trigger();
      const run = await waitFor('scheduled catch-up listed', async () => (await executionsOf(client, shopId, `${workflowIds.catchup(shopId)}-`))[0], 20_000, 300);
      expect(run.type).toBe('catchupWorkflow');
      const done = await client.workflow.getHandle(run.workflowId).result();
      expect(done).toMatchObject({ shopId, firstRun: true, handedOver: 0 });

      await ensureShopSchedules(client, config, { id: shopId, settings: { catchupIntervalMinutes: 3, stockMaster: 'none', stockIntervalMinutes: 7 } });
      expect(await gone(stockHandle)).toBe(true);
      expect(await gone(catchupHandle)).toBe(false);
    } finally {
      await deleteShopSchedules(client, shopId);
    }
    expect(await gone(catchupHandle)).toBe(true);
    await deleteShopSchedules(client, shopId); // idempotent
  });
});
