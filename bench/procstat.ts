// Resource figures straight from /proc (Linux): resident memory of the API and worker processes sampled throughout a
// scenario, and CPU time per process between two marks — the evidence for "which process was CPU-bound".
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** VmRSS of a process in MB, or null when it is gone. */
export function rssMB(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** utime + stime of a process in seconds (all its threads), or null when it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at ") ".
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(rest[11]);
    const stime = Number(rest[12]);
    return (utime + stime) / CLK_TCK;
  } catch {
    return null;
  }
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Whole-machine CPU: busy and total jiffies from the first line of /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0); // idle + iowait
  const total = v.slice(0, 8).reduce((s, x) => s + x, 0); // user nice system idle iowait irq softirq steal
  return { busy: total - idle, total };
}

/** Processes whose parent is `ppid` and whose command line contains `needle` (e.g. the simulators we spawned). */
export function childPidsMatching(ppid: number, needle: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const stat = readText(`/proc/${d}/stat`);
    if (!stat) continue;
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent !== ppid) continue;
    const cmd = readText(`/proc/${d}/cmdline`)?.replace(/\0/g, ' ') ?? '';
    if (cmd.includes(needle)) out.push(Number(d));
  }
  return out;
}

export interface WatchedProc {
  name: string;
  pid: number;
  /** Sample its RSS (API and workers). */
  rss?: 'api' | 'worker';
}

interface CpuMark {
  at: number;
  machine: { busy: number; total: number };
  procs: Map<string, number>; // name → cpu seconds
  pg: Map<number, number>; // backend pid → cpu seconds
}

export interface CpuReport {
  wallSeconds: number;
  /** Share of the whole machine busy (all cores, every process on it — other people's work included). */
  machineBusyPct: number;
  cores: number;
  /** CPU seconds and average cores used per process over the phase; `postgres` = the backends serving the stack. */
  processes: Record<string, { cpuSeconds: number; avgCores: number }>;
  /** Processes using ≥ 0.9 of a core on average (a single Node.js main thread cannot use more than ~1). */
  saturated: string[];
}

/**
 * Samples RSS every `everyMs` and keeps the maxima (and the samples' count), and takes CPU marks on request.
 * `rssMax` is over the whole time the sampler ran.
 */
export class ProcSampler {
  readonly rssMax = { worker: 0, api: 0 };
  readonly rssMaxByProc: Record<string, number> = {};
  samples = 0;
  private timer: NodeJS.Timeout | null = null;
  private pgSeen = new Map<number, number>();
  private pgPidsNow: number[] = [];
  private pgAsking = false;

  /**
   * `pgBackends` answers the pids of the PostgreSQL backends serving the stack (asked of the server itself, so a
   * database of the same name on another server on this host is not counted; the bench's own connections excluded).
   */
  constructor(
    private readonly procs: () => WatchedProc[],
    private readonly pgBackends: () => Promise<number[]>,
    private readonly everyMs = 500,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
    this.timer.unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private sample(): void {
    this.samples++;
    for (const p of this.procs()) {
      if (!p.rss) continue;
      const mb = rssMB(p.pid);
      if (mb === null) continue;
      this.rssMax[p.rss] = Math.max(this.rssMax[p.rss], mb);
      this.rssMaxByProc[p.name] = Math.max(this.rssMaxByProc[p.name] ?? 0, mb);
    }
    // Backends come and go with the pools: remember each one's latest CPU time so one that exits is still counted.
    this.trackPg();
  }

  /** Most PostgreSQL backends (connections) serving the stack at one time, sampled with the RSS. */
  pgConnectionsMax = 0;

  private trackPg(): Map<number, number> {
    if (!this.pgAsking) {
      this.pgAsking = true;
      this.pgBackends()
        .then((pids) => {
          this.pgPidsNow = pids;
          this.pgConnectionsMax = Math.max(this.pgConnectionsMax, pids.length);
        })
        .catch(() => undefined)
        .finally(() => (this.pgAsking = false));
    }
    for (const pid of this.pgPidsNow) {
      const s = cpuSeconds(pid); // null when the server is on another host or the backend has gone
      if (s !== null) this.pgSeen.set(pid, s);
    }
    return new Map(this.pgSeen);
  }

  mark(): CpuMark {
    const procs = new Map<string, number>();
    for (const p of this.procs()) {
      const s = cpuSeconds(p.pid);
      if (s !== null) procs.set(p.name, s);
    }
    return { at: Date.now(), machine: machineTicks(), procs, pg: this.trackPg() };
  }

  /** CPU use between two marks. */
  static report(a: CpuMark, b: CpuMark): CpuReport {
    const wall = Math.max(0.001, (b.at - a.at) / 1000);
    const processes: CpuReport['processes'] = {};
    for (const [name, end] of b.procs) {
      const used = end - (a.procs.get(name) ?? end); // a process that started in between: not counted (rare)
      processes[name] = { cpuSeconds: round(used, 2), avgCores: round(used / wall, 2) };
    }
    let pg = 0;
    for (const [pid, end] of b.pg) pg += end - (a.pg.get(pid) ?? 0);
    processes.postgres = { cpuSeconds: round(pg, 2), avgCores: round(pg / wall, 2) };
    const dm = { busy: b.machine.busy - a.machine.busy, total: b.machine.total - a.machine.total };
    return {
      wallSeconds: round(wall, 1),
      machineBusyPct: dm.total > 0 ? round((100 * dm.busy) / dm.total, 1) : 0,
      cores: cpus().length,
      processes,
      saturated: Object.entries(processes).filter(([, v]) => v.avgCores >= 0.9).map(([k]) => k),
    };
  }
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
