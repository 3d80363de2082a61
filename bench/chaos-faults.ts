// The faults the chaos run injects, each recorded on the timeline: simulator faults (Fortnox 5xx, commit-then-timeout,
// 429 bursts; Quickbutik dropped and duplicated webhooks), and real outages (Temporal dev server restart on the same
// port and SQLite file, PostgreSQL cluster restart). After each outage the run checks that the API and the workers
// found their way back by themselves.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import type { Stack } from '../scripts/lib/stack';
import type { Supervisor } from './chaos-supervisor';
import { del, http, post, waitUntil, type Timeline } from './chaos-timeline';

const run = promisify(execFile);

// ---------------------------------------------------------------------------------------------- simulator faults

export const QUICKBUTIK_FAULTS = [
  { kind: 'dropWebhooks', rate: 0.1 },
  { kind: 'duplicateWebhooks', rate: 0.2 },
] as const;

/** Fortnox faults for every tenant while the chaos lasts (429 bursts come separately, see burst429). */
export const FORTNOX_FAULTS = [
  // A 5xx (nothing written) on any API call, JSON and HTML flavours.
  { kind: 'error5xx', rate: 0.04 },
  { kind: 'html', rate: 0.01, status: 503 },
  // The write happens, the answer never comes: the case that creates duplicates if anything does.
  { kind: 'commitThenTimeout', rate: 0.1, match: '^POST /3/(invoices|orders)$' },
  { kind: 'commitThenTimeout', rate: 0.05, match: '^POST /3/customers$' },
  { kind: 'commitThenTimeout', rate: 0.1, match: '^PUT /3/invoices/[^/]+/bookkeep$' },
  { kind: 'commitThenTimeout', rate: 0.05, match: '^(POST|PUT) /3/articles' },
  // Fortnox slower than our 30 s timeout: the client gives up, the document is written 40 s after it was sent.
  { kind: 'slow', rate: 0.02, delayMs: 40_000, match: '^POST /3/(invoices|orders)$' },
] as const;

export async function startSimulatorFaults(stack: Stack, timeline: Timeline): Promise<void> {
  for (const f of QUICKBUTIK_FAULTS) await post(`${stack.quickbutikUrl}/__sim/faults`, f);
  timeline.record('quickbutik-faults-on', { faults: QUICKBUTIK_FAULTS.map((f) => `${f.kind} ${f.rate * 100} %`) });
  for (const f of FORTNOX_FAULTS) await post(`${stack.fortnoxUrl}/__sim/faults`, f);
  timeline.record('fortnox-faults-on', {
    faults: FORTNOX_FAULTS.map((f) => `${f.kind} ${f.rate * 100} %${'delayMs' in f ? ` ${f.delayMs} ms` : ''}${'match' in f ? ` ${f.match}` : ''}`),
  });
}

/** The next `count` requests of the tenant get 429 (on top of the real rate limit). */
export async function burst429(stack: Stack, timeline: Timeline, tenantId: string, count: number): Promise<void> {
  await post(`${stack.fortnoxUrl}/__sim/faults`, { kind: 'burst429', tenantId, count });
  timeline.record('fortnox-burst429', { tenantId, count });
}

export async function stopQuickbutikFaults(stack: Stack, timeline: Timeline): Promise<void> {
  await del(`${stack.quickbutikUrl}/__sim/faults`);
  timeline.record('quickbutik-faults-off');
}

export async function stopFortnoxFaults(stack: Stack, timeline: Timeline): Promise<Array<{ kind: string; match?: string; fired: number }>> {
  const fired = await http<Array<{ kind: string; match?: string; tenantId?: string; fired: number }>>(`${stack.fortnoxUrl}/__sim/faults`);
  await del(`${stack.fortnoxUrl}/__sim/faults`);
  timeline.record('fortnox-faults-off');
  return fired;
}

// ---------------------------------------------------------------------------------------------- reconnect checks

/** Identities of the processes polling the task queue (workflow and activity pollers), as Temporal sees them now. */
async function pollerIdentities(address: string, taskQueue: string): Promise<Set<string>> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    const ids = new Set<string>();
    for (const taskQueueType of [1, 2]) { // WORKFLOW, ACTIVITY
      const r = await connection.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, taskQueueType });
      for (const p of r.pollers ?? []) if (p.identity) ids.add(`${taskQueueType}:${p.identity}`);
    }
    return ids;
  } finally {
    await connection.close();
  }
}

/**
 * Waits until every live worker polls the task queue again (worker identity = `<pid>@<host>`). Seen on either the
 * workflow or the activity queue counts: a worker whose activity slots are all taken (calls waiting for Fortnox
 * budget) rightly does not poll for more activities until one finishes.
 */
async function workersPolling(stack: Stack, supervisor: Supervisor, timeoutMs: number) {
  const taskQueue = stack.env.TEMPORAL_TASK_QUEUE ?? 'qbfx';
  const host = os.hostname();
  const started = Date.now();
  const firstSeen: Record<string, { workflowMs?: number; activityMs?: number }> = {};
  let missing: string[] = [];
  const ms = await waitUntil(async () => {
    const seen = await pollerIdentities(stack.temporalAddress, taskQueue);
    const live = supervisor.liveWorkers();
    for (const w of live) {
      const f = (firstSeen[w.name] ??= {});
      if (f.workflowMs === undefined && seen.has(`1:${w.child.pid}@${host}`)) f.workflowMs = Date.now() - started;
      if (f.activityMs === undefined && seen.has(`2:${w.child.pid}@${host}`)) f.activityMs = Date.now() - started;
    }
    missing = live.filter((w) => firstSeen[w.name]?.workflowMs === undefined && firstSeen[w.name]?.activityMs === undefined).map((w) => w.name);
    return missing.length === 0;
  }, timeoutMs, 500);
  return { ms, missing, firstSeen };
}

/** The API answers /ready with PostgreSQL and Temporal both up. */
async function apiReady(stack: Stack, timeoutMs: number) {
  return waitUntil(async () => (await fetch(`${stack.apiUrl}/ready`, { signal: AbortSignal.timeout(3000) })).status === 200, timeoutMs, 500);
}

// ---------------------------------------------------------------------------------------------- Temporal restart

export interface TemporalRestart {
  happened: boolean;
  /** From stopping the old server to the new one answering. */
  downMs?: number;
  /** After the new server answered: until the API's /ready said Temporal is up again. */
  apiReconnectedAfterMs?: number | null;
  /** After the new server answered: until every live worker polled its queues again (null: not within the timeout). */
  workersPollingAfterMs?: number | null;
  workersNotPolling?: string[];
  /** Per worker: ms after the new server answered until it was first seen polling the workflow / activity queue. */
  workersFirstSeen?: Record<string, { workflowMs?: number; activityMs?: number }>;
}

export async function restartTemporal(stack: Stack, supervisor: Supervisor, timeline: Timeline, reconnectTimeoutMs = 90_000): Promise<TemporalRestart> {
  timeline.record('temporal-stopping');
  const started = Date.now();
  await stack.restartTemporal();
  const downMs = Date.now() - started;
  timeline.record('temporal-up-again', { downMs });
  const [api, workers] = await Promise.all([apiReady(stack, reconnectTimeoutMs), workersPolling(stack, supervisor, reconnectTimeoutMs)]);
  const result: TemporalRestart = {
    happened: true, downMs, apiReconnectedAfterMs: api, workersPollingAfterMs: workers.ms, workersNotPolling: workers.missing, workersFirstSeen: workers.firstSeen,
  };
  timeline.record(workers.ms === null || api === null ? 'temporal-reconnect-INCOMPLETE' : 'temporal-reconnected', {
    apiMs: api, workersMs: workers.ms, ...(workers.missing.length ? { notPolling: workers.missing } : {}),
  });
  return result;
}

// ---------------------------------------------------------------------------------------------- PostgreSQL restart

export interface PgRestart {
  requested: boolean;
  happened: boolean;
  skippedReason?: string;
  command?: string;
  durationMs?: number;
  /** After the restart command returned: until the API's /ready said PostgreSQL is up again. */
  apiReadyAfterMs?: number | null;
  error?: string;
}

/** The local cluster's version folder in /etc/postgresql, or a reason why the restart cannot be done here. */
function localCluster(databaseUrl: string): { version: string } | { reason: string } {
  const host = new URL(databaseUrl).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) return { reason: `DATABASE_URL points at ${host}, not a local cluster` };
  if (!existsSync('/etc/postgresql')) return { reason: 'no /etc/postgresql (not a Debian/Ubuntu cluster)' };
  const versions = readdirSync('/etc/postgresql').filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(a) - Number(b));
  if (versions.length === 0) return { reason: 'no cluster version under /etc/postgresql' };
  return { version: versions[versions.length - 1]! };
}

export function pgRestartPlan(databaseUrl: string, enabled: boolean): PgRestart {
  if (!enabled) return { requested: false, happened: false, skippedReason: 'disabled (--no-pg-restart or CHAOS_PG_RESTART=0)' };
  const cluster = localCluster(databaseUrl);
  if ('reason' in cluster) return { requested: true, happened: false, skippedReason: cluster.reason };
  return { requested: true, happened: false, command: `pg_ctlcluster --skip-systemctl-redirect ${cluster.version} main restart` };
}

export async function restartPostgres(stack: Stack, plan: PgRestart, timeline: Timeline): Promise<PgRestart> {
  if (!plan.command) {
    timeline.record('postgres-restart-skipped', { reason: plan.skippedReason });
    return plan;
  }
  timeline.record('postgres-restarting', { command: plan.command });
  const started = Date.now();
  const [cmd, ...args] = plan.command.split(' ');
  try {
    await run(cmd!, args, { timeout: 120_000 });
  } catch (err) {
    const error = `${(err as Error).message}`.slice(0, 500);
    timeline.record('postgres-restart-FAILED', { error });
    return { ...plan, happened: false, error };
  }
  const durationMs = Date.now() - started;
  const apiReadyAfterMs = await apiReady(stack, 60_000);
  timeline.record('postgres-up-again', { durationMs, apiReadyAfterMs });
  return { ...plan, happened: true, durationMs, apiReadyAfterMs };
}
