import { SecretBox } from '../../src/crypto';
import { deleteShopSchedules } from '../../src/schedules';
import { createQuickbutikSim } from '../../sim/quickbutik/app';
import type { CatchupResult } from '../../src/workflows/catchup';
import { spawnWorkerProcess, temporalClient, testConfig, waitFor } from '../helpers/stack';
import { createTestShop, freshDatabase, listen } from './inbox-helpers';

/**
 * Found by the chaos run (bench/chaos.ts): a worker SIGKILLed while the catch-up hand-over ran left that activity
 * "started" until its 10-minute start-to-close timeout, and the schedule (overlap SKIP) skipped every poll of the shop
 * meanwhile — orders whose webhook was dropped waited 10 minutes. With a heartbeat timeout another worker takes over
 * within seconds.
 */
describe('catch-up after a worker crash (real worker processes + Temporal + PostgreSQL)', () => {
  it('a hand-over interrupted by SIGKILL is retried on another worker within a minute', async () => {
    const fresh = await freshDatabase('catchupcrash');
    const qb = createQuickbutikSim();
    const simServer = await listen(qb.app);
    const config = testConfig({ DATABASE_URL: fresh.url, QUICKBUTIK_API_URL: simServer.url });
    const client = await temporalClient(config);
    const env = { DATABASE_URL: fresh.url, QUICKBUTIK_API_URL: simServer.url };
    const workers: ReturnType<typeof spawnWorkerProcess>[] = [];
    let shopId = '';
    try {
      const shop = await createTestShop(fresh.db, new SecretBox(config.ENCRYPTION_KEY), { apiKey: 'crash-key' });
      shopId = shop.shopId;
      qb.sim.createShop({ shopId, apiKey: 'crash-key' }); // no webhook URL: the paid order is only found by the poll
      const [orderId] = qb.sim.generateOrders(shopId, { count: 1, pay: true });
      // Quickbutik answers 429 for now: the hand-over stays in flight (retrying inside the activity).
      qb.sim.faults.add({ shopId, kind: 'error429', rate: 1 });

      workers.push(spawnWorkerProcess(config, env));
      const handle = await client.workflow.start('catchupWorkflow', {
        taskQueue: config.TEMPORAL_TASK_QUEUE, workflowId: `catchup-crash-${shopId}`, args: [{ shopId }],
      });
      await waitFor('hand-over running', async () => (await handle.describe()).raw.pendingActivities?.some(
        (a) => a.activityType?.name === 'catchupHandOver' && a.lastStartedTime), 60_000);
      workers[0]!.kill('SIGKILL');
      await new Promise((r) => workers[0]!.once('exit', r));

      qb.sim.faults.clear({ shopId });
      const killedAt = Date.now();
      workers.push(spawnWorkerProcess(config, env));
      const result = (await handle.result()) as CatchupResult;
      expect(Date.now() - killedAt).toBeLessThan(75_000); // 30 s heartbeat timeout + a worker start; was 10 minutes
      // The order reached the inbox exactly once. Usually through this run; the shop's own schedule (which every
      // worker reconciles at start) may fire on a 5-minute tick meanwhile and hand it over first.
      const rows = await fresh.db.selectFrom('inbox').select(['entity_id', 'source']).where('shop_id', '=', shopId).execute();
      expect(rows).toEqual([{ entity_id: String(orderId), source: 'catchup' }]);
      expect(result.handedOver).toBeLessThanOrEqual(1);
    } finally {
      for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
      if (shopId) await deleteShopSchedules(client, shopId).catch(() => undefined); // the worker reconciles schedules at start
      await client.connection.close();
      await simServer.close();
      qb.sim.close();
      await fresh.drop();
    }
  }, 150_000);
});
