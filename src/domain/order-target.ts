// The state an order's Fortnox side must converge on, read from the Quickbutik order as it is now.
import type { QbOrder } from '../quickbutik/types';
import type { FortnoxDocument } from './fortnox-document';
import { contentHash } from './hash';
import { toOre, type Ore } from './money';
import { normaliseRefunds, type Refund } from './refunds';

export interface OrderTarget {
  orderId: string;
  /** Paid or done. `unknown` statuses are never treated as paid. */
  paid: boolean;
  cancelled: boolean;
  /** YYYY-MM-DD of `date_paid` (the payment's date), when given. */
  paidDate: string | null;
  paymentMethod: string | null;
  currency: string;
  total: Ore;
  refunds: Refund[];
  refundsCumulative: boolean;
}

export function orderTarget(order: QbOrder): OrderTarget {
  const { refunds, cumulative } = normaliseRefunds(order.refunds.raw);
  return {
    orderId: order.orderId,
    paid: order.status === 'paid' || order.status === 'done',
    cancelled: order.status === 'cancelled',
    paidDate: order.datePaid && /^\d{4}-\d{2}-\d{2}/.test(order.datePaid) ? order.datePaid.slice(0, 10) : null,
    paymentMethod: order.paymethod.method,
    currency: order.currency,
    total: toOre(order.totalAmount),
    refunds,
    refundsCumulative: cumulative,
  };
}

/**
 * The hash of what is sent for the order: the mapped document without its date (the date follows the payment and must
 * not by itself look like an edit). Stored with the original; a different hash on a later run means the order was
 * edited in Quickbutik.
 */
export function documentContentHash(document: FortnoxDocument): string {
  const { InvoiceDate: _i, OrderDate: _o, ...content } = document;
  return contentHash(content);
}
