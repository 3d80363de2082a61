// Order-level facts of the document: whether the order may be sent at all, its date, remarks and the register codes
// (way of delivery, mode of payment) the shop mapped in its settings.
import type { QbOrder } from '../quickbutik/types';
import { domainError, type DomainError } from './errors';
import { MAX_REMARKS } from './fortnox-document';
import { mapLookup, type ShopSettings } from './settings';
import { sanitizeText } from './text';

/**
 * Only paid orders become documents. `done` is paid and shipped. Quickbutik's code for cancelled is unverified, so an
 * `unknown` status counts as paid only when the order carries a payment date.
 */
export function checkSendable(order: QbOrder): DomainError[] {
  const facts = { orderId: order.orderId, status: order.status };
  if (order.status === 'cancelled') return [domainError('ORDER_CANCELLED', facts)];
  if (order.status === 'unpaid') return [domainError('ORDER_NOT_PAID', facts)];
  if (order.status === 'unknown' && order.datePaid === null) return [domainError('ORDER_NOT_PAID', facts)];
  if (order.rows.length === 0) return [domainError('ORDER_HAS_NO_ROWS', facts)];
  return [];
}

/** The document date: the day the order was paid (the sale's date for VAT), else the day it was placed. */
export function documentDate(order: QbOrder): string | DomainError {
  const when = order.datePaid ?? order.dateCreated;
  if (when === null) {
    return domainError('ORDER_PARSE_FAILED', { orderId: order.orderId, problems: 'date_paid and date_created are both missing' });
  }
  return when.slice(0, 10);
}

/** "Betalsätt: Klarna. Transaktions-id: abc123" — lets the accountant match the payout; omitted when unknown. */
export function remarks(order: QbOrder): string | undefined {
  const parts = [
    order.paymethod.method ? `Betalsätt: ${order.paymethod.method}.` : '',
    order.paymethod.transactionId ? `Transaktions-id: ${order.paymethod.transactionId}` : '',
  ].filter(Boolean);
  const text = sanitizeText(parts.join(' '), MAX_REMARKS);
  return text || undefined;
}

/** Fortnox way-of-delivery code for the order's shipping: mapped by Quickbutik shipping id first, then by name. */
export function wayOfDeliveryFor(order: QbOrder, settings: ShopSettings): string | undefined {
  const byId = mapLookup(settings.wayOfDelivery, order.shippingId);
  const byName = mapLookup(settings.wayOfDelivery, order.shippingName);
  return byId ?? byName;
}

/** Fortnox mode-of-payment code for the order's payment method (for the invoice payment), if mapped. */
export function modeOfPaymentFor(order: QbOrder, settings: ShopSettings): string | undefined {
  return mapLookup(settings.paymentMethods, order.paymethod.method);
}
