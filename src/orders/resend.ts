// "Send the orders paid between two dates again": one page of Quickbutik orders → inbox rows (source `manual`).
// The inbox is the durable hand-over: a row survives Temporal being down, the dispatcher starts `order:<shop>:<order>`
// for it, and a pending duplicate (the same order already waiting from a webhook) collapses onto one row.
import type { Db } from '../db/connection';
import type { QuickbutikApi } from '../quickbutik/client';
import type { QbOrderSummary } from '../quickbutik/client';

const DAY_S = 86_400;

/** Quickbutik's list answers no paid-date filter through our client; status changes happen at or after payment. */
export const statusCursorFor = (from: string) => Math.floor(Date.parse(`${from}T00:00:00Z`) / 1000) - DAY_S; // a day's margin for the time zone

/** Paid (or since done) in [from, to], compared on the Swedish local date Quickbutik sends. */
export function paidInRange(o: QbOrderSummary, from: string, to: string): boolean {
  if (o.status !== 'paid' && o.status !== 'done') return false;
  const day = o.datePaid?.slice(0, 10);
  return !!day && day >= from && day <= to;
}

export async function queueResendPage(
  db: Db, qb: QuickbutikApi, input: { shopId: string; from: string; to: string; offset: number; limit: number },
): Promise<{ seen: number; orderIds: string[]; more: boolean }> {
  const page = await qb.listOrders({ fromStatusDate: statusCursorFor(input.from), offset: input.offset, limit: input.limit });
  const orderIds = page.filter((o) => paidInRange(o, input.from, input.to)).map((o) => o.orderId);
  if (orderIds.length) {
    await db.insertInto('inbox')
      .values(orderIds.map((id) => ({ shop_id: input.shopId, event_type: 'order.new', entity_id: id, source: 'manual' })))
      .onConflict((oc) => oc.columns(['shop_id', 'event_type', 'entity_id']).where('dispatched_at', 'is', null).doNothing())
      .execute();
  }
  return { seen: page.length, orderIds, more: page.length === input.limit };
}
