// The lines of an order before they are booked: goods from the Quickbutik rows, then freight and discount spread
// over the goods' VAT rates. Amounts are integer öre, read the way Quickbutik shows them (see PriceReading).
import type { QbOrder, QbOrderRow, QbProduct } from '../quickbutik/types';
import { domainError, type DomainError } from './errors';
import { allocateProRata, lineAmount, toOre, type Ore } from './money';
import { MAX_ROW_DESCRIPTION } from './fortnox-document';
import { isValidArticleNumber, sanitizeText } from './text';
import { isSwedishVatRate } from './vat';

/** `gross`: Quickbutik's amounts include VAT at the product's rate. `net`: they do not. */
export type PriceReading = 'gross' | 'net';

export interface Line {
  kind: 'goods' | 'freight' | 'discount';
  articleNumber?: string;
  description: string;
  qty: number;
  /** Unit amount in öre, in the order's reading. Negative for discounts. */
  unit: Ore;
  /** The goods' VAT rate (for freight and discount: the rate group the share belongs to). */
  productRate: number;
}

/** Key into `taxRateBySku`: the sku, or `product:<id>` for a row without one. */
export const taxRateKey = (row: Pick<QbOrderRow, 'sku' | 'productId'>): string => row.sku ?? `product:${row.productId}`;

/** `taxRateBySku` from Quickbutik products: every product and variant sku, and `product:<id>`. */
export function taxRatesFromProducts(products: QbProduct[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of products) {
    if (p.taxRate === null) continue;
    out[`product:${p.id}`] = p.taxRate;
    if (p.sku) out[p.sku] = p.taxRate;
    for (const v of p.variants) if (v.sku) out[v.sku] = p.taxRate; // variants carry the product's VAT rate
  }
  return out;
}

/**
 * One goods line per Quickbutik row. A bundle row is its own article (its sku): its components were sold as part of
 * it and are neither listed nor booked. A row without sku gets no ArticleNumber — a description-only row is valid in
 * Fortnox and books the same; inventing an article number would create articles nobody asked for.
 */
export function goodsLines(order: QbOrder, taxRateBySku: Record<string, number>): { lines: Line[]; errors: DomainError[] } {
  const lines: Line[] = [];
  const errors: DomainError[] = [];
  for (const row of order.rows) {
    const title = row.variantLabel ? `${row.title} - ${row.variantLabel}` : row.title;
    const description = sanitizeText(title, MAX_ROW_DESCRIPTION) || row.sku || 'Artikel';
    const rate = taxRateBySku[taxRateKey(row)];
    const facts = { sku: row.sku ?? undefined, title: title || undefined, orderId: order.orderId };

    if (row.sku !== null && !isValidArticleNumber(row.sku)) errors.push(domainError('INVALID_ARTICLE_NUMBER', facts));
    if (!(row.qty > 0)) errors.push(domainError('INVALID_QUANTITY', { ...facts, qty: row.qty }));
    if (rate === undefined) errors.push(domainError('MISSING_VAT_RATE', facts));
    else if (!isSwedishVatRate(rate)) errors.push(domainError('VAT_RATE_NOT_IN_FORTNOX', { ...facts, rate }));

    lines.push({
      kind: 'goods',
      ...(row.sku !== null ? { articleNumber: row.sku } : {}),
      description,
      qty: row.qty,
      unit: toOre(row.unitPrice),
      productRate: rate ?? 0,
    });
  }
  return { lines, errors };
}

/** Value of goods excluding VAT: the basis freight and discount are split on (VAT law splits by taxable amount). */

/** When there is no goods value to split by, freight is an independent service: standard rate. */
const STANDARD_RATE = 25;

/**
 * `total` öre spread pro rata over the goods' VAT rates, by the goods' value as the customer was charged it (the
 * order's price basis: incl. VAT, or excl. VAT on tax-on-top orders). A percentage discount code thus lands as the
 * same percentage on every rate, and the VAT booked equals the VAT Quickbutik charged. Rates in descending order;
 * each share is rounded to öre and the last (lowest) rate takes the remainder, so the shares sum exactly to `total`.
 */
export function splitByVatRate(total: Ore, goods: Line[]): { rate: number; amount: Ore }[] {
  if (total === 0) return [];
  const byRate = new Map<number, number>();
  for (const g of goods) byRate.set(g.productRate, (byRate.get(g.productRate) ?? 0) + Math.max(0, lineAmount(g.unit, g.qty)));
  const rates = [...byRate.keys()].filter((r) => byRate.get(r)! > 0).sort((a, b) => b - a);
  if (rates.length === 0) return [{ rate: STANDARD_RATE, amount: total }];
  const shares = allocateProRata(total, rates.map((r) => byRate.get(r)!));
  return rates.map((rate, i) => ({ rate, amount: shares[i] }));
}

/** Freight (`shipping_amount`) as one line per VAT rate; free shipping → none. */
export function freightLines(order: QbOrder, goods: Line[]): Line[] {
  const description = order.shippingName ? `Frakt: ${order.shippingName}` : 'Frakt';
  return splitByVatRate(toOre(order.shippingAmount), goods).map(({ rate, amount }) => ({
    kind: 'freight',
    description,
    qty: 1,
    unit: amount,
    productRate: rate,
  }));
}

/** Discount (`discount_amount`) as negative lines per VAT rate; no discount → none. */
export function discountLines(order: QbOrder, goods: Line[]): Line[] {
  return splitByVatRate(toOre(order.discountAmount), goods).map(({ rate, amount }) => ({
    kind: 'discount',
    description: 'Rabatt',
    qty: 1,
    unit: -amount,
    productRate: rate,
  }));
}
