// A paid Quickbutik order → one Fortnox invoice or order. The heart of bookkeeping correctness.
//
//  1. Is the order sendable (paid, has rows, a date, an enabled currency)?
//  2. Goods lines from the rows: article number, description, quantity, unit price, the product's VAT rate.
//  3. Freight and discount spread pro rata over the goods' VAT rates (never the header `Freight` field, which Fortnox
//     taxes entirely at the rate of the largest amount).
//  4. Booking: each line gets its VAT and account from the customer's VAT type (see accounts.ts → accountPlan).
//  5. Self-check: the rows must add up to what the customer paid (Quickbutik's total_amount), else TOTAL_MISMATCH.
//  6. Fortnox's limits (rows, lengths) are checked before anything is sent.
// All amounts are integer öre until the document is rendered.
import type { QbOrder } from '../quickbutik/types';
import { accountPlan, type AccountPlan, type ResolvedAccounts } from './accounts';
import { validateDocument } from './document-validation';
import { domainError, type DomainError } from './errors';
import {
  externalReference,
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
import { documentGross, totalsTolerance } from './totals';
import type { VatType } from './vat';

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
}

export interface MappingChecks {
  /** What the document's rows add up to, incl. VAT. */
  documentTotal: number;
  /** Quickbutik's total_amount. */
  quickbutikTotal: number;
  /** How Quickbutik's amounts were read (matters for VAT-free orders, see readingsToTry). */
  priceReading: PriceReading;
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
    const account = line.kind === 'freight' ? plan.freight() : plan.goods(line.productRate);
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
  const plan = accountPlan(ctx.customerVatType, order.isTaxFree, ctx.accounts, {
    orderId: order.orderId,
    country: order.customer.country,
  });
  if (!('taxed' in plan)) errors.push(plan);

  // 2. Goods.
  const goods = goodsLines(order, ctx.taxRateBySku);
  errors.push(...goods.errors);
  if (errors.length > 0 || !('taxed' in plan) || typeof date !== 'string') return fail(errors);

  // 3–5. Freight, discount, booking and the self-check, per reading of the amounts.
  const quickbutikTotal = toOre(order.totalAmount);
  let firstMismatch: DomainError | undefined;
  for (const reading of readingsToTry(order)) {
    const lines = [
      ...goods.lines,
      ...freightLines(order, goods.lines),
      ...discountLines(order, goods.lines),
    ];
    const { booked, errors: bookingErrors } = bookLines(lines, plan, reading);
    if (bookingErrors.length > 0) return fail(bookingErrors);

    const vatIncluded = plan.taxed && reading === 'gross';
    const documentTotal = gross(booked, vatIncluded);
    // VAT computed from net amounts (or taken out of gross ones) may differ from Quickbutik's by an öre per goods row.
    const computedVat = !vatIncluded && (plan.taxed || reading === 'gross');
    const tolerance = totalsTolerance(order.currency) + (computedVat ? goods.lines.length : 0);
    if (Math.abs(documentTotal - quickbutikTotal) > tolerance) {
      firstMismatch ??= domainError('TOTAL_MISMATCH', {
        orderId: order.orderId,
        documentTotal: fromOre(documentTotal),
        quickbutikTotal: fromOre(quickbutikTotal),
        currency: order.currency,
      });
      continue;
    }

    // 6. The document, checked against Fortnox's limits.
    const costCenter = ctx.settings.costCenter;
    const wayOfDelivery = wayOfDeliveryFor(order, ctx.settings);
    const remark = remarks(order);
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
    const invalid = validateDocument(document, order.orderId);
    if (invalid.length > 0) return fail(invalid);
    return {
      ok: true,
      document,
      documentType: ctx.documentType,
      checks: { documentTotal: fromOre(documentTotal), quickbutikTotal: fromOre(quickbutikTotal), priceReading: reading },
    };
  }
  return fail([firstMismatch!]);
}
