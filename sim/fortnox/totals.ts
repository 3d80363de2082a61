// Document totals as Fortnox computes them. Pure: rows + header amounts in, amounts out.
//
// - Row amount = quantity × price − discount (PERCENT of the row, or AMOUNT off the row), in the document's
//   price mode: gross when VATIncluded, net otherwise.
// - VAT is computed per rate on the sum of the rows with that rate (Fortnox never returns per-row VAT).
// - Header Freight and AdministrationFee get the VAT rate of the row with the largest amount (ties: the
//   higher rate; no rows: 25 %) — what Fortnox does, not the pro-rata split Swedish VAT law asks for.
//   With VATIncluded they are read as gross amounts too.
// - Gross = Net + Freight + AdministrationFee (all excluding VAT); Total = Gross + TotalVAT rounded to a whole
//   krona for SEK (öresavrundning, half away from zero), with the difference in RoundOff. Other currencies
//   are not rounded (RoundOff 0).
import { r0, r2 } from './util';

export interface TotalsRowInput {
  quantity: number;
  price: number;
  discount: number;
  discountType: string;
  vat: number;
}

export interface TotalsInput {
  rows: TotalsRowInput[];
  freight: number;
  administrationFee: number;
  vatIncluded: boolean;
  currency: string;
}

export interface RowTotals {
  total: number;
  totalExcludingVAT: number;
  priceExcludingVAT: number;
}

export interface Totals {
  rows: RowTotals[];
  net: number;
  gross: number;
  totalVAT: number;
  freightVAT: number;
  administrationFeeVAT: number;
  roundOff: number;
  total: number;
  vatByRate: Record<string, number>;
}

export function rowAmount(row: TotalsRowInput): number {
  const base = row.quantity * row.price;
  const discount = row.discountType === 'AMOUNT' ? row.discount : (base * row.discount) / 100;
  return r2(base - discount);
}

export function computeTotals(input: TotalsInput): Totals {
  const { vatIncluded } = input;
  const amounts = input.rows.map(rowAmount);
  const rows: RowTotals[] = input.rows.map((row, i) => {
    const divisor = vatIncluded ? 1 + row.vat / 100 : 1;
    return {
      total: amounts[i],
      totalExcludingVAT: r2(amounts[i] / divisor),
      priceExcludingVAT: r2(row.price / divisor),
    };
  });

  const sumByRate = new Map<number, number>();
  input.rows.forEach((row, i) => sumByRate.set(row.vat, (sumByRate.get(row.vat) ?? 0) + amounts[i]));

  let headerRate = 25;
  let largest = -Infinity;
  input.rows.forEach((row, i) => {
    const a = Math.abs(amounts[i]);
    if (a > largest || (a === largest && row.vat > headerRate)) {
      largest = a;
      headerRate = row.vat;
    }
  });

  const vatOf = (amount: number, rate: number) =>
    r2(vatIncluded ? (amount * rate) / (100 + rate) : (amount * rate) / 100);

  const vatByRate: Record<string, number> = {};
  let rowsVAT = 0;
  let rowsSum = 0;
  for (const [rate, sum] of sumByRate) {
    const v = vatOf(sum, rate);
    vatByRate[String(rate)] = v;
    rowsVAT += v;
    rowsSum += sum;
  }
  const freightVAT = vatOf(input.freight, headerRate);
  const administrationFeeVAT = vatOf(input.administrationFee, headerRate);
  if (freightVAT) vatByRate[String(headerRate)] = r2((vatByRate[String(headerRate)] ?? 0) + freightVAT);
  if (administrationFeeVAT) {
    vatByRate[String(headerRate)] = r2((vatByRate[String(headerRate)] ?? 0) + administrationFeeVAT);
  }

  const net = r2(vatIncluded ? rowsSum - rowsVAT : rowsSum);
  const freightNet = vatIncluded ? input.freight - freightVAT : input.freight;
  const feeNet = vatIncluded ? input.administrationFee - administrationFeeVAT : input.administrationFee;
  const gross = r2(net + freightNet + feeNet);
  const totalVAT = r2(rowsVAT + freightVAT + administrationFeeVAT);
  const exact = r2(gross + totalVAT);
  const total = input.currency === 'SEK' ? r0(exact) : exact;
  return {
    rows,
    net,
    gross,
    totalVAT,
    freightVAT,
    administrationFeeVAT,
    roundOff: r2(total - exact),
    total,
    vatByRate,
  };
}
