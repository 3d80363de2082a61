// Parsing of raw Quickbutik API JSON into the normalised types of ./types.ts.
//
// Quickbutik is loose about types: numbers arrive as strings ("148.95"), flags as "1"/"0"/booleans, empty values as
// "" or null, PHP-style empty objects as [] and keyed objects where a list is expected. We accept all of that and
// ignore unknown fields. We are strict where a guess would put a wrong figure in the books: an order without an id or
// total, a row without a parseable quantity or price, a malformed date → QbParseError naming the order and the field.
import { z } from 'zod';
import type { DomainError } from '../domain/errors';
import { findBuyerIdentifiers } from '../domain/eu-trade';
import type {
  QbAddress,
  QbBundleComponent,
  QbCustomer,
  QbCustomerType,
  QbImage,
  QbOrder,
  QbOrderRow,
  QbOrderStatus,
  QbProduct,
  QbRefunds,
  QbVariant,
} from './types';

export type * from './types';

// ---------------------------------------------------------------------------------------------------------------
// Errors

export interface QbParseProblem {
  /** e.g. `products[1].price` */
  path: string;
  message: string;
}

export class QbParseError extends Error {
  constructor(
    readonly entity: 'order' | 'product',
    readonly entityId: string | null,
    readonly problems: QbParseProblem[],
  ) {
    const what = `Quickbutik ${entity}${entityId ? ` ${entityId}` : ''}`;
    super(`${what}: ${problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')}`);
    this.name = 'QbParseError';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Scalar codecs: raw value → normalised value (or an issue with a message a human can act on)

type Raw = unknown;
const isBlank = (v: Raw): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const isRecord = (v: Raw): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: Raw): string => (v === undefined ? 'nothing' : JSON.stringify(v));

/** "148.95", "1 234,50", 148.95 → number; blank → null. */
export function parseDecimal(v: Raw): number | null | undefined {
  if (isBlank(v)) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  let s = v.trim().replace(/[\s\u00a0]/g, '');
  if (s.includes(',') && !s.includes('.')) s = s.replace(',', '.');
  return /^[-+]?\d+(\.\d+)?$/.test(s) || /^[-+]?\.\d+$/.test(s) ? Number(s) : undefined;
}

const decimal = z.unknown().optional().transform((v, ctx) => {
  const n = parseDecimal(v);
  if (n === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a number, got ${show(v)}` });
    return z.NEVER;
  }
  return n;
});

const requiredDecimal = z.unknown().optional().transform((v, ctx) => {
  const n = parseDecimal(v);
  if (n === undefined || n === null) {
    ctx.addIssue({ code: 'custom', message: n === null ? 'is missing' : `expected a number, got ${show(v)}` });
    return z.NEVER;
  }
  return n;
});

/** Strings and numbers become trimmed strings; blank → null. */
const text = z.unknown().optional().transform((v, ctx) => {
  if (isBlank(v)) return null;
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return null; // PHP's `false` for "nothing"
  ctx.addIssue({ code: 'custom', message: `expected text, got ${show(v)}` });
  return z.NEVER;
});

const requiredId = text.transform((v, ctx) => {
  if (v === null) {
    ctx.addIssue({ code: 'custom', message: 'is missing' });
    return z.NEVER;
  }
  return v;
});

/** "1"/"0", 1/0, true/false, "true"/"false", "yes"/"no"; blank → false. */
const flag = z.unknown().optional().transform((v, ctx) => {
  if (isBlank(v)) return false;
  const s = String(v).trim().toLowerCase();
  if (['1', 'true', 'yes'].includes(s)) return true;
  if (['0', 'false', 'no'].includes(s)) return false;
  ctx.addIssue({ code: 'custom', message: `expected a yes/no flag, got ${show(v)}` });
  return z.NEVER;
});

/** `YYYY-MM-DD[ HH:MM[:SS]]`; blank and PHP's zero date → null. */
const dateTime = text.transform((v, ctx) => {
  if (v === null || v.startsWith('0000-00-00')) return null;
  if (!/^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$/.test(v)) {
    ctx.addIssue({ code: 'custom', message: `expected a date like 2024-05-01 12:00:00, got ${show(v)}` });
    return z.NEVER;
  }
  return v.replace('T', ' ');
});

/** A list that may arrive as an array, a keyed object (`{"1":{..},"2":{..}}`), a PHP empty `[]`/"" or null. */
const listOf = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (isBlank(v) || v === false ? [] : isRecord(v) ? Object.values(v) : v), z.array(item));

/** An object that may arrive as PHP's empty `[]`, "" or null (→ null). */
const objectOrNull = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (isRecord(v) ? v : null), schema.nullable());

// ---------------------------------------------------------------------------------------------------------------
// Small normalisers

const COUNTRY_NAMES: Record<string, string> = {
  SVERIGE: 'SE', SWEDEN: 'SE', NORGE: 'NO', NORWAY: 'NO', DANMARK: 'DK', DENMARK: 'DK', FINLAND: 'FI', SUOMI: 'FI',
  TYSKLAND: 'DE', GERMANY: 'DE', DEUTSCHLAND: 'DE',
};
export function normaliseCountry(v: string | null): string | null {
  if (v === null) return null;
  const up = v.trim().toUpperCase();
  return COUNTRY_NAMES[up] ?? up;
}

/** Codes "-1"/"1"/"2" per the API digest; words as a courtesy; anything else is `unknown` (cancelled's code is unverified). */
export function normaliseStatus(v: Raw): QbOrderStatus {
  const s = String(v ?? '').trim().toLowerCase();
  if (s === '-1' || s === 'unpaid') return 'unpaid';
  if (s === '1' || s === 'paid') return 'paid';
  if (s === '2' || s === 'done') return 'done';
  if (s === 'cancelled' || s === 'canceled') return 'cancelled';
  return 'unknown';
}

function customerType(raw: string | null, companyName: string | null): QbCustomerType {
  const s = (raw ?? '').toLowerCase();
  if (/company|business|f[oö]retag|b2b|organi[sz]ation/.test(s)) return 'company';
  if (/private|privat|person|b2c|consumer/.test(s)) return 'private';
  return companyName ? 'company' : 'private'; // no usable type: a company name means a company purchase
}

// ---------------------------------------------------------------------------------------------------------------
// Orders

const rawAddress = z.object({
  firstname: text,
  lastname: text,
  full_name: text,
  name: text,
  company_name: text,
  company: text,
  address: text,
  address2: text,
  zipcode: text,
  city: text,
  country: text,
  phone: text,
  email: text,
});

function toAddress(a: z.output<typeof rawAddress> | null): QbAddress | null {
  if (!a) return null;
  const fullName = a.full_name ?? a.name ?? ([a.firstname, a.lastname].filter(Boolean).join(' ') || null);
  const addr: QbAddress = {
    firstName: a.firstname,
    lastName: a.lastname,
    fullName,
    companyName: a.company_name ?? a.company,
    address: a.address,
    address2: a.address2,
    zipcode: a.zipcode,
    city: a.city,
    country: normaliseCountry(a.country),
    phone: a.phone,
    email: a.email,
  };
  return Object.values(addr).some((v) => v !== null) ? addr : null;
}

const rawCustomer = z.object({
  email: text,
  phone: text,
  customer_type: text,
  company_name: text,
  full_name: text,
  firstname: text,
  lastname: text,
  address: text,
  address2: text,
  zipcode: text,
  city: text,
  country: text,
  billing_details: objectOrNull(rawAddress),
  shipping_details: objectOrNull(rawAddress),
});

const rawBundleComponent = z.object({
  product_id: text,
  id: text,
  sku: text,
  title: text,
  qty: decimal,
});

const rawRow = z.object({
  id: text,
  product_id: text,
  variant_id: text,
  sku: text,
  title: text,
  variant: text,
  qty: requiredDecimal,
  price: requiredDecimal,
  app: objectOrNull(z.object({ productpackages: listOf(objectOrNull(rawBundleComponent)) })),
});

const rawOrder = z.object({
  order_id: requiredId,
  date_created: dateTime,
  date_paid: dateTime,
  status: z.unknown().optional(),
  currency: text.transform((v, ctx) => {
    const c = (v ?? 'SEK').toUpperCase();
    if (!/^[A-Z]{3}$/.test(c)) {
      ctx.addIssue({ code: 'custom', message: `expected a currency code like SEK, got ${show(v)}` });
      return z.NEVER;
    }
    return c;
  }),
  total_amount: requiredDecimal,
  total_pay_amount: decimal,
  items_amount: decimal,
  shipping_amount: decimal,
  shipping_name: text,
  shipping_id: text,
  discount_amount: decimal,
  tax_amount: decimal,
  is_taxfree: flag,
  is_taxontop: flag,
  paymethod: z.unknown().optional(),
  notes: text,
  customer: objectOrNull(rawCustomer),
  products: listOf(rawRow),
});

const EMPTY_CUSTOMER: z.output<typeof rawCustomer> = {
  email: null, phone: null, customer_type: null, company_name: null, full_name: null, firstname: null, lastname: null,
  address: null, address2: null, zipcode: null, city: null, country: null, billing_details: null, shipping_details: null,
};

function toCustomer(c: z.output<typeof rawCustomer> | null, raw: Record<string, unknown>): QbCustomer {
  const cu = c ?? EMPTY_CUSTOMER;
  const billing = toAddress(cu.billing_details);
  const shipping = toAddress(cu.shipping_details);
  // Top-level customer fields are the invoice address; fall back to billing_details field by field.
  const companyName = cu.company_name ?? billing?.companyName ?? null;
  const firstName = cu.firstname ?? billing?.firstName ?? null;
  const lastName = cu.lastname ?? billing?.lastName ?? null;
  const rawCust = isRecord(raw.customer) ? raw.customer : {};
  const ids = findBuyerIdentifiers([
    ['customer', rawCust],
    ['billing_details', rawCust.billing_details],
    ['shipping_details', rawCust.shipping_details],
    ['order', raw],
  ]);
  return {
    email: cu.email ?? billing?.email ?? null,
    phone: cu.phone ?? billing?.phone ?? null,
    type: customerType(cu.customer_type, companyName),
    companyName,
    fullName: cu.full_name ?? billing?.fullName ?? ([firstName, lastName].filter(Boolean).join(' ') || null),
    firstName,
    lastName,
    address: cu.address ?? billing?.address ?? null,
    address2: cu.address2 ?? billing?.address2 ?? null,
    zipcode: cu.zipcode ?? billing?.zipcode ?? null,
    city: cu.city ?? billing?.city ?? null,
    country: normaliseCountry(cu.country) ?? billing?.country ?? null,
    billing,
    shipping,
    vatNumber: ids.vatNumber,
    orgNumber: ids.orgNumber,
  };
}

function toRow(r: z.output<typeof rawRow>): QbOrderRow {
  const components: QbBundleComponent[] = (r.app?.productpackages ?? [])
    .filter((p): p is NonNullable<typeof p> => p !== null)
    .map((p) => ({ productId: p.product_id ?? p.id, sku: p.sku, title: p.title, qty: p.qty ?? 1 }));
  return {
    id: r.id,
    productId: r.product_id,
    variantId: r.variant_id === '0' ? null : r.variant_id,
    sku: r.sku,
    title: r.title ?? '',
    variantLabel: r.variant,
    qty: r.qty,
    unitPrice: r.price,
    bundleComponents: components,
  };
}

export const NO_REFUNDS: QbRefunds = { refunded: false, entries: [], raw: null };

/**
 * `refunds` in any accepted form (missing, null, [], {}, a list of objects, an object keyed by id). Anything else
 * that is not blank (say a bare amount) counts as refunded too: a refund must never be missed, and such an order is
 * flagged for a person to look at rather than silently treated as whole.
 */
export function parseRefunds(v: Raw): QbRefunds {
  if (isBlank(v) || v === false) return NO_REFUNDS;
  const items = Array.isArray(v) ? v : isRecord(v) ? Object.entries(v).map(([key, item]) => (isRecord(item) ? { id: key, ...item } : item)) : [v];
  if (items.length === 0) return { ...NO_REFUNDS, raw: v };
  const entries = items.map((item) => {
    if (!isRecord(item)) return { id: null, amount: parseDecimal(item) ?? null };
    const id = idOf(item, 'id', 'refund_id');
    const amount = parseDecimal(item.amount ?? item.refund_amount ?? item.total_amount);
    return { id, amount: amount ?? null };
  });
  return { refunded: true, entries, raw: v };
}

function toPaymethod(v: unknown): QbOrder['paymethod'] {
  if (typeof v === 'string' && v.trim()) return { method: v.trim(), transactionId: null };
  if (!isRecord(v)) return { method: null, transactionId: null };
  const t = (x: unknown) => (typeof x === 'string' || typeof x === 'number') && String(x).trim() ? String(x).trim() : null;
  return { method: t(v.method) ?? t(v.name), transactionId: t(v.transaction_id) ?? t(v.transactionId) };
}

function issuesToProblems(error: z.ZodError): QbParseProblem[] {
  return error.issues.map((i) => ({
    path: i.path.reduce<string>(
      (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
      '',
    ),
    message: i.message,
  }));
}

function idOf(raw: unknown, ...keys: string[]): string | null {
  if (!isRecord(raw)) return null;
  for (const k of keys) {
    const v = raw[k];
    if ((typeof v === 'string' || typeof v === 'number') && String(v).trim()) return String(v).trim();
  }
  return null;
}

function parseOneOrder(raw: unknown): QbOrder {
  if (!isRecord(raw)) throw new QbParseError('order', null, [{ path: '', message: `expected an order object, got ${show(raw)}` }]);
  const res = rawOrder.safeParse(raw);
  if (!res.success) throw new QbParseError('order', idOf(raw, 'order_id'), issuesToProblems(res.error));
  const o = res.data;
  return {
    orderId: o.order_id,
    dateCreated: o.date_created,
    datePaid: o.date_paid,
    status: normaliseStatus(o.status),
    currency: o.currency,
    totalAmount: o.total_amount,
    totalPayAmount: o.total_pay_amount,
    itemsAmount: o.items_amount,
    shippingAmount: o.shipping_amount ?? 0,
    shippingName: o.shipping_name,
    shippingId: o.shipping_id,
    discountAmount: Math.abs(o.discount_amount ?? 0), // the sign varies between sources; it is always a reduction
    taxAmount: o.tax_amount,
    isTaxFree: o.is_taxfree,
    isTaxOnTop: o.is_taxontop,
    paymethod: toPaymethod(o.paymethod),
    notes: o.notes,
    customer: toCustomer(o.customer, raw),
    rows: o.products.map(toRow),
    refunds: parseRefunds(raw.refunds),
  };
}

/** `GET /v1/orders` answer: a list of orders (also tolerates `{"orders":[...]}` and a bare order object). */
export function parseOrders(json: unknown): QbOrder[] {
  if (Array.isArray(json)) return json.map(parseOneOrder);
  if (isRecord(json) && Array.isArray(json.orders)) return json.orders.map(parseOneOrder);
  if (isRecord(json) && 'order_id' in json) return [parseOneOrder(json)];
  throw new QbParseError('order', null, [{ path: '', message: `expected a list of orders, got ${show(json)}` }]);
}

/** `GET /v1/orders?order_id=..` answers a one-element array; a bare object is accepted too. */
export function parseOrder(json: unknown): QbOrder {
  if (Array.isArray(json)) {
    if (json.length !== 1) {
      throw new QbParseError('order', null, [{ path: '', message: `expected exactly one order, got ${json.length}` }]);
    }
    return parseOneOrder(json[0]);
  }
  return parseOneOrder(json);
}

/** parseOrder as a result carrying the catalog error ORDER_PARSE_FAILED (for activities that park instead of throw). */
export function safeParseOrder(json: unknown): { ok: true; order: QbOrder } | { ok: false; error: DomainError } {
  try {
    return { ok: true, order: parseOrder(json) };
  } catch (e) {
    if (!(e instanceof QbParseError)) throw e;
    return {
      ok: false,
      error: {
        code: 'ORDER_PARSE_FAILED',
        params: { orderId: e.entityId ?? '?', problems: e.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ') },
      },
    };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Metadata

/**
 * `GET /v1/metadata/{scope}/{id}`: a flat object of key → string value. Numbers become strings, blank values and
 * nested values are left out; PHP's empty `[]` (and null) is no metadata.
 */
export function parseMetadata(json: unknown): Record<string, string> {
  if (isBlank(json) || (Array.isArray(json) && json.length === 0)) return {};
  if (!isRecord(json)) throw new QbParseError('order', null, [{ path: 'metadata', message: `expected an object of key → value, got ${show(json)}` }]);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(json)) {
    if ((typeof v === 'string' && v.trim() !== '') || (typeof v === 'number' && Number.isFinite(v))) out[k] = String(v).trim();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Products

const rawImage = z.union([
  z.string().transform((url) => ({ image: url, alttext: null as string | null })),
  z.object({ image: text, url: text, alttext: text, alt: text }).transform((i) => ({ image: i.image ?? i.url, alttext: i.alttext ?? i.alt })),
]);

/** images: `{"1":{image,alttext},"2":..}` or an array; returned sorted by key (numerically where possible). */
const images = z.preprocess(
  (v) => (isBlank(v) || v === false ? {} : Array.isArray(v) ? Object.fromEntries(v.map((x, i) => [String(i + 1), x])) : v),
  z.record(z.string(), rawImage.nullable()),
).transform((rec): QbImage[] =>
  Object.entries(rec)
    .filter(([, i]) => i !== null && !!i.image)
    .map(([key, i]) => ({ key, url: i!.image as string, alt: i!.alttext }))
    .sort((a, b) => (Number(a.key) - Number(b.key)) || a.key.localeCompare(b.key)),
);

const rawVariant = z.object({
  id: text,
  variant_id: text,
  sku: text,
  price: decimal,
  purchase_price: decimal,
  qty: decimal,
  stock: decimal,
  qty_location: text,
  weight: decimal,
  gtin: text,
  supplier_sku: text,
  values: listOf(objectOrNull(z.object({ name: text, val: text, value: text }))),
});

const rawProduct = z.object({
  id: text,
  product_id: text,
  sku: text,
  title: text,
  price: decimal,
  before_price: decimal,
  purchase_price: decimal,
  tax_rate: decimal,
  is_giftcard: flag,
  weight: decimal,
  qty: decimal,
  stock: decimal,
  qty_location: text,
  gtin: text,
  supplier_name: text,
  supplier_sku: text,
  description: text,
  date_modified: dateTime,
  images,
  variants: listOf(objectOrNull(rawVariant)),
  product_package_products: listOf(objectOrNull(z.object({ sku: text, qty: decimal }))),
});

function toVariant(v: z.output<typeof rawVariant>): QbVariant {
  return {
    id: v.id ?? v.variant_id ?? v.sku ?? '',
    sku: v.sku,
    price: v.price,
    purchasePrice: v.purchase_price,
    stock: v.qty ?? v.stock,
    stockLocation: v.qty_location,
    weightGrams: v.weight,
    gtin: v.gtin,
    supplierSku: v.supplier_sku,
    values: v.values
      .filter((x): x is NonNullable<typeof x> => x !== null)
      .map((x) => ({ name: x.name ?? '', value: x.val ?? x.value ?? '' }))
      .filter((x) => x.value !== ''),
  };
}

function parseOneProduct(raw: unknown, index: number): QbProduct {
  if (!isRecord(raw)) throw new QbParseError('product', null, [{ path: `[${index}]`, message: `expected a product object, got ${show(raw)}` }]);
  const res = rawProduct.safeParse(raw);
  if (!res.success) throw new QbParseError('product', idOf(raw, 'id', 'product_id'), issuesToProblems(res.error));
  const p = res.data;
  const productId = p.id ?? p.product_id;
  if (!productId) throw new QbParseError('product', null, [{ path: `[${index}].id`, message: 'is missing' }]);
  return {
    id: productId,
    sku: p.sku,
    title: p.title ?? '',
    price: p.price,
    beforePrice: p.before_price,
    purchasePrice: p.purchase_price,
    taxRate: p.tax_rate,
    isGiftCard: p.is_giftcard,
    weightGrams: p.weight,
    stock: p.qty ?? p.stock,
    stockLocation: p.qty_location,
    gtin: p.gtin,
    supplierName: p.supplier_name,
    supplierSku: p.supplier_sku,
    description: p.description,
    images: p.images,
    variants: p.variants.filter((v): v is NonNullable<typeof v> => v !== null).map(toVariant),
    bundleComponents: p.product_package_products
      .filter((c): c is { sku: string; qty: number | null } => c !== null && c.sku !== null)
      .map((c) => ({ sku: c.sku, qty: c.qty ?? 1 })),
    dateModified: p.date_modified,
  };
}

/** `GET /v1/products` answer in any of its envelopes: `[...]`, `{"product":[...]}`, `{"product":{...}}`, `{...}`. */
export function parseProducts(json: unknown): QbProduct[] {
  let items: unknown[];
  if (Array.isArray(json)) items = json;
  else if (isRecord(json) && 'product' in json) items = Array.isArray(json.product) ? json.product : [json.product];
  else if (isRecord(json) && Array.isArray(json.products)) items = json.products;
  else if (isRecord(json)) items = [json];
  else throw new QbParseError('product', null, [{ path: '', message: `expected products, got ${show(json)}` }]);
  return items.map(parseOneProduct);
}
