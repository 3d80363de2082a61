// `npm run bench` — every scenario on its own fresh stack (Temporal dev server, both simulators as CLI processes, the
// API with its inbox dispatcher, N workers, a fresh PostgreSQL database), figures printed as a table and written to
// bench/results/latest.json. See bench/README.md for what each figure means.
//
//   npm run bench                                  all scenarios (≈ 20 min on 2 cores)
//   npm run bench -- --only steady-repeat,webhook-intake
//   npm run bench -- --quick                       smaller counts for development (marked quick in the JSON)
//   options: --workers <n> (default 2) --log-level <level> (default info) --cpu-prof (V8 profiles of API, workers and
//            simulators, summarised into the JSON) --out <file>
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { log, REPO, round, type BenchOptions, ScenarioContext } from './harness';
import { webhookIntake } from './intake';
import { multiTenant, newCustomers, steadyRepeat, unlimited, type Baseline } from './orders';
import { peerPattern } from './peer';
import { summarizeProfiles } from './profile';
import type { ScenarioResult } from './result';

interface Scenario {
  name: string;
  rateLimit: '25/5000' | 'off';
  workers?: number;
  run(ctx: ScenarioContext, o: BenchOptions): Promise<ScenarioResult>;
}

const results: Record<string, ScenarioResult | { error: string; met: false; quick: boolean }> = {};

/** steady-repeat's orders/min from this run, else from the previous JSON (named as such). */
let previous: { startedAt?: string; scenarios?: Record<string, { ordersPerMinute?: number | null; quick?: boolean }> } | null = null;
const baseline = (): Baseline => {
  const now = results['steady-repeat'];
  if (now && 'ordersPerMinute' in now && now.ordersPerMinute) return { ordersPerMinute: now.ordersPerMinute, source: 'steady-repeat, this run' };
  const prev = previous?.scenarios?.['steady-repeat'];
  if (prev?.ordersPerMinute) {
    return { ordersPerMinute: prev.ordersPerMinute, source: `steady-repeat of the previous run ${previous?.startedAt ?? ''}${prev.quick ? ' (quick)' : ''}` };
  }
  return null;
};

const SCENARIOS: Scenario[] = [
  { name: 'steady-repeat', rateLimit: '25/5000', run: steadyRepeat },
  { name: 'new-customers', rateLimit: '25/5000', run: newCustomers },
  { name: 'multi-tenant', rateLimit: '25/5000', run: (c, o) => multiTenant(c, o, baseline) },
  { name: 'unlimited', rateLimit: 'off', run: unlimited },
  { name: 'webhook-intake', rateLimit: '25/5000', run: webhookIntake },
  { name: 'peer-pattern', rateLimit: '25/5000', workers: 0, run: (c, o) => peerPattern(c, o, baseline) },
];

function parseArgs(argv: string[]) {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const only = value('--only')?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((n) => !SCENARIOS.some((s) => s.name === n)) ?? [];
  if (unknown.length) {
    console.error(`unknown scenario(s): ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
    process.exit(2);
  }
  const workers = Number(value('--workers') ?? 2);
  if (!Number.isInteger(workers) || workers < 1) {
    console.error('--workers must be a positive integer');
    process.exit(2);
  }
  const options: BenchOptions = {
    quick: argv.includes('--quick'),
    workers,
    logLevel: value('--log-level') ?? 'info',
    databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/qbfx_bench',
    cpuProf: argv.includes('--cpu-prof'),
    // Per run, so two runs on one machine never delete each other's logs or workflow bundle.
    dataRoot: path.join(REPO, '.data/bench', `run-${process.pid}`),
  };
  return { only, options, out: value('--out') ?? path.join(REPO, 'bench/results/latest.json') };
}

function machine() {
  const c = cpus();
  return { cpus: c.length, model: c[0]?.model ?? 'unknown', memGiB: round(totalmem() / 2 ** 30, 1), node: process.version, loadAverageAtStart: loadavg().map((x) => round(x, 2)) };
}

/** The PostgreSQL server the bench uses: version, max_connections and how many are in use by anyone right now. */
async function postgresInfo(databaseUrl: string) {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  try {
    await client.connect();
    const r = await client.query(`select current_setting('server_version') as version, current_setting('max_connections')::int as max,
      (select count(*)::int from pg_stat_activity where backend_type = 'client backend') as in_use`);
    const row = r.rows[0];
    return { host: `${url.hostname}:${url.port || 5432}`, version: row.version, maxConnections: row.max, connectionsInUseAtStart: row.in_use };
  } catch (err) {
    return { host: `${url.hostname}:${url.port || 5432}`, error: (err as Error).message };
  } finally {
    await client.end().catch(() => undefined);
  }
}

const fmt = (x: number | null | undefined, d = 1) => (x === null || x === undefined ? '–' : String(round(x, d)));

function headline(name: string, r: ScenarioResult): string {
  const d = r.details as Record<string, any>;
  switch (name) {
    case 'multi-tenant':
      return `aggregate ${fmt(r.ordersPerMinute)} orders/min = ${fmt(d.aggregateVsOneShop, 2)} × one shop (${fmt(d.oneShopOrdersPerMinute)})`;
    case 'unlimited':
      return `ceiling ${fmt(d.ordersPerSecond, 2)} orders/s; at ${d.fixedRate?.ordersPerSecond}/s p99 ${fmt(r.latencyMs?.p99, 0)} ms`;
    case 'webhook-intake':
      return `${fmt(d.acceptedPerSecond, 0)} accepted req/s, p99 ${fmt(r.latencyMs?.p99, 0)} ms (16 conn); 32 conn: ${fmt(d.at32?.acceptedPerSecond, 0)} req/s, p99 ${fmt(d.at32?.latencyMs?.p99, 0)} ms`;
    case 'peer-pattern':
      return `ours ${fmt(d.oursOrdersPerMinute)} vs peer ${fmt(r.ordersPerMinute)} orders/min = ${fmt(d.oursVsPeer, 2)} ×`;
    default:
      return '';
  }
}

function printTable(): void {
  const head = ['scenario', 'orders', 'wall s', 'ord/min', 'calls/ord', '429', 'util %', 'fail', 'dup', 'p50/p95/p99 ms', 'RSS w/api MB', 'met'];
  const rows: string[][] = [];
  const extra: string[] = [];
  for (const [name, r] of Object.entries(results)) {
    if ('error' in r) {
      rows.push([name, 'ERROR', '', '', '', '', '', '', '', '', '', 'no']);
      extra.push(`${name}: ${r.error}`);
      continue;
    }
    rows.push([
      name + (r.quick ? ' (quick)' : ''),
      String(r.orders),
      fmt(r.wallSeconds),
      fmt(r.ordersPerMinute),
      fmt(r.fortnoxCallsPerOrder, 2),
      fmt(r.rateLimited429, 0),
      r.utilisation === null ? '–' : fmt(r.utilisation * 100),
      String(r.failures),
      fmt(r.duplicates, 0),
      r.latencyMs ? `${r.latencyMs.p50}/${r.latencyMs.p95}/${r.latencyMs.p99}` : '–',
      `${fmt(r.rssMaxMB.worker, 0)}/${fmt(r.rssMaxMB.api, 0)}`,
      r.met ? 'yes' : 'NO',
    ]);
    const h = headline(name, r);
    if (h) extra.push(`${name}: ${h}`);
    for (const [k, c] of Object.entries(r.checks)) if (!c.met) extra.push(`${name}: missed ${k} = ${c.value} (target ${c.target})`);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows) console.log(line(r));
  if (extra.length) console.log(`\n${extra.join('\n')}`);
}

/** Data folders of earlier runs whose process has ended (logs are kept until the next run). */
function removeFinishedRuns(root: string): void {
  if (!existsSync(root)) return;
  for (const d of readdirSync(root)) {
    const m = /^run-(\d+)$/.exec(d);
    if (!m || Number(m[1]) === process.pid) continue;
    try {
      process.kill(Number(m[1]), 0); // still running: leave it alone
    } catch {
      rmSync(path.join(root, d), { recursive: true, force: true });
    }
  }
}

async function main() {
  const { only, options, out } = parseArgs(process.argv.slice(2));
  if (existsSync(out)) {
    try {
      previous = JSON.parse(readFileSync(out, 'utf8'));
    } catch {
      previous = null;
    }
  }
  const selected = SCENARIOS.filter((s) => !only || only.includes(s.name));
  removeFinishedRuns(path.dirname(options.dataRoot));
  const startedAt = new Date().toISOString();
  const postgres = await postgresInfo(options.databaseUrl);
  if ('maxConnections' in postgres && postgres.maxConnections - postgres.connectionsInUseAtStart < options.workers * 30 + 14) {
    log.line(`! PostgreSQL at ${postgres.host} allows ${postgres.maxConnections} connections (${postgres.connectionsInUseAtStart} in use): ` +
      `a stack with ${options.workers} workers may open up to ${options.workers * 30 + 14} (each worker: a pool of 20 + a lock pool of 10; API 10; bench 4). ` +
      `"too many clients" errors would distort the figures; see bench/README.md.`);
  }
  const doc = {
    machine: { ...machine(), postgres },
    startedAt,
    finishedAt: null as string | null,
    logs: path.relative(REPO, options.dataRoot),
    quick: options.quick,
    options: { workers: options.workers, logLevel: options.logLevel, cpuProf: options.cpuProf, only: only ?? null },
    scenarios: results,
  };
  mkdirSync(path.dirname(out), { recursive: true });
  const write = () => writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);

  let current: ScenarioContext | null = null;
  process.once('SIGINT', () => {
    log.line('interrupted: stopping the stack …');
    void (current?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });

  const runStarted = Date.now();
  log.line(`bench: ${selected.map((s) => s.name).join(', ')}${options.quick ? ' (quick)' : ''}; logs in ${path.relative(process.cwd(), options.dataRoot)}/<scenario>/logs`);
  for (const s of selected) {
    const t = Date.now();
    log.line(`» ${s.name}${options.quick ? ' (quick)' : ''}: starting a fresh stack (fortnox rate limit ${s.rateLimit}, ${s.workers ?? options.workers} workers)`);
    let pidNames: Record<number, string> = {};
    try {
      current = await ScenarioContext.start(s.name, options, { fortnoxRateLimit: s.rateLimit, workers: s.workers });
      pidNames = current.pids();
      const r = await s.run(current, options);
      r.details.resources = current.resources();
      const pg = current.resources();
      if (pg.pgServerMaxConnections !== null && pg.pgConnectionsMax > pg.pgServerMaxConnections - 10) {
        r.notes.push(`PostgreSQL connections of this stack peaked at ${pg.pgConnectionsMax} of the server's max_connections ${pg.pgServerMaxConnections} (shared with every other database on it).`);
      }
      results[s.name] = r;
    } catch (err) {
      results[s.name] = { error: (err as Error).stack ?? String(err), met: false, quick: options.quick };
      log.line(`  ${s.name} failed: ${(err as Error).message} (logs in ${path.join(options.dataRoot, s.name, 'logs')})`);
    } finally {
      await current?.stop().catch((e) => log.line(`  stopping the stack failed: ${e}`));
      current = null;
    }
    const r = results[s.name]!;
    if (options.cpuProf && !('error' in r)) {
      r.details.cpuProfiles = summarizeProfiles(path.join(options.dataRoot, s.name, 'cpu-prof'), pidNames);
    }
    if (!('error' in r)) r.details.scenarioSeconds = round((Date.now() - t) / 1000, 1);
    log.line(`  ${s.name} done in ${((Date.now() - t) / 1000).toFixed(0)} s — ${'error' in r ? 'ERROR' : r.met ? 'targets met' : 'targets missed'}`);
    write();
  }
  doc.finishedAt = new Date().toISOString();
  write();
  printTable();
  console.log(`\n${selected.length} scenario(s) in ${((Date.now() - runStarted) / 60000).toFixed(1)} min; written to ${path.relative(process.cwd(), out)}`);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
