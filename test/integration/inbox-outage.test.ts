import path from 'node:path';
import { createApiDeps, createApp, type ApiDeps } from '../../src/api/app';
import { SecretBox } from '../../src/crypto';
import { startDispatcher, type Dispatcher } from '../../src/inbox/dispatcher';
import { pendingCount } from '../../src/repositories/inbox';
import { createLogger } from '../../src/logger';
import { webhookUrlFor } from '../../src/repositories/shops';
import { workflowIds } from '../../src/workflows/definitions';
import { startTemporalDevServer, type DevServer } from '../../scripts/lib/temporal-dev';
import { freePort } from '../../scripts/lib/stack';
import { testConfig, waitFor } from '../helpers/stack';
import { createTestShop, executionsOf, fire, freshDatabase, listen } from './inbox-helpers';

/**
 * The dispatcher's Temporal is a dev server of this test's own, on a port where nothing listens yet: webhooks are
 * accepted during the "outage", then the server comes up and every accepted event must get its workflow start.
 */
describe('inbox: Temporal down during a webhook burst', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let deps: ApiDeps;
  let dispatcher: Dispatcher;
  let temporal: DevServer | undefined;
  let port: number;

  beforeAll(async () => {
    fresh = await freshDatabase('outage');
    port = await freePort();
    const config = testConfig({ DATABASE_URL: fresh.url, TEMPORAL_ADDRESS: `127.0.0.1:${port}` });
    deps = createApiDeps(config, { config, db: fresh.db, box: new SecretBox(config.ENCRYPTION_KEY), logger: createLogger('test', 'silent') });
  });

  afterAll(async () => {
    await dispatcher?.stop();
    await deps.temporal.connection.close().catch(() => undefined);
    await temporal?.stop();
    await fresh.drop();
  });

  it('accepts every webhook while Temporal is unreachable and starts every order once it is back', async () => {
    const shop = await createTestShop(deps.db, deps.box);
    const server = await listen(createApp(deps));
    dispatcher = startDispatcher(deps, { startTimeoutMs: 2_000 }); // shorter than the default 5 s: a quicker test
    const orders = Array.from({ length: 300 }, (_, i) => String(7000 + i));
    const base = webhookUrlFor(server.url, shop.shopId, shop.secret);
    try {
      // 300 orders + 60 repeats, while Temporal is down.
      const urls = [...orders, ...orders.slice(0, 60)].map((id) => `${base}&event_type=order.new&order_id=${id}`);
      const figures = await fire(urls, 16);
      expect(figures.statuses.filter((s) => s !== 200)).toEqual([]);

      // The dispatcher keeps trying every row, fails, backs off (capped at 5 s); every row is still pending.
      const inbox = () => deps.db.selectFrom('inbox').selectAll().where('shop_id', '=', shop.shopId).execute();
      await waitFor('every row tried twice', async () => (await inbox()).every((r) => r.dispatch_attempts >= 2), 60_000, 250);
      const during = await inbox();
      expect(during).toHaveLength(300);
      expect(during.every((r) => r.dispatched_at === null && /Temporal unreachable/.test(r.last_error ?? ''))).toBe(true);
      const leaseMs = 30_000; // a row claimed right now waits for its lease, not its backoff
      expect(Math.max(...during.map((r) => r.next_attempt_at.getTime() - Date.now()))).toBeLessThanOrEqual(leaseMs + 500);

      temporal = await startTemporalDevServer({ port, logFile: path.join(process.env.QBFX_TEST_TMP ?? '/tmp', `temporal-outage-${port}.log`) });
      const back = Date.now();
      await waitFor('every row dispatched', async () => (await pendingCount(deps.db)) === 0, 90_000, 200);
      const recoveryMs = Date.now() - back;

      const rows = await deps.db.selectFrom('inbox').selectAll().where('shop_id', '=', shop.shopId).execute();
      expect(rows.map((r) => r.workflow_id).sort()).toEqual(orders.map((o) => workflowIds.order(shop.shopId, o)).sort());
      const runs = await waitFor('all listed', async () => {
        const r = await executionsOf(deps.temporal, shop.shopId, 'order:');
        return r.length >= 300 ? r : undefined;
      }, 30_000, 500);
      expect(new Set(runs.map((r) => r.workflowId)).size).toBe(300);
      expect(runs).toHaveLength(300);
      const attempts = rows.map((r) => r.dispatch_attempts);
      console.log(`outage: 360 webhooks accepted while Temporal was down (${figures.perSecond}/s, p99 ${figures.p99} ms); ` +
        `all 300 orders started ${recoveryMs} ms after Temporal answered; failed attempts per row ` +
        `min ${Math.min(...attempts)} max ${Math.max(...attempts)} mean ${(attempts.reduce((a, b) => a + b, 0) / attempts.length).toFixed(1)}`);
    } finally {
      await server.close();
    }
  });
});
