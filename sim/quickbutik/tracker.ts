/**
 * Counts work that runs after an answer was sent (webhook deliveries, spread-out payments), so tests can wait for
 * the simulator to fall quiet and close() can cancel what is still scheduled.
 */
export class Tracker {
  private pending = 0;
  private waiters: (() => void)[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private closed = false;

  /** Marks one unit of work as started; call the returned function once when it is over. */
  hold(): () => void {
    this.pending++;
    let released = false;
    return () => {
      if (released || this.closed) return;
      released = true;
      this.pending--;
      if (this.pending === 0) this.waiters.splice(0).forEach((resolve) => resolve());
    };
  }

  /** setTimeout that counts as pending work until it has run (and whatever it returns has settled). */
  later(ms: number, work: () => unknown): void {
    if (this.closed) return;
    const release = this.hold();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      Promise.resolve()
        .then(work)
        .catch(() => undefined)
        .finally(release);
    }, ms);
    this.timers.add(timer);
  }

  idle(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  get busy(): number {
    return this.pending;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.pending = 0;
    this.waiters.splice(0).forEach((resolve) => resolve());
  }
}
