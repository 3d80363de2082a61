import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from './activities';
import { loadConfigOrExit, type Config } from './config';
import { createCoreDeps, type CoreDeps } from './deps';
import { migrateToLatest } from './db/migrate';
import { ensureDatabase } from './db/connection';
import { ensureShopSchedules } from './schedules';
import { createShopRepository } from './repositories/shops';
import { createTemporalClient } from './temporal';

/**
 * Builds a worker for the configured task queue. `workflowBundlePath` (a prebuilt bundle, used by tests and
 * the benchmark) avoids re-bundling the workflow code in every process.
 */
export async function createWorker(config: Config, deps: CoreDeps, extra: Partial<WorkerOptions> = {}) {
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const bundlePath = process.env.QBFX_WORKFLOW_BUNDLE;
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...(bundlePath ? { workflowBundle: { codePath: bundlePath } } : { workflowsPath: require.resolve('./workflows') }),
    activities: createActivities(deps),
    // Bounded so a backlog (hundreds of orders waiting for a tenant's rate budget) cannot grow the worker without
    // limit: evicted workflows replay their short histories when their next task comes.
    maxConcurrentActivityTaskExecutions: 100,
    maxConcurrentWorkflowTaskExecutions: 100,
    maxCachedWorkflows: 300,
    ...extra,
  });
  return { worker, connection };
}

export async function runWorker(config: Config): Promise<void> {
  await ensureDatabase(config.DATABASE_URL);
  const deps = createCoreDeps(config, 'worker', 20);
  await migrateToLatest(deps.db);
  const { worker, connection } = await createWorker(config, deps);
  await reconcileSchedules(config, deps);
  deps.logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, temporal: config.TEMPORAL_ADDRESS }, 'worker started');
  try {
    await worker.run(); // ends on SIGINT/SIGTERM (the SDK installs the handlers)
  } finally {
    await connection.close();
    await deps.db.destroy();
  }
}

/**
 * Every shop's catch-up/stock schedules exist as its settings say (a new Temporal cluster has none; an API that
 * could not reach Temporal when settings changed left them stale). Best effort: a failure is logged, not fatal.
 */
async function reconcileSchedules(config: Config, deps: CoreDeps): Promise<void> {
  const client = createTemporalClient(config);
  try {
    for (const shop of await createShopRepository(deps.db, deps.box).list()) {
      await ensureShopSchedules(client, config, { id: shop.id, settings: shop.settings });
    }
  } catch (err) {
    deps.logger.warn({ err: (err as Error).message }, 'could not reconcile shop schedules');
  } finally {
    await client.connection.close();
  }
}

if (require.main === module) {
  runWorker(loadConfigOrExit()).catch((err) => {
    console.error(`worker failed: ${err?.message ?? err}`);
    process.exit(1);
  });
}
