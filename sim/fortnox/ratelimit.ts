// Fortnox allows 25 requests per sliding 5-second window per tenant. Only accepted requests take budget,
// so a client hammering through 429s does not lock itself out for longer.
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  /**
   * Records a request for the tenant if the window has room (or `limit` is null = limiter off).
   * Returns whether it was accepted and how many accepted requests the window now holds.
   */
  tryAcquire(tenantId: string, now: number, limit: number | null, windowMs: number): { ok: boolean; inWindow: number } {
    const list = this.hits.get(tenantId) ?? [];
    const cutoff = now - windowMs;
    let drop = 0;
    while (drop < list.length && list[drop] <= cutoff) drop++;
    if (drop) list.splice(0, drop);
    if (limit !== null && list.length >= limit) {
      this.hits.set(tenantId, list);
      return { ok: false, inWindow: list.length };
    }
    list.push(now);
    this.hits.set(tenantId, list);
    return { ok: true, inWindow: list.length };
  }

  reset(tenantId?: string): void {
    if (tenantId === undefined) this.hits.clear();
    else this.hits.delete(tenantId);
  }
}
