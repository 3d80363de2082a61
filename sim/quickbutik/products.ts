import { SimError } from './errors';
import { round2 } from './money';
import { findBySku, TAX_RATES, writeMetadata, type ShopState, type SimProduct, type SimVariant, type TaxRate } from './model';

/**
 * Product writes, in the API's own field names (POST/PUT /v1/products and the admin product endpoints share them).
 * Values may come as numbers or numeric strings, flags as booleans, 1/0 or "1"/"0", like clients send them.
 */
export type ProductFields = Record<string, unknown>;

function num(fields: ProductFields, key: string): number | undefined {
  const v = fields[key];
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new SimError(400, `Invalid value for ${key}`);
  return n;
}

function optNum(fields: ProductFields, key: string): number | null | undefined {
  const v = fields[key];
  return v === null || v === '' ? null : num(fields, key);
}

function text(fields: ProductFields, key: string): string | undefined {
  const v = fields[key];
  if (v === undefined) return undefined;
  if (v === null) return '';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  throw new SimError(400, `Invalid value for ${key}`);
}

function flag(fields: ProductFields, key: string): boolean | undefined {
  const v = fields[key];
  if (v === undefined) return undefined;
  if ([true, 1, '1', 'true'].includes(v as never)) return true;
  if ([false, 0, '0', 'false', '', null].includes(v as never)) return false;
  throw new SimError(400, `Invalid value for ${key}`);
}

function taxRate(fields: ProductFields): TaxRate | undefined {
  const n = num(fields, 'tax_rate');
  if (n === undefined) return undefined;
  if (!TAX_RATES.includes(n as TaxRate)) throw new SimError(400, `Invalid tax_rate ${n} (25, 12, 6 or 0)`);
  return n as TaxRate;
}

/** `stock` and `qty` are the same thing; stock is what the documented stock update uses. */
const stockOf = (fields: ProductFields) => num(fields, 'stock') ?? num(fields, 'qty');

function skuTaken(shop: ShopState, sku: string, except?: SimProduct | SimVariant): boolean {
  const found = findBySku(shop, sku);
  return found !== null && (found.variant ?? found.product) !== except;
}

function applyVariantFields(v: SimVariant, fields: ProductFields): void {
  const price = num(fields, 'price');
  if (price !== undefined) v.price = round2(price);
  const before = optNum(fields, 'before_price');
  if (before !== undefined) v.beforePrice = before === null || before === 0 ? null : round2(before);
  const purchase = optNum(fields, 'purchase_price');
  if (purchase !== undefined) v.purchasePrice = purchase === null ? null : round2(purchase);
  const stock = stockOf(fields);
  if (stock !== undefined) v.qty = Math.trunc(stock);
  v.qtyLocation = text(fields, 'qty_location') ?? v.qtyLocation;
  v.weight = num(fields, 'weight') ?? v.weight;
  v.gtin = text(fields, 'gtin') ?? v.gtin;
  v.supplierSku = text(fields, 'supplier_sku') ?? v.supplierSku;
  v.hidden = flag(fields, 'hidden') ?? v.hidden;
  v.preorder = flag(fields, 'preorder') ?? v.preorder;
  v.disableMinusQty = flag(fields, 'disable_minusqty') ?? v.disableMinusQty;
  v.preselected = flag(fields, 'preselected') ?? v.preselected;
  const min = optNum(fields, 'min_purchase_quantity');
  if (min !== undefined) v.minPurchaseQuantity = min;
  const max = optNum(fields, 'max_purchase_quantity');
  if (max !== undefined) v.maxPurchaseQuantity = max;
  const values = variantValues(fields);
  if (values) v.values = values;
}

/** Option values: `values[{name, val}]` or the write form `variant_option1..5_name|value`. */
function variantValues(fields: ProductFields): SimVariant['values'] | null {
  if (Array.isArray(fields.values)) {
    return (fields.values as { name?: unknown; val?: unknown }[]).map((x) => ({ name: String(x?.name ?? ''), val: String(x?.val ?? '') }));
  }
  const values: SimVariant['values'] = [];
  for (let n = 1; n <= 5; n++) {
    const name = text(fields, `variant_option${n}_name`);
    const val = text(fields, `variant_option${n}_value`);
    if (name && val) values.push({ name, val });
  }
  return values.length > 0 ? values : null;
}

function newVariant(shop: ShopState, product: SimProduct, fields: ProductFields, taken: SimVariant[]): SimVariant {
  const sku = text(fields, 'sku');
  if (!sku) throw new SimError(400, 'Every variant needs a sku');
  if (skuTaken(shop, sku) || taken.some((v) => v.sku === sku)) throw new SimError(409, `SKU ${sku} already exists`);
  const variant: SimVariant = {
    id: 0, sku, price: product.price, beforePrice: null, purchasePrice: product.purchasePrice, qty: 0,
    qtyLocation: product.qtyLocation, weight: product.weight, gtin: '', supplierSku: '', hidden: false, preorder: false,
    disableMinusQty: product.disableMinusQty, minPurchaseQuantity: null, maxPurchaseQuantity: null, preselected: false,
    values: [],
  };
  applyVariantFields(variant, fields);
  return variant;
}

/**
 * `variants` on a write: the documented `{sync: [...]}` (the full set: listed skus are updated or added, the rest
 * removed) or `{add: [...]}` (new ones only); a bare array is read as `add`. New variants get ids from the caller.
 */
function applyVariants(shop: ShopState, product: SimProduct, raw: unknown): SimVariant[] {
  if (raw === undefined || raw === null) return [];
  const spec = Array.isArray(raw) ? { add: raw } : (raw as { sync?: unknown; add?: unknown });
  if (typeof spec !== 'object') throw new SimError(400, 'variants: expected {sync: [...]} or {add: [...]}');
  const list = (v: unknown, name: string): ProductFields[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw new SimError(400, `variants.${name} must be an array`);
    return v as ProductFields[];
  };
  const created: SimVariant[] = [];
  const sync = spec.sync === undefined ? null : list(spec.sync, 'sync');
  const keep: SimVariant[] = [];
  for (const vf of sync ?? []) {
    const existing = product.variants.find((v) => v.sku === text(vf, 'sku'));
    if (existing) {
      applyVariantFields(existing, vf);
      keep.push(existing);
    } else {
      const v = newVariant(shop, product, vf, [...product.variants, ...created]);
      created.push(v);
    }
  }
  for (const vf of list(spec.add, 'add')) created.push(newVariant(shop, product, vf, [...product.variants, ...created]));
  product.variants = [...(sync ? keep : product.variants), ...created];
  return created;
}

/** Images on a write: an array of `{url, alttext}` or the read form keyed `"1"`, `"2"`, … with `{image, alttext}`. */
function imagesOf(raw: unknown): { alt: string }[] | undefined {
  if (raw === undefined) return undefined;
  const entries = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? Object.values(raw) : [];
  return entries.map((e) => ({ alt: String((e as { alttext?: unknown })?.alttext ?? '') }));
}

/** Applies the given fields to a product; what is not given stays. */
export function applyProductFields(shop: ShopState, p: SimProduct, fields: ProductFields, now: number): void {
  const sku = text(fields, 'sku');
  if (sku !== undefined && sku !== p.sku) {
    if (!sku) throw new SimError(400, 'sku must not be empty');
    if (skuTaken(shop, sku, p)) throw new SimError(409, `SKU ${sku} already exists`);
    p.sku = sku;
  }
  p.title = text(fields, 'title') ?? p.title;
  const price = num(fields, 'price');
  if (price !== undefined) p.price = round2(price);
  const before = optNum(fields, 'before_price');
  if (before !== undefined) p.beforePrice = before === null || before === 0 ? null : round2(before);
  const purchase = optNum(fields, 'purchase_price');
  if (purchase !== undefined) p.purchasePrice = purchase === null ? null : round2(purchase);
  p.taxRate = taxRate(fields) ?? p.taxRate;
  p.weight = num(fields, 'weight') ?? p.weight;
  const stock = stockOf(fields);
  if (stock !== undefined) {
    if (p.variants.length > 0) throw new SimError(400, `Product ${p.id} has variants: update the stock of a variant`);
    p.qty = Math.trunc(stock);
  }
  p.qtyLocation = text(fields, 'qty_location') ?? p.qtyLocation;
  p.gtin = text(fields, 'gtin') ?? p.gtin;
  p.visible = flag(fields, 'visible') ?? p.visible;
  p.disableMinusQty = flag(fields, 'disable_minusqty') ?? p.disableMinusQty;
  p.supplierName = text(fields, 'supplier_name') ?? p.supplierName;
  p.supplierSku = text(fields, 'supplier_sku') ?? p.supplierSku;
  p.description = text(fields, 'description') ?? p.description;
  p.isGiftcard = flag(fields, 'is_giftcard') ?? p.isGiftcard;
  p.preorder = flag(fields, 'preorder') ?? p.preorder;
  p.modifiedAt = now;
}

/** Creates a product from API fields (sku, title and price required). Variants may come along. */
export function createProduct(shop: ShopState, fields: ProductFields, now: number): SimProduct {
  const sku = text(fields, 'sku');
  const title = text(fields, 'title');
  if (!sku || !title || fields.price === undefined) throw new SimError(400, 'sku, title and price are required');
  if (skuTaken(shop, sku)) throw new SimError(409, `SKU ${sku} already exists`);
  const product: SimProduct = {
    id: 0, sku, title, price: 0, beforePrice: null, purchasePrice: null, taxRate: 25, weight: 0, qty: 0,
    qtyLocation: '', gtin: '', visible: true, disableMinusQty: false, supplierName: '', supplierSku: '',
    description: '', isGiftcard: false, preorder: false, modifiedAt: now, images: [], variants: [], packageProducts: [],
  };
  const metadata = metadataOf(fields.metadata);
  applyProductFields(shop, product, fields, now);
  applyVariants(shop, product, fields.variants);
  const images = imagesOf(fields.images) ?? [];
  // Ids are taken only once everything validated, so a rejected product leaves no gap.
  product.id = shop.nextProductId++;
  for (const v of product.variants) v.id = shop.nextVariantId++;
  product.images = images.map((img, n) => ({ file: `p${product.id}-${n + 1}.png`, alt: img.alt || (n === 0 ? product.title : '') }));
  shop.products.set(product.id, product);
  writeMetadata(shop, 'product', product.id, metadata);
  return product;
}

/** A write's `metadata` object: key → value (values as strings). */
export function metadataOf(raw: unknown): Record<string, string> {
  if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new SimError(400, 'metadata must be an object of key → value');
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** Finds what a PUT item addresses: `sku` (a product's or a variant's), or `product_id` (+ `variant_id`). */
export function locate(shop: ShopState, fields: ProductFields): { product: SimProduct; variant: SimVariant | null } {
  const productId = text(fields, 'product_id');
  if (productId) {
    const product = shop.products.get(Number(productId));
    if (!product) throw new SimError(404, `Product ${productId} not found`);
    const variantId = text(fields, 'variant_id');
    if (!variantId) return { product, variant: null };
    const variant = product.variants.find((v) => v.id === Number(variantId));
    if (!variant) throw new SimError(404, `Variant ${variantId} of product ${productId} not found`);
    return { product, variant };
  }
  const sku = text(fields, 'sku');
  if (!sku) throw new SimError(400, 'Give sku, or product_id (and variant_id)');
  const found = findBySku(shop, sku);
  if (!found) throw new SimError(404, `No product with sku ${sku}`);
  return found;
}

/** Updates what a PUT item addresses. A key field (sku used as key) is not treated as a change. */
export function updateProduct(shop: ShopState, fields: ProductFields, now: number): { product: SimProduct; variant: SimVariant | null } {
  const target = locate(shop, fields);
  const metadata = metadataOf(fields.metadata);
  const changes = { ...fields };
  if (!fields.product_id) delete changes.sku;
  delete changes.product_id;
  delete changes.variant_id;
  delete changes.metadata;
  if (target.variant) {
    if (changes.sku !== undefined) {
      const sku = text(changes, 'sku')!;
      if (skuTaken(shop, sku, target.variant)) throw new SimError(409, `SKU ${sku} already exists`);
      target.variant.sku = sku;
    }
    applyVariantFields(target.variant, changes);
    target.product.modifiedAt = now;
  } else {
    applyProductFields(shop, target.product, changes, now);
    for (const v of applyVariants(shop, target.product, changes.variants)) v.id = shop.nextVariantId++;
    const images = imagesOf(changes.images);
    if (images) target.product.images = images.map((img, n) => ({ file: `p${target.product.id}-${n + 1}.png`, alt: img.alt }));
  }
  writeMetadata(shop, 'product', target.product.id, metadata);
  return target;
}
