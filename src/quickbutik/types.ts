// Normalised Quickbutik data: what the rest of the service sees after src/quickbutik/schemas.ts has parsed the raw
// API JSON. Real numbers and booleans; an absent or empty value is `null`, never `""`.

export type QbOrderStatus = 'unpaid' | 'paid' | 'done' | 'cancelled' | 'unknown';
export type QbCustomerType = 'private' | 'company';

/** A billing or shipping address block as Quickbutik sends it (`billing_details` / `shipping_details`). */
export interface QbAddress {
  firstName: string | null;
  lastName: string | null;
  fullName: string | null;
  companyName: string | null;
  address: string | null;
  address2: string | null;
  zipcode: string | null;
  city: string | null;
  /** ISO-2, upper case (unrecognised country names are kept upper-cased so validation can name them). */
  country: string | null;
  phone: string | null;
  email: string | null;
}

export interface QbCustomer {
  email: string | null;
  phone: string | null;
  type: QbCustomerType;
  companyName: string | null;
  fullName: string | null;
  firstName: string | null;
  lastName: string | null;
  address: string | null;
  address2: string | null;
  zipcode: string | null;
  city: string | null;
  country: string | null;
  billing: QbAddress | null;
  shipping: QbAddress | null;
  /** Found under any of the usual key names on the customer, its address blocks or the order. */
  vatNumber: string | null;
  orgNumber: string | null;
}

export interface QbBundleComponent {
  productId: string | null;
  sku: string | null;
  title: string | null;
  qty: number;
}

export interface QbOrderRow {
  /** The row's own id (null when Quickbutik sends none). */
  id: string | null;
  productId: string | null;
  variantId: string | null;
  sku: string | null;
  title: string;
  variantLabel: string | null;
  qty: number;
  /** Incl. VAT unless the order `isTaxOnTop`. */
  unitPrice: number;
  /** `app.productpackages`: informative only — a bundle is sold (and booked) as its own article. */
  bundleComponents: QbBundleComponent[];
}

/**
 * An order's `refunds`, whose shape no source documents: a missing key, `null`, `[]`, `{}`, a list of objects or an
 * object keyed by id are all accepted. Any non-empty value means "refunded, at least partly".
 */
export interface QbRefunds {
  refunded: boolean;
  /** What could be read of each refund (id and amount are guesses at undocumented names: null when absent). */
  entries: { id: string | null; amount: number | null }[];
  /** The value as sent, kept for manual handling. */
  raw: unknown;
}

export interface QbOrder {
  orderId: string;
  /** `YYYY-MM-DD HH:MM:SS`, Swedish local time, as sent. */
  dateCreated: string | null;
  datePaid: string | null;
  status: QbOrderStatus;
  currency: string;
  totalAmount: number;
  /** What the buyer paid; below `totalAmount` when part was paid otherwise (e.g. a redeemed gift card). */
  totalPayAmount: number | null;
  itemsAmount: number | null;
  shippingAmount: number;
  shippingName: string | null;
  shippingId: string | null;
  /** Always ≥ 0: the amount taken off the order. */
  discountAmount: number;
  taxAmount: number | null;
  isTaxFree: boolean;
  isTaxOnTop: boolean;
  paymethod: { method: string | null; transactionId: string | null };
  notes: string | null;
  customer: QbCustomer;
  rows: QbOrderRow[];
  refunds: QbRefunds;
}

export interface QbImage {
  key: string;
  url: string;
  alt: string | null;
}

export interface QbVariantValue {
  name: string;
  value: string;
}

export interface QbVariant {
  id: string;
  sku: string | null;
  price: number | null;
  purchasePrice: number | null;
  stock: number | null;
  stockLocation: string | null;
  weightGrams: number | null;
  gtin: string | null;
  supplierSku: string | null;
  values: QbVariantValue[];
}

export interface QbProduct {
  id: string;
  sku: string | null;
  title: string;
  /** Incl. VAT as shown in the shop. */
  price: number | null;
  beforePrice: number | null;
  /** Excl. VAT. */
  purchasePrice: number | null;
  /** Percent, e.g. 25. */
  taxRate: number | null;
  /** `is_giftcard`: the product is a gift card (a voucher, not goods). */
  isGiftCard?: boolean;
  weightGrams: number | null;
  stock: number | null;
  stockLocation: string | null;
  gtin: string | null;
  supplierName: string | null;
  supplierSku: string | null;
  description: string | null;
  images: QbImage[];
  variants: QbVariant[];
  bundleComponents: { sku: string; qty: number }[];
  dateModified: string | null;
}
