import { SimError } from './errors';
import { computeTotals, convertFromSek, netOf, round2 } from './money';
import {
  findBySku,
  type Currency,
  type OrderEvent,
  type OrderStatus,
  type ShopState,
  type SimCustomer,
  type SimOrder,
  type SimOrderRow,
  type SimRefund,
  type TaxRate,
  writeMetadata,
} from './model';

/** What every way of placing an order (seed, generator, POST /v1/orders, admin custom order) boils down to. */
export interface OrderRowInput {
  sku: string;
  qty: number;
  /** Unit price as served (gross, or net for tax-on-top / tax-free). Omitted → the product's price, converted. */
  price?: number;
  /** Needed only for a sku the shop does not sell. */
  title?: string;
  taxRate?: TaxRate;
}

export interface OrderInput {
  customer: Omit<SimCustomer, 'id'>;
  customerId?: number | null;
  rows: OrderRowInput[];
  currency?: Currency;
  /** Amount as served (same basis as the row prices). */
  shipping?: { id?: string; name: string; amount: number };
  discountAmount?: number;
  isTaxfree?: boolean;
  isTaxontop?: boolean;
  paymethod?: { method: string; transactionId?: string };
  notes?: string;
  createdAt?: number;
  /** Order metadata (what `POST /v1/orders` takes as `metadata`, or a checkout app writes). */
  metadata?: Record<string, string>;
  /** A redeemed gift card: paid with it, so total_pay_amount is this much below total_amount. */
  giftCardAmount?: number;
}

const VARIANT_LABEL = (values: { name: string; val: string }[]) => values.map((v) => `${v.name}: ${v.val}`).join(', ');

function buildRow(shop: ShopState, input: OrderRowInput, currency: Currency, netPrices: boolean): SimOrderRow {
  if (!Number.isInteger(input.qty) || input.qty < 1) throw new SimError(400, `Invalid qty for sku ${input.sku}`);
  const found = findBySku(shop, input.sku);
  if (!found) {
    if (input.price === undefined || input.taxRate === undefined || !input.title)
      throw new SimError(400, `Unknown sku ${input.sku} (give title, price and taxRate for a free-text row)`);
    return {
      id: 0, productId: null, variantId: null, title: input.title, variant: '', sku: input.sku, qty: input.qty,
      price: round2(input.price), taxRate: input.taxRate, weight: 0, image: null, packageItems: [],
    };
  }
  const { product, variant } = found;
  const taxRate = input.taxRate ?? product.taxRate;
  let price = input.price;
  if (price === undefined) {
    const gross = convertFromSek(variant?.price ?? product.price, currency);
    price = netPrices ? netOf(gross, taxRate) : gross;
  }
  return {
    id: 0,
    productId: product.id,
    variantId: variant?.id ?? null,
    title: input.title ?? product.title,
    variant: variant ? VARIANT_LABEL(variant.values) : '',
    sku: input.sku,
    qty: input.qty,
    price: round2(price),
    taxRate,
    weight: variant?.weight ?? product.weight,
    image: product.images[0]?.file ?? null,
    packageItems: product.packageProducts.map((item) => ({
      ...item,
      title: shop.products.get(item.productId)?.title ?? item.sku,
    })),
  };
}

/** Takes (sign 1) or gives back (sign -1) the stock an order holds. Bundles hold only their own stock. */
function moveStock(shop: ShopState, order: SimOrder, sign: 1 | -1): void {
  for (const row of order.rows) {
    if (row.productId === null) continue;
    const product = shop.products.get(row.productId);
    if (!product) continue;
    const variant = row.variantId === null ? undefined : product.variants.find((v) => v.id === row.variantId);
    if (variant) variant.qty -= sign * row.qty;
    else product.qty -= sign * row.qty;
  }
  order.stockTaken = sign === 1;
}

/** Creates an unpaid order (status -1) with self-consistent amounts, and takes its stock. */
export function createOrder(shop: ShopState, input: OrderInput, now: number): SimOrder {
  if (input.rows.length === 0) throw new SimError(400, 'An order needs at least one product row');
  const currency = input.currency ?? 'SEK';
  const isTaxfree = input.isTaxfree ?? false;
  const isTaxontop = input.isTaxontop ?? false;
  const rows = input.rows.map((r) => buildRow(shop, r, currency, isTaxfree || isTaxontop));
  const shippingAmount = round2(input.shipping?.amount ?? 0);
  const discountAmount = round2(input.discountAmount ?? 0);
  if (shippingAmount < 0 || discountAmount < 0) throw new SimError(400, 'Amounts must not be negative');
  const totals = computeTotals({ rows, shippingAmount, discountAmount, isTaxfree, isTaxontop });
  if (discountAmount > totals.itemsAmount) throw new SimError(400, 'Discount larger than the goods value');
  const giftCardAmount = round2(input.giftCardAmount ?? 0);
  if (giftCardAmount < 0 || giftCardAmount > totals.totalAmount) throw new SimError(400, 'Gift card amount must be between 0 and the order total');
  const createdAt = input.createdAt ?? now;
  const orderId = shop.nextOrderId++;
  for (const row of rows) row.id = shop.nextRowId++;
  const order: SimOrder = {
    orderId,
    createdAt,
    paidAt: null,
    status: 'unpaid',
    statusChangedAt: createdAt,
    currency,
    isTaxfree,
    isTaxontop,
    customerId: input.customerId ?? null,
    customer: input.customer,
    rows,
    shippingId: input.shipping?.id ?? (input.shipping ? '99' : ''),
    shippingName: input.shipping?.name ?? '',
    shippingAmount,
    discountAmount,
    itemsAmount: totals.itemsAmount,
    taxAmount: totals.taxAmount,
    totalAmount: totals.totalAmount,
    totalPayAmount: round2(totals.totalAmount - giftCardAmount),
    totalWeight: rows.reduce((sum, r) => sum + r.weight * r.qty, 0),
    refunds: [],
    giftCardAmount,
    notes: input.notes ?? '',
    paymethod: {
      method: input.paymethod?.method ?? 'invoice',
      transactionId: input.paymethod?.transactionId ?? `T${orderId}`,
    },
    stockTaken: false,
  };
  moveStock(shop, order, 1);
  shop.orders.set(orderId, order);
  // A B2B checkout keeps the buyer's numbers as order metadata (no documented field exists for them).
  const buyerIds = { ...(input.customer.orgNumber ? { orgnr: input.customer.orgNumber } : {}), ...(input.customer.vatNumber ? { vat_number: input.customer.vatNumber } : {}) };
  writeMetadata(shop, 'order', orderId, { ...buyerIds, ...input.metadata });
  return order;
}

/** A refund made in the shop's admin: no webhook fires (the reference lists no refund event). */
export function refundOrder(shop: ShopState, order: SimOrder, amount: number, at: number): SimRefund {
  const refunded = order.refunds.reduce((sum, r) => sum + r.amount, 0);
  if (!(amount > 0) || round2(refunded + amount) > order.totalAmount) {
    throw new SimError(400, `Refund must be above 0 and at most the ${round2(order.totalAmount - refunded)} not yet refunded`);
  }
  if (order.status === 'unpaid') throw new SimError(400, 'An unpaid order cannot be refunded');
  const refund: SimRefund = { id: shop.nextRefundId++, amount: round2(amount), createdAt: at };
  order.refunds.push(refund);
  return refund;
}

const EVENT_FOR: Record<OrderStatus, OrderEvent | null> = {
  unpaid: null,
  paid: 'order.new',
  done: 'order.done',
  cancelled: 'order.cancelled',
};

/**
 * Moves an order to `status`. Returns the webhook event the change fires, or null when nothing changed (setting the
 * current status again is a no-op, as it fires nothing in a shop's admin either).
 */
export function changeOrderStatus(shop: ShopState, order: SimOrder, status: OrderStatus, at: number): OrderEvent | null {
  if (order.status === status) return null;
  if (status === 'cancelled' && order.stockTaken) moveStock(shop, order, -1);
  if (order.status === 'cancelled' && !order.stockTaken) moveStock(shop, order, 1);
  if (status === 'unpaid') order.paidAt = null;
  else if ((status === 'paid' || status === 'done') && order.paidAt === null) order.paidAt = at;
  order.status = status;
  order.statusChangedAt = at;
  return EVENT_FOR[status];
}
