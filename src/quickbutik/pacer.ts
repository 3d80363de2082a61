/**
 * A polite per-shop request pace: requests of one shop are spaced 1/rps apart (no bursts), different shops do not
 * wait for each other. In-process only — Quickbutik documents no limit, so this is courtesy, not a shared budget.
 * A 429's Retry-After pushes the shop's next slot back so every caller of that shop waits, not just the one that hit it.
 */
export interface Pacer {
  /** Resolves when the shop may send its next request. */
  take(key: string): Promise<void>;
  /** Nobody sends for this shop for `ms`. */
  holdOff(key: string, ms: number): void;
}

export function createPacer(requestsPerSecond: number, now: () => number = Date.now): Pacer {
  if (!(requestsPerSecond > 0)) throw new Error('requestsPerSecond must be > 0');
  const interval = 1000 / requestsPerSecond;
  const nextSlot = new Map<string, number>();

  const sweep = (t: number) => {
    if (nextSlot.size < 1000) return;
    for (const [k, slot] of nextSlot) if (slot < t) nextSlot.delete(k);
  };

  return {
    async take(key) {
      const t = now();
      sweep(t);
      const slot = Math.max(t, nextSlot.get(key) ?? 0);
      nextSlot.set(key, slot + interval);
      if (slot > t) await new Promise((r) => setTimeout(r, slot - t));
    },
    holdOff(key, ms) {
      const until = now() + ms;
      if ((nextSlot.get(key) ?? 0) < until) nextSlot.set(key, until);
    },
  };
}
