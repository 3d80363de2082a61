// A paid Quickbutik order → one Fortnox invoice or order. The heart of bookkeeping correctness.
//
//  1. Is the order sendable (paid, has rows, a date, an enabled currency)?
//  2. Goods lines from the rows: article number, description, quantity, unit price, the product's VAT rate.
//  3. Freight and discount spread pro rata over the goods' VAT rates (never the header `Freight` field, which Fortnox
//     taxes entirely at the rate of the largest amount).
//  4. Booking: each line gets its VAT and account from the customer's VAT type (see accounts.ts → accountPlan).
//  5. Self-check: the rows must add up to what the customer paid (Quickbutik's total_amount) to the öre (±0.01 per
//     VAT rate), else TOTAL_MISMATCH; and the VAT per rate must equal Quickbutik's tax_amount, else VAT_MISMATCH —
//     unless the shop charged the destination country's VAT, then the order is booked through OSS (or parks
//     OSS_NOT_CONFIGURED).
//  6. Fortnox's limits (rows, lengths) are checked before anything is sent.
// All amounts are integer öre until the document is rendered.
import type { QbOrder } from '../quickbutik/types';
import { accountPlan, ossAccountPlan, type AccountPlan, type ResolvedAccounts } from './accounts';
import { validateDocument } from './document-validation';
import { domainError, type DomainError } from './errors';
import {
  externalReference,
  MAX_REMARKS,
  MAX_ROW_DESCRIPTION,
  type DocumentRow,
  type DocumentType,
  type FortnoxDocument,
} from './fortnox-document';
import { fromOre, lineAmount, netOfGross, toOre, type Ore } from './money';
import { checkSendable, documentDate, remarks, wayOfDeliveryFor } from './order-header';
import { discountLines, freightLines, goodsLines, type Line, type PriceReading } from './order-lines';
import type { ShopSettings } from './settings';
import { sanitizeText } from './text';
import { documentGross } from './totals';
import { classifyTerritory, type VatType } from './vat';
import { reverseChargeText, reverseChargeVatNumber } from './eu-trade';
import { giftCardProblems } from './gift-cards';
import {
  documentVatByRate,
  likelyVatCauses,
  proveVat,
  ratesAtPayment,
  type CapturedVatRates,
  type VatProof,
} from './vat-proof';

export interface OrderMappingContext {
  shopId: string;
  settings: ShopSettings;
  documentType: DocumentType;
  customerNumber: string;
  customerVatType: VatType;
  /** VAT rate (percent) per sku, and per `product:<id>` for rows without sku (see taxRatesFromProducts). */
  taxRateBySku: Record<string, number>;
  accounts: ResolvedAccounts;
  /** Currencies set up in the Fortnox company. Omitted = not checked (Fortnox will say so). SEK is always enabled. */
  enabledCurrencies?: string[];
  /** The order's product VAT rates as captured at its first event; they win over `taxRateBySku` (today's). */
  capturedRates?: CapturedVatRates | null;
  /** taxRateKeys of gift-card products (see giftCardKeysFromProducts): such an order parks. */
  giftCardKeys?: string[];
  /** The seller's own VAT number, printed in the reverse-charge text. */
  sellerVatNumber?: string | null;
}

export interface MappingChecks {
  /** What the document's rows add up to, incl. VAT. */
  documentTotal: number;
  /** Quickbutik's total_amount. */
  quickbutikTotal: number;
  /** How Quickbutik's amounts were read (matters for VAT-free orders, see readingsToTry). */
  priceReading: PriceReading;
  /** The VAT proof against Quickbutik's tax_amount. */
  vat: VatProof;
  /** `oss:<country>` when booked through OSS with the destination country's VAT. */
  treatment: 'domestic' | 'reverseCharge' | 'export' | 'euSwedishVat' | `oss:${string}`;
  /** Keys whose VAT rate changed since the capture (booked at the captured rate). */
  ratesChanged: string[];
}

export type MapOrderResult =
  | { ok: true; document: FortnoxDocument; documentType: DocumentType; checks: MappingChecks }
  | { ok: false; errors: DomainError[] };

/** A line with its VAT, account and unit price as they go on the document. */
interface BookedLine extends Line {
  vat: number;
  account: number;
}

/**
 * How to read Quickbutik's amounts. Quickbutik states prices incl. VAT unless the order `is_taxontop`. For a VAT-free
 * order it does not document whether row prices still include the (not charged) VAT, so both readings are tried —
 * as given first — and the one that reproduces total_amount wins. If neither does, the order parks as TOTAL_MISMATCH.
 */
function readingsToTry(order: QbOrder): PriceReading[] {
  if (order.isTaxOnTop) return ['net'];
  return order.isTaxFree ? ['net', 'gross'] : ['gross'];
}

function bookLines(lines: Line[], plan: AccountPlan, reading: PriceReading): { booked: BookedLine[]; errors: DomainError[] } {
  const errors: DomainError[] = [];
  const booked: BookedLine[] = [];
  for (const line of lines) {
    const account = line.kind === 'freight' ? plan.freight(line.productRate) : plan.goods(line.productRate);
    if (typeof account !== 'number') {
      errors.push(account);
      continue;
    }
    // VAT-free order read as gross: take out the VAT the price includes but the customer did not pay.
    const unit = !plan.taxed && reading === 'gross' ? netOfGross(line.unit, line.productRate) : line.unit;
    booked.push({ ...line, unit, vat: plan.taxed ? line.productRate : 0, account });
  }
  return { booked: mergeAllocatedLines(booked), errors: dedupe(errors) };
}

/**
 * Freight/discount shares that end up with the same VAT and account (e.g. all 0 % on a VAT-free order) become one
 * row; when several remain, each description names its VAT rate so the accountant sees why there are several.
 */
function mergeAllocatedLines(lines: BookedLine[]): BookedLine[] {
  const goods = lines.filter((l) => l.kind === 'goods');
  const merged = new Map<string, BookedLine>();
  for (const l of lines.filter((x) => x.kind !== 'goods')) {
    const key = `${l.kind}|${l.vat}|${l.account}`;
    const prev = merged.get(key);
    merged.set(key, prev ? { ...prev, unit: prev.unit + l.unit } : l);
  }
  const allocated = [...merged.values()].filter((l) => l.unit !== 0);
  const countOf = (kind: Line['kind']) => allocated.filter((l) => l.kind === kind).length;
  return [
    ...goods,
    ...allocated.map((l) => (countOf(l.kind) > 1 ? { ...l, description: `${l.description} (${l.vat} % moms)` } : l)),
  ];
}

function dedupe(errors: DomainError[]): DomainError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.code}|${JSON.stringify(e.params)}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

const gross = (booked: BookedLine[], vatIncluded: boolean): Ore =>
  documentGross(booked.map((l) => ({ amount: lineAmount(l.unit, l.qty), vat: l.vat })), vatIncluded);

function toRow(line: BookedLine, documentType: DocumentType, costCenter: string | null): DocumentRow {
  return {
    ...(line.articleNumber !== undefined ? { ArticleNumber: line.articleNumber } : {}),
    Description: sanitizeText(line.description, MAX_ROW_DESCRIPTION),
    ...(documentType === 'order' ? { OrderedQuantity: line.qty } : {}),
    DeliveredQuantity: line.qty,
    Price: fromOre(line.unit),
    VAT: line.vat,
    AccountNumber: line.account,
    ...(costCenter ? { CostCenter: costCenter } : {}),
  };
}

/** ±1 öre per VAT rate on the document (each rate's VAT is rounded once), +1 per goods row whose net was computed. */
function rowsTolerance(booked: BookedLine[], perGoodsRow: boolean): Ore {
  const rates = new Set(booked.map((l) => l.vat)).size;
  return Math.max(1, rates) + (perGoodsRow ? booked.filter((l) => l.kind === 'goods').length : 0);
}

/**
 * The rate Quickbutik charged on a destination-country VAT order: the OSS rate configured for the country whose VAT
 * on the document's lines reproduces tax_amount; else the rate implied by tax / (total − tax), to name in the park.
 */
function destinationRate(order: QbOrder, ossRates: string[], tryRate: (rate: number) => boolean): { rate: number; configured: boolean } {
  for (const r of ossRates) if (tryRate(Number(r))) return { rate: Number(r), configured: true };
  const tax = toOre(order.taxAmount ?? 0);
  const base = toOre(order.totalAmount) - tax;
  return { rate: base > 0 ? Math.round((tax * 1000) / base) / 10 : 0, configured: false };
}

export function mapOrderToDocument(order: QbOrder, ctx: OrderMappingContext): MapOrderResult {
  const fail = (errors: DomainError[]): MapOrderResult => ({ ok: false, errors: dedupe(errors) });

  // 1. Sendable?
  const errors: DomainError[] = [...checkSendable(order)];
  const date = documentDate(order);
  if (typeof date !== 'string') errors.push(date);
  const enabled = (ctx.enabledCurrencies ?? []).map((c) => c.toUpperCase());
  if (order.currency !== 'SEK' && ctx.enabledCurrencies && !enabled.includes(order.currency)) {
    errors.push(domainError('CURRENCY_NOT_ENABLED', { currency: order.currency, orderId: order.orderId }));
  }
  errors.push(...giftCardProblems(order, ctx.giftCardKeys ?? []));
  const territory = classifyTerritory(order.customer.country, order.customer.zipcode);
  let buyerVatNumber: string | null = null;
  if (ctx.customerVatType === 'EUREVERSEDVAT') {
    const checked = reverseChargeVatNumber(order.customer.vatNumber, territory.vatCountry, order.orderId);
    if (checked && 'code' in checked) errors.push(checked);
    else buyerVatNumber = checked?.vatNumber ?? null;
  }
  const plan = accountPlan(ctx.customerVatType, order.isTaxFree, ctx.accounts, {
    orderId: order.orderId,
    country: order.customer.country,
  });
  if (!('taxed' in plan)) errors.push(plan);

  // 2. Goods, at the VAT rates as at payment.
  const { rates, changed } = ratesAtPayment(ctx.capturedRates, ctx.taxRateBySku);
  const goods = goodsLines(order, rates);
  errors.push(...goods.errors);
  if (errors.length > 0 || !('taxed' in plan) || typeof date !== 'string') return fail(errors);

  // 3–5. Freight, discount, booking and the self-checks, per reading of the amounts.
  const quickbutikTotal = toOre(order.totalAmount);
  const book = (goodsAt: Line[], p: AccountPlan, reading: PriceReading) =>
    bookLines([...goodsAt, ...freightLines(order, goodsAt), ...discountLines(order, goodsAt)], p, reading);
  const vatOf = (booked: BookedLine[], vatIncluded: boolean) =>
    documentVatByRate(booked.map((l) => ({ amount: lineAmount(l.unit, l.qty), vat: l.vat })), vatIncluded);
  const causes = () =>
    likelyVatCauses({
      order,
      bookedRates: goods.lines.map((l) => l.productRate),
      changedRateKeys: changed,
      giftCard: false,
    });

  let firstMismatch: DomainError | undefined;
  for (const reading of readingsToTry(order)) {
    let { booked, errors: bookingErrors } = book(goods.lines, plan, reading);
    if (bookingErrors.length > 0) return fail(bookingErrors);

    const vatIncluded = plan.taxed && reading === 'gross';
    let documentTotal = gross(booked, vatIncluded);
    // Rows must reproduce what the customer paid to the öre; öresavrundning (±0.50) is Fortnox's, after posting.
    const netComputedPerRow = !plan.taxed && reading === 'gross';
    if (Math.abs(documentTotal - quickbutikTotal) > rowsTolerance(booked, netComputedPerRow)) {
      firstMismatch ??= domainError('TOTAL_MISMATCH', {
        orderId: order.orderId,
        documentTotal: fromOre(documentTotal),
        quickbutikTotal: fromOre(quickbutikTotal),
        currency: order.currency,
      });
      continue;
    }

    // The VAT, proven against the shop's. An EU consumer charged the destination country's VAT goes through OSS.
    let treatment: MappingChecks['treatment'] = !plan.taxed
      ? ctx.customerVatType === 'EUREVERSEDVAT' ? 'reverseCharge' : ctx.customerVatType === 'EXPORT' ? 'export' : 'domestic'
      : ctx.customerVatType === 'EUVAT' ? 'euSwedishVat' : 'domestic';
    const prove = (b: BookedLine[]) =>
      proveVat({
        orderId: order.orderId,
        currency: order.currency,
        documentVatByRate: vatOf(b, vatIncluded),
        quickbutikVat: order.taxAmount,
        causes,
      });
    let vat = prove(booked);
    if ('code' in vat && plan.taxed && territory.territory === 'EU' && ctx.customerVatType === 'EUVAT') {
      const country = territory.vatCountry;
      const atRate = (rate: number) => goods.lines.map((l) => ({ ...l, productRate: rate }));
      const ossRates = Object.keys(ctx.accounts.oss?.[country] ?? {});
      const tryRate = (rate: number) => {
        const ossPlan = ossAccountPlan(ctx.accounts, country, rate, order.orderId);
        if (!('taxed' in ossPlan)) return false;
        return !('code' in prove(book(atRate(rate), ossPlan, reading).booked));
      };
      const dest = destinationRate(order, ossRates, tryRate);
      if (!dest.configured && causes().includes('destinationVat')) {
        return fail([domainError('OSS_NOT_CONFIGURED', { orderId: order.orderId, country, rate: dest.rate })]);
      }
      if (dest.configured) {
        const ossPlan = ossAccountPlan(ctx.accounts, country, dest.rate, order.orderId) as AccountPlan;
        booked = book(atRate(dest.rate), ossPlan, reading).booked;
        documentTotal = gross(booked, vatIncluded);
        vat = prove(booked);
        treatment = `oss:${country}`;
      }
    }
    if ('code' in vat) return fail([vat]);

    // 6. The document, checked against Fortnox's limits.
    const costCenter = ctx.settings.costCenter;
    const wayOfDelivery = wayOfDeliveryFor(order, ctx.settings);
    const remark = sanitizeText(
      [remarks(order), buyerVatNumber ? reverseChargeText(buyerVatNumber, ctx.sellerVatNumber ?? null) : ''].filter(Boolean).join(' '),
      MAX_REMARKS,
    );
    const document: FortnoxDocument = {
      CustomerNumber: ctx.customerNumber,
      ...(ctx.documentType === 'invoice' ? { InvoiceDate: date } : { OrderDate: date }),
      ExternalInvoiceReference1: externalReference(ctx.shopId, order.orderId),
      YourOrderNumber: order.orderId,
      Currency: order.currency,
      VATIncluded: vatIncluded,
      ...(costCenter ? { CostCenter: costCenter } : {}),
      ...(wayOfDelivery ? { WayOfDelivery: wayOfDelivery } : {}),
      ...(ctx.settings.termsOfPayment ? { TermsOfPayment: ctx.settings.termsOfPayment } : {}),
      ...(remark ? { Remarks: remark } : {}),
      rows: booked.map((l) => toRow(l, ctx.documentType, costCenter)),
    };
    const ossRates = treatment.startsWith('oss:') ? [...new Set(booked.map((l) => l.vat))] : [];
    const invalid = validateDocument(document, order.orderId, ossRates);
    if (invalid.length > 0) return fail(invalid);
    return {
      ok: true,
      document,
      documentType: ctx.documentType,
      checks: {
        documentTotal: fromOre(documentTotal),
        quickbutikTotal: fromOre(quickbutikTotal),
        priceReading: reading,
        vat,
        treatment,
        ratesChanged: changed,
      },
    };
  }
  return fail([firstMismatch!]);
}
