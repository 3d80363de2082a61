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
  beforePrice: number | null;
  /** Excl. VAT. */
  purchasePrice: number | null;
  qty: number;
  qtyLocation: string;
  weight: number;
  gtin: string;
  supplierSku: string;
  hidden: boolean;
  preorder: boolean;
  disableMinusQty: boolean;
  minPurchaseQuantity: number | null;
  maxPurchaseQuantity: number | null;
  preselected: boolean;
  /** Option values; `ovalue_field` on the wire is the option's position (1..5). */
  values: { name: string; val: string }[];
}

export interface SimPackageItem {
  productId: number;
  variantId: number | null;
  sku: string;
  qty: number;
  /** The component's unit price in the bundle (gross SEK). */
  price: number;
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
  /** Created with `is_giftcard`: sold as an ordinary order row. */
  isGiftcard: boolean;
  preorder: boolean;
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
  /** The row's own id, unique in the shop. */
  id: number;
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
  /** Refunds made in the shop's admin (no webhook); served in the shop's refunds form. */
  refunds: SimRefund[];
  /** Redeemed gift card: total_pay_amount = total_amount − this. */
  giftCardAmount: number;
  notes: string;
  paymethod: { method: string; transactionId: string };
  /** Whether stock was taken for this order (given back when it is cancelled). */
  stockTaken: boolean;
}

export interface SimRefund {
  id: number;
  amount: number;
  createdAt: number;
}

export type MetadataScope = 'order' | 'product' | 'customer';
export const METADATA_SCOPES: readonly MetadataScope[] = ['order', 'product', 'customer'];

/**
 * Where the reference lists several forms a real shop may send (*unverified*), the one this shop serves. Every form
 * is one the reference tells clients to accept; the product's client is tested against each.
 */
export interface ResponseForms {
  /** `refunds` of an order without refunds: key left out, `null`, `[]` or `{}`. */
  refundsEmpty: 'absent' | 'null' | 'array' | 'object';
  /** `refunds` of a refunded order: a list of objects, or an object keyed by refund id. */
  refunds: 'list' | 'keyed';
  /** The status code of a cancelled order (no source gives it). */
  cancelledStatus: string;
  /** `date_paid` of an unpaid order: `null` or `""`. */
  unpaidDatePaid: 'null' | 'empty';
  /** Ids and `qty` as strings (`"12"`, the docs' examples) or integers (the OpenAPI types). */
  numbers: 'string' | 'integer';
  /** Names in `billing_details`/`shipping_details`: `full_name`, or `firstname` + `lastname`. */
  addressNames: 'split' | 'full';
  /** A `product_id`/`sku` lookup: `{"product":{...}}` as documented, or a bare object. */
  productLookup: 'wrapped' | 'bare';
  /** Whether an API status change to done/cancelled fires `order.done`/`order.cancelled` (unverified). */
  statusWebhooks: 'fire' | 'silent';
  /**
   * Where a company buyer's organisation / VAT number shows (no source documents a field): order metadata
   * (`orgnr`, `vat_number`), or metadata plus the same names on `customer` as a checkout app might add them.
   */
  buyerIds: 'metadata' | 'metadata-and-customer';
}

export const DEFAULT_FORMS: ResponseForms = {
  refundsEmpty: 'array',
  refunds: 'list',
  cancelledStatus: '0',
  unpaidDatePaid: 'null',
  numbers: 'string',
  addressNames: 'split',
  productLookup: 'wrapped',
  statusWebhooks: 'fire',
  buyerIds: 'metadata-and-customer',
};

/** Admin input: the forms to change; validated against the lists above. */
export const FORM_CHOICES: { [K in keyof ResponseForms]: readonly string[] | 'any' } = {
  refundsEmpty: ['absent', 'null', 'array', 'object'],
  refunds: ['list', 'keyed'],
  cancelledStatus: 'any',
  unpaidDatePaid: ['null', 'empty'],
  numbers: ['string', 'integer'],
  addressNames: ['split', 'full'],
  productLookup: ['wrapped', 'bare'],
  statusWebhooks: ['fire', 'silent'],
  buyerIds: ['metadata', 'metadata-and-customer'],
};

export interface ShopState {
  id: string;
  apiKey: string;
  webhookUrl: string | null;
  forms: ResponseForms;
  products: Map<number, SimProduct>;
  customers: Map<number, SimCustomer>;
  orders: Map<number, SimOrder>;
  /** `<scope>:<id>` → key → value (GET/POST/PUT /v1/metadata/{scope}/{id}). */
  metadata: Map<string, Map<string, string>>;
  nextProductId: number;
  nextVariantId: number;
  nextCustomerId: number;
  nextOrderId: number;
  nextRowId: number;
  nextRefundId: number;
}

export function createShopState(id: string, apiKey: string, webhookUrl: string | null, forms: Partial<ResponseForms> = {}): ShopState {
  return {
    id,
    apiKey,
    webhookUrl,
    forms: { ...DEFAULT_FORMS, ...forms },
    products: new Map(),
    customers: new Map(),
    orders: new Map(),
    metadata: new Map(),
    nextProductId: 1,
    nextVariantId: 1,
    nextCustomerId: 1,
    nextOrderId: 10001,
    nextRowId: 1,
    nextRefundId: 1,
  };
}

export const metadataKey = (scope: MetadataScope, id: number) => `${scope}:${id}`;

/** Sets (or, with an empty value, deletes) metadata keys of one object. */
export function writeMetadata(shop: ShopState, scope: MetadataScope, id: number, entries: Record<string, string>): void {
  const key = metadataKey(scope, id);
  const map = shop.metadata.get(key) ?? new Map<string, string>();
  for (const [k, v] of Object.entries(entries)) {
    if (v === '') map.delete(k);
    else map.set(k, v);
  }
  if (map.size > 0) shop.metadata.set(key, map);
  else shop.metadata.delete(key);
}

/** Empties a shop's data but keeps its identity (used before re-seeding). */
export function resetShopData(shop: ShopState): void {
  shop.products.clear();
  shop.customers.clear();
  shop.orders.clear();
  shop.metadata.clear();
  shop.nextProductId = 1;
  shop.nextVariantId = 1;
  shop.nextCustomerId = 1;
  shop.nextOrderId = 10001;
  shop.nextRowId = 1;
  shop.nextRefundId = 1;
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
