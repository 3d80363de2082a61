// The shape of one scenario's figures in bench/results/latest.json, and the target checks.
import type { CpuReport } from './procstat';
import { round, type ScenarioContext } from './harness';

export interface Check {
  value: number | null;
  target: string;
  met: boolean;
}

export interface ScenarioResult {
  orders: number;
  wallSeconds: number | null;
  ordersPerMinute: number | null;
  fortnoxCallsPerOrder: number | null;
  rateLimited429: number | null;
  /** Accepted Fortnox requests ÷ requests the rate limit allows in the busy period (0..1). */
  utilisation: number | null;
  failures: number;
  duplicates: number | null;
  latencyMs: { p50: number; p95: number; p99: number } | null;
  rssMaxMB: { worker: number | null; api: number | null };
  target: Record<string, string>;
  checks: Record<string, Check>;
  met: boolean;
  quick: boolean;
  notes: string[];
  /** CPU per process during the measured phase (from /proc/<pid>/stat). */
  cpu?: CpuReport;
  details: Record<string, unknown>;
}

export const check = (value: number | null, op: '>=' | '<=' | '<' | '==', limit: number, unit = ''): Check => ({
  value: value === null ? null : round(value, 3),
  target: `${op} ${limit}${unit}`,
  met: value !== null && (op === '>=' ? value >= limit : op === '<=' ? value <= limit : op === '<' ? value < limit : value === limit),
});

/** Worker < 400 MB and API < 200 MB, sampled throughout the scenario. */
export function rssChecks(ctx: ScenarioContext, withWorkers = true): { rss: ScenarioResult['rssMaxMB']; checks: Record<string, Check> } {
  const worker = withWorkers && ctx.stack.workers.length > 0 ? round(ctx.sampler.rssMax.worker, 0) : null;
  const api = round(ctx.sampler.rssMax.api, 0);
  const checks: Record<string, Check> = { apiRssMB: check(api, '<', 200, ' MB') };
  if (worker !== null) checks.workerRssMB = check(worker, '<', 400, ' MB');
  return { rss: { worker, api }, checks };
}

/** Plain-language evidence of where the CPU went (added to the notes when a target is missed). */
export function cpuEvidence(cpu: CpuReport | undefined): string | null {
  if (!cpu) return null;
  const top = Object.entries(cpu.processes)
    .sort((a, b) => b[1].avgCores - a[1].avgCores)
    .slice(0, 4)
    .map(([n, v]) => `${n} ${v.avgCores.toFixed(2)} cores`)
    .join(', ');
  return `CPU during the measured phase (${cpu.wallSeconds} s): machine ${cpu.machineBusyPct} % busy of ${cpu.cores} cores; top: ${top}` +
    (cpu.saturated.length ? `; at ≥ 0.9 core: ${cpu.saturated.join(', ')}` : '');
}

export function finalize(r: Omit<ScenarioResult, 'met'>): ScenarioResult {
  const met = Object.values(r.checks).every((c) => c.met);
  const notes = [...r.notes];
  if (!met) {
    const missed = Object.entries(r.checks).filter(([, c]) => !c.met).map(([k, c]) => `${k} = ${c.value} (target ${c.target})`);
    notes.push(`missed: ${missed.join('; ')}`);
    const ev = cpuEvidence(r.cpu);
    if (ev) notes.push(ev);
  }
  return { ...r, notes, met };
}
