// The per-order after-sale ledger (order_credits, order_payments): each credit and payment is posted to Fortnox at
// most once, by the same pattern that makes the original document exactly-once (src/activities/orders.ts):
// claim (intent + posted_at committed before the POST, compare-and-set so one attempt posts) → POST → record the
// Fortnox number. An attempt that finds a POST in doubt (timeout, crash, 5xx) searches Fortnox by the exact reference
// first and posts again only when the grace period has passed without the document appearing.
import { sql } from 'kysely';
import type { OrderLedger } from '../domain/after-sale-plan';
import { toOre } from '../domain/money';
import type { Db } from './connection';
import type { OrderCreditsTable, OrderPaymentsTable } from './database';

export type LedgerTable = 'order_credits' | 'order_payments';
type CreditFields = Pick<OrderCreditsTable, 'kind' | 'original_number'> & { linked?: boolean };
type PaymentFields = Pick<OrderPaymentsTable, 'invoice_number' | 'payment_date' | 'mode_of_payment'>;

export interface LedgerEntry<T extends LedgerTable> {
  shopId: string;
  orderId: string;
  reference: string;
  /** In the document's currency. */
  amount: number;
  fields: T extends 'order_credits' ? CreditFields : PaymentFields;
}

/** A POST of this reference may have reached Fortnox; the caller retries later (Temporal retries the activity). */
export class OutcomeUnknownError extends Error {
  override readonly name = 'OutcomeUnknown';
}
/** Another attempt holds the claim right now. */
export class AttemptInProgressError extends Error {
  override readonly name = 'AttemptInProgress';
}

const rowOf = (db: Db, table: LedgerTable, shopId: string, reference: string) =>
  db.selectFrom(table).selectAll().where('shop_id', '=', shopId).where('reference', '=', reference).executeTakeFirst();

/**
 * Claims the right to POST `entry`: true when this attempt may post now. `previousPostedAt` is the posted_at this
 * attempt read (null: none) — the compare-and-set lets only one of two racing attempts through.
 */
export async function claimLedgerEntry<T extends LedgerTable>(db: Db, table: T, entry: LedgerEntry<T>, previousPostedAt: Date | null): Promise<boolean> {
  const now = new Date();
  const claimed = await db
    .insertInto(table as 'order_credits')
    .values({
      shop_id: entry.shopId, order_id: entry.orderId, reference: entry.reference, state: 'creating', amount: entry.amount,
      attempts: 1, posted_at: now, ...(entry.fields as CreditFields),
    })
    .onConflict((oc) =>
      oc.columns(['shop_id', 'reference'])
        .doUpdateSet({ posted_at: now, attempts: sql`${sql.table(table)}.attempts + 1`, updated_at: now })
        .where(sql.ref(`${table}.state`), '=', 'creating')
        .where((eb) => previousPostedAt
          ? eb(sql.ref(`${table}.posted_at`), '=', previousPostedAt)
          : eb(sql.ref(`${table}.posted_at`), 'is', null)),
    )
    .returning('attempts')
    .executeTakeFirst();
  return !!claimed;
}

/** The POST answered: the entry exists in Fortnox under `fortnoxNumber`. */
export async function recordFortnoxNumber(db: Db, table: LedgerTable, shopId: string, reference: string, fortnoxNumber: string): Promise<void> {
  await db.updateTable(table).set({ state: 'created', fortnox_number: fortnoxNumber, posted_at: null, updated_at: new Date() })
    .where('shop_id', '=', shopId).where('reference', '=', reference).execute();
}

/** Fortnox rejected the POST (nothing was created): the next attempt may post at once. */
export async function releaseClaim(db: Db, table: LedgerTable, shopId: string, reference: string): Promise<void> {
  await db.updateTable(table).set({ posted_at: null, updated_at: new Date() })
    .where('shop_id', '=', shopId).where('reference', '=', reference).where('state', '=', 'creating').execute();
}

export async function markLedgerBooked(db: Db, table: LedgerTable, shopId: string, reference: string): Promise<void> {
  await db.updateTable(table).set({ booked: true, updated_at: new Date() }).where('shop_id', '=', shopId).where('reference', '=', reference).execute();
}

export interface PostOnceOps {
  /** Fortnox searched by the exact reference; the found document's number, or null. */
  search(): Promise<string | null>;
  /** The POST; answers the new Fortnox number. */
  post(): Promise<string>;
  /** True when the error is Fortnox's answer (nothing created); false when the outcome is unknown. */
  isRejection(err: unknown): boolean;
  graceMs: number;
}

/** Claim → POST → record, with search-by-reference after doubt. Answers the Fortnox number. */
export async function postOnce<T extends LedgerTable>(db: Db, table: T, entry: LedgerEntry<T>, ops: PostOnceOps): Promise<{ number: string; createdNow: boolean }> {
  const row = await rowOf(db, table, entry.shopId, entry.reference);
  if (row?.state === 'created' && row.fortnox_number) return { number: row.fortnox_number, createdNow: false };
  if (row?.posted_at) {
    const found = await ops.search();
    if (found) {
      await recordFortnoxNumber(db, table, entry.shopId, entry.reference, found);
      return { number: found, createdNow: false };
    }
    if (Date.now() - new Date(row.posted_at).getTime() < ops.graceMs) {
      throw new OutcomeUnknownError(`an earlier POST of ${entry.reference} has an unknown outcome; checking again before posting`);
    }
  }
  if (!(await claimLedgerEntry(db, table, entry, row?.posted_at ? new Date(row.posted_at) : null))) {
    throw new AttemptInProgressError(`another attempt is posting ${entry.reference}`);
  }
  try {
    const number = await ops.post();
    await recordFortnoxNumber(db, table, entry.shopId, entry.reference, number);
    return { number, createdNow: true };
  } catch (err) {
    if (ops.isRejection(err)) await releaseClaim(db, table, entry.shopId, entry.reference);
    throw err;
  }
}

export async function readOrderLedger(db: Db, shopId: string, orderId: string) {
  const [document, credits, payments] = await Promise.all([
    db.selectFrom('order_documents').selectAll().where('shop_id', '=', shopId).where('order_id', '=', orderId).executeTakeFirst(),
    db.selectFrom('order_credits').selectAll().where('shop_id', '=', shopId).where('order_id', '=', orderId).orderBy('created_at').execute(),
    db.selectFrom('order_payments').selectAll().where('shop_id', '=', shopId).where('order_id', '=', orderId).orderBy('created_at').execute(),
  ]);
  return { document, credits, payments };
}
export type OrderLedgerRows = Awaited<ReturnType<typeof readOrderLedger>>;

/**
 * The planner's view of the ledger. `fortnox` is what Fortnox says about the original now (read when the plan may
 * depend on it: booked, cancelled, balance); without it the stored facts are used. Entries still `creating` count as
 * existing (planned again they would be posted twice); `done` tells the two apart.
 */
export function toPlannerLedger(
  rows: OrderLedgerRows,
  fortnox?: { date: string; booked: boolean; cancelled: boolean; total: number; balance: number | null },
): OrderLedger {
  const doc = rows.document;
  const original = doc?.state === 'created' && doc.document_number
    ? {
        type: doc.document_type,
        number: doc.document_number,
        date: fortnox?.date ?? '',
        booked: fortnox?.booked ?? doc.booked,
        cancelled: fortnox?.cancelled ?? false,
        total: toOre(fortnox?.total ?? Number(doc.fortnox_total ?? 0)),
        balance: fortnox?.balance === null || fortnox?.balance === undefined ? null : toOre(fortnox.balance),
        contentHash: doc.content_hash,
      }
    : null;
  return {
    original,
    credits: rows.credits.filter((c) => c.state !== 'skipped').map((c) => ({
      key: c.reference, amount: toOre(Number(c.amount)), linked: c.linked, number: c.fortnox_number, done: c.state === 'created',
    })),
    payments: rows.payments.filter((p) => p.state !== 'skipped').map((p) => ({
      key: p.reference, amount: toOre(Number(p.amount)), number: p.fortnox_number, done: p.state === 'created',
    })),
  };
}
