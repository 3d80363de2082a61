// Every SQL statement on the `inbox` table. A row is pending while dispatched_at is null; the unique partial index
// inbox_pending_unique (shop_id, event_type, entity_id) makes a pending event exist at most once.
import { sql } from 'kysely';
import type { Db } from '../db/connection';
import { orderIsSettled } from './order-documents';
import type { WebhookEvent } from '../inbox/events';

export type InboxSource = 'webhook' | 'catchup' | 'manual';

/** One INSERT … ON CONFLICT: a repeat delivery of a pending event only bumps its `deliveries`. */
export async function recordEvent(
  db: Db,
  e: { shopId: string; event: WebhookEvent; entityId: string; source?: InboxSource },
): Promise<{ id: string; deliveries: number }> {
  return db
    .insertInto('inbox')
    .values({ shop_id: e.shopId, event_type: e.event, entity_id: e.entityId, source: e.source ?? 'webhook' })
    .onConflict((oc) =>
      oc
        .columns(['shop_id', 'event_type', 'entity_id'])
        .where('dispatched_at', 'is', null)
        .doUpdateSet({ deliveries: sql<number>`inbox.deliveries + 1` }),
    )
    .returning(['id', 'deliveries'])
    .executeTakeFirstOrThrow();
}

/**
 * Hands orders found by the catch-up poll to the inbox as `order.new` (source `catchup`), except those already
 * synced/skipped (order_documents) or already in the inbox (pending, or dispatched earlier: their workflow owns them).
 * Returns the order ids that were written — all in one statement, so it either hands over all of them or none.
 */
export async function handOverOrders(db: Db, shopId: string, orderIds: string[]): Promise<string[]> {
  if (orderIds.length === 0) return [];
  const rows = await sql<{ entity_id: string }>`
    insert into inbox (shop_id, event_type, entity_id, source)
    select ${shopId}, 'order.new', t.id, 'catchup'
    from unnest(${orderIds}::text[]) as t(id)
    where not ${orderIsSettled(shopId, sql.ref('t.id'))}
      and not exists (
        select 1 from inbox i where i.shop_id = ${shopId} and i.event_type = 'order.new' and i.entity_id = t.id)
    on conflict (shop_id, event_type, entity_id) where dispatched_at is null do nothing
    returning entity_id`.execute(db);
  return rows.rows.map((r) => r.entity_id);
}

export interface ClaimedRow {
  id: string;
  shop_id: string;
  event_type: string;
  entity_id: string;
  source: string;
  received_at: Date;
  dispatch_attempts: number;
}

/**
 * Leases up to `limit` due pending rows by pushing their next_attempt_at `leaseMs` ahead. SKIP LOCKED lets several
 * dispatchers (API processes) claim side by side; the lease (not a held transaction) keeps Temporal calls out of
 * any open transaction, and a crashed dispatcher's rows simply become due again when the lease runs out.
 */
export async function claimDue(db: Db, limit: number, leaseMs: number): Promise<ClaimedRow[]> {
  const res = await sql<ClaimedRow>`
    update inbox set next_attempt_at = now() + ${leaseMs} * interval '1 millisecond'
    where id in (
      select id from inbox
      where dispatched_at is null and next_attempt_at <= now()
      order by next_attempt_at, id
      limit ${limit}
      for update skip locked)
    returning id, shop_id, event_type, entity_id, source, received_at, dispatch_attempts`.execute(db);
  return res.rows;
}

/** Marks rows handled: started (with their workflow id) or deliberately not started (workflow id null). */
export async function markDispatched(db: Db, done: { id: string; workflowId: string | null }[]): Promise<void> {
  if (done.length === 0) return;
  await sql`
    update inbox set dispatched_at = now(), workflow_id = v.workflow_id, last_error = null
    from (select unnest(${done.map((d) => d.id)}::bigint[]) as id, unnest(${done.map((d) => d.workflowId)}::text[]) as workflow_id) v
    where inbox.id = v.id and inbox.dispatched_at is null`.execute(db);
}

/** Puts rows back with exponential backoff (baseMs · 2^attempts, capped at capMs) and the reason. */
export async function markFailed(db: Db, failed: { id: string; error: string }[], backoff: { baseMs: number; capMs: number }): Promise<void> {
  if (failed.length === 0) return;
  await sql`
    update inbox set
      dispatch_attempts = dispatch_attempts + 1,
      next_attempt_at = now() + least(${backoff.capMs}::float8, ${backoff.baseMs}::float8 * power(2, least(dispatch_attempts, 20))) * interval '1 millisecond',
      last_error = v.error
    from (select unnest(${failed.map((f) => f.id)}::bigint[]) as id, unnest(${failed.map((f) => f.error.slice(0, 500))}::text[]) as error) v
    where inbox.id = v.id and inbox.dispatched_at is null`.execute(db);
}

/** Deletes rows dispatched before `cutoff`, in chunks so no statement holds many locks. Returns how many. */
export async function deleteDispatchedBefore(db: Db, cutoff: Date, chunk = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const res = await sql`
      delete from inbox where id in (
        select id from inbox where dispatched_at is not null and dispatched_at < ${cutoff} limit ${chunk})`.execute(db);
    const n = Number(res.numAffectedRows ?? 0);
    total += n;
    if (n < chunk) return total;
  }
}

/** How many rows are waiting (for /metrics and tests). */
export async function pendingCount(db: Db): Promise<number> {
  const r = await sql<{ n: string }>`select count(*) as n from inbox where dispatched_at is null`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** When the oldest undispatched event of this order/product was received (null: nothing waits). */
export async function queuedSince(db: Db, shopId: string, entity: 'order' | 'product', entityId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('inbox')
    .select(['received_at'])
    .where('shop_id', '=', shopId)
    .where('entity_id', '=', entityId)
    .where('dispatched_at', 'is', null)
    .where('event_type', 'like', `${entity}%`) // 'order.new', 'product.update', …
    .executeTakeFirst();
  return row?.received_at ?? null;
}
