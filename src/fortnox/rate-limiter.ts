import { sql } from 'kysely';
import type { Db } from '../db/connection';
import { FortnoxError } from './errors';

/**
 * Per-tenant request budget shared by every process through PostgreSQL (Fortnox: 25 requests per sliding 5 s window
 * per tenant; more processes add no capacity).
 *
 * Storage: `fortnox_requests` holds exactly `limit` rows per tenant — a ring of slots, each the time of one of the
 * tenant's last `limit` requests. A request may go when some slot's time is more than a window ago, which is exactly
 * "fewer than `limit` requests in the window". Taking a slot is ONE statement: `FOR UPDATE SKIP LOCKED` lets
 * concurrent processes take different slots, and a slot that another process took after our snapshot fails the
 * re-check and is skipped, so the budget is never exceeded. No pruning is needed: the table never grows beyond
 * `limit` rows per tenant, and `count(*) where at > now() - window` still reads as the requests in the window.
 *
 * Fortnox counts a request when it arrives, which is somewhere between our send and its answer. So a slot is taken
 * with a lease (`at` in the future: nobody can reuse it while the request is in flight) and released with the time
 * the answer came (`permit.release()`): the next use of that slot is then at least a window after Fortnox saw the
 * request, however long the network or a queue at Fortnox took. A crashed process's slots free when the lease ends.
 * `marginMs` only covers clock-rate differences.
 */
export interface RateLimitOptions {
  limit?: number;
  windowMs?: number;
  /** Added to the window as a safety margin (default 100 ms). */
  marginMs?: number;
  /** Give up (retryable error) after waiting this long for a slot (default 120 s). */
  maxWaitMs?: number;
}

/** One request's slot: release it when the answer (or the failure) came. */
export interface RatePermit {
  release(): Promise<void>;
}

export interface RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  /** Waits until the tenant has budget and takes one slot, leased for at most `leaseMs` (default 60 s). */
  acquire(tenantKey: string, leaseMs?: number): Promise<RatePermit>;
  /** One attempt: a permit, or how long to wait before trying again. */
  tryAcquire(tenantKey: string, leaseMs?: number): Promise<{ permit: RatePermit; waitMs: 0 } | { permit: null; waitMs: number }>;
  /** After a 429 despite the budget (another client of the tenant): mark the whole window used so every process backs off. */
  penalize(tenantKey: string): Promise<void>;
}

export const DEFAULT_RATE_LIMIT = { limit: 25, windowMs: 5000 } as const;

// Namespace for pg_advisory_xact_lock(int, int) so our locks never collide with other users of advisory locks.
/** Longest a request may hold its slot unreleased (a crashed process); callers pass their timeout + a bit. */
export const DEFAULT_LEASE_MS = 60_000;

export const RATE_LIMIT_LOCK_NS = 0x466e7831; // "Fnx1"

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createRateLimiter(db: Db, options: RateLimitOptions = {}): RateLimiter {
  const limit = options.limit ?? DEFAULT_RATE_LIMIT.limit;
  const windowMs = options.windowMs ?? DEFAULT_RATE_LIMIT.windowMs;
  const effectiveMs = windowMs + (options.marginMs ?? 100);
  const maxWaitMs = options.maxWaitMs ?? 120_000;
  if (!Number.isInteger(limit) || limit < 1) throw new Error('rate limit must be a positive integer');

  async function attempt(tenantKey: string, leaseMs: number) {
    const window = sql`(${effectiveMs}::double precision * interval '1 millisecond')`;
    const lease = sql`(${leaseMs}::double precision * interval '1 millisecond')`;
    // statement_timestamp() (stable) keeps the tenant_key/at index usable; the grant only happens when the ring
    // has exactly `limit` slots in this snapshot (while it is being created or resized nobody gets through).
    // The lease is returned as text: a JS Date would lose the microseconds that identify the slot on release.
    const { rows } = await sql<{ lease_at: string | null; slots: number; wait_ms: number }>`
      with slot as (
        select ctid from fortnox_requests
        where tenant_key = ${tenantKey} and at <= statement_timestamp() - ${window}
          and (select count(*) from fortnox_requests where tenant_key = ${tenantKey}) = ${limit}
        limit 1
        for update skip locked
      ), taken as (
        update fortnox_requests set at = statement_timestamp() + ${lease}
        where ctid = (select ctid from slot)
        returning at::text as lease_at
      )
      select
        (select lease_at from taken) as lease_at,
        count(*)::int as slots,
        -- slots in flight free a window after their answer at the earliest: only settled slots give a nearer time
        coalesce(greatest(0, ceil(extract(epoch from (
          min(at) filter (where at <= statement_timestamp()) + ${window} - clock_timestamp())) * 1000)), ${effectiveMs})::int as wait_ms
      from fortnox_requests where tenant_key = ${tenantKey}
    `.execute(db);
    return rows[0]!;
  }

  function permit(tenantKey: string, leaseAt: string): RatePermit {
    let released = false;
    return {
      async release() {
        if (released) return;
        released = true;
        // Any slot holding exactly this lease will do: the ring is a multiset of times.
        await sql`update fortnox_requests set at = clock_timestamp()
          where ctid = (select ctid from fortnox_requests where tenant_key = ${tenantKey} and at = ${leaseAt}::timestamptz limit 1)
            and at = ${leaseAt}::timestamptz`.execute(db);
      },
    };
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

  const tryAcquire: RateLimiter['tryAcquire'] = async (tenantKey, leaseMs = DEFAULT_LEASE_MS) => {
    const r = await attempt(tenantKey, leaseMs);
    if (r.lease_at !== null) return { permit: permit(tenantKey, r.lease_at), waitMs: 0 };
    if (r.slots !== limit) {
      await normalize(tenantKey);
      return { permit: null, waitMs: 0 };
    }
    return { permit: null, waitMs: r.wait_ms };
  };

  return {
    limit,
    windowMs,
    tryAcquire,
    async acquire(tenantKey, leaseMs) {
      const started = Date.now();
      for (;;) {
        const r = await tryAcquire(tenantKey, leaseMs);
        if (r.permit) return r.permit;
        if (Date.now() - started > maxWaitMs) {
          throw new FortnoxError({
            kind: 'retryable', code: 'rate_limit_wait', endpoint: 'rate-limiter',
            message: `no request budget for tenant ${tenantKey} within ${maxWaitMs} ms`,
          });
        }
        // A slot that looks free but is being taken right now gives waitMs 0: poll again shortly. The jitter
        // spreads processes that wake for the same slot.
        await sleep(Math.max(3, r.waitMs) + Math.random() * 10);
      }
    },
    async penalize(tenantKey) {
      await sql`update fortnox_requests set at = greatest(at, statement_timestamp()) where tenant_key = ${tenantKey}`.execute(db);
    },
  };
}

/** Requests of a tenant in the current window, in-flight ones included (what the merchant page shows). */
export async function requestsInWindow(db: Db, tenantKey: string, windowMs: number = DEFAULT_RATE_LIMIT.windowMs): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from fortnox_requests
    where tenant_key = ${tenantKey} and at > statement_timestamp() - (${windowMs}::double precision * interval '1 millisecond')`.execute(db);
  return rows[0]!.n;
}
