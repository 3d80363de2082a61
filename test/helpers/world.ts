// Both simulators in-process, plus a shop connected to a Fortnox tenant through the real OAuth flow.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFortnoxSim } from '../../sim/fortnox/app';
import type { FortnoxSim } from '../../sim/fortnox/sim';
import { createQuickbutikSim } from '../../sim/quickbutik/app';
import type { QuickbutikSim } from '../../sim/quickbutik/sim';
import type { Config } from '../../src/config';
import type { ShopSettingsInput } from '../../src/domain/settings';
import { createFortnoxClient } from '../../src/fortnox';
import { createCoreDeps, type CoreDeps } from '../../src/deps';
import type { Client } from '@temporalio/client';
import { startInProcessWorker, temporalClient, testConfig } from './stack';
import { createShopRepository } from '../../src/repositories/shops';

export interface Sims {
  fortnox: FortnoxSim;
  quickbutik: QuickbutikSim;
  fortnoxUrl: string;
  quickbutikUrl: string;
  close(): Promise<void>;
}

const listen = (app: import('express').Express) =>
  new Promise<{ server: Server; url: string }>((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });

export async function startSims(opts: { rateLimit?: false | { limit: number; windowMs: number } } = {}): Promise<Sims> {
  const f = createFortnoxSim();
  const q = createQuickbutikSim();
  if (opts.rateLimit !== undefined) f.sim.setConfig({ rateLimit: opts.rateLimit });
  const [fx, qb] = await Promise.all([listen(f.app), listen(q.app)]);
  return {
    fortnox: f.sim,
    quickbutik: q.sim,
    fortnoxUrl: fx.url,
    quickbutikUrl: qb.url,
    async close() {
      q.sim.close();
      await Promise.all([fx, qb].map(({ server }) => new Promise((r) => { server.closeAllConnections(); server.close(r); })));
    },
  };
}

/** Config pointing both APIs at the simulators. */
export const simConfig = (config: Config, sims: Sims): Config => ({
  ...config,
  FORTNOX_API_URL: sims.fortnoxUrl,
  FORTNOX_AUTH_URL: sims.fortnoxUrl,
  QUICKBUTIK_API_URL: `${sims.quickbutikUrl}`,
  // The Quickbutik simulator serves product images over http on this machine: allowed here, never in production.
  IMAGE_DEV_HOSTS: '127.0.0.1',
});

/**
 * A shop in our database and in the Quickbutik simulator, connected to a Fortnox simulator tenant through the
 * OAuth flow (authorize → redirect with code → token exchange). Returns the tenant id.
 */
export async function createConnectedShop(
  deps: Pick<CoreDeps, 'db' | 'box' | 'config'>,
  sims: Sims,
  shopId: string,
  settings: ShopSettingsInput = {},
  tenant: { lager?: boolean; currencies?: string[]; costCenters?: string[]; lockedUntil?: string } = {},
): Promise<{ tenantId: string; apiKey: string }> {
  const apiKey = `qb-key-${shopId}`;
  sims.quickbutik.createShop({ shopId, apiKey });
  await createShopRepository(deps.db, deps.box).create({ id: shopId, name: `Shop ${shopId}`, quickbutikApiKey: apiKey, settings });
  const tenantId = sims.fortnox.createTenant({ tenantId: `t-${shopId}`, ...tenant }).id;
  await connectFortnox(deps, shopId, tenantId);
  return { tenantId, apiKey };
}

export async function connectFortnox(deps: Pick<CoreDeps, 'db' | 'box' | 'config'>, shopId: string, tenantId: string) {
  const client = createFortnoxClient({ db: deps.db, box: deps.box, config: deps.config });
  const authorize = await client.oauth.buildAuthorizeUrl(shopId, { tenant: tenantId });
  const res = await fetch(authorize, { redirect: 'manual' });
  const location = new URL(res.headers.get('location') ?? '');
  await client.oauth.completeAuthorization(location.searchParams.get('code')!, location.searchParams.get('state')!);
}

export interface World {
  sims: Sims;
  config: Config;
  deps: CoreDeps;
  client: Client;
  stop(): Promise<void>;
}

/**
 * Both simulators, a config pointing at them on a fresh task queue, database deps, a Temporal client and an
 * in-process worker. `stop()` also terminates the workflows a test left parked on the shared dev server.
 */
export async function startWorld(opts: Parameters<typeof startSims>[0] = {}): Promise<World> {
  const sims = await startSims(opts);
  const config = simConfig(testConfig(), sims);
  const deps = createCoreDeps(config, 'test', 5);
  const client = await temporalClient(config);
  const worker = await startInProcessWorker(config);
  return {
    sims, config, deps, client,
    async stop() {
      for await (const w of client.workflow.list({ query: `ExecutionStatus = "Running" AND TaskQueue = "${config.TEMPORAL_TASK_QUEUE}"` })) {
        await client.workflow.getHandle(w.workflowId).terminate('test done').catch(() => undefined);
      }
      await worker.stop();
      await client.connection.close();
      await deps.db.destroy();
      await sims.close();
    },
  };
}
