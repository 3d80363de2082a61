// Helpers for integration tests: config for this run, a worker on a private task queue, cleanup.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { parseConfig, type Config } from '../../src/config';
import { createCoreDeps, type CoreDeps } from '../../src/deps';
import { createWorker } from '../../src/worker';

export const REPO_ROOT = path.resolve(__dirname, '../..');

/** Config of this test run (global setup put the database and Temporal address in the env) on a fresh task queue. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return parseConfig({ ...process.env, TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`, ...overrides });
}

export async function temporalClient(config: Config): Promise<Client> {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
}

/** An in-process worker; `stop()` shuts it down and waits. */
export async function startInProcessWorker(config: Config, deps: CoreDeps = createCoreDeps(config, 'test-worker', 5)) {
  const { worker, connection } = await createWorker(config, deps);
  const running = worker.run();
  return {
    deps,
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

/** The real worker entry point as a child process (for kill tests). */
export function spawnWorkerProcess(config: Config, env: Record<string, string> = {}): ChildProcess {
  // `node --import tsx` keeps it one process, so a signal reaches the worker itself (the tsx CLI would be a wrapper).
  return spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src/worker.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
