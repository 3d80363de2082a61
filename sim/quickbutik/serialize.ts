import { formatSwedish } from './time';
import { money } from './money';
import {
  DEFAULT_FORMS,
  metadataKey,
  productStock,
  type OrderStatus,
  type ResponseForms,
  type ShopState,
  type SimAddress,
  type SimCustomer,
  type SimOrder,
  type SimProduct,
  type SimRefund,
} from './model';

/**
 * The API's shapes, in one place: numbers as strings, flags "1"/"0", empty text "", an unpaid order's date_paid null,
 * and PHP-style `[]` for an empty keyed object (a product without images), as the real shop serialises them.
 */
const flag = (b: boolean) => (b ? '1' : '0');
const optMoney = (n: number | null) => (n === null ? '' : money(n));

export const STATUS_CODE = { unpaid: '-1', paid: '1', done: '2', cancelled: '0' } as const;

/** The status code as this shop answers it (cancelled's code is the shop's form: the real one is unverified). */
export const statusCode = (status: OrderStatus, forms: ResponseForms = DEFAULT_FORMS): string =>
  status === 'cancelled' ? forms.cancelledStatus : STATUS_CODE[status];

export const imageUrl = (baseUrl: string, file: string) => `${baseUrl}/images/${file}`;

/** Ids and quantities: strings as in the docs' examples, or integers as the OpenAPI types them (a shop's form). */
const numberOf = (forms: ResponseForms) => (n: number) => (forms.numbers === 'integer' ? n : String(n));
const optIdOf = (forms: ResponseForms) => (n: number | null) => (n === null ? '' : numberOf(forms)(n));

/** The list form (no include_details): enough to page through a catalog and see stock. */
export function productSummary(p: SimProduct, forms: ResponseForms = DEFAULT_FORMS) {
  const num = numberOf(forms);
  return {
    id: num(p.id),
    sku: p.sku,
    hasVariants: p.variants.length > 0,
    title: p.title,
    price: money(p.price),
    before_price: optMoney(p.beforePrice),
    tax_rate: String(p.taxRate),
    qty: num(productStock(p)),
    stock: String(productStock(p)),
    visible: flag(p.visible),
    date_modified: formatSwedish(p.modifiedAt),
  };
}

export function productDetails(p: SimProduct, baseUrl: string, forms: ResponseForms = DEFAULT_FORMS) {
  const num = numberOf(forms);
  const optId = optIdOf(forms);
  const images: Record<string, { image: string; alttext: string }> = {};
  p.images.forEach((img, i) => (images[String(i + 1)] = { image: imageUrl(baseUrl, img.file), alttext: img.alt }));
  return {
    ...productSummary(p, forms),
    purchase_price: optMoney(p.purchasePrice),
    description: p.description,
    seo_title: '',
    seo_description: '',
    weight: String(p.weight),
    gtin: p.gtin,
    qty_location: p.qtyLocation,
    disable_minusqty: flag(p.disableMinusQty),
    supplier_name: p.supplierName,
    supplier_sku: p.supplierSku,
    preorder: flag(p.preorder),
    images: p.images.length > 0 ? images : [],
    variants: p.variants.map((v) => ({
      id: num(v.id),
      product_id: num(p.id),
      ovalue_id_1: String(v.id * 10 + 1),
      sku: v.sku,
      price: money(v.price),
      before_price: optMoney(v.beforePrice),
      purchase_price: optMoney(v.purchasePrice),
      qty: num(v.qty),
      qty_location: v.qtyLocation,
      weight: String(v.weight),
      gtin: v.gtin,
      supplier_sku: v.supplierSku,
      image_id: '',
      hidden: flag(v.hidden),
      preorder: flag(v.preorder),
      min_purchase_quantity: v.minPurchaseQuantity === null ? '' : String(v.minPurchaseQuantity),
      max_purchase_quantity: v.maxPurchaseQuantity === null ? '' : String(v.maxPurchaseQuantity),
      preselected: flag(v.preselected),
      disable_minusqty: flag(v.disableMinusQty),
      values: v.values.map((x, i) => ({ ovalue_field: String(i + 1), name: x.name, val: x.val })),
    })),
    product_package_products: p.packageProducts.map((item) => ({
      product_id: num(item.productId),
      variant_id: optId(item.variantId),
      sku: item.sku,
      qty: num(item.qty),
      price: money(item.price),
    })),
  };
}

function address(a: SimAddress, forms: ResponseForms) {
  const names = forms.addressNames === 'full'
    ? { full_name: `${a.firstname} ${a.lastname}`.trim() }
    : { firstname: a.firstname, lastname: a.lastname };
  return {
    ...names,
    company_name: a.companyName,
    address: a.address,
    address2: a.address2,
    zipcode: a.zipcode,
    city: a.city,
    country: a.country,
    phone: a.phone,
    email: a.email,
  };
}

function customer(c: Omit<SimCustomer, 'id'>, forms: ResponseForms) {
  const b = c.billing;
  const extras = forms.buyerIds === 'metadata-and-customer';
  return {
    email: c.email,
    phone: c.phone,
    customer_type: c.type,
    company_name: b.companyName,
    full_name: `${b.firstname} ${b.lastname}`.trim(),
    address: b.address,
    address2: b.address2,
    city: b.city,
    zipcode: b.zipcode,
    country: b.country,
    notes: c.notes,
    shipping_details: address(c.shipping ?? b, forms),
    billing_details: address(b, forms),
    ...(extras && c.orgNumber ? { orgnr: c.orgNumber } : {}),
    ...(extras && c.vatNumber ? { vat_number: c.vatNumber } : {}),
  };
}

const datePaid = (o: SimOrder, forms: ResponseForms) =>
  o.paidAt !== null ? formatSwedish(o.paidAt) : forms.unpaidDatePaid === 'empty' ? '' : null;

/** `refunds` in the shop's form; the key is left out entirely for the `absent` form (see orderDetails). */
function refunds(o: SimOrder, forms: ResponseForms): unknown {
  if (o.refunds.length === 0) return { null: null, array: [], object: {}, absent: undefined }[forms.refundsEmpty];
  const view = (r: SimRefund) => ({ id: String(r.id), amount: money(r.amount), date: formatSwedish(r.createdAt) });
  if (forms.refunds === 'keyed') return Object.fromEntries(o.refunds.map((r) => [String(r.id), view(r)]));
  return o.refunds.map(view);
}

/** The list form of an order (no include_details): no customer, no products. */
export function orderSummary(o: SimOrder, forms: ResponseForms = DEFAULT_FORMS) {
  return {
    order_id: numberOf(forms)(o.orderId),
    date_created: formatSwedish(o.createdAt),
    date_paid: datePaid(o, forms),
    status: statusCode(o.status, forms),
    total_amount: money(o.totalAmount),
    currency: o.currency,
  };
}

/** The full order; app data (`app.productpackages` of bundle rows) only when apps load (`apps_load=true`). */
export function orderDetails(o: SimOrder, baseUrl: string, forms: ResponseForms = DEFAULT_FORMS, apps = true) {
  const num = numberOf(forms);
  const optId = optIdOf(forms);
  const refundsValue = refunds(o, forms);
  return {
    order_id: num(o.orderId),
    date_created: formatSwedish(o.createdAt),
    date_paid: datePaid(o, forms),
    status: statusCode(o.status, forms),
    total_amount: money(o.totalAmount),
    items_amount: money(o.itemsAmount),
    shipping_amount: money(o.shippingAmount),
    shipping_id: o.shippingId,
    shipping_name: o.shippingName,
    discount_amount: money(o.discountAmount),
    tax_amount: money(o.taxAmount),
    total_pay_amount: money(o.totalPayAmount),
    currency: o.currency,
    notes: o.notes,
    is_taxfree: flag(o.isTaxfree),
    is_taxontop: flag(o.isTaxontop),
    total_weight: String(o.totalWeight),
    ...(refundsValue === undefined ? {} : { refunds: refundsValue }),
    paymethod: { method: o.paymethod.method, transaction_id: o.paymethod.transactionId },
    customer: customer(o.customer, forms),
    products: o.rows.map((r) => ({
      id: num(r.id),
      product_id: optId(r.productId),
      variant_id: optId(r.variantId),
      title: r.title,
      variant: r.variant,
      sku: r.sku,
      qty: num(r.qty),
      price: money(r.price),
      status: '1',
      weight: String(r.weight),
      image: r.image ? imageUrl(baseUrl, r.image) : '',
      ...(apps && r.packageItems.length > 0
        ? {
            app: {
              productpackages: r.packageItems.map((item) => ({
                product_id: num(item.productId),
                variant_id: optId(item.variantId),
                sku: item.sku,
                title: item.title,
                variant: '',
                qty: num(item.qty),
                price: money(item.price),
              })),
            },
          }
        : {}),
    })),
  };
}

/** The admin view of a customer (no such endpoint in the real API v1 shape we follow; kept close to it). */
export function customerView(c: SimCustomer, forms: ResponseForms = DEFAULT_FORMS) {
  return { customer_id: String(c.id), ...customer(c, forms) };
}

export function shopStateView(shop: ShopState, baseUrl: string) {
  return {
    products: [...shop.products.values()].map((p) => productDetails(p, baseUrl, shop.forms)),
    orders: [...shop.orders.values()].map((o) => ({
      ...orderDetails(o, baseUrl, shop.forms),
      date_status: formatSwedish(o.statusChangedAt),
      metadata: Object.fromEntries(shop.metadata.get(metadataKey('order', o.orderId)) ?? []),
    })),
    customers: [...shop.customers.values()].map((c) => customerView(c, shop.forms)),
  };
}
