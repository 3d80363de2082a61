// The whole local stack as real processes: Temporal dev server, both simulators, the API and N workers.
// Used by the demo, the benchmark and the chaos run (which kills and restarts pieces of it).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { ensureDatabase, dropDatabase } from '../../src/db/connection';
import { REPO_ROOT, startTemporalDevServer, temporalBinary, type DevServer } from './temporal-dev';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface StackOptions {
  /** Folder for logs, the Temporal SQLite file and the workflow bundle. */
  dataDir: string;
  databaseUrl: string;
  freshDatabase?: boolean;
  temporalPort?: number;
  temporalUiPort?: number; // omitted → headless
  temporalDbFile?: boolean; // persist Temporal to SQLite (needed to survive a Temporal restart)
  apiPort?: number;
  fortnoxPort?: number;
  quickbutikPort?: number;
  workers?: number;
  /** Fortnox simulator rate limit, e.g. "25/5000" or "off". */
  fortnoxRateLimit?: string;
  env?: Record<string, string>;
  logLevel?: string;
}

export interface Proc {
  name: string;
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
}

export interface Stack {
  apiUrl: string;
  fortnoxUrl: string;
  quickbutikUrl: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  env: Record<string, string>;
  workers: Proc[];
  api: Proc;
  temporal: DevServer;
  startWorker(): Proc;
  restartTemporal(): Promise<void>;
  stop(): Promise<void>;
}

const tsxArgs = (file: string) => ['--import', 'tsx', path.join(REPO_ROOT, file)];

function launch(name: string, args: string[], env: Record<string, string>, logDir: string): Proc {
  const out = openSync(path.join(logDir, `${name}.log`), 'a');
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, child, exited };
}

export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function stopProc(p: Proc, signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill(signal);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
  await p.exited;
  clearTimeout(timer);
}

export async function startStack(o: StackOptions): Promise<Stack> {
  const logDir = path.join(o.dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  process.env.TEMPORAL_CLI_PATH ??= temporalBinary();

  if (o.freshDatabase) await dropDatabase(o.databaseUrl).catch(() => undefined);
  await ensureDatabase(o.databaseUrl);

  const temporalPort = o.temporalPort ?? (await freePort());
  const temporalOpts = {
    port: temporalPort,
    uiPort: o.temporalUiPort,
    dbFile: o.temporalDbFile ? path.join(o.dataDir, 'temporal.sqlite') : undefined,
    logFile: path.join(logDir, 'temporal.log'),
  };
  const [temporal, apiPort, fortnoxPort, quickbutikPort, bundle] = await Promise.all([
    startTemporalDevServer(temporalOpts),
    o.apiPort ?? freePort(),
    o.fortnoxPort ?? freePort(),
    o.quickbutikPort ?? freePort(),
    bundleWorkflowCode({ workflowsPath: path.join(REPO_ROOT, 'src/workflows'), logger: quietLogger }),
  ]);
  const bundlePath = path.join(o.dataDir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);

  const fortnoxUrl = `http://127.0.0.1:${fortnoxPort}`;
  const quickbutikUrl = `http://127.0.0.1:${quickbutikPort}`;
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const env: Record<string, string> = {
    DATABASE_URL: o.databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    FORTNOX_API_URL: fortnoxUrl,
    FORTNOX_AUTH_URL: fortnoxUrl,
    QUICKBUTIK_API_URL: quickbutikUrl,
    IMAGE_DEV_HOSTS: '127.0.0.1', // the simulator's product images (http, this machine); never set in production
    PORT: String(apiPort),
    PUBLIC_URL: apiUrl,
    QBFX_WORKFLOW_BUNDLE: bundlePath,
    LOG_LEVEL: o.logLevel ?? 'info',
    ...(o.temporalUiPort ? { TEMPORAL_UI_URL: `http://127.0.0.1:${o.temporalUiPort}` } : {}),
    ...o.env,
  };

  const fortnox = launch('fortnox-sim', [...tsxArgs('sim/fortnox/cli.ts'), '--port', String(fortnoxPort), '--rate-limit', o.fortnoxRateLimit ?? '25/5000'], env, logDir);
  const quickbutik = launch('quickbutik-sim', [...tsxArgs('sim/quickbutik/cli.ts'), '--port', String(quickbutikPort)], env, logDir);
  await Promise.all([waitForHttp(`${fortnoxUrl}/__sim/tenants`), waitForHttp(`${quickbutikUrl}/__sim/shops`)]);

  const api = launch('api', tsxArgs('src/api/server.ts'), env, logDir);
  await waitForHttp(`${apiUrl}/health`); // the API runs the migrations before it listens
  let seq = 0;
  const startWorker = () => launch(`worker-${++seq}`, tsxArgs('src/worker.ts'), env, logDir);
  const workers = Array.from({ length: o.workers ?? 1 }, startWorker);

  const stack: Stack = {
    apiUrl,
    fortnoxUrl,
    quickbutikUrl,
    temporalAddress: temporal.address,
    temporalUiUrl: temporal.uiUrl,
    env,
    workers,
    api,
    temporal,
    startWorker() {
      const w = startWorker();
      stack.workers.push(w);
      return w;
    },
    async restartTemporal() {
      await stack.temporal.stop();
      stack.temporal = await startTemporalDevServer(temporalOpts);
    },
    async stop() {
      await Promise.all([...stack.workers, stack.api].map((p) => stopProc(p)));
      await Promise.all([stopProc(fortnox), stopProc(quickbutik)]);
      await stack.temporal.stop();
    },
  };
  return stack;
}

const quietLogger = { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } as never;
