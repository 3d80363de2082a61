// Summaries of V8 CPU profiles (`--cpu-prof`, written by each Node.js process — and each of its threads — when it
// exits): where the time went, by function and by package, so the JSON carries the evidence and not just a file.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../scripts/lib/temporal-dev';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface ProfileSummary {
  file: string;
  process: string;
  sampledSeconds: number;
  /** Share of samples (idle excluded) per function, top entries. */
  topFunctions: { fn: string; where: string; pct: number }[];
  /** Share of samples (idle excluded) per package / area. */
  byArea: { area: string; pct: number }[];
}

function areaOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native/builtin)';
  if (url.startsWith('node:')) return 'node core';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const rel = url.replace(/^file:\/\//, '').replace(`${REPO_ROOT}/`, '');
  const top = rel.split('/').slice(0, 2).join('/');
  return top || rel;
}

export function summarizeProfile(file: string, processName: string, top = 12): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const totalHits = p.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0) || 1;
  const seconds = (p.endTime - p.startTime) / 1e6;
  const byFn = new Map<string, { fn: string; where: string; hits: number }>();
  const byArea = new Map<string, number>();
  let idle = 0;
  for (const n of p.nodes) {
    const hits = n.hitCount ?? 0;
    if (!hits) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === '(idle)') {
      idle += hits;
      continue;
    }
    const where = url ? `${url.replace(/^file:\/\//, '').replace(`${REPO_ROOT}/`, '')}:${lineNumber + 1}` : '';
    const key = `${functionName}@${where}`;
    const e = byFn.get(key) ?? { fn: functionName || '(anonymous)', where, hits: 0 };
    e.hits += hits;
    byFn.set(key, e);
    const area = areaOf(url, functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + hits);
  }
  const busy = Math.max(1, totalHits - idle);
  const pct = (h: number) => Math.round((1000 * h) / busy) / 10;
  return {
    file: path.basename(file),
    process: processName,
    sampledSeconds: Math.round(seconds * ((totalHits - idle) / totalHits) * 10) / 10,
    topFunctions: [...byFn.values()].sort((a, b) => b.hits - a.hits).slice(0, top).map((e) => ({ fn: e.fn, where: e.where, pct: pct(e.hits) })),
    byArea: [...byArea].sort((a, b) => b[1] - a[1]).slice(0, top).map(([area, h]) => ({ area, pct: pct(h) })),
  };
}

/** Every profile in `dir`, matched to a process name by the pid in the file name (CPU.<date>.<time>.<pid>.<tid>.<seq>). */
export function summarizeProfiles(dir: string, pidNames: Record<number, string>): ProfileSummary[] {
  if (!existsSync(dir)) return [];
  const out: ProfileSummary[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.cpuprofile')).sort()) {
    const parts = f.split('.');
    const pid = Number(parts[3]);
    const tid = Number(parts[4]);
    const name = pidNames[pid];
    if (!name) continue; // e.g. a helper process we do not report on
    try {
      out.push(summarizeProfile(path.join(dir, f), tid > 0 ? `${name} (thread ${tid})` : name));
    } catch {
      /* a profile cut off by a hard kill */
    }
  }
  return out.filter((s) => s.sampledSeconds > 0.5);
}
