// The reconciliation proof: every paid Quickbutik order of a period against exactly one live Fortnox document carrying
// its reference `qb:<shop>:<order>`. Lists what is missing, duplicated or booked with another total, and sets net +
// VAT per rate of both sides next to each other. Pure: both sides are read elsewhere (src/trust/reconciliation-service.ts).
import { externalReference, type DocumentType } from './fortnox-document';
import { fromOre, toOre } from './money';
import { totalsDiffer } from './totals';
import { addSummaries, type VatSummary } from './vat-summary';

export interface PaidOrder {
  orderId: string;
  /** What the customer paid (Quickbutik total_amount). */
  total: number;
  currency: string;
  /** Net + VAT per rate as the sync books this order (null: the order could not be mapped, e.g. it would park). */
  vat: VatSummary | null;
}

export interface FortnoxDocumentFacts {
  documentType: DocumentType;
  documentNumber: string;
  reference: string;
  total: number;
  currency: string;
  cancelled: boolean;
  vat: VatSummary;
}

export interface ReconciliationReport {
  /** True when every paid order has exactly one live document with the right total. */
  ok: boolean;
  from: string;
  to: string;
  orders: number;
  matched: number;
  missing: Array<{ orderId: string; total: number; currency: string; cancelledDocuments: string[] }>;
  duplicates: Array<{ orderId: string; documents: string[] }>;
  mismatched: Array<{ orderId: string; document: string; quickbutikTotal: number; fortnoxTotal: number; difference: number; currency: string }>;
  /** Net + VAT per rate, in SEK-denominated orders only (other currencies are listed by their totals). */
  totals: {
    quickbutik: VatSummary;
    fortnox: VatSummary;
    difference: VatSummary;
    /** Orders whose split per rate is unknown (they could not be mapped) and so are left out of `quickbutik`. */
    unmappedOrders: string[];
  };
}

const label = (d: FortnoxDocumentFacts) => `${d.documentType}:${d.documentNumber}`;

function difference(a: VatSummary, b: VatSummary): VatSummary {
  const rates = [...new Set([...a.rates, ...b.rates].map((r) => r.rate))].sort((x, y) => y - x);
  const at = (s: VatSummary, rate: number) => s.rates.find((r) => r.rate === rate) ?? { net: 0, vat: 0 };
  const sub = (x: number, y: number) => fromOre(toOre(x) - toOre(y));
  return {
    rates: rates.map((rate) => ({ rate, net: sub(at(b, rate).net, at(a, rate).net), vat: sub(at(b, rate).vat, at(a, rate).vat) })),
    net: sub(b.net, a.net),
    vat: sub(b.vat, a.vat),
    gross: sub(b.gross, a.gross),
  };
}

export function reconcile(
  shopId: string,
  period: { from: string; to: string },
  orders: PaidOrder[],
  documents: FortnoxDocumentFacts[],
): ReconciliationReport {
  const byReference = new Map<string, FortnoxDocumentFacts[]>();
  for (const d of documents) byReference.set(d.reference, [...(byReference.get(d.reference) ?? []), d]);

  const report: ReconciliationReport = {
    ok: true, from: period.from, to: period.to, orders: orders.length, matched: 0, missing: [], duplicates: [], mismatched: [],
    totals: { quickbutik: addSummaries([]), fortnox: addSummaries([]), difference: addSummaries([]), unmappedOrders: [] },
  };
  const qbSummaries: VatSummary[] = [];
  const fxSummaries: VatSummary[] = [];
  for (const order of [...orders].sort((a, b) => a.orderId.localeCompare(b.orderId, 'en', { numeric: true }))) {
    const all = byReference.get(externalReference(shopId, order.orderId)) ?? [];
    const live = all.filter((d) => !d.cancelled);
    const sek = order.currency.toUpperCase() === 'SEK';
    if (sek) {
      if (order.vat) qbSummaries.push(order.vat);
      else report.totals.unmappedOrders.push(order.orderId);
      fxSummaries.push(...live.filter((d) => d.currency.toUpperCase() === 'SEK').map((d) => d.vat));
    }
    if (live.length === 0) {
      report.missing.push({ orderId: order.orderId, total: order.total, currency: order.currency, cancelledDocuments: all.map(label) });
      continue;
    }
    if (live.length > 1) {
      report.duplicates.push({ orderId: order.orderId, documents: live.map(label) });
      continue;
    }
    const doc = live[0]!;
    if (totalsDiffer(doc.total, order.total, order.currency) || doc.currency.toUpperCase() !== order.currency.toUpperCase()) {
      report.mismatched.push({
        orderId: order.orderId, document: label(doc), quickbutikTotal: order.total, fortnoxTotal: doc.total,
        difference: fromOre(toOre(doc.total) - toOre(order.total)), currency: order.currency,
      });
      continue;
    }
    report.matched += 1;
  }
  report.totals.quickbutik = addSummaries(qbSummaries);
  report.totals.fortnox = addSummaries(fxSummaries);
  report.totals.difference = difference(report.totals.quickbutik, report.totals.fortnox);
  report.ok = report.missing.length === 0 && report.duplicates.length === 0 && report.mismatched.length === 0;
  return report;
}

/** The report as CSV (one line per finding, then the per-rate totals), for the accountant's spreadsheet. */
export function reconciliationCsv(r: ReconciliationReport): string {
  const lines = [['section', 'orderId', 'documents', 'quickbutikTotal', 'fortnoxTotal', 'difference', 'currency', 'vatRate', 'quickbutikNet', 'quickbutikVat', 'fortnoxNet', 'fortnoxVat']];
  const blank = (n: number) => Array<string>(n).fill('');
  for (const m of r.missing) lines.push(['missing', m.orderId, m.cancelledDocuments.join(' '), String(m.total), '', '', m.currency, ...blank(5)]);
  for (const d of r.duplicates) lines.push(['duplicate', d.orderId, d.documents.join(' '), '', '', '', '', ...blank(5)]);
  for (const m of r.mismatched) lines.push(['mismatch', m.orderId, m.document, String(m.quickbutikTotal), String(m.fortnoxTotal), String(m.difference), m.currency, ...blank(5)]);
  const rates = [...new Set([...r.totals.quickbutik.rates, ...r.totals.fortnox.rates].map((x) => x.rate))].sort((a, b) => b - a);
  for (const rate of rates) {
    const q = r.totals.quickbutik.rates.find((x) => x.rate === rate) ?? { net: 0, vat: 0 };
    const f = r.totals.fortnox.rates.find((x) => x.rate === rate) ?? { net: 0, vat: 0 };
    lines.push(['vat', '', '', '', '', '', 'SEK', String(rate), String(q.net), String(q.vat), String(f.net), String(f.vat)]);
  }
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${lines.map((l) => l.map(cell).join(',')).join('\n')}\n`;
}
