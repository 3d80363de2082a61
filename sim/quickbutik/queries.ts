import { SimError } from './errors';
import type { OrderStatus, ShopState, SimOrder, SimProduct } from './model';
import { parseQueryTime } from './time';

/** The list queries of GET /v1/orders and GET /v1/products: filtering, sorting and offset/limit paging. */
export type Query = Record<string, string | undefined>;

export const MAX_LIMIT = 1000;
/** Orders: `limit` 1–1000, default 1000 (reference, Basics). Products use the same. */
export const DEFAULT_LIMIT = 1000;

export function paging(q: Query): { offset: number; limit: number } {
  const offset = q.offset === undefined ? 0 : Number(q.offset);
  const limit = q.limit === undefined ? DEFAULT_LIMIT : Number(q.limit);
  if (!Number.isInteger(offset) || offset < 0) throw new SimError(400, 'Invalid offset');
  if (!Number.isInteger(limit) || limit < 1) throw new SimError(400, 'Invalid limit');
  // Like the real API, a limit above the maximum is capped rather than refused.
  return { offset, limit: Math.min(limit, MAX_LIMIT) };
}

function time(q: Query, key: string): number | null {
  const raw = q[key];
  if (raw === undefined || raw === '') return null;
  const ms = parseQueryTime(raw);
  if (ms === null) throw new SimError(400, `Invalid ${key}: UNIX seconds or YYYY-MM-DD[ HH:MM:SS]`);
  return ms;
}

const STATUS_PARAM: Record<string, OrderStatus> = {
  unpaid: 'unpaid', paid: 'paid', done: 'done', cancelled: 'cancelled',
  '-1': 'unpaid', '1': 'paid', '2': 'done',
};

/** `order_by`: `price`, `date` or `order_id` (default). */
const ORDER_SORT: Record<string, (o: SimOrder) => number> = {
  order_id: (o) => o.orderId,
  date: (o) => o.createdAt,
  price: (o) => o.totalAmount,
};

/** Orders matching the query, sorted (default: by order_id, descending) and paged. */
export function queryOrders(shop: ShopState, q: Query): SimOrder[] {
  let status: OrderStatus | undefined;
  if (q.status !== undefined && q.status !== '') {
    status = STATUS_PARAM[q.status.toLowerCase()];
    if (!status) throw new SimError(400, `Invalid status ${q.status} (unpaid, paid, done)`);
  }
  const fromPaid = time(q, 'from_date_paid');
  const toPaid = time(q, 'to_date_paid');
  // Compared at second resolution, as the parameter is in whole seconds.
  const fromStatus = time(q, 'from_status_date');
  const search = q.search?.trim().toLowerCase();
  const orderBy = q.order_by || 'order_id';
  const key = ORDER_SORT[orderBy];
  if (!key) throw new SimError(400, `Invalid order_by ${orderBy} (price, date or order_id)`);
  const direction = (q.sort_order ?? 'desc').toLowerCase();
  if (direction !== 'asc' && direction !== 'desc') throw new SimError(400, 'Invalid sort_order (asc or desc)');
  const { offset, limit } = paging(q);

  const matches = [...shop.orders.values()].filter((o) => {
    if (status && o.status !== status) return false;
    if (fromPaid !== null && (o.paidAt === null || o.paidAt < fromPaid)) return false;
    if (toPaid !== null && (o.paidAt === null || o.paidAt > toPaid)) return false;
    if (fromStatus !== null && Math.floor(o.statusChangedAt / 1000) * 1000 < fromStatus) return false;
    if (search) {
      const b = o.customer.billing;
      const haystack = [String(o.orderId), o.customer.email, `${b.firstname} ${b.lastname}`, b.companyName].join('\n').toLowerCase();
      if (!haystack.includes(search)) return false;
    }
    return true;
  });
  const sign = direction === 'asc' ? 1 : -1;
  matches.sort((a, b) => sign * (key(a) - key(b) || a.orderId - b.orderId));
  return matches.slice(offset, offset + limit);
}

/** Products matching `search` (title or sku, variants' skus too), by id, paged. */
export function queryProducts(shop: ShopState, q: Query): SimProduct[] {
  const search = q.search?.trim().toLowerCase();
  const { offset, limit } = paging(q);
  const matches = [...shop.products.values()].filter(
    (p) =>
      !search ||
      p.title.toLowerCase().includes(search) ||
      p.sku.toLowerCase().includes(search) ||
      p.variants.some((v) => v.sku.toLowerCase().includes(search)),
  );
  matches.sort((a, b) => a.id - b.id);
  return matches.slice(offset, offset + limit);
}
