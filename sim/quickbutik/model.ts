/**
 * The simulator's in-memory state. Amounts are numbers here and become strings only when served, so the arithmetic
 * stays simple and the API shapes live in one place (serialize.ts).
 */
export type TaxRate = 25 | 12 | 6 | 0;
export const TAX_RATES: readonly TaxRate[] = [25, 12, 6, 0];

export type Currency = 'SEK' | 'EUR' | 'NOK';
export type OrderStatus = 'unpaid' | 'paid' | 'done' | 'cancelled';
export type CustomerType = 'person' | 'company';

export type OrderEvent = 'order.new' | 'order.done' | 'order.cancelled';
export type ProductEvent = 'product.add' | 'product.update' | 'product.delete';
export type WebhookEvent = OrderEvent | ProductEvent;

export interface SimImage {
  /** File name served under /images/; the URL is built per request so it follows the simulator's address. */
  file: string;
  alt: string;
}

export interface SimVariant {
  id: number;
  sku: string;
  /** Gross SEK price incl. VAT. */
  price: number;
  /** Excl. VAT. */
  purchasePrice: number | null;
  qty: number;
  qtyLocation: string;
  weight: number;
  gtin: string;
  supplierSku: string;
  values: { name: string; val: string }[];
}

export interface SimPackageItem {
  productId: number;
  variantId: number | null;
  sku: string;
  qty: number;
}

export interface SimProduct {
  id: number;
  sku: string;
  title: string;
  /** Gross SEK price incl. VAT. */
  price: number;
  beforePrice: number | null;
  /** Excl. VAT. */
  purchasePrice: number | null;
  taxRate: TaxRate;
  /** Grams. */
  weight: number;
  /** Own stock; for a product with variants the served qty is the sum of its variants'. */
  qty: number;
  qtyLocation: string;
  gtin: string;
  visible: boolean;
  disableMinusQty: boolean;
  supplierName: string;
  supplierSku: string;
  description: string;
  modifiedAt: number;
  images: SimImage[];
  variants: SimVariant[];
  /** Non-empty for a bundle ("produktpaket"). */
  packageProducts: SimPackageItem[];
}

export interface SimAddress {
  firstname: string;
  lastname: string;
  companyName: string;
  address: string;
  address2: string;
  zipcode: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  phone: string;
  email: string;
}

export interface SimCustomer {
  id: number;
  type: CustomerType;
  email: string;
  phone: string;
  billing: SimAddress;
  /** Null when goods go to the billing address. */
  shipping: SimAddress | null;
  notes: string;
  /** Checkout fields a B2B shop asks for; the real API documents no such field, so they are served as extras. */
  orgNumber: string;
  vatNumber: string;
}

export interface SimOrderRow {
  productId: number | null;
  variantId: number | null;
  title: string;
  /** Variant label such as "Storlek: M", "" for none. */
  variant: string;
  sku: string;
  qty: number;
  /** Unit price in the order's currency: incl. VAT, except excl. VAT when the order is tax-on-top or tax-free. */
  price: number;
  /** Not served (the real API has no per-row rate); kept to compute tax_amount. */
  taxRate: TaxRate;
  weight: number;
  image: string | null;
  packageItems: (SimPackageItem & { title: string })[];
}

export interface SimOrder {
  orderId: number;
  createdAt: number;
  paidAt: number | null;
  status: OrderStatus;
  /** Time of the last status change: what `from_status_date` compares with. */
  statusChangedAt: number;
  currency: Currency;
  isTaxfree: boolean;
  isTaxontop: boolean;
  customerId: number | null;
  customer: Omit<SimCustomer, 'id'>;
  rows: SimOrderRow[];
  shippingId: string;
  shippingName: string;
  shippingAmount: number;
  discountAmount: number;
  itemsAmount: number;
  taxAmount: number;
  totalAmount: number;
  totalPayAmount: number;
  totalWeight: number;
  refunds: number;
  notes: string;
  paymethod: { method: string; transactionId: string };
  /** Whether stock was taken for this order (given back when it is cancelled). */
  stockTaken: boolean;
}

export interface ShopState {
  id: string;
  apiKey: string;
  webhookUrl: string | null;
  products: Map<number, SimProduct>;
  customers: Map<number, SimCustomer>;
  orders: Map<number, SimOrder>;
  nextProductId: number;
  nextVariantId: number;
  nextCustomerId: number;
  nextOrderId: number;
}

export function createShopState(id: string, apiKey: string, webhookUrl: string | null): ShopState {
  return {
    id,
    apiKey,
    webhookUrl,
    products: new Map(),
    customers: new Map(),
    orders: new Map(),
    nextProductId: 1,
    nextVariantId: 1,
    nextCustomerId: 1,
    nextOrderId: 10001,
  };
}

/** Empties a shop's data but keeps its identity (used before re-seeding). */
export function resetShopData(shop: ShopState): void {
  shop.products.clear();
  shop.customers.clear();
  shop.orders.clear();
  shop.nextProductId = 1;
  shop.nextVariantId = 1;
  shop.nextCustomerId = 1;
  shop.nextOrderId = 10001;
}

/** Finds the product (and variant) a sku names: a product's own sku or one of its variants'. */
export function findBySku(shop: ShopState, sku: string): { product: SimProduct; variant: SimVariant | null } | null {
  for (const product of shop.products.values()) {
    if (product.sku === sku) return { product, variant: null };
    const variant = product.variants.find((v) => v.sku === sku);
    if (variant) return { product, variant };
  }
  return null;
}

export function productStock(product: SimProduct): number {
  return product.variants.length > 0 ? product.variants.reduce((sum, v) => sum + v.qty, 0) : product.qty;
}
