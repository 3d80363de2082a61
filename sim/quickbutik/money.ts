import type { Currency, TaxRate } from './model';

export const round2 = (n: number): number => Math.round((n + Number.EPSILON * Math.sign(n)) * 100) / 100;
export const money = (n: number): string => round2(n).toFixed(2);

/** Fixed demo exchange rates (SEK → currency), so converted prices are reproducible. */
const RATES: Record<Currency, number> = { SEK: 1, EUR: 0.087, NOK: 1.01 };

export function convertFromSek(amountSek: number, currency: Currency): number {
  return round2(amountSek * RATES[currency]);
}

export function netOf(gross: number, rate: TaxRate): number {
  return round2(gross / (1 + rate / 100));
}

export interface TotalsInput {
  rows: readonly { price: number; qty: number; taxRate: TaxRate }[];
  shippingAmount: number;
  discountAmount: number;
  isTaxfree: boolean;
  isTaxontop: boolean;
}

export interface Totals {
  itemsAmount: number;
  taxAmount: number;
  totalAmount: number;
  /** VAT per rate, each rounded to öre; tax_amount is their sum (as a VAT report books it per rate). */
  vatByRate: Partial<Record<TaxRate, number>>;
}

/**
 * The order amounts, self-consistent by construction:
 * - items = Σ price × qty, in the order's price basis (gross, or net when tax-on-top / tax-free);
 * - discount and shipping are spread over the goods' VAT rates in proportion to the goods value per rate (shipping
 *   carries the goods' VAT pro rata, as Swedish practice for a mixed-rate order); an order without goods value books
 *   its shipping at 25 %;
 * - gross orders: total = items − discount + shipping and tax is the VAT inside it;
 *   tax-on-top: total = items − discount + shipping + tax; tax-free: tax = 0;
 * - VAT is rounded to öre per rate, and tax is the sum of those.
 */
export function computeTotals(input: TotalsInput): Totals {
  const goodsByRate = new Map<TaxRate, number>();
  for (const row of input.rows) goodsByRate.set(row.taxRate, (goodsByRate.get(row.taxRate) ?? 0) + row.price * row.qty);
  const itemsAmount = round2([...goodsByRate.values()].reduce((a, b) => a + b, 0));
  const base = itemsAmount - input.discountAmount + input.shippingAmount;
  const vatByRate: Partial<Record<TaxRate, number>> = {};
  if (!input.isTaxfree) {
    const shares: [TaxRate, number][] =
      itemsAmount > 0 ? [...goodsByRate].map(([rate, goods]) => [rate, goods / itemsAmount]) : [[25, 1]];
    for (const [rate, share] of shares) {
      if (rate === 0) continue;
      const taxable = base * share;
      vatByRate[rate] = round2(input.isTaxontop ? (taxable * rate) / 100 : (taxable * rate) / (100 + rate));
    }
  }
  const taxAmount = round2(Object.values(vatByRate).reduce((a, b) => a + b, 0));
  const totalAmount = round2(input.isTaxontop && !input.isTaxfree ? base + taxAmount : base);
  return { itemsAmount, taxAmount, totalAmount, vatByRate };
}
