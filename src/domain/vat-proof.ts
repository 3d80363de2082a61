// VAT proof: the VAT a document books must be the VAT the shop charged, to the öre.
//
// A total can be right while the VAT is wrong (a 12 % food item booked at 6 %, German VAT booked as Swedish). So the
// mapping proves the VAT before anything is sent, and the post-posting check proves Fortnox booked what was sent.
import type { QbOrder } from '../quickbutik/types';
import { domainError, type DomainError } from './errors';
import { fromOre, roundHalfAwayFromZero, toOre, type Ore } from './money';
import { classifyTerritory, isSwedishVatRate } from './vat';

/** ±1 öre per VAT rate: each rate's VAT is rounded to öre once, on each side. */
export const VAT_TOLERANCE_PER_RATE: Ore = 1;

/**
 * VAT per rate as Fortnox computes it: on the sum of the rows of that rate, rounded to öre — `amount × r / (100 + r)`
 * when the rows are VAT-inclusive, `amount × r / 100` otherwise. Rates without VAT (0 %) are left out.
 */
export function documentVatByRate(rows: { amount: Ore; vat: number }[], vatIncluded: boolean): Record<string, Ore> {
  const sums = new Map<number, Ore>();
  for (const r of rows) sums.set(r.vat, (sums.get(r.vat) ?? 0) + r.amount);
  const out: Record<string, Ore> = {};
  for (const [rate, sum] of [...sums].sort((a, b) => b[0] - a[0])) {
    if (rate === 0) continue;
    out[String(rate)] = roundHalfAwayFromZero(vatIncluded ? (sum * rate) / (100 + rate) : (sum * rate) / 100);
  }
  return out;
}

export const sumVat = (byRate: Record<string, Ore>): Ore => Object.values(byRate).reduce((a, b) => a + b, 0);

/** Why a document's VAT may differ from the shop's; the explanation names each. */
export type VatMismatchCause = 'rateChanged' | 'destinationVat' | 'partialDiscount' | 'giftCard' | 'unknown';

const CAUSE_TEXT: Record<VatMismatchCause, { sv: string; en: string }> = {
  rateChanged: {
    sv: 'produktens momssats har ändrats sedan ordern betalades',
    en: "the product's VAT rate changed after the order was paid",
  },
  destinationVat: {
    sv: 'Quickbutik tog ut mottagarlandets moms (landsspecifika momssatser)',
    en: "Quickbutik charged the destination country's VAT (country-specific VAT rates)",
  },
  partialDiscount: {
    sv: 'rabatten gällde bara vissa produkter men fördelas här över alla momssatser',
    en: 'the discount applied to some products only but is spread over every VAT rate here',
  },
  giftCard: { sv: 'ordern innehåller ett presentkort', en: 'the order contains a gift card' },
  unknown: { sv: 'okänd orsak', en: 'unknown cause' },
};

export interface VatCauseFacts {
  order: QbOrder;
  /** Rates booked per goods row key (sku or product:<id>). */
  bookedRates: number[];
  /** Keys whose rate as at payment differs from today's (see ratesAtPayment). */
  changedRateKeys: string[];
  giftCard: boolean;
}

/** The likely causes, most specific first; `unknown` when nothing points anywhere. */
export function likelyVatCauses(f: VatCauseFacts): VatMismatchCause[] {
  const causes: VatMismatchCause[] = [];
  const territory = classifyTerritory(f.order.customer.country, f.order.customer.zipcode);
  const tax = toOre(f.order.taxAmount ?? 0);
  const base = toOre(f.order.totalAmount) - tax; // what the VAT was charged on, freight and discount included
  // The one rate that would explain the shop's VAT (exact for a single-rate order), to one decimal.
  const implied = base > 0 ? Math.round((tax * 1000) / base) / 10 : 0;
  const unexplained = tax > 0 && !f.bookedRates.includes(implied);
  if (f.changedRateKeys.length > 0 || (unexplained && isSwedishVatRate(implied))) causes.push('rateChanged');
  if (territory.territory === 'EU' && unexplained && !isSwedishVatRate(implied)) causes.push('destinationVat');
  if (f.order.discountAmount > 0 && new Set(f.bookedRates).size > 1) causes.push('partialDiscount');
  if (f.giftCard) causes.push('giftCard');
  return causes.length > 0 ? causes : ['unknown'];
}

export type VatProof =
  | { status: 'proven'; documentVat: number; quickbutikVat: number; byRate: Record<string, number> }
  /** Quickbutik sent no tax_amount: nothing to prove against (recorded on the document's checks). */
  | { status: 'unverifiable'; documentVat: number; byRate: Record<string, number> };

export interface VatProofInput {
  orderId: string;
  currency: string;
  documentVatByRate: Record<string, Ore>;
  /** Quickbutik's `tax_amount`; null when it was not sent. */
  quickbutikVat: number | null;
  /** Per rate, when the shop's data tells it (Quickbutik's API documents none today). */
  quickbutikVatByRate?: Record<string, number>;
  causes: () => VatMismatchCause[];
}

const kronor = (byRate: Record<string, Ore>): Record<string, number> =>
  Object.fromEntries(Object.entries(byRate).map(([r, v]) => [r, fromOre(v)]));

/**
 * The document's VAT against the shop's: per rate when the shop's per-rate VAT is known, else in total; each rate may
 * differ by ±0.01 (one rounding per rate on each side), nothing more. Anything else is VAT_MISMATCH with both figures
 * and the likely causes. (The ±0.50 of öresavrundning belongs only to Fortnox's rounded Total against the amount paid —
 * see totalsDiffer — never to VAT or to the rows before sending.)
 */
export function proveVat(input: VatProofInput): VatProof | DomainError {
  const documentVat = sumVat(input.documentVatByRate);
  const byRate = kronor(input.documentVatByRate);
  if (input.quickbutikVat === null) return { status: 'unverifiable', documentVat: fromOre(documentVat), byRate };

  const mismatch = (ours: Ore, theirs: Ore, rate?: string): DomainError => {
    const causes = input.causes();
    return domainError('VAT_MISMATCH', {
      orderId: input.orderId,
      currency: input.currency,
      documentVat: fromOre(ours),
      quickbutikVat: fromOre(theirs),
      rate,
      causes: causes.join(','),
      causesSv: causes.map((c) => CAUSE_TEXT[c].sv).join('; '),
      causesEn: causes.map((c) => CAUSE_TEXT[c].en).join('; '),
    });
  };

  if (input.quickbutikVatByRate) {
    const rates = new Set([...Object.keys(input.documentVatByRate), ...Object.keys(input.quickbutikVatByRate)]);
    for (const rate of rates) {
      const ours = input.documentVatByRate[rate] ?? 0;
      const theirs = toOre(input.quickbutikVatByRate[rate] ?? 0);
      if (Math.abs(ours - theirs) > VAT_TOLERANCE_PER_RATE) return mismatch(ours, theirs, rate);
    }
  }
  const theirs = toOre(input.quickbutikVat);
  const tolerance = VAT_TOLERANCE_PER_RATE * Math.max(1, Object.keys(input.documentVatByRate).length);
  if (Math.abs(documentVat - theirs) > tolerance) return mismatch(documentVat, theirs);
  return { status: 'proven', documentVat: fromOre(documentVat), quickbutikVat: fromOre(theirs), byRate };
}

/**
 * After posting: Fortnox's own VAT must equal what we sent — its `TotalVAT` against our total (±0.01 per rate), and per
 * rate where the caller read Fortnox's per-rate VAT (e.g. the voucher's output-VAT rows).
 */
export function checkPostedVat(
  sent: Record<string, Ore>,
  fortnox: { totalVat: number; byRate?: Record<string, number> },
  facts: { orderId: string; documentNumber: string | number; currency: string },
): DomainError | null {
  const fail = (ours: Ore, theirs: Ore, rate?: string) =>
    domainError('FORTNOX_VAT_MISMATCH', {
      ...facts,
      rate,
      sentVat: fromOre(ours),
      fortnoxVat: fromOre(theirs),
    });
  for (const [rate, amount] of Object.entries(fortnox.byRate ?? {})) {
    const ours = sent[rate] ?? 0;
    if (Math.abs(ours - toOre(amount)) > VAT_TOLERANCE_PER_RATE) return fail(ours, toOre(amount), rate);
  }
  const ours = sumVat(sent);
  const tolerance = VAT_TOLERANCE_PER_RATE * Math.max(1, Object.keys(sent).length);
  return Math.abs(ours - toOre(fortnox.totalVat)) > tolerance ? fail(ours, toOre(fortnox.totalVat)) : null;
}

// -- Rates as at payment ---------------------------------------------------------------------------------------------

/** The VAT rates of an order's products as they were when its first event arrived; kept with the order. */
export interface CapturedVatRates {
  /** ISO timestamp of the capture. */
  capturedAt: string;
  /** taxRateKey (sku or product:<id>) → percent. */
  rates: Record<string, number>;
}

/** Only the order's own keys are kept (small, and exactly what a retry months later needs). */
export function captureVatRates(
  rowKeys: string[],
  current: Record<string, number>,
  capturedAt: string,
): CapturedVatRates {
  const rates: Record<string, number> = {};
  for (const key of rowKeys) if (current[key] !== undefined) rates[key] = current[key];
  return { capturedAt, rates };
}

/**
 * The rates to book: captured ones win (the rate in force when the tax became chargeable applies; for a web order paid
 * in advance that is when the payment was received — Skatteverket, "skattskyldighetens inträde" / förskottsbetalning),
 * today's fill keys that were not captured.
 * `changed` lists the keys whose rate moved since the capture, for the log and VAT_MISMATCH's causes.
 */
export function ratesAtPayment(
  captured: CapturedVatRates | null | undefined,
  current: Record<string, number>,
): { rates: Record<string, number>; changed: string[] } {
  if (!captured) return { rates: current, changed: [] };
  const rates = { ...current, ...captured.rates };
  const changed = Object.keys(captured.rates).filter((k) => current[k] !== undefined && current[k] !== captured.rates[k]);
  return { rates, changed };
}
