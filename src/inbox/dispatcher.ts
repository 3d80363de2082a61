// Turns inbox rows into workflow starts (ids per the design: order:<shop>:<order>, product:<shop>:<product>).
// A row is marked dispatched only after Temporal accepted the start (or it needed none); while Temporal is
// unreachable rows keep their place and come back with a capped backoff, so an accepted webhook is never lost.
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../db/connection';
import type { Logger } from '../logger';
import { orderKey, settledOrders } from '../repositories/order-documents';
import { shopsSyncingProducts } from '../repositories/shops';
import { insertLogRows } from '../repositories/sync-log';
import { startOrderSync, startProductSync, type StartSource } from '../workflows/starters';
import { actionOf } from './events';
import { recordOnlyLogEntry } from './info-events';
import { onInboxWrite } from './notify';
import { claimDue, deleteDispatchedBefore, markDispatched, markFailed, type ClaimedRow } from '../repositories/inbox';

export interface DispatcherDeps {
  db: Db;
  temporal: Client;
  config: Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'INBOX_RETENTION_DAYS'>;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
}

export interface DispatcherOptions {
  /** Poll for rows written by other processes or left after an outage. */
  pollMs: number;
  /** A nudge waits this long so a burst of webhooks becomes one claim instead of one per request. */
  nudgeDelayMs: number;
  batchSize: number;
  /** Starts in flight at once. */
  concurrency: number;
  /** A claimed row is someone else's to retry after this (a crashed dispatcher's rows come back). */
  leaseMs: number;
  /** One start call may take this long before Temporal counts as unreachable. */
  startTimeoutMs: number;
  backoff: { baseMs: number; capMs: number };
  cleanupEveryMs: number;
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  pollMs: 500,
  nudgeDelayMs: 10,
  batchSize: 200,
  concurrency: 32,
  leaseMs: 30_000,
  startTimeoutMs: 5_000,
  backoff: { baseMs: 250, capMs: 5_000 },
  cleanupEveryMs: 10 * 60_000,
};

export interface Dispatcher {
  /** Look for work now (coalesced with a pass already running). */
  nudge(): void;
  /** Stops the loops and waits for the pass in progress. */
  stop(): Promise<void>;
  /** Resolves after one full pass over what is due now (tests, shutdown). */
  drain(): Promise<void>;
}

type Outcome = { id: string; workflowId: string | null } | { id: string; error: string };

/** A failure that says "Temporal is not there" rather than "this start is wrong". */
function isUnreachable(err: unknown, pastDeadline: boolean): boolean {
  if (pastDeadline) return true;
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 14 || code === 4 || code === 1) return true; // UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED
  }
  return false;
}

const short = (err: unknown) => String((err as Error)?.message ?? err).slice(0, 300);

export function startDispatcher(deps: DispatcherDeps, options: Partial<DispatcherOptions> = {}): Dispatcher {
  const o: DispatcherOptions = { ...DEFAULT_DISPATCHER_OPTIONS, ...options };
  const { db, temporal, logger } = deps;
  const taskQueue = deps.config.TEMPORAL_TASK_QUEUE;
  let stopped = false;
  let current: Promise<void> | null = null;
  let again = false;



  /** A gRPC deadline (not an AbortSignal: the SDK's retry interceptor would keep retrying for ~20 s after an abort). */
  async function start(row: ClaimedRow, deadline: number): Promise<string> {
    const source = (row.source === 'catchup' || row.source === 'manual' ? row.source : 'webhook') as StartSource;
    return temporal.withDeadline(deadline, async () =>
      actionOf(row.event_type) === 'order-sync'
        ? (await startOrderSync(temporal, taskQueue, { shopId: row.shop_id, orderId: row.entity_id, source, receivedAt: row.received_at.toISOString() })).workflowId
        : (await startProductSync(temporal, taskQueue, { shopId: row.shop_id, productId: row.entity_id, source })).workflowId,
    );
  }

  /** Starts with bounded concurrency; once Temporal looks unreachable, the rest of the batch is not even tried. */
  async function startAll(rows: ClaimedRow[]): Promise<{ outcomes: Outcome[]; outage: boolean }> {
    const out: Outcome[] = [];
    let next = 0;
    let outage: string | null = null;
    const lane = async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        if (outage) {
          out.push({ id: row.id, error: outage });
          continue;
        }
        const deadline = Date.now() + o.startTimeoutMs;
        try {
          out.push({ id: row.id, workflowId: await start(row, deadline) });
        } catch (err) {
          const unreachable = isUnreachable(err, Date.now() >= deadline);
          const error = unreachable ? `Temporal unreachable: ${short(err)}` : short(err);
          if (unreachable) outage ??= error;
          out.push({ id: row.id, error });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(o.concurrency, rows.length) }, lane));
    if (outage) logger.warn({ rows: rows.length, error: outage }, 'inbox: Temporal unreachable; events stay queued and are retried');
    return { outcomes: out, outage: outage !== null };
  }

  /** One claimed batch → starts / log entries → rows marked. Returns how many rows it claimed and whether Temporal was down. */
  async function dispatchBatch(): Promise<{ claimed: number; outage: boolean }> {
    const rows = await claimDue(db, o.batchSize, o.leaseMs);
    if (rows.length === 0) return { claimed: 0, outage: false };
    const orders = rows.filter((r) => actionOf(r.event_type) === 'order-sync');
    const products = rows.filter((r) => actionOf(r.event_type) === 'product-sync');
    const recordOnly = rows.filter((r) => actionOf(r.event_type) === 'record-only');
    const [settled, syncingShops] = await Promise.all([
      settledOrders(db, orders.map((r) => ({ shopId: r.shop_id, orderId: r.entity_id }))),
      shopsSyncingProducts(db, [...new Set(products.map((r) => r.shop_id))]),
    ]);

    const toStart = [
      ...orders.filter((r) => !settled.has(orderKey(r.shop_id, r.entity_id))),
      ...products.filter((r) => syncingShops.has(r.shop_id)),
    ];
    const startIds = new Set(toStart.map((r) => r.id));
    const noStart = rows.filter((r) => !startIds.has(r.id)).map((r) => ({ id: r.id, workflowId: null }));

    // "Recorded, not synced" events go to the shop's sync log once per row (duplicates collapsed already).
    await insertLogRows(db, recordOnly.map(recordOnlyLogEntry));

    const { outcomes, outage } = await startAll(toStart);
    const done = [...noStart, ...outcomes.filter((x): x is { id: string; workflowId: string } => 'workflowId' in x)];
    const failed = outcomes.filter((x): x is { id: string; error: string } => 'error' in x);
    await markDispatched(db, done);
    await markFailed(db, failed, o.backoff);
    if (failed.length > 0 && failed.length < toStart.length) {
      logger.warn({ failed: failed.length, first: failed[0]?.error }, 'inbox: some starts failed; retrying with backoff');
    }
    logger.debug({ claimed: rows.length, started: toStart.length - failed.length, failed: failed.length }, 'inbox: batch dispatched');
    return { claimed: rows.length, outage };
  }

  /** Batches until nothing is due; an outage ends the pass (the poll tries again, rows wait with their backoff). */
  async function pass(): Promise<void> {
    do {
      again = false;
      for (;;) {
        if (stopped) return;
        const { claimed, outage } = await dispatchBatch();
        if (outage) return;
        if (claimed < o.batchSize) break;
      }
    } while (again && !stopped);
  }

  function run(): Promise<void> {
    if (current) {
      again = true;
      return current;
    }
    current = pass()
      .catch((err) => logger.error({ err: short(err) }, 'inbox: dispatch pass failed; rows are retried after their lease'))
      .finally(() => (current = null));
    return current;
  }

  async function cleanup() {
    const cutoff = new Date(Date.now() - deps.config.INBOX_RETENTION_DAYS * 86_400_000);
    const deleted = await deleteDispatchedBefore(db, cutoff).catch((err) => {
      logger.warn({ err: short(err) }, 'inbox: cleanup failed');
      return 0;
    });
    if (deleted > 0) logger.info({ deleted, before: cutoff.toISOString() }, 'inbox: old dispatched rows deleted');
  }

  let nudged: NodeJS.Timeout | null = null;
  const nudge = () => {
    if (stopped || nudged) return;
    nudged = setTimeout(() => {
      nudged = null;
      void run();
    }, o.nudgeDelayMs);
  };

  const poll = setInterval(() => void run(), o.pollMs);
  const sweep = setInterval(() => void cleanup(), o.cleanupEveryMs);
  poll.unref();
  sweep.unref();
  const unsubscribe = onInboxWrite(nudge);
  void run();
  void cleanup();

  return {
    nudge,
    async drain() {
      while (current) await current;
      await run();
    },
    async stop() {
      stopped = true;
      if (nudged) clearTimeout(nudged);
      clearInterval(poll);
      clearInterval(sweep);
      unsubscribe();
      while (current) await current;
    },
  };
}
