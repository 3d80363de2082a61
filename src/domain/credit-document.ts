// Refund → credit invoice: rows for exactly what was refunded. Matching order rows (by article number, else by
// description) are credited with their own price, VAT and account; refunded freight is split over the original's
// freight rows; an amount Quickbutik does not break down (or a part matching no row: a fee, goodwill, a rounding gap)
// is split over the original's VAT rates in proportion to their value, öre-exact, the remainder on the highest rate,
// on the fallback article/account from the settings or else the rate's sales account of the original.
import { domainError, type DomainError, type Result } from './errors';
import type { DocumentRow, FortnoxDocument } from './fortnox-document';
import { allocateProRata, fromOre, lineAmount, netOfGross, toOre, type Ore } from './money';
import type { Refund } from './refunds';

export interface CreditDocument extends Omit<FortnoxDocument, 'OrderDate'> {
  /** The original invoice's number on the first (linked) credit only; later credits name it in Remarks. */
  CreditInvoiceReference?: string;
}

export interface CreditInput {
  /** The original as it was sent (rows with price basis per VATIncluded). */
  original: FortnoxDocument;
  originalNumber: string;
  orderId: string;
  /** `qb:<shop>:<order>:refund:<id>` / `:cancel` / `:edit:<hash>`. */
  key: string;
  /** What to credit: a refund, or `full` (cancellation / edit) = every row of the original. */
  what: { refund: Refund } | { full: true } | { amount: Ore };
  linked: boolean;
  date: string;
  freightAccount?: number;
  fallback: { articleNumber?: string; account?: number };
}

/** A row's value as charged (gross when the document has VATIncluded), öre. */
const rowValue = (r: DocumentRow): Ore => lineAmount(toOre(r.Price), r.DeliveredQuantity);
const grossOf = (value: Ore, vat: number, vatIncluded: boolean): Ore => (vatIncluded ? value : value + Math.round((value * vat) / 100));
const negate = (r: DocumentRow): DocumentRow => {
  const { OrderedQuantity: _o, ...row } = r;
  return { ...row, DeliveredQuantity: -r.DeliveredQuantity };
};

export function mapCreditDocument(input: CreditInput): Result<{ document: CreditDocument; amount: Ore }> {
  const { original, what } = input;
  const isFreight = (r: DocumentRow) => !r.ArticleNumber && input.freightAccount !== undefined && r.AccountNumber === input.freightAccount;
  const goods = original.rows.filter((r) => !isFreight(r) && r.DeliveredQuantity > 0);
  const freight = original.rows.filter(isFreight).sort((a, b) => a.VAT - b.VAT); // remainder on the highest rate
  const rows: DocumentRow[] = [];
  const errors: DomainError[] = [];
  let covered: Ore = 0; // gross öre the rows below credit

  if ('full' in what) {
    rows.push(...original.rows.map(negate));
    covered = original.rows.reduce((s, r) => s + grossOf(rowValue(r), r.VAT, original.VATIncluded), 0);
  } else {
    const refund = 'refund' in what ? what.refund : undefined;
    const amount = 'refund' in what ? what.refund.amount : what.amount;
    if (amount === null || amount === undefined) {
      return { ok: false, errors: [domainError('REFUND_AMOUNT_UNREADABLE', { orderId: input.orderId, refundId: refund?.id })] };
    }
    const unmatched: Ore[] = [];
    for (const rr of refund?.rows ?? []) {
      const match = goods.find((g) => (rr.sku && g.ArticleNumber === rr.sku) || (!rr.sku && rr.title && g.Description.startsWith(rr.title)));
      if (!match || rr.qty > match.DeliveredQuantity) {
        if (rr.amount === null) errors.push(domainError('REFUND_AMOUNT_UNREADABLE', { orderId: input.orderId, refundId: refund?.id, reason: `row ${rr.sku ?? rr.title ?? '?'} matches no order row and has no amount` }));
        else unmatched.push(rr.amount);
        continue;
      }
      // Quickbutik's own row amount wins over the original price (a partial price refund); else the original price.
      const unitGross = rr.amount !== null ? Math.round(rr.amount / rr.qty) : grossOf(toOre(match.Price), match.VAT, original.VATIncluded);
      const price = original.VATIncluded ? unitGross : netOfGross(unitGross, match.VAT);
      rows.push({ ...negate(match), DeliveredQuantity: -rr.qty, Price: fromOre(price) });
      covered += rr.amount ?? unitGross * rr.qty;
    }
    if (refund?.freight && refund.freight > 0) {
      const weights = freight.map((r) => grossOf(rowValue(r), r.VAT, original.VATIncluded));
      if (freight.length === 0) unmatched.push(refund.freight);
      else {
        allocateProRata(refund.freight, weights).forEach((share, i) => {
          if (share === 0) return;
          const r = freight[i];
          rows.push({ ...negate(r), DeliveredQuantity: -1, Price: fromOre(original.VATIncluded ? share : netOfGross(share, r.VAT)) });
        });
        covered += refund.freight;
      }
    }
    if (errors.length) return { ok: false, errors };
    const rest = amount - covered;
    if (rest < 0) {
      return { ok: false, errors: [domainError('REFUND_AMOUNT_UNREADABLE', { orderId: input.orderId, refundId: refund?.id, reason: `${fromOre(amount)} is less than its rows (${fromOre(covered)})` })] };
    }
    if (rest > 0) rows.push(...splitOverRates(rest, original, goods.length ? goods : original.rows, input));
    covered = amount;
  }

  const { rows: _rows, OrderDate: _od, InvoiceDate: _id, ...header } = original;
  const document: CreditDocument = {
    ...header,
    InvoiceDate: input.date,
    ExternalInvoiceReference1: input.key,
    Remarks: `Kredit av faktura ${input.originalNumber} (order ${input.orderId}) / Credit of invoice ${input.originalNumber}`,
    rows,
    ...(input.linked ? { CreditInvoiceReference: input.originalNumber } : {}),
  };
  return { ok: true, document, amount: covered };
}

/** `amount` (gross öre) split over the VAT rates of `basis` by their gross value; the highest rate takes the remainder. */
function splitOverRates(amount: Ore, original: FortnoxDocument, basis: DocumentRow[], input: CreditInput): DocumentRow[] {
  const byRate = new Map<number, { value: Ore; account: number }>();
  for (const r of basis) {
    const cur = byRate.get(r.VAT);
    const value = grossOf(rowValue(r), r.VAT, original.VATIncluded);
    byRate.set(r.VAT, { value: (cur?.value ?? 0) + value, account: cur?.account ?? r.AccountNumber });
  }
  const rates = [...byRate.keys()].sort((a, b) => a - b); // ascending: the last (highest) rate takes the remainder
  const shares = allocateProRata(amount, rates.map((rate) => byRate.get(rate)!.value));
  return rates.flatMap((rate, i) => {
    if (shares[i] === 0) return [];
    const price = original.VATIncluded ? shares[i] : netOfGross(shares[i], rate);
    return [{
      ...(input.fallback.articleNumber ? { ArticleNumber: input.fallback.articleNumber } : {}),
      Description: `Återbetalning / Refund (${rate} %)`,
      DeliveredQuantity: -1,
      Price: fromOre(price),
      VAT: rate,
      AccountNumber: input.fallback.account ?? byRate.get(rate)!.account,
    }];
  });
}
