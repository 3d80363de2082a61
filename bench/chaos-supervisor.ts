// What a process supervisor (systemd `Restart=always`, a Kubernetes Deployment) does for the service, played by the
// chaos run: keep N worker processes and one API process alive. A process we kill on purpose comes back after the
// delay the chaos schedule chose; a process that exits by itself is an *unexpected exit* — recorded (it points at a
// product problem, e.g. a worker that gives up when Temporal goes away) and restarted after a short back-off, as a
// supervisor would.
import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { stopProc, type Proc, type Stack } from '../scripts/lib/stack';
import { REPO_ROOT } from '../scripts/lib/temporal-dev';
import { sleep, type Timeline } from './chaos-timeline';

export const SUPERVISOR_RESTART_DELAY_MS = 1000;

export interface UnexpectedExit {
  t: number;
  proc: string;
  pid: number | undefined;
  code: number | null;
  signal: string | null;
  logTail: string;
}

export class Supervisor {
  readonly unexpectedExits: UnexpectedExit[] = [];
  readonly kills: Array<{ t: number; proc: string; pid: number | undefined; signal: string }> = [];
  private readonly intended = new WeakSet<Proc>();
  private stopped = false;
  private apiSeq = 1;
  private readonly pendingRestarts = new Set<Promise<void>>();

  constructor(
    private readonly stack: Stack,
    private readonly timeline: Timeline,
    private readonly logDir: string,
  ) {
    for (const w of stack.workers) this.watch(w, 'worker');
    this.watch(stack.api, 'api');
  }

  /** Worker processes that are running now. */
  liveWorkers(): Proc[] {
    return this.stack.workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
  }

  /** Kills a process on purpose; it is started again after `restartAfterMs` (null: not at all). */
  async kill(proc: Proc, signal: NodeJS.Signals, restartAfterMs: number | null, role: 'worker' | 'api' = 'worker'): Promise<void> {
    this.intended.add(proc);
    this.kills.push({ t: this.timeline.elapsed(), proc: proc.name, pid: proc.child.pid, signal });
    await stopProc(proc, signal, 2000);
    if (restartAfterMs !== null) this.later(restartAfterMs, role);
  }

  /** Waits for restarts that are still scheduled (before the settle phase: every worker is back). */
  async settle(): Promise<void> {
    while (this.pendingRestarts.size > 0) await Promise.all([...this.pendingRestarts]);
  }

  /** No more restarts (the run is ending). */
  stop(): void {
    this.stopped = true;
  }

  private later(ms: number, role: 'worker' | 'api') {
    const p = sleep(ms).then(() => {
      if (this.stopped) return;
      const proc = role === 'worker' ? this.stack.startWorker() : this.startApi();
      this.watch(proc, role);
      this.timeline.record(`${role}-started`, { proc: proc.name, pid: proc.child.pid });
    });
    this.pendingRestarts.add(p);
    void p.finally(() => this.pendingRestarts.delete(p));
  }

  private watch(proc: Proc, role: 'worker' | 'api') {
    void proc.exited.then(() => {
      if (this.stopped || this.intended.has(proc)) return;
      const exit: UnexpectedExit = {
        t: this.timeline.elapsed(),
        proc: proc.name,
        pid: proc.child.pid,
        code: proc.child.exitCode,
        signal: proc.child.signalCode,
        logTail: tail(path.join(this.logDir, `${proc.name}.log`)),
      };
      this.unexpectedExits.push(exit);
      this.timeline.record('unexpected-exit', { proc: proc.name, code: exit.code, signal: exit.signal });
      this.later(SUPERVISOR_RESTART_DELAY_MS, role);
    });
  }

  /** A new API process with the stack's environment (the stack starts only the first one). */
  private startApi(): Proc {
    const name = `api-${++this.apiSeq}`;
    const out = openSync(path.join(this.logDir, `${name}.log`), 'a');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src/api/server.ts')], {
      cwd: REPO_ROOT, env: { ...process.env, ...this.stack.env }, stdio: ['ignore', out, out],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const proc: Proc = { name, child, exited };
    this.stack.api = proc;
    return proc;
  }
}

function tail(file: string, lines = 15): string {
  try {
    const text = readFileSync(file, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
