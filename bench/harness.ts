// The benchmark's shared machinery: one fresh stack per scenario, shop set-up the way a merchant does it (our API,
// then Quickbutik, then Fortnox through OAuth), warm-up passes, waiting for orders, and the figures computed from
// what the database and the simulators recorded.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Db } from '../src/db/connection';
import type { Database } from '../src/db/database';
import { startStack, stopProc, waitForHttp, type Proc, type Stack } from '../scripts/lib/stack';
import { REPO_ROOT } from '../scripts/lib/temporal-dev';
import { childPidsMatching, ProcSampler, type CpuReport, type WatchedProc } from './procstat';

export const ADMIN_KEY = process.env.ADMIN_API_KEY ?? 'dev-admin-key-change-me';
const BENCH_APP = 'qbfx-bench';
/** Fortnox's real limit, as the simulator enforces it by default. */
export const RATE = { limit: 25, windowMs: 5000 } as const;

export interface BenchOptions {
  quick: boolean;
  workers: number;
  logLevel: string;
  databaseUrl: string;
  cpuProf: boolean;
  dataRoot: string;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** Progress on one line (overwritten), and lines that stay. */
export const log = {
  line(s: string) {
    process.stdout.write(`\r\x1b[K${s}\n`);
  },
  progress(s: string) {
    if (process.stdout.isTTY) process.stdout.write(`\r\x1b[K${s}`);
  },
};

export async function http<T = any>(
  method: string,
  url: string,
  body?: unknown,
  opts: { expect?: number[]; headers?: Record<string, string> } = {},
): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${ADMIN_KEY}`, ...(opts.headers ?? {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!(opts.expect ?? [200, 201, 202, 204]).includes(res.status)) {
    throw new Error(`${method} ${url} → ${res.status}: ${text.slice(0, 300)}`);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

// ---------------------------------------------------------------------------------------------------- the stack

/** One scenario's world: a fresh database, its own Temporal, simulators, API and workers, and the samplers. */
export class ScenarioContext {
  private constructor(
    readonly name: string,
    readonly stack: Stack,
    readonly db: Db,
    readonly temporal: Client,
    readonly sampler: ProcSampler,
    readonly dataDir: string,
    /** The PostgreSQL server's max_connections (every database on it shares them). */
    readonly pgMaxConnections: number | null,
  ) {}

  static async start(name: string, o: BenchOptions, s: { fortnoxRateLimit: string; workers?: number }): Promise<ScenarioContext> {
    const dataDir = path.join(o.dataRoot, name);
    const profDir = path.join(dataDir, 'cpu-prof');
    rmSync(dataDir, { recursive: true, force: true }); // logs and profiles of this run only
    const stack = await startStack({
      dataDir,
      databaseUrl: o.databaseUrl,
      freshDatabase: true,
      workers: s.workers ?? o.workers,
      fortnoxRateLimit: s.fortnoxRateLimit,
      logLevel: o.logLevel,
    });
    // V8 CPU profiles (Node refuses --cpu-prof in NODE_OPTIONS): the API and the workers are restarted with the flag,
    // same environment and port; each writes its profile when it exits at the end of the scenario.
    if (o.cpuProf) await relaunchProfiled(stack, profDir, path.join(dataDir, 'logs'));
    // The bench's own pool is named, so its connections are told apart from the stack's.
    const pool = new pg.Pool({ connectionString: stack.env.DATABASE_URL!, max: 4, application_name: BENCH_APP });
    pool.on('error', () => undefined);
    const db: Db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const connection = await Connection.connect({ address: stack.temporalAddress });
    const temporal = new Client({ connection });
    const sims = {
      'fortnox-sim': childPidsMatching(process.pid, 'sim/fortnox/cli.ts')[0],
      'quickbutik-sim': childPidsMatching(process.pid, 'sim/quickbutik/cli.ts')[0],
    };
    const procs = (): WatchedProc[] => [
      { name: 'api', pid: stack.api.child.pid!, rss: 'api' },
      ...stack.workers.map((w) => ({ name: w.name, pid: w.child.pid!, rss: 'worker' as const })),
      ...(stack.temporal.process.pid ? [{ name: 'temporal', pid: stack.temporal.process.pid }] : []),
      ...Object.entries(sims).filter((e): e is [string, number] => e[1] !== undefined).map(([n, pid]) => ({ name: n, pid })),
      { name: 'bench', pid: process.pid },
    ];
    const pgBackends = async () =>
      (await sql<{ pid: number }>`select pid from pg_stat_activity
        where datname = current_database() and backend_type = 'client backend' and application_name <> ${BENCH_APP}`.execute(db)).rows.map((r) => r.pid);
    const sampler = new ProcSampler(procs, pgBackends).start();
    const maxConn = await sql<{ max_connections: string }>`show max_connections`.execute(db).then((r) => Number(r.rows[0]?.max_connections), () => null);
    return new ScenarioContext(name, stack, db, temporal, sampler, dataDir, maxConn);
  }

  get api() {
    return this.stack.apiUrl;
  }
  get qb() {
    return this.stack.quickbutikUrl;
  }
  get fx() {
    return this.stack.fortnoxUrl;
  }

  /** The pids of the processes (for matching CPU profiles to processes). */
  pids(): Record<number, string> {
    const out: Record<number, string> = { [this.stack.api.child.pid!]: 'api' };
    for (const w of this.stack.workers) out[w.child.pid!] = w.name;
    for (const pid of childPidsMatching(process.pid, 'sim/fortnox/cli.ts')) out[pid] = 'fortnox-sim';
    for (const pid of childPidsMatching(process.pid, 'sim/quickbutik/cli.ts')) out[pid] = 'quickbutik-sim';
    return out;
  }

  async stop(): Promise<void> {
    this.sampler.stop();
    await this.temporal.connection.close().catch(() => undefined);
    await this.db.destroy().catch(() => undefined);
    await this.stack.stop();
  }

  /** Memory and connection figures sampled over the whole scenario (warm-ups included). */
  resources() {
    return {
      rssMaxMBByProcess: Object.fromEntries(Object.entries(this.sampler.rssMaxByProc).map(([k, v]) => [k, round(v, 0)])),
      rssSamples: this.sampler.samples,
      pgConnectionsMax: this.sampler.pgConnectionsMax,
      pgServerMaxConnections: this.pgMaxConnections,
    };
  }

  /** CPU per process over `fn` (and its result). */
  async measureCpu<T>(fn: () => Promise<T>): Promise<{ value: T; cpu: CpuReport }> {
    const a = this.sampler.mark();
    const value = await fn();
    const b = this.sampler.mark();
    return { value, cpu: ProcSampler.report(a, b) };
  }
}

function launchProfiled(name: string, file: string, env: Record<string, string>, profDir: string, logDir: string): Proc {
  mkdirSync(profDir, { recursive: true });
  const out = openSync(path.join(logDir, `${name}.log`), 'a');
  const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--import', 'tsx', path.join(REPO_ROOT, file)], {
    cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', out, out],
  });
  return { name, child, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

async function relaunchProfiled(stack: Stack, profDir: string, logDir: string): Promise<void> {
  await stopProc(stack.api);
  stack.api = launchProfiled('api', 'src/api/server.ts', stack.env, profDir, logDir);
  await waitForHttp(`${stack.apiUrl}/health`);
  for (let i = 0; i < stack.workers.length; i++) {
    const w = stack.workers[i]!;
    await stopProc(w);
    stack.workers[i] = launchProfiled(w.name, 'src/worker.ts', stack.env, profDir, logDir);
  }
}

// ---------------------------------------------------------------------------------------------------- shops

export interface ShopSpec {
  id: string;
  /** Fortnox company (simulator tenant) the shop connects to. */
  tenant: string;
  seed: number;
  products: number;
  customers: number;
  settings?: Record<string, unknown>;
}

export const DEFAULT_SETTINGS = { documentType: 'invoice', syncOrderArticles: true, bookkeep: false } as const;

/** Our API first (it answers with the webhook URL), then the Quickbutik shop with it, its data, then Fortnox OAuth. */
export async function createShop(ctx: ScenarioContext, spec: ShopSpec): Promise<void> {
  const apiKey = `bench-key-${spec.id}`;
  const shop = await http<{ webhookUrl: string }>('POST', `${ctx.api}/shops`, {
    id: spec.id, name: `Benchbutiken ${spec.id}`, quickbutikApiKey: apiKey, settings: { ...DEFAULT_SETTINGS, ...(spec.settings ?? {}) },
  });
  await http('POST', `${ctx.qb}/__sim/shops`, { shopId: spec.id, apiKey, webhookUrl: shop.webhookUrl });
  await http('POST', `${ctx.qb}/__sim/shops/${spec.id}/seed`, { seed: spec.seed, products: spec.products, customers: spec.customers, orders: 0 });
  await connectFortnox(ctx, spec.id, spec.tenant);
}

/** The merchant's click on "Connect Fortnox": our API → Fortnox authorize (the simulator approves) → our callback. */
async function connectFortnox(ctx: ScenarioContext, shopId: string, tenant: string): Promise<void> {
  const toFortnox = await fetch(`${ctx.api}/shops/${shopId}/fortnox/connect?tenant=${encodeURIComponent(tenant)}`, {
    headers: { authorization: `Bearer ${ADMIN_KEY}` }, redirect: 'manual',
  });
  const approved = await fetch(toFortnox.headers.get('location')!, { redirect: 'manual' });
  const callback = await fetch(approved.headers.get('location')!, { headers: { accept: 'application/json', cookie: toFortnox.headers.get('set-cookie')!.split(';')[0]! } });
  if (callback.status !== 200) throw new Error(`Fortnox connect of ${shopId} failed: ${callback.status} ${await callback.text()}`);
}

/** "Sync all products" through our API, waited for: every article exists before the measured orders. */
export async function syncAllProducts(ctx: ScenarioContext, shopId: string): Promise<{ products: number; fortnoxCalls: number; parked: string[] }> {
  const { workflowId } = await http<{ workflowId: string }>('POST', `${ctx.api}/shops/${shopId}/products/sync-all`, {});
  const result = await ctx.temporal.workflow.getHandle(workflowId).result();
  if (result.status !== 'synced') throw new Error(`sync-all-products of ${shopId} ended ${result.status}`);
  return { products: result.products, fortnoxCalls: result.fortnoxCalls, parked: result.parked };
}

/** Places generated orders in the Quickbutik simulator; `pay` fires real `order.new` webhooks (spread over spreadMs). */
export async function placeOrders(
  ctx: ScenarioContext,
  shopId: string,
  o: { count: number; seed: number; returningCustomers?: boolean; pay: boolean; spreadMs?: number },
): Promise<string[]> {
  const r = await http<{ orderIds: number[] }>('POST', `${ctx.qb}/__sim/shops/${shopId}/orders`, o);
  return r.orderIds.map(String);
}

/**
 * Warm-up for returning customers: paid orders by existing customers until every customer of the shop has bought
 * once (so each has its Fortnox card and mapping), then waits for them all. Deterministic: the generator's seeds are
 * fixed, so the same shop spec always gets the same warm-up orders.
 */
export async function warmCustomers(ctx: ScenarioContext, spec: ShopSpec, seedBase: number, pay = true): Promise<{ orders: string[]; passes: number }> {
  const orders: string[] = [];
  let passes = 0;
  for (; passes < 12; passes++) {
    const state = await http<{ customers: { email: string }[]; orders: { customer: { email: string } }[] }>('GET', `${ctx.qb}/__sim/shops/${spec.id}/state`);
    const bought = new Set(state.orders.map((o) => o.customer.email));
    const missing = state.customers.filter((c) => !bought.has(c.email)).length;
    if (missing === 0) break;
    // Picks are uniform over the customers: a pass of `customers` orders finds a given missing one ~64 % of the time.
    const count = passes === 0 ? spec.customers * 3 : Math.max(5, spec.customers);
    orders.push(...(await placeOrders(ctx, spec.id, { count, seed: seedBase + passes, returningCustomers: true, pay, spreadMs: pay ? 1000 : 0 })));
  }
  return { orders, passes };
}

// ---------------------------------------------------------------------------------------------------- waiting

export interface OrderOutcome {
  shopId: string;
  orderId: string;
  state: 'created' | 'parked' | 'unfinished';
  receivedAt?: number;
  documentAt?: number;
  parkedCode?: string;
}

/**
 * Waits until every order has its document or is parked (needs attention), or nothing moved for `stallMs`.
 * Reads only the database the product writes (order_documents, sync_log).
 */
export async function waitForOrders(
  ctx: ScenarioContext,
  ids: Map<string, string[]>,
  o: { label: string; stallMs?: number; maxMs?: number; pollMs?: number },
): Promise<OrderOutcome[]> {
  const stallMs = o.stallMs ?? 120_000;
  const maxMs = o.maxMs ?? 20 * 60_000;
  const total = [...ids.values()].reduce((s, l) => s + l.length, 0);
  const shops = [...ids.keys()];
  const wanted = new Set([...ids].flatMap(([s, l]) => l.map((id) => `${s}\u0000${id}`)));
  const started = Date.now();
  let lastDone = -1;
  let lastChange = Date.now();
  for (;;) {
    const outcome = await readOutcomes(ctx.db, shops, wanted);
    const created = outcome.filter((x) => x.state === 'created').length;
    const parked = outcome.filter((x) => x.state === 'parked').length;
    const done = created + parked;
    log.progress(`  ${o.label}: ${created}/${total} documents, ${parked} parked, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    if (done !== lastDone) {
      lastDone = done;
      lastChange = Date.now();
    }
    if (done >= total || Date.now() - lastChange > stallMs || Date.now() - started > maxMs) {
      log.progress('');
      const seen = new Set(outcome.map((x) => `${x.shopId}\u0000${x.orderId}`));
      for (const key of wanted) {
        if (seen.has(key)) continue;
        const [shopId, orderId] = key.split('\u0000') as [string, string];
        outcome.push({ shopId, orderId, state: 'unfinished' });
      }
      return outcome;
    }
    await sleep(o.pollMs ?? 1000);
  }
}

async function readOutcomes(db: Db, shops: string[], wanted: Set<string>): Promise<OrderOutcome[]> {
  const docs = await db
    .selectFrom('order_documents')
    .select(['shop_id', 'order_id', 'received_at', 'updated_at'])
    .where('shop_id', 'in', shops)
    .where('state', '=', 'created')
    .execute();
  const out: OrderOutcome[] = [];
  const done = new Set<string>();
  for (const d of docs) {
    const key = `${d.shop_id}\u0000${d.order_id}`;
    if (!wanted.has(key)) continue;
    done.add(key);
    out.push({ shopId: d.shop_id, orderId: d.order_id, state: 'created', receivedAt: d.received_at?.getTime(), documentAt: d.updated_at.getTime() });
  }
  const parked = await db
    .selectFrom('sync_log')
    .select(['shop_id', 'entity_id', 'error_code'])
    .where('shop_id', 'in', shops)
    .where('entity_type', '=', 'order')
    .where('outcome', '=', 'needs_attention')
    .execute();
  for (const p of parked) {
    const key = `${p.shop_id}\u0000${p.entity_id}`;
    if (!wanted.has(key) || done.has(key)) continue;
    done.add(key);
    out.push({ shopId: p.shop_id, orderId: p.entity_id, state: 'parked', parkedCode: p.error_code ?? undefined });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------- figures

export function percentiles(values: number[]): { p50: number; p95: number; p99: number } | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  // Nearest-rank: the smallest value with at least p % of the values at or below it.
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  return { p50: Math.round(at(50)), p95: Math.round(at(95)), p99: Math.round(at(99)) };
}

/** Webhook-to-document latency of the created orders (order_documents.updated_at − received_at). */
export function latencies(outcomes: OrderOutcome[]): number[] {
  return outcomes.filter((x) => x.state === 'created' && x.receivedAt !== undefined).map((x) => x.documentAt! - x.receivedAt!);
}

export interface FortnoxCounters {
  total: number;
  byEndpoint: Record<string, Record<string, number>>;
  byStatus: Record<string, number>;
  rateLimited: number;
  maxInWindow: number;
  documents: { invoices: number; orders: number };
}

export const resetFortnoxCounters = (ctx: ScenarioContext) => http('POST', `${ctx.fx}/__sim/counters/reset`, {});
export const fortnoxCounters = async (url: string) =>
  (await http<{ tenants: Record<string, FortnoxCounters> }>('GET', `${url}/__sim/counters`)).tenants;

/**
 * Polls the Fortnox simulator's counters during a measurement to find each tenant's busy period: from its first
 * request to its last one (± half the poll interval at each end).
 */
export class BusyWatcher {
  private timer: NodeJS.Timeout | null = null;
  private readonly seen = new Map<string, { first: number; last: number; total: number }>();
  private polling = false;

  constructor(private readonly fortnoxUrl: string, private readonly everyMs = 250) {}

  start(): this {
    this.timer = setInterval(() => void this.poll(), this.everyMs);
    return this;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const now = Date.now() - this.everyMs / 2;
      for (const [tenant, c] of Object.entries(await fortnoxCounters(this.fortnoxUrl))) {
        const s = this.seen.get(tenant);
        if (!s) {
          if (c.total > 0) this.seen.set(tenant, { first: now, last: now, total: c.total });
        } else if (c.total !== s.total) {
          s.last = now;
          s.total = c.total;
        }
      }
    } catch {
      /* a missed poll only widens the error bar */
    } finally {
      this.polling = false;
    }
  }

  async stop(): Promise<Map<string, { busyMs: number }>> {
    if (this.timer) clearInterval(this.timer);
    await this.poll();
    return new Map([...this.seen].map(([t, s]) => [t, { busyMs: Math.max(0, s.last - s.first) }]));
  }
}

/**
 * Rate-limit utilisation: requests Fortnox accepted ÷ requests the limit allows in each tenant's busy period. A
 * sliding window of `limit` per `windowMs` admits at most limit × (⌊T / window⌋ + 1) requests in a period of length T
 * (a full window's worth at its start and one more for every whole window after), so 100 % is the ceiling.
 */
export function utilisation(counters: Record<string, FortnoxCounters>, busy: Map<string, { busyMs: number }>, tenants: string[]) {
  let accepted = 0;
  let allowed = 0;
  for (const t of tenants) {
    const c = counters[t];
    const b = busy.get(t);
    if (!c || !b) continue;
    accepted += c.total - c.rateLimited;
    allowed += RATE.limit * (Math.floor(b.busyMs / RATE.windowMs) + 1);
  }
  return { accepted, allowed, utilisation: allowed > 0 ? accepted / allowed : null };
}

/** Sums the counters of the given tenants (requests, 429s, per endpoint). */
export function sumCounters(counters: Record<string, FortnoxCounters>, tenants: string[]) {
  const sum = { total: 0, rateLimited: 0, maxInWindow: 0, byEndpoint: {} as Record<string, number> };
  for (const t of tenants) {
    const c = counters[t];
    if (!c) continue;
    sum.total += c.total;
    sum.rateLimited += c.rateLimited;
    sum.maxInWindow = Math.max(sum.maxInWindow, c.maxInWindow);
    for (const [ep, byStatus] of Object.entries(c.byEndpoint)) {
      sum.byEndpoint[ep] = (sum.byEndpoint[ep] ?? 0) + Object.values(byStatus).reduce((s, n) => s + n, 0);
    }
  }
  return sum;
}

/**
 * Duplicates: Fortnox documents sharing one order reference (`ExternalInvoiceReference1 = qb:<shop>:<order>`), read
 * from the simulator's full state of each tenant. Also counts how many of the wanted references have a document.
 */
export async function duplicates(ctx: ScenarioContext, tenants: string[], wantedRefs: Set<string>) {
  let dup = 0;
  let withDocument = 0;
  const examples: string[] = [];
  for (const t of tenants) {
    const state = await http<{ invoices: Record<string, unknown>[]; orders: Record<string, unknown>[] }>('GET', `${ctx.fx}/__sim/tenants/${encodeURIComponent(t)}/state`);
    const byRef = new Map<string, number>();
    for (const d of [...state.invoices, ...state.orders]) {
      const ref = String(d.ExternalInvoiceReference1 ?? '');
      if (!ref) continue;
      byRef.set(ref, (byRef.get(ref) ?? 0) + 1);
    }
    for (const [ref, n] of byRef) {
      if (n > 1) {
        dup++;
        if (examples.length < 5) examples.push(`${ref} ×${n}`);
      }
      if (wantedRefs.has(ref)) withDocument++;
    }
  }
  return { duplicates: dup, withDocument, examples };
}

/** Webhook deliveries as the Quickbutik simulator saw them (a failed delivery is an order the catch-up must find). */
export async function webhookCounts(ctx: ScenarioContext, shops: string[]) {
  const c = await http<{ shops: Record<string, { webhooks: Record<string, number> }> }>('GET', `${ctx.qb}/__sim/counters`);
  const sum: Record<string, number> = {};
  for (const s of shops) for (const [k, v] of Object.entries(c.shops[s]?.webhooks ?? {})) sum[k] = (sum[k] ?? 0) + v;
  return sum;
}

export const REPO = REPO_ROOT;
export { sql };

/**
 * A workflow's history as short lines (seconds since it started, event, activity type, attempt) — attached for the
 * slowest orders so a long tail can be explained from the record rather than guessed at.
 */
export async function historySummary(ctx: ScenarioContext, workflowId: string, max = 40): Promise<string[]> {
  try {
    const names = proto.api.enums.v1.EventType as unknown as Record<number, string>;
    const history = await ctx.temporal.workflow.getHandle(workflowId).fetchHistory();
    const events = history.events ?? [];
    const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) => (t ? Number(t.seconds) * 1000 + (t.nanos ?? 0) / 1e6 : 0);
    const t0 = ms(events[0]?.eventTime);
    const scheduled = new Map<string, string>();
    const out: string[] = [];
    for (const e of events) {
      const name = String(names[Number(e.eventType)] ?? e.eventType).replace('EVENT_TYPE_', '').toLowerCase();
      let what = name;
      const sched = e.activityTaskScheduledEventAttributes;
      if (sched) {
        const type = sched.activityType?.name ?? '?';
        scheduled.set(String(e.eventId), type);
        what = `${name} ${type}`;
      }
      const ref = e.activityTaskStartedEventAttributes?.scheduledEventId ?? e.activityTaskCompletedEventAttributes?.scheduledEventId ??
        e.activityTaskFailedEventAttributes?.scheduledEventId ?? e.activityTaskTimedOutEventAttributes?.scheduledEventId;
      if (ref !== undefined && ref !== null) what = `${name} ${scheduled.get(String(ref)) ?? ''}`;
      const attempt = e.activityTaskStartedEventAttributes?.attempt;
      if (attempt && attempt > 1) what += ` (attempt ${attempt})`;
      const failure = e.activityTaskFailedEventAttributes?.failure?.message;
      if (failure) what += `: ${failure.slice(0, 120)}`;
      if (e.markerRecordedEventAttributes) what = `${name} (local activity)`;
      out.push(`+${((ms(e.eventTime) - t0) / 1000).toFixed(2)}s ${what}`);
    }
    return out.length > max ? [...out.slice(0, max - 5), `… ${out.length - max} more`, ...out.slice(-4)] : out;
  } catch (err) {
    return [`history not available: ${(err as Error).message}`];
  }
}

/**
 * Counts over a sample of order workflows' histories: workflow tasks that timed out (a worker took a task and did
 * not finish it within the 10 s workflow-task timeout), activity retries, and where the time went on average.
 */
export async function historyStats(ctx: ScenarioContext, workflowIds: string[], sample = 120) {
  const step = Math.max(1, Math.floor(workflowIds.length / sample));
  const picked = workflowIds.filter((_, i) => i % step === 0).slice(0, sample);
  const T = proto.api.enums.v1.EventType;
  let wftTimedOut = 0;
  let withWftTimeout = 0;
  let activityRetries = 0;
  let wftScheduleToStart = 0;
  let wftStartToComplete = 0;
  let wftCount = 0;
  let activityScheduleToStart = 0;
  let activityCount = 0;
  let read = 0;
  const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) => (t ? Number(t.seconds) * 1000 + (t.nanos ?? 0) / 1e6 : 0);
  for (let i = 0; i < picked.length; i += 10) {
    await Promise.all(picked.slice(i, i + 10).map(async (id) => {
      try {
        const events = (await ctx.temporal.workflow.getHandle(id).fetchHistory()).events ?? [];
        read++;
        let timeouts = 0;
        let lastWftScheduled = 0;
        let lastWftStarted = 0;
        const actScheduled = new Map<string, number>();
        for (const e of events) {
          const t = ms(e.eventTime);
          switch (e.eventType) {
            case T.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED: lastWftScheduled = t; break;
            case T.EVENT_TYPE_WORKFLOW_TASK_STARTED: lastWftStarted = t; wftScheduleToStart += t - lastWftScheduled; wftCount++; break;
            case T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED: wftStartToComplete += t - lastWftStarted; break;
            case T.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT: timeouts++; break;
            case T.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: actScheduled.set(String(e.eventId), t); break;
            case T.EVENT_TYPE_ACTIVITY_TASK_STARTED: {
              const a = e.activityTaskStartedEventAttributes!;
              if ((a.attempt ?? 1) > 1) activityRetries += (a.attempt ?? 1) - 1;
              // Started is written when the attempt ends; schedule-to-start is only exact for first attempts.
              if ((a.attempt ?? 1) === 1) {
                activityScheduleToStart += t - (actScheduled.get(String(a.scheduledEventId)) ?? t);
                activityCount++;
              }
              break;
            }
          }
        }
        wftTimedOut += timeouts;
        if (timeouts) withWftTimeout++;
      } catch {
        /* gone or unreadable: skipped */
      }
    }));
  }
  return {
    sampled: read,
    workflowsWithTaskTimeout: withWftTimeout,
    workflowTaskTimeouts: wftTimedOut,
    activityRetries,
    meanWorkflowTaskScheduleToStartMs: wftCount ? Math.round(wftScheduleToStart / wftCount) : null,
    meanWorkflowTaskStartToCompleteMs: wftCount ? Math.round(wftStartToComplete / wftCount) : null,
    meanActivityScheduleToStartMs: activityCount ? Math.round(activityScheduleToStart / activityCount) : null,
  };
}
