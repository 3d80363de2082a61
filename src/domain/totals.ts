// Comparing totals: ours, Quickbutik's and Fortnox's.
import type { QbOrder } from '../quickbutik/types';
import { toOre, vatOnNet, type Ore } from './money';

/**
 * How far two totals of the same order may lie apart and still be "the same".
 *
 * SEK: 0.50. Fortnox rounds a SEK document's total to whole kronor (öresavrundning, booked on the round-off account),
 * so Fortnox's `Total` may differ from Quickbutik's öre-exact total by up to 50 öre without anything being wrong.
 * Other currencies: 0.01 — Fortnox does not round them to whole units, so only öre-level rounding is expected.
 */
export const totalsTolerance = (currency: string): Ore => (currency.toUpperCase() === 'SEK' ? 50 : 1);

/** True when the totals differ by more than rounding explains. Amounts in currency units (e.g. 148.95). */
export function totalsDiffer(fortnoxTotal: number, quickbutikTotal: number, currency: string): boolean {
  return Math.abs(toOre(fortnoxTotal) - toOre(quickbutikTotal)) > totalsTolerance(currency);
}

/** What the customer paid, incl. VAT, freight and discount — what Fortnox's document total must come to. */
export const expectedTotal = (order: QbOrder): number => toOre(order.totalAmount) / 100;

/**
 * The gross total a document's rows add up to. With VATIncluded the row prices are gross already; otherwise VAT is
 * added per VAT rate on the net sum of that rate (how Fortnox presents it; per-row rounding may differ by öre).
 */
export function documentGross(rows: { amount: Ore; vat: number }[], vatIncluded: boolean): Ore {
  if (vatIncluded) return rows.reduce((sum, r) => sum + r.amount, 0);
  const netByRate = new Map<number, Ore>();
  for (const r of rows) netByRate.set(r.vat, (netByRate.get(r.vat) ?? 0) + r.amount);
  let gross = 0;
  for (const [rate, net] of netByRate) gross += net + vatOnNet(net, rate);
  return gross;
}
