import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from './activities';
import { loadConfigOrExit, type Config } from './config';
import { createCoreDeps, type CoreDeps } from './deps';
import { migrateToLatest } from './db/migrate';
import { ensureDatabase } from './db/connection';

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
    maxConcurrentActivityTaskExecutions: 200,
    maxConcurrentWorkflowTaskExecutions: 100,
    ...extra,
  });
  return { worker, connection };
}

export async function runWorker(config: Config): Promise<void> {
  await ensureDatabase(config.DATABASE_URL);
  const deps = createCoreDeps(config, 'worker', 20);
  await migrateToLatest(deps.db);
  const { worker, connection } = await createWorker(config, deps);
  deps.logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, temporal: config.TEMPORAL_ADDRESS }, 'worker started');
  try {
    await worker.run(); // ends on SIGINT/SIGTERM (the SDK installs the handlers)
  } finally {
    await connection.close();
    await deps.db.destroy();
  }
}

if (require.main === module) {
  runWorker(loadConfigOrExit()).catch((err) => {
    console.error(`worker failed: ${err?.message ?? err}`);
    process.exit(1);
  });
}
