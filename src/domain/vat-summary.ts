// Net and VAT per rate of a document's rows — what the preview shows and what the reconciliation compares on both
// sides. Per rate, like documentGross: with VATIncluded the VAT is taken out of the rate's gross sum, otherwise it is
// added to the rate's net sum (Fortnox's own per-row rounding may differ by an öre per row).
import { fromOre, lineAmount, netOfGross, toOre, vatOnNet, type Ore } from './money';

export interface VatRateLine {
  rate: number;
  net: number;
  vat: number;
}

export interface VatSummary {
  /** Highest rate first. */
  rates: VatRateLine[];
  net: number;
  vat: number;
  gross: number;
}

export interface SummaryRow {
  price: number;
  quantity: number;
  vat: number;
}

export function vatSummary(rows: SummaryRow[], vatIncluded: boolean): VatSummary {
  const byRate = new Map<number, Ore>();
  for (const r of rows) byRate.set(r.vat, (byRate.get(r.vat) ?? 0) + lineAmount(toOre(r.price), r.quantity));
  const rates: Array<{ rate: number; net: Ore; vat: Ore }> = [...byRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([rate, sum]) => {
      const net = vatIncluded ? netOfGross(sum, rate) : sum;
      return { rate, net, vat: vatIncluded ? sum - net : vatOnNet(sum, rate) };
    });
  const net = rates.reduce((s, r) => s + r.net, 0);
  const vat = rates.reduce((s, r) => s + r.vat, 0);
  return {
    rates: rates.map((r) => ({ rate: r.rate, net: fromOre(r.net), vat: fromOre(r.vat) })),
    net: fromOre(net),
    vat: fromOre(vat),
    gross: fromOre(net + vat),
  };
}

/** The summary of combined documents (e.g. all documents of a period), rate by rate. */
export function addSummaries(summaries: VatSummary[]): VatSummary {
  const byRate = new Map<number, { net: Ore; vat: Ore }>();
  for (const s of summaries) {
    for (const r of s.rates) {
      const cur = byRate.get(r.rate) ?? { net: 0, vat: 0 };
      byRate.set(r.rate, { net: cur.net + toOre(r.net), vat: cur.vat + toOre(r.vat) });
    }
  }
  const rates = [...byRate.entries()].sort(([a], [b]) => b - a);
  const net = rates.reduce((s, [, r]) => s + r.net, 0);
  const vat = rates.reduce((s, [, r]) => s + r.vat, 0);
  return {
    rates: rates.map(([rate, r]) => ({ rate, net: fromOre(r.net), vat: fromOre(r.vat) })),
    net: fromOre(net),
    vat: fromOre(vat),
    gross: fromOre(net + vat),
  };
}
