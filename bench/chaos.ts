// `npm run chaos`: ≥ 500 paid orders across several shops while the service is hurt on purpose — workers SIGKILLed
// and restarted, the Temporal dev server restarted, PostgreSQL restarted, Fortnox answering 5xx / committing and then
// timing out / bursting 429s, Quickbutik dropping 10 % and duplicating 20 % of its webhooks. Then every Quickbutik
// order is reconciled against the Fortnox simulator; bench/results/chaos.json gets the figures and the timeline.
// Exit 0 only when no order was lost or duplicated and no total mismatches.
//
// Flags: --no-pg-restart --no-temporal-restart --seed <n> --shops <n> --orders <total> --spread <s> --tail <s>
//        --settle <s> --workers <n>   (env: CHAOS_PG_RESTART=0, CHAOS_TEMPORAL_RESTART=0, CHAOS_SEED, CHAOS_SHOPS,
//        CHAOS_ORDERS, CHAOS_SPREAD_S, CHAOS_TAIL_S, CHAOS_SETTLE_S, CHAOS_WORKERS, CHAOS_DATABASE_URL)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { startStack, type Stack } from '../scripts/lib/stack';
import { REPO_ROOT } from '../scripts/lib/temporal-dev';
import { createDb, type Db } from '../src/db/connection';
import {
  burst429, pgRestartPlan, restartPostgres, restartTemporal, startSimulatorFaults, stopFortnoxFaults, stopQuickbutikFaults,
  FORTNOX_FAULTS, QUICKBUTIK_FAULTS, type PgRestart, type TemporalRestart,
} from './chaos-faults';
import { progress, reconcile, type Reconciliation } from './chaos-reconcile';
import { chaosShops, placeOrders, setUpShop, type ChaosShop } from './chaos-setup';
import { Supervisor } from './chaos-supervisor';
import { dice, http, sleep, Timeline } from './chaos-timeline';

// ---------------------------------------------------------------------------------------------- options

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const opt = (name: string, env: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  const raw = i >= 0 ? argv[i + 1] : process.env[env];
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} / ${env} must be a number, got ${raw}`);
  return n;
};

const options = {
  seed: opt('seed', 'CHAOS_SEED', 20240611),
  shops: opt('shops', 'CHAOS_SHOPS', 4),
  orders: opt('orders', 'CHAOS_ORDERS', 520),
  workers: opt('workers', 'CHAOS_WORKERS', 2),
  /** Orders are paid evenly over this long; the outages happen inside it. */
  spreadS: opt('spread', 'CHAOS_SPREAD_S', 240),
  /** After the faults stop: how long everything may take to end synced or parked before the rest counts as lost. */
  settleS: opt('settle', 'CHAOS_SETTLE_S', 420),
  /** After the traffic: Fortnox faults and worker kills go on until this share of the orders is done, or tailS passed. */
  tailShare: 0.85,
  tailS: opt('tail', 'CHAOS_TAIL_S', 180),
  pgRestart: !flag('no-pg-restart') && process.env.CHAOS_PG_RESTART !== '0',
  temporalRestart: !flag('no-temporal-restart') && process.env.CHAOS_TEMPORAL_RESTART !== '0',
  rateLimit: '25/5000',
};

/** Never the developer's own database: the run drops and recreates this one. */
function chaosDatabaseUrl(): string {
  if (process.env.CHAOS_DATABASE_URL) return process.env.CHAOS_DATABASE_URL;
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/qbfx');
  url.pathname = '/qbfx_chaos';
  return url.toString();
}

const DATA_DIR = path.join(REPO_ROOT, '.data/chaos');
const RESULT_FILE = path.join(REPO_ROOT, 'bench/results/chaos.json');
/** Codes that mean "a transient fault outlasted the retries": they must not be left parked once the faults stop. */
const TRANSIENT_PARK_CODES = new Set(['UNEXPECTED_ERROR']);

// ---------------------------------------------------------------------------------------------- the chaos schedule

type Planned =
  | { at: number; kind: 'kill-worker'; restartAfterMs: number }
  | { at: number; kind: 'kill-all-workers'; restartAfterMs: number }
  | { at: number; kind: 'restart-temporal' }
  | { at: number; kind: 'restart-postgres' }
  | { at: number; kind: 'burst429'; count: number };

/** Seconds after the first order is paid. Outages land in the middle of the traffic, kills all along. */
function plan(spreadS: number, rnd: () => number): Planned[] {
  const events: Planned[] = [];
  let kills = 0;
  for (let t = 12 + rnd() * 8; t < spreadS; t += 22 + rnd() * 16) {
    kills++;
    events.push(kills === 4
      ? { at: t, kind: 'kill-all-workers', restartAfterMs: 8000 }
      : { at: t, kind: 'kill-worker', restartAfterMs: 2000 + Math.round(rnd() * 4000) });
  }
  if (options.temporalRestart) events.push({ at: spreadS * 0.3, kind: 'restart-temporal' });
  events.push({ at: spreadS * 0.6, kind: 'restart-postgres' });
  for (const share of [0.15, 0.45, 0.8]) events.push({ at: spreadS * share, kind: 'burst429', count: 20 });
  return events.sort((a, b) => a.at - b.at);
}

// ---------------------------------------------------------------------------------------------- main

async function main() {
  const timeline = new Timeline();
  const rnd = dice(options.seed);
  const shops = chaosShops(options.shops);
  const perShop = Math.ceil(options.orders / shops.length);
  const databaseUrl = chaosDatabaseUrl();
  let pg: PgRestart = pgRestartPlan(databaseUrl, options.pgRestart);
  let temporal: TemporalRestart = { happened: false };

  console.log(`chaos: ${perShop * shops.length} orders across ${shops.length} shops, ${options.workers} workers, Fortnox rate limit ${options.rateLimit} per tenant`);
  console.log(`       outages: worker SIGKILLs, ${options.temporalRestart ? 'Temporal restart' : 'no Temporal restart'}, ${pg.command ? 'PostgreSQL restart' : `no PostgreSQL restart (${pg.skippedReason})`}`);

  rmSync(DATA_DIR, { recursive: true, force: true }); // the Temporal SQLite file of an earlier run would bring its workflows back
  const stack = await startStack({
    dataDir: DATA_DIR, databaseUrl, freshDatabase: true, temporalDbFile: true, workers: options.workers,
    fortnoxRateLimit: options.rateLimit, logLevel: 'warn',
  });
  const db = createDb(databaseUrl, 3);
  const supervisor = new Supervisor(stack, timeline, path.join(DATA_DIR, 'logs'));
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    supervisor.stop();
    await db.destroy().catch(() => undefined);
    await stack.stop().catch(() => undefined);
  };
  process.once('SIGINT', () => void shutdown().then(() => process.exit(130)));

  try {
    timeline.record('stack-up', { api: stack.apiUrl, temporal: stack.temporalAddress, workers: stack.workers.map((w) => w.child.pid) });
    for (const [i, shop] of shops.entries()) await setUpShop(stack, shop, options.seed + i);
    timeline.record('shops-ready', { shops: shops.map((s) => `${s.id} (${s.profile})`) });

    await startSimulatorFaults(stack, timeline);
    const placed = new Map<string, string[]>();
    for (const [i, shop] of shops.entries()) placed.set(shop.id, await placeOrders(stack, shop, perShop, options.seed * 7 + i, options.spreadS * 1000));
    const total = [...placed.values()].reduce((n, ids) => n + ids.length, 0);
    const trafficStart = Date.now();
    timeline.record('orders-placed', { orders: total, spreadS: options.spreadS });

    // ------------------------------------------------------------------ chaos while the orders come in
    const ticker = startTicker(db, shops, total, timeline);
    for (const e of plan(options.spreadS, rnd)) {
      const wait = trafficStart + e.at * 1000 - Date.now();
      if (wait > 0) await sleep(wait);
      switch (e.kind) {
        case 'kill-worker': {
          const live = supervisor.liveWorkers();
          const victim = live[Math.floor(rnd() * live.length)];
          if (!victim) break;
          timeline.record('worker-SIGKILL', { proc: victim.name, pid: victim.child.pid, restartAfterMs: e.restartAfterMs });
          await supervisor.kill(victim, 'SIGKILL', e.restartAfterMs);
          break;
        }
        case 'kill-all-workers': {
          const live = supervisor.liveWorkers();
          timeline.record('all-workers-SIGKILL', { procs: live.map((w) => w.name), restartAfterMs: e.restartAfterMs });
          await Promise.all(live.map((w) => supervisor.kill(w, 'SIGKILL', e.restartAfterMs)));
          break;
        }
        case 'restart-temporal':
          await supervisor.settle(); // the reconnect check wants every worker there
          temporal = await restartTemporal(stack, supervisor, timeline);
          break;
        case 'restart-postgres':
          pg = await restartPostgres(stack, pg, timeline);
          break;
        case 'burst429':
          for (const shop of shops) await burst429(stack, timeline, shop.tenantId, e.count);
          break;
      }
    }

    // ------------------------------------------------------------------ fault tail, then the faults stop
    // The sync lags behind the traffic (outages, 429 bursts), so the Fortnox faults and the worker kills go on until
    // most orders have their document — the faults should hit the document POSTs, not only the first few.
    const idle = await http<{ idle: boolean; pending: number }>(`${stack.quickbutikUrl}/__sim/idle?timeoutMs=120000`);
    timeline.record('quickbutik-idle', { idle: idle.idle, pending: idle.pending });
    await stopQuickbutikFaults(stack, timeline);
    const tailUntil = Date.now() + options.tailS * 1000;
    let nextKill = Date.now() + 20_000 + rnd() * 15_000;
    for (;;) {
      const p = await safeProgress(db, shops);
      if (p && p.synced + p.parked >= total * options.tailShare) break;
      if (Date.now() > tailUntil) break;
      if (Date.now() >= nextKill) {
        const live = supervisor.liveWorkers();
        const victim = live[Math.floor(rnd() * live.length)];
        if (victim) {
          const restartAfterMs = 2000 + Math.round(rnd() * 4000);
          timeline.record('worker-SIGKILL', { proc: victim.name, pid: victim.child.pid, restartAfterMs });
          await supervisor.kill(victim, 'SIGKILL', restartAfterMs);
        }
        nextKill = Date.now() + 22_000 + rnd() * 16_000;
      }
      await sleep(1000);
    }
    await supervisor.settle();
    const atFaultStop = await safeProgress(db, shops);
    const firedFaults = await stopFortnoxFaults(stack, timeline);
    timeline.record('faults-stopped', { synced: atFaultStop?.synced, of: total, afterTrafficS: Math.round((Date.now() - trafficStart) / 1000 - options.spreadS) });
    const faultsStoppedAt = Date.now();

    // ------------------------------------------------------------------ settle
    const settle = await waitForSettled(db, shops, total, options.settleS * 1000, timeline);
    ticker.stop();
    timeline.record(settle.timedOut ? 'settle-TIMEOUT' : 'settled', { afterS: Math.round((Date.now() - faultsStoppedAt) / 1000), ...settle.last });

    // ------------------------------------------------------------------ reconcile and report
    const rec = await reconcile(stack, db, shops, placed);
    const extra = await figures(stack, db, shops);
    const ok = rec.lost === 0 && rec.duplicates === 0 && rec.mismatches === 0 && rec.orders >= total;
    const report = {
      ok,
      summary: {
        orders: rec.orders, synced: rec.synced, parked: rec.parked, parkedByReason: rec.parkedByReason, lost: rec.lost,
        duplicates: rec.duplicates, mismatches: rec.mismatches, orphanDocuments: rec.orphanDocuments,
        dbInconsistencies: rec.dbInconsistencies, unpaidInQuickbutik: rec.unpaidInQuickbutik,
        durationS: Math.round(timeline.elapsed()),
      },
      run: {
        startedAt: new Date(timeline.startedAt).toISOString(), finishedAt: new Date().toISOString(),
        seed: options.seed, workers: options.workers, fortnoxRateLimit: options.rateLimit, spreadS: options.spreadS,
        settleTimeoutS: options.settleS, faultTail: { untilShare: options.tailShare, maxS: options.tailS }, ordersPlaced: total,
        shops: shops.map((s) => ({ id: s.id, fortnoxTenant: s.tenantId, profile: s.profile, settings: s.settings, orders: placed.get(s.id)?.length ?? 0 })),
      },
      outages: {
        temporalRestart: options.temporalRestart ? temporal : { happened: false, skippedReason: 'disabled (--no-temporal-restart)' },
        postgresRestart: pg,
        workerKills: supervisor.kills,
        unexpectedExits: supervisor.unexpectedExits,
      },
      faults: {
        quickbutik: { configured: QUICKBUTIK_FAULTS, webhooks: extra.webhooks },
        fortnox: { configured: FORTNOX_FAULTS, fired: firedFaults, byTenant: extra.fortnox },
      },
      settle: {
        syncedWhenFaultsStopped: atFaultStop?.synced ?? null, faultsStoppedAtS: Math.round((faultsStoppedAt - timeline.startedAt) / 1000),
        timedOut: settle.timedOut, settledAfterS: Math.round((settle.at - faultsStoppedAt) / 1000), transientParkedAtEnd: settle.last.transientParked },
      pipeline: extra.pipeline,
      byShop: rec.byShop,
      details: rec.details,
      timeline: timeline.events,
    };
    mkdirSync(path.dirname(RESULT_FILE), { recursive: true });
    writeFileSync(RESULT_FILE, `${JSON.stringify(report, null, 2)}\n`);
    printSummary(report, rec);
    await shutdown();
    process.exit(ok ? 0 : 1);
  } catch (err) {
    console.error(`\nchaos run failed: ${(err as Error).stack ?? err}\n(logs in ${path.relative(process.cwd(), DATA_DIR)}/logs/)`);
    await shutdown();
    process.exit(2);
  }
}

// ---------------------------------------------------------------------------------------------- settle + progress

async function safeProgress(db: Db, shops: ChaosShop[]) {
  try {
    return await progress(db, shops);
  } catch {
    return null; // PostgreSQL is restarting
  }
}

function startTicker(db: Db, shops: ChaosShop[], total: number, timeline: Timeline) {
  let stopped = false;
  let lastLine = 0;
  void (async () => {
    while (!stopped) {
      const p = await safeProgress(db, shops);
      if (p && !stopped) {
        const line = `synced ${p.synced}/${total}  parked ${p.parked}  inbox pending ${p.inboxPending}`;
        if (process.stdout.isTTY) process.stdout.write(`\r\x1b[K[${timeline.elapsed().toFixed(0).padStart(4)} s] ${line}`);
        else if (Date.now() - lastLine > 15_000) {
          timeline.say(line);
          lastLine = Date.now();
        }
      }
      await sleep(2000);
    }
  })();
  return { stop: () => void (stopped = true) };
}

async function waitForSettled(db: Db, shops: ChaosShop[], total: number, timeoutMs: number, timeline: Timeline) {
  const deadline = Date.now() + timeoutMs;
  let last = { synced: 0, parked: 0, transientParked: 0, byReason: {} as Record<string, number>, inboxPending: 0 };
  for (;;) {
    const p = await safeProgress(db, shops);
    if (p) {
      const transientParked = Object.entries(p.byReason).filter(([c]) => TRANSIENT_PARK_CODES.has(c)).reduce((n, [, k]) => n + k, 0);
      last = { ...p, transientParked };
      // Settled: every order synced or parked for a reason a human must fix (transient parks retry by themselves).
      if (p.synced + p.parked >= total && transientParked === 0 && p.inboxPending === 0) return { timedOut: false, at: Date.now(), last };
    }
    if (Date.now() > deadline) return { timedOut: true, at: Date.now(), last };
    await sleep(2000);
  }
}

// ---------------------------------------------------------------------------------------------- extra figures

async function figures(stack: Stack, db: Db, shops: ChaosShop[]) {
  const qb = await http<{ shops: Record<string, { webhooks: Record<string, number> }> }>(`${stack.quickbutikUrl}/__sim/counters`);
  const fx = await http<{ tenants: Record<string, { total: number; byStatus: Record<string, number>; rateLimited: number; maxInWindow: number; documents: Record<string, number> }> }>(`${stack.fortnoxUrl}/__sim/counters`);
  const ids = shops.map((s) => s.id);
  const inbox = await sql<{ source: string; n: number; deliveries: number }>`
    select source, count(*)::int as n, sum(deliveries)::int as deliveries from inbox
    where shop_id in (${sql.join(ids)}) and event_type = 'order.new' group by source`.execute(db);
  const latency = await sql<{ p50: number; p95: number; max: number }>`
    select percentile_cont(0.5) within group (order by s) as p50, percentile_cont(0.95) within group (order by s) as p95, max(s) as max
    from (select extract(epoch from updated_at - received_at) as s from order_documents
          where shop_id in (${sql.join(ids)}) and state = 'created' and received_at is not null) x`.execute(db);
  const attempts = await sql<{ attempts: number; n: number }>`
    select attempts, count(*)::int as n from order_documents where shop_id in (${sql.join(ids)}) group by attempts order by attempts`.execute(db);
  const round = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(Number(x) * 10) / 10);
  const l = latency.rows[0];
  return {
    webhooks: Object.fromEntries(ids.map((id) => [id, qb.shops[id]?.webhooks ?? {}])),
    fortnox: Object.fromEntries(shops.map((s) => {
      const c = fx.tenants[s.tenantId];
      return [s.tenantId, c ? { requests: c.total, byStatus: c.byStatus, rateLimited: c.rateLimited, maxInWindow: c.maxInWindow, documents: c.documents } : null];
    })),
    pipeline: {
      inboxBySource: Object.fromEntries(inbox.rows.map((r) => [r.source, { rows: r.n, deliveries: r.deliveries }])),
      documentPostsPerOrder: Object.fromEntries(attempts.rows.map((r) => [String(r.attempts), r.n])),
      latencyS: { p50: round(l?.p50), p95: round(l?.p95), max: round(l?.max), note: 'first webhook/poll received → document stored' },
    },
  };
}

function printSummary(report: any, rec: Reconciliation) {
  const s = report.summary;
  const line = (k: string, v: unknown) => console.log(`  ${k.padEnd(22)} ${v}`);
  console.log('\n── chaos run ─────────────────────────────────────────────');
  line('orders', s.orders);
  line('synced', s.synced);
  line('parked', `${s.parked}${s.parked ? ` (${Object.entries(s.parkedByReason).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}`);
  line('lost', s.lost);
  line('duplicates', s.duplicates);
  line('total mismatches', s.mismatches);
  line('orphan documents', s.orphanDocuments);
  line('db inconsistencies', s.dbInconsistencies);
  line('duration', `${s.durationS} s`);
  const o = report.outages;
  line('worker kills', `${o.workerKills.length} (unexpected exits: ${o.unexpectedExits.length})`);
  line('Temporal restart', o.temporalRestart.happened
    ? `down ${o.temporalRestart.downMs} ms; API back after ${o.temporalRestart.apiReconnectedAfterMs} ms, workers polling after ${o.temporalRestart.workersPollingAfterMs} ms`
    : 'no');
  line('PostgreSQL restart', o.postgresRestart.happened ? `${o.postgresRestart.durationMs} ms (API ready after ${o.postgresRestart.apiReadyAfterMs} ms)` : `no — ${o.postgresRestart.skippedReason ?? o.postgresRestart.error}`);
  const wh = Object.values(report.faults.quickbutik.webhooks as Record<string, Record<string, number>>)
    .reduce((a, w) => ({ dropped: a.dropped + (w.dropped ?? 0), duplicated: a.duplicated + (w.duplicated ?? 0) }), { dropped: 0, duplicated: 0 });
  line('webhooks', `${wh.dropped} dropped, ${wh.duplicated} duplicated`);
  const fired = (report.faults.fortnox.fired as Array<{ kind: string; fired: number }>).reduce<Record<string, number>>((a, f) => ({ ...a, [f.kind]: (a[f.kind] ?? 0) + f.fired }), {});
  line('Fortnox faults fired', Object.entries(fired).map(([k, v]) => `${k} ${v}`).join(', '));
  const maxWin = Math.max(...Object.values(report.faults.fortnox.byTenant as Record<string, { maxInWindow: number } | null>).map((c) => c?.maxInWindow ?? 0));
  line('max requests / 5 s', `${maxWin} (limit 25 per tenant)`);
  line('latency p50 / p95', `${report.pipeline.latencyS.p50} s / ${report.pipeline.latencyS.p95} s`);
  for (const p of rec.details.parked.slice(0, 10)) console.log(`  parked ${p.shopId}/${p.orderId}: ${p.code} — ${p.reason}`);
  for (const l of rec.details.lost.slice(0, 10)) console.log(`  LOST ${l.shopId}/${l.orderId}: db ${l.dbState ?? '-'}, log ${l.lastLog ?? '-'}, inbox ${l.inbox ?? '-'}`);
  for (const d of rec.details.duplicates.slice(0, 10)) console.log(`  DUPLICATE ${d.shopId}/${d.orderId}: ${d.documents.join(', ')}`);
  for (const m of rec.details.mismatches.slice(0, 10)) console.log(`  MISMATCH ${m.shopId}/${m.orderId}: Fortnox ${m.fortnoxTotal} vs Quickbutik ${m.quickbutikTotal} ${m.currency}`);
  console.log(`\n${report.ok ? 'OK' : 'FAILED'}: lost ${s.lost}, duplicates ${s.duplicates}, mismatches ${s.mismatches} → ${path.relative(process.cwd(), RESULT_FILE)}`);
}

void main();
