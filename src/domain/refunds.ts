// Quickbutik refunds, normalised. The `refunds` key exists on orders since 2021-12 but its shape is documented
// nowhere, so every plausible form is accepted: missing, null, "", 0, [], {}, a total amount (number or string), a
// list of refund objects, one refund object, or an object keyed by refund id. A refund whose amount cannot be read is
// kept with `amount: null` — the planner parks it for a person; an amount is never guessed.
import { contentHash } from './hash';
import { toOre, type Ore } from './money';

export interface RefundRow {
  sku: string | null;
  productId: string | null;
  title: string | null;
  qty: number;
  /** The row's refunded amount (incl. VAT as the order's prices are), when Quickbutik says it. */
  amount: Ore | null;
}

export interface Refund {
  /** Quickbutik's id; without one, `h<hash>` of the refund's own content (stable across re-reads). */
  id: string;
  /** Total refunded to the customer, incl. VAT, öre. null: unreadable → manual handling. */
  amount: Ore | null;
  /** YYYY-MM-DD when given. */
  date: string | null;
  rows: RefundRow[];
  /** Refunded freight, öre, when given. */
  freight: Ore | null;
}

export interface NormalisedRefunds {
  refunds: Refund[];
  /**
   * The `refunds` value was one running total (a number), not single refunds: the planner credits the growth of the
   * total since the last credit, each credit keyed by the total it brings the credits up to.
   */
  cumulative: boolean;
}

const AMOUNT_KEYS = ['amount', 'refund_amount', 'refunded_amount', 'total_amount', 'total', 'sum', 'value'];
const ID_KEYS = ['id', 'refund_id', 'refundId', 'transaction_id', 'transactionId'];
const DATE_KEYS = ['date', 'date_created', 'created', 'created_at', 'refunded_at', 'date_refunded'];
const ROW_KEYS = ['products', 'rows', 'items', 'lines'];
const FREIGHT_KEYS = ['shipping', 'shipping_amount', 'freight', 'freight_amount'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** "1 234,50", "1234.50", 1234.5 → 1234.5; anything else → null. */
export function readAmount(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const s = v.replace(/\s|kr|sek/gi, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : null;
}

const firstOf = (o: Record<string, unknown>, keys: string[]): unknown => {
  for (const k of keys) if (o[k] !== undefined && o[k] !== null && o[k] !== '') return o[k];
  return undefined;
};

const text = (v: unknown): string | null =>
  (typeof v === 'string' || typeof v === 'number') && String(v).trim() ? String(v).trim() : null;

function readDate(v: unknown): string | null {
  if (typeof v === 'number' && v > 1e9) return new Date(v * 1000).toISOString().slice(0, 10); // UNIX seconds
  const s = text(v);
  return s && /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : null;
}

const oreOf = (v: unknown): Ore | null => {
  const n = readAmount(v);
  return n === null ? null : Math.abs(toOre(n));
};

function readRow(raw: unknown): RefundRow | null {
  if (!isRecord(raw)) return null;
  const qty = readAmount(firstOf(raw, ['qty', 'quantity', 'amount_qty'])) ?? 1;
  const lineAmount = oreOf(firstOf(raw, ['total', 'amount', 'refund_amount']));
  const unit = oreOf(raw.price);
  return {
    sku: text(raw.sku),
    productId: text(firstOf(raw, ['product_id', 'productId'])),
    title: text(firstOf(raw, ['title', 'name'])),
    qty: Math.abs(qty),
    amount: lineAmount ?? (unit === null ? null : Math.round(unit * Math.abs(qty))),
  };
}

function readRefund(raw: Record<string, unknown>, fallbackId?: string): Refund {
  const rowsRaw = firstOf(raw, ROW_KEYS);
  const rows = (Array.isArray(rowsRaw) ? rowsRaw : isRecord(rowsRaw) ? Object.values(rowsRaw) : [])
    .map(readRow)
    .filter((r): r is RefundRow => r !== null);
  const freight = oreOf(firstOf(raw, FREIGHT_KEYS));
  let amount = oreOf(firstOf(raw, AMOUNT_KEYS));
  // No total given: the parts add up to it only when every part says its amount.
  if (amount === null && rows.length > 0 && rows.every((r) => r.amount !== null)) {
    amount = rows.reduce((s, r) => s + (r.amount ?? 0), 0) + (freight ?? 0);
  }
  if (amount === null && rows.length === 0 && freight !== null) amount = freight;
  return {
    id: text(firstOf(raw, ID_KEYS)) ?? fallbackId ?? `h${contentHash(raw).slice(0, 12)}`,
    amount,
    date: readDate(firstOf(raw, DATE_KEYS)),
    rows,
    freight,
  };
}

const looksLikeOneRefund = (o: Record<string, unknown>): boolean =>
  [...AMOUNT_KEYS, ...ID_KEYS, ...ROW_KEYS, ...FREIGHT_KEYS].some((k) => k in o);

/** Every accepted form of the order's `refunds` value → a list of refunds (rule: never guess an amount). */
export function normaliseRefunds(raw: unknown): NormalisedRefunds {
  if (raw === undefined || raw === null || raw === '' || raw === false) return { refunds: [], cumulative: false };
  const scalar = readAmount(raw);
  if (scalar !== null) {
    const amount = Math.abs(toOre(scalar));
    return amount === 0
      ? { refunds: [], cumulative: false }
      : { refunds: [{ id: `sum${amount}`, amount, date: null, rows: [], freight: null }], cumulative: true };
  }
  if (Array.isArray(raw)) {
    return {
      refunds: raw.map((r) => (isRecord(r) ? readRefund(r) : unreadable(r))),
      cumulative: false,
    };
  }
  if (isRecord(raw)) {
    if (Object.keys(raw).length === 0) return { refunds: [], cumulative: false };
    if (looksLikeOneRefund(raw)) return { refunds: [readRefund(raw)], cumulative: false };
    return {
      refunds: Object.entries(raw).map(([key, r]) => (isRecord(r) ? readRefund(r, key) : { ...unreadable(r), id: key })),
      cumulative: false,
    };
  }
  return { refunds: [unreadable(raw)], cumulative: false };
}

/** Something non-empty we cannot read: still a refund (the order was refunded), flagged by its missing amount. */
function unreadable(raw: unknown): Refund {
  const amount = oreOf(raw);
  return { id: `h${contentHash(raw ?? null).slice(0, 12)}`, amount, date: null, rows: [], freight: null };
}
