// The list form of GET /v1/orders (no include_details): enough for the catch-up poll to pick paid orders.
import { normaliseStatus, parseDecimal, QbParseError, type QbOrderStatus } from './schemas';

export interface QbOrderSummary {
  orderId: string;
  status: QbOrderStatus;
  /** `YYYY-MM-DD HH:MM:SS`, Swedish local time, as sent. */
  dateCreated: string | null;
  datePaid: string | null;
  totalAmount: number | null;
  currency: string | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null =>
  (typeof v === 'string' && v.trim() !== '') || (typeof v === 'number' && Number.isFinite(v)) ? String(v).trim() : null;

function parseOne(raw: unknown, index: number): QbOrderSummary {
  const orderId = isRecord(raw) ? text(raw.order_id ?? raw.id) : null;
  if (!isRecord(raw) || orderId === null) {
    throw new QbParseError('order', null, [{ path: `[${index}].order_id`, message: 'is missing' }]);
  }
  const date = (v: unknown) => {
    const t = text(v);
    return t && !t.startsWith('0000-00-00') ? t : null;
  };
  return {
    orderId,
    status: normaliseStatus(raw.status),
    dateCreated: date(raw.date_created),
    datePaid: date(raw.date_paid),
    totalAmount: parseDecimal(raw.total_amount) ?? null,
    currency: text(raw.currency),
  };
}

/** A list answer in any envelope: `[...]`, `{"orders":[...]}`, or one bare order object. */
export function parseOrderSummaries(json: unknown): QbOrderSummary[] {
  if (Array.isArray(json)) return json.map(parseOne);
  if (isRecord(json) && Array.isArray(json.orders)) return json.orders.map(parseOne);
  if (isRecord(json) && 'order_id' in json) return [parseOne(json, 0)];
  throw new QbParseError('order', null, [{ path: '', message: 'expected a list of orders' }]);
}
