import { sql } from 'kysely';
import type { Db } from '../db/connection';
import { FortnoxError } from './errors';

/**
 * Per-tenant request budget shared by every process through PostgreSQL (Fortnox: 25 requests per sliding 5 s window
 * per tenant; more processes add no capacity).
 *
 * Storage: `fortnox_requests` holds exactly `limit` rows per tenant — a ring of slots whose `at` is the time the slot
 * was last used, i.e. the log of the tenant's last `limit` requests. A request may go when some slot was last used
 * more than a window ago, which is exactly "fewer than `limit` requests in the window". Taking a slot is ONE
 * statement: `FOR UPDATE SKIP LOCKED` lets concurrent processes take different slots, and a slot that another process
 * took after our snapshot fails the re-check and is skipped, so the budget is never exceeded. No pruning is needed:
 * the table never grows beyond `limit` rows per tenant. `count(*) where at > now() - window` still reads as the
 * number of requests in the window.
 *
 * The window used is `windowMs + marginMs`: the margin absorbs the time between taking a slot and the request
 * reaching Fortnox (and clock skew), at a cost of ~2 % throughput.
 */
export interface RateLimitOptions {
  limit?: number;
  windowMs?: number;
  /** Added to the window as a safety margin (default 100 ms). */
  marginMs?: number;
  /** Give up (retryable error) after waiting this long for a slot (default 120 s). */
  maxWaitMs?: number;
}

export interface RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  /** Waits until the tenant has budget and takes one request from it. */
  acquire(tenantKey: string): Promise<void>;
  /** One attempt: `{granted: true}` or how long to wait before trying again. */
  tryAcquire(tenantKey: string): Promise<{ granted: boolean; waitMs: number }>;
  /** After a 429 despite the budget (another client of the tenant): mark the whole window used so every process backs off. */
  penalize(tenantKey: string): Promise<void>;
}

export const DEFAULT_RATE_LIMIT = { limit: 25, windowMs: 5000 } as const;

// Namespace for pg_advisory_xact_lock(int, int) so our locks never collide with other users of advisory locks.
export const RATE_LIMIT_LOCK_NS = 0x466e7831; // "Fnx1"

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createRateLimiter(db: Db, options: RateLimitOptions = {}): RateLimiter {
  const limit = options.limit ?? DEFAULT_RATE_LIMIT.limit;
  const windowMs = options.windowMs ?? DEFAULT_RATE_LIMIT.windowMs;
  const effectiveMs = windowMs + (options.marginMs ?? 100);
  const maxWaitMs = options.maxWaitMs ?? 120_000;
  if (!Number.isInteger(limit) || limit < 1) throw new Error('rate limit must be a positive integer');

  async function attempt(tenantKey: string) {
    const window = sql`(${effectiveMs}::double precision * interval '1 millisecond')`;
    // statement_timestamp() (stable) keeps the tenant_key/at index usable; the grant only happens when the ring
    // has exactly `limit` slots in this snapshot (while it is being created or resized nobody gets through).
    const { rows } = await sql<{ granted: number; slots: number; wait_ms: number | null }>`
      with slot as (
        select ctid from fortnox_requests
        where tenant_key = ${tenantKey} and at <= statement_timestamp() - ${window}
          and (select count(*) from fortnox_requests where tenant_key = ${tenantKey}) = ${limit}
        limit 1
        for update skip locked
      ), taken as (
        update fortnox_requests set at = statement_timestamp()
        where ctid = (select ctid from slot)
        returning 1
      )
      select
        (select count(*) from taken)::int as granted,
        count(*)::int as slots,
        greatest(0, ceil(extract(epoch from (min(at) + ${window} - clock_timestamp())) * 1000))::int as wait_ms
      from fortnox_requests where tenant_key = ${tenantKey}
    `.execute(db);
    return rows[0]!;
  }

  /** Creates the ring for a new tenant, or resizes it (keeping the most recent slots) when the limit changed. */
  async function normalize(tenantKey: string) {
    await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${RATE_LIMIT_LOCK_NS}, hashtext(${tenantKey}))`.execute(trx);
      // A separate statement after the lock: its snapshot sees what earlier lock holders committed.
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from fortnox_requests where tenant_key = ${tenantKey}`.execute(trx);
      const n = rows[0]!.n;
      if (n < limit) {
        await sql`insert into fortnox_requests (tenant_key, at)
          select ${tenantKey}, timestamptz 'epoch' from generate_series(1, ${limit - n})`.execute(trx);
      } else if (n > limit) {
        await sql`delete from fortnox_requests where ctid in (
          select ctid from fortnox_requests where tenant_key = ${tenantKey} order by at asc limit ${n - limit})`.execute(trx);
      }
    });
  }

  return {
    limit,
    windowMs,
    async tryAcquire(tenantKey) {
      const r = await attempt(tenantKey);
      if (r.granted > 0) return { granted: true, waitMs: 0 };
      if (r.slots !== limit) {
        await normalize(tenantKey);
        return { granted: false, waitMs: 0 };
      }
      return { granted: false, waitMs: Math.max(0, r.wait_ms ?? 0) };
    },
    async acquire(tenantKey) {
      const started = Date.now();
      for (;;) {
        const { granted, waitMs } = await this.tryAcquire(tenantKey);
        if (granted) return;
        if (Date.now() - started > maxWaitMs) {
          throw new FortnoxError({
            kind: 'retryable', code: 'rate_limit_wait', endpoint: 'rate-limiter',
            message: `no request budget for tenant ${tenantKey} within ${maxWaitMs} ms`,
          });
        }
        // A slot that looks free but is being taken right now gives waitMs 0: poll again shortly. The jitter
        // spreads processes that wake for the same slot.
        await sleep(Math.max(3, waitMs) + Math.random() * 10);
      }
    },
    async penalize(tenantKey) {
      await sql`update fortnox_requests set at = greatest(at, statement_timestamp()) where tenant_key = ${tenantKey}`.execute(db);
    },
  };
}
