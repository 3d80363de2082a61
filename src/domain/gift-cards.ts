// Gift cards and vouchers. Not modelled yet: an order with either parks with a precise explanation rather than
// booking something wrong.
//
// Why they cannot be booked as ordinary rows: a multi-purpose voucher (a gift card usable for goods at different VAT
// rates) is not a supply when it is sold — VAT arises only when it is redeemed (ML 2023:200 on vouchers ("vouchrar"),
// art. 30a–30b mervärdesskattedirektivet; Skatteverket, "Vouchrar"). So a sold gift card is a liability (BAS 2420
// "Förskott från kunder" or similar), not revenue at 25 %; and a redeemed one is a means of payment, not a discount
// that lowers the VAT of the goods.
//
// How Quickbutik shows them: a product created with `is_giftcard` is sold as an ordinary order row; a redeemed card
// is not documented — the amount paid (`total_pay_amount`) then falls short of the order total (`total_amount`).
import type { QbOrder, QbProduct } from '../quickbutik/types';
import { domainError, type DomainError } from './errors';
import { fromOre, toOre } from './money';
import { taxRateKey } from './order-lines';

/** The taxRateKey of every gift-card product and variant (`is_giftcard`). */
export function giftCardKeysFromProducts(products: Pick<QbProduct, 'id' | 'sku' | 'variants' | 'isGiftCard'>[]): string[] {
  const keys: string[] = [];
  for (const p of products) {
    if (!p.isGiftCard) continue;
    keys.push(`product:${p.id}`);
    if (p.sku) keys.push(p.sku);
    for (const v of p.variants) if (v.sku) keys.push(v.sku);
  }
  return keys;
}

const GIFT_CARD_PAYMENT = /gift ?card|giftcard|presentkort|gavekort|lahjakortti|voucher|gutschein/i;

/**
 * The gift-card problems of an order: each sold gift-card row, and a redemption (the order paid partly or wholly by
 * gift card: `total_pay_amount` below `total_amount`, or a gift-card payment method).
 */
export function giftCardProblems(order: QbOrder, giftCardKeys: readonly string[]): DomainError[] {
  const problems: DomainError[] = [];
  const keys = new Set(giftCardKeys);
  for (const row of order.rows) {
    if (keys.has(taxRateKey(row)) || (row.productId !== null && keys.has(`product:${row.productId}`))) {
      problems.push(domainError('GIFT_CARD_NOT_SUPPORTED', {
        orderId: order.orderId, kind: 'sold', title: row.title, sku: row.sku ?? undefined,
        amount: fromOre(toOre(row.unitPrice * row.qty)), currency: order.currency,
      }));
    }
  }
  const paid = order.totalPayAmount ?? null;
  const shortfall = paid === null ? 0 : toOre(order.totalAmount) - toOre(paid);
  if (shortfall > 0 || GIFT_CARD_PAYMENT.test(order.paymethod.method ?? '')) {
    problems.push(domainError('GIFT_CARD_NOT_SUPPORTED', {
      orderId: order.orderId, kind: 'redeemed', amount: shortfall > 0 ? fromOre(shortfall) : undefined,
      currency: order.currency,
    }));
  }
  return problems;
}
