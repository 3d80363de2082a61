import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_TYPES } from '../../src/workflows/definitions';

export const REPO_ROOT = path.resolve(__dirname, '../..');

/** Finds (or builds) the Temporal CLI through scripts/temporal-bin.sh. */
export function temporalBinary(): string {
  return execFileSync('bash', [path.join(REPO_ROOT, 'scripts/temporal-bin.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

export interface DevServerOptions {
  port: number;
  uiPort?: number; // omitted → headless
  dbFile?: string; // omitted → in memory
  logFile?: string;
}
export interface DevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `temporal server start-dev` with the design's search attributes and waits until it answers. */
export async function startTemporalDevServer(opts: DevServerOptions): Promise<DevServer> {
  const bin = temporalBinary();
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--log-level', 'error'];
  if (opts.uiPort) args.push('--ui-port', String(opts.uiPort));
  else args.push('--headless');
  if (opts.dbFile) {
    mkdirSync(path.dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile);
  }
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTE_TYPES)) args.push('--search-attribute', `${name}=${type}`);
  // Generous limits for many concurrent order workflows on one dev server.
  args.push('--dynamic-config-value', 'frontend.namespaceRPS=10000');
  args.push('--dynamic-config-value', 'frontend.namespaceCount=10000');
  const out = opts.logFile ? openSync(opts.logFile, 'a') : 'ignore';
  const child = spawn(bin, args, { stdio: ['ignore', out, out], detached: false });
  const address = `127.0.0.1:${opts.port}`;
  let exited = false;
  child.on('exit', () => (exited = true));
  await waitForTemporal(address, 60_000, () => exited);
  return {
    address,
    uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : undefined,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

export async function waitForTemporal(address: string, timeoutMs: number, gaveUp: () => boolean = () => false) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gaveUp()) throw new Error(`Temporal dev server on ${address} exited during start-up`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`Temporal at ${address} did not answer within ${timeoutMs} ms: ${err}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}
