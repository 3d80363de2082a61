// Reconciliation after the chaos: every paid Quickbutik order against what the Fortnox simulator actually holds.
// Fortnox is the truth for "synced" and "duplicates" (documents found by ExternalInvoiceReference1 = qb:<shop>:<order>);
// our own database only supplies the parked reason (the latest sync-log entry) and a consistency check.
import { sql } from 'kysely';
import type { Stack } from '../scripts/lib/stack';
import type { Db } from '../src/db/connection';
import { externalReference } from '../src/domain/fortnox-document';
import { totalsDiffer } from '../src/domain/totals';
import type { ChaosShop } from './chaos-setup';
import { http } from './chaos-timeline';

/** Quickbutik order states that mean "paid" (paid "1", done "2"). */
const PAID = new Set(['1', '2']);

interface QbOrder { order_id: string; status: string; total_amount: string; currency: string }
interface FxDocument { DocumentNumber: string | number; ExternalInvoiceReference1?: string; Total?: number | string; Cancelled?: boolean; Booked?: boolean }

export interface ParkedOrder { shopId: string; orderId: string; code: string | null; reason: string | null; hasDocument: boolean; at: string }
export interface DuplicateOrder { shopId: string; orderId: string; documents: string[] }
export interface MismatchOrder { shopId: string; orderId: string; document: string; fortnoxTotal: number; quickbutikTotal: number; currency: string }
export interface LostOrder { shopId: string; orderId: string; dbState: string | null; lastLog: string | null; inbox: string | null }

export interface ShopReconciliation {
  shopId: string;
  profile: string;
  orders: number;
  synced: number;
  parked: number;
  lost: number;
  duplicates: number;
  mismatches: number;
  documents: number;
  /** Invoice shops with bookkeep on: invoices found unbooked at the end. */
  unbooked?: number;
}

export interface Reconciliation {
  orders: number;
  /** A document exists in Fortnox and the order is not waiting for an operator. */
  synced: number;
  /** Waiting for an operator (the latest sync-log entry is needs_attention), with or without a document. */
  parked: number;
  parkedByReason: Record<string, number>;
  /** No document in Fortnox and not parked. */
  lost: number;
  /** More than one Fortnox document for one order. */
  duplicates: number;
  /** Fortnox Total vs Quickbutik total_amount beyond öresavrundning (totalsDiffer). */
  mismatches: number;
  /** Documents whose reference matches no paid Quickbutik order. */
  orphanDocuments: number;
  /** Our order_documents row disagrees with Fortnox (number or state) for a synced order. */
  dbInconsistencies: number;
  /** Orders that were not paid in Quickbutik when reconciled (should be 0: every placed order gets paid). */
  unpaidInQuickbutik: number;
  byShop: ShopReconciliation[];
  details: {
    parked: ParkedOrder[];
    lost: LostOrder[];
    duplicates: DuplicateOrder[];
    mismatches: MismatchOrder[];
    orphans: string[];
    dbInconsistencies: Array<{ shopId: string; orderId: string; fortnox: string; db: string }>;
  };
}

/** Latest sync-log entry per order (outcome and reason). */
async function latestLog(db: Db, shopId: string) {
  const rows = await sql<{ entity_id: string; outcome: string; error_code: string | null; message_en: string | null; created_at: Date }>`
    select distinct on (entity_id) entity_id, outcome, error_code, message_en, created_at
    from sync_log where shop_id = ${shopId} and entity_type = 'order'
    order by entity_id, id desc`.execute(db);
  return new Map(rows.rows.map((r) => [r.entity_id, r]));
}

export async function reconcile(stack: Stack, db: Db, shops: ChaosShop[], placed: Map<string, string[]>): Promise<Reconciliation> {
  const r: Reconciliation = {
    orders: 0, synced: 0, parked: 0, parkedByReason: {}, lost: 0, duplicates: 0, mismatches: 0, orphanDocuments: 0,
    dbInconsistencies: 0, unpaidInQuickbutik: 0, byShop: [],
    details: { parked: [], lost: [], duplicates: [], mismatches: [], orphans: [], dbInconsistencies: [] },
  };

  for (const shop of shops) {
    const qb = await http<{ orders: QbOrder[] }>(`${stack.quickbutikUrl}/__sim/shops/${shop.id}/state`);
    const fx = await http<{ invoices: FxDocument[]; orders: FxDocument[] }>(`${stack.fortnoxUrl}/__sim/tenants/${shop.tenantId}/state`);
    const docs = [...fx.invoices.map((d) => ({ ...d, type: 'invoice' })), ...fx.orders.map((d) => ({ ...d, type: 'order' }))];
    const byRef = new Map<string, typeof docs>();
    for (const d of docs) {
      const ref = d.ExternalInvoiceReference1 ?? '';
      byRef.set(ref, [...(byRef.get(ref) ?? []), d]);
    }
    const logs = await latestLog(db, shop.id);
    const ours = new Map((await db.selectFrom('order_documents').selectAll().where('shop_id', '=', shop.id).execute()).map((d) => [d.order_id, d]));
    const inbox = new Map((await db.selectFrom('inbox').select(['entity_id', 'source', 'dispatched_at', 'last_error'])
      .where('shop_id', '=', shop.id).where('event_type', '=', 'order.new').execute()).map((i) => [i.entity_id, i]));

    const expected = new Set(placed.get(shop.id) ?? []);
    const paid = qb.orders.filter((o) => PAID.has(String(o.status)));
    r.unpaidInQuickbutik += qb.orders.filter((o) => expected.has(String(o.order_id)) && !PAID.has(String(o.status))).length;
    const s: ShopReconciliation = { shopId: shop.id, profile: shop.profile, orders: paid.length, synced: 0, parked: 0, lost: 0, duplicates: 0, mismatches: 0, documents: docs.length };
    const bookkeeps = shop.settings.bookkeep === true && shop.settings.documentType === 'invoice';
    if (bookkeeps) s.unbooked = 0;
    const seenRefs = new Set<string>();

    for (const o of paid) {
      const orderId = String(o.order_id);
      const ref = externalReference(shop.id, orderId);
      seenRefs.add(ref);
      const found = byRef.get(ref) ?? [];
      const log = logs.get(orderId);
      const parked = log?.outcome === 'needs_attention';
      const quickbutikTotal = Number(o.total_amount);

      if (found.length > 1) {
        s.duplicates++;
        r.details.duplicates.push({ shopId: shop.id, orderId, documents: found.map((d) => `${d.type} ${d.DocumentNumber}${d.Cancelled ? ' (cancelled)' : ''}`) });
      }
      const doc = found.find((d) => !d.Cancelled) ?? found[0];
      if (doc) {
        const fortnoxTotal = Number(doc.Total);
        if (totalsDiffer(fortnoxTotal, quickbutikTotal, o.currency)) {
          s.mismatches++;
          r.details.mismatches.push({ shopId: shop.id, orderId, document: `${doc.type} ${doc.DocumentNumber}`, fortnoxTotal, quickbutikTotal, currency: o.currency });
        }
        if (bookkeeps && doc.type === 'invoice' && !doc.Booked && !parked) s.unbooked!++;
        const mine = ours.get(orderId);
        if (!parked && (mine?.state !== 'created' || String(mine.document_number) !== String(doc.DocumentNumber))) {
          r.details.dbInconsistencies.push({ shopId: shop.id, orderId, fortnox: `${doc.type} ${doc.DocumentNumber}`, db: mine ? `${mine.state} ${mine.document_number ?? '-'}` : 'no row' });
        }
      }

      if (parked) {
        s.parked++;
        const key = log!.error_code ?? 'UNKNOWN';
        r.parkedByReason[key] = (r.parkedByReason[key] ?? 0) + 1;
        r.details.parked.push({ shopId: shop.id, orderId, code: log!.error_code, reason: log!.message_en, hasDocument: !!doc, at: log!.created_at.toISOString() });
      } else if (doc) {
        s.synced++;
      } else {
        s.lost++;
        const mine = ours.get(orderId);
        const i = inbox.get(orderId);
        r.details.lost.push({
          shopId: shop.id, orderId,
          dbState: mine ? `${mine.state} attempts=${mine.attempts}${mine.posted_at ? ' posted' : ''}` : null,
          lastLog: log ? `${log.outcome}${log.error_code ? ` ${log.error_code}` : ''}` : null,
          inbox: i ? `${i.source} ${i.dispatched_at ? 'dispatched' : `pending${i.last_error ? `: ${i.last_error}` : ''}`}` : null,
        });
      }
    }
    for (const ref of byRef.keys()) if (!seenRefs.has(ref)) r.details.orphans.push(`${shop.tenantId}: ${ref || '(no reference)'}`);

    r.orders += s.orders;
    r.synced += s.synced;
    r.parked += s.parked;
    r.lost += s.lost;
    r.duplicates += s.duplicates;
    r.mismatches += s.mismatches;
    r.byShop.push(s);
  }
  r.orphanDocuments = r.details.orphans.length;
  r.dbInconsistencies = r.details.dbInconsistencies.length;
  return r;
}

/** Progress while settling, from our own database (cheap): orders with a document, and parked ones by reason. */
export async function progress(db: Db, shops: ChaosShop[]) {
  const ids = shops.map((s) => s.id);
  const created = await db.selectFrom('order_documents').select(sql<number>`count(*)::int`.as('n'))
    .where('shop_id', 'in', ids).where('state', '=', 'created').executeTakeFirstOrThrow();
  const parked = await sql<{ error_code: string | null; n: number }>`
    select error_code, count(*)::int as n from (
      select distinct on (shop_id, entity_id) shop_id, entity_id, outcome, error_code
      from sync_log where shop_id in (${sql.join(ids)}) and entity_type = 'order'
      order by shop_id, entity_id, id desc) l
    where outcome = 'needs_attention'
    group by error_code`.execute(db);
  const parkedCreated = await sql<{ n: number }>`
    select count(*)::int as n from (
      select distinct on (l.shop_id, l.entity_id) l.shop_id, l.entity_id, l.outcome
      from sync_log l where l.shop_id in (${sql.join(ids)}) and l.entity_type = 'order'
      order by l.shop_id, l.entity_id, l.id desc) l
    join order_documents d on d.shop_id = l.shop_id and d.order_id = l.entity_id and d.state = 'created'
    where l.outcome = 'needs_attention'`.execute(db);
  const pending = await sql<{ n: number }>`select count(*)::int as n from inbox where dispatched_at is null and shop_id in (${sql.join(ids)})`.execute(db);
  const byReason: Record<string, number> = {};
  for (const p of parked.rows) byReason[p.error_code ?? 'UNKNOWN'] = p.n;
  const parkedTotal = parked.rows.reduce((n, p) => n + p.n, 0);
  return {
    synced: created.n - (parkedCreated.rows[0]?.n ?? 0),
    parked: parkedTotal,
    byReason,
    inboxPending: pending.rows[0]?.n ?? 0,
  };
}
