// order_documents: the exactly-once ledger of the order sync, one row per order (shop_id, order_id).
//
// "Is this order already synced?" has two answers, both here:
// - `documentOf`: the Fortnox document the order already has (state `created`): the workflow then only checks it;
// - `settledOrders` / `orderIsSettled`: created or skipped by an operator: no workflow needs to start for it
//   (dispatcher, catch-up hand-over). A manual resend starts the workflow anyway, which then finds the document.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../db/connection';
import type { DocumentType } from '../domain/fortnox-document';

export interface StoredDocument {
  documentType: DocumentType;
  documentNumber: string;
  /** null when the total was not stored (then it is read from Fortnox). */
  total: number | null;
}

const SETTLED = ['created', 'skipped'] as const;

export const findOrderDocument = (db: Db, shopId: string, orderId: string) =>
  db.selectFrom('order_documents').selectAll().where('shop_id', '=', shopId).where('order_id', '=', orderId).executeTakeFirst();

/** The order's Fortnox document, when it has one. */
export async function documentOf(db: Db, shopId: string, orderId: string): Promise<StoredDocument | undefined> {
  return storedDocument(await findOrderDocument(db, shopId, orderId));
}

export function storedDocument(row: Awaited<ReturnType<typeof findOrderDocument>>): StoredDocument | undefined {
  if (row?.state !== 'created' || !row.document_number) return undefined;
  return { documentType: row.document_type, documentNumber: row.document_number, total: row.fortnox_total === null ? null : Number(row.fortnox_total) };
}

/** Which of these orders are settled (created or skipped), as `shop\0order` keys. */
export async function settledOrders(db: Db, orders: Array<{ shopId: string; orderId: string }>): Promise<Set<string>> {
  if (orders.length === 0) return new Set();
  const found = await db
    .selectFrom('order_documents')
    .select(['shop_id', 'order_id'])
    .where('state', 'in', SETTLED)
    .where(({ eb, refTuple, tuple }) => eb(refTuple('shop_id', 'order_id'), 'in', orders.map((o) => tuple(o.shopId, o.orderId))))
    .execute();
  return new Set(found.map((f) => orderKey(f.shop_id, f.order_id)));
}
export const orderKey = (shopId: string, orderId: string) => `${shopId}\u0000${orderId}`;

/** The same question inside a statement: `exists (...)` for an order id expression (the catch-up hand-over). */
export const orderIsSettled = (shopId: string, orderId: Expression<string>) =>
  sql<SqlBool>`exists (select 1 from order_documents d where d.shop_id = ${shopId} and d.order_id = ${orderId} and d.state in (${sql.join(SETTLED)}))`;

/**
 * Claims the right to POST: the intent (`creating`, `posted_at`) is durable before anything is sent. The
 * compare-and-set on posted_at (the value the caller read, or none) lets only one attempt go on. false: another
 * attempt holds the claim.
 */
export async function claimDocument(
  db: Db,
  c: { shopId: string; orderId: string; documentType: DocumentType; reference: string; quickbutikTotal: number; receivedAt?: string; seenPostedAt: Date | null },
): Promise<boolean> {
  const claimed = await db
    .insertInto('order_documents')
    .values({
      shop_id: c.shopId, order_id: c.orderId, state: 'creating', document_type: c.documentType, reference: c.reference, attempts: 1,
      posted_at: new Date(), quickbutik_total: c.quickbutikTotal, received_at: c.receivedAt ? new Date(c.receivedAt) : null,
    })
    .onConflict((oc) =>
      oc.columns(['shop_id', 'order_id']).doUpdateSet({
        posted_at: new Date(), document_type: c.documentType, attempts: sql`order_documents.attempts + 1`, updated_at: new Date(),
      }).where('order_documents.state', '=', 'creating').where((eb) =>
        c.seenPostedAt ? eb('order_documents.posted_at', '=', c.seenPostedAt) : eb('order_documents.posted_at', 'is', null)),
    )
    .returning('attempts')
    .executeTakeFirst();
  return !!claimed;
}

/** Fortnox answered without creating anything: the next attempt may post at once. */
export async function releaseClaim(db: Db, shopId: string, orderId: string): Promise<void> {
  await db.updateTable('order_documents').set({ posted_at: null, updated_at: new Date() }).where('shop_id', '=', shopId).where('order_id', '=', orderId).execute();
}

export async function storeCreated(db: Db, shopId: string, orderId: string, doc: { documentType: DocumentType; documentNumber: string; total: number }): Promise<void> {
  await db
    .updateTable('order_documents')
    .set({ state: 'created', document_type: doc.documentType, document_number: doc.documentNumber, fortnox_total: doc.total, posted_at: null, updated_at: new Date() })
    .where('shop_id', '=', shopId)
    .where('order_id', '=', orderId)
    .execute();
}

export async function storeTotal(db: Db, shopId: string, documentNumber: string, total: number): Promise<void> {
  await db.updateTable('order_documents').set({ fortnox_total: total, updated_at: new Date() }).where('shop_id', '=', shopId).where('document_number', '=', documentNumber).execute();
}

export async function isBooked(db: Db, shopId: string, orderId: string): Promise<boolean> {
  const row = await db.selectFrom('order_documents').select('booked').where('shop_id', '=', shopId).where('order_id', '=', orderId).executeTakeFirst();
  return !!row?.booked;
}

export async function markBooked(db: Db, shopId: string, orderId: string): Promise<void> {
  await db.updateTable('order_documents').set({ booked: true, updated_at: new Date() }).where('shop_id', '=', shopId).where('order_id', '=', orderId).execute();
}

/** An operator skipped the order: a claim that never created anything is closed. */
export async function markSkipped(db: Db, shopId: string, orderId: string): Promise<void> {
  await db.updateTable('order_documents').set({ state: 'skipped', posted_at: null, updated_at: new Date() })
    .where('shop_id', '=', shopId).where('order_id', '=', orderId).where('state', '=', 'creating').execute();
}

/** Orders per ledger state of one shop. */
export async function countByState(db: Db, shopId: string) {
  const rows = await db
    .selectFrom('order_documents')
    .select(['state', db.fn.countAll<string>().as('n')])
    .where('shop_id', '=', shopId)
    .groupBy('state')
    .execute();
  const by = Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  return { synced: by.created ?? 0, skipped: by.skipped ?? 0, inProgress: by.creating ?? 0 };
}
