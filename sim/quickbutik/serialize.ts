import { formatSwedish } from './time';
import { money } from './money';
import { productStock, type SimAddress, type SimCustomer, type SimOrder, type SimProduct, type ShopState } from './model';

/**
 * The API's shapes, in one place: numbers as strings, flags "1"/"0", empty text "", an unpaid order's date_paid null,
 * and PHP-style `[]` for an empty keyed object (a product without images), as the real shop serialises them.
 */
const flag = (b: boolean) => (b ? '1' : '0');
const str = (n: number | null) => (n === null ? '' : String(n));
const optMoney = (n: number | null) => (n === null ? '' : money(n));

export const STATUS_CODE = { unpaid: '-1', paid: '1', done: '2', cancelled: '0' } as const;

export const imageUrl = (baseUrl: string, file: string) => `${baseUrl}/images/${file}`;

/** The list form (no include_details): enough to page through a catalog and see stock. */
export function productSummary(p: SimProduct) {
  return {
    id: String(p.id),
    sku: p.sku,
    title: p.title,
    price: money(p.price),
    before_price: optMoney(p.beforePrice),
    tax_rate: String(p.taxRate),
    qty: String(productStock(p)),
    stock: String(productStock(p)),
    visible: flag(p.visible),
    date_modified: formatSwedish(p.modifiedAt),
  };
}

export function productDetails(p: SimProduct, baseUrl: string) {
  const images: Record<string, { image: string; alttext: string }> = {};
  p.images.forEach((img, i) => (images[String(i + 1)] = { image: imageUrl(baseUrl, img.file), alttext: img.alt }));
  return {
    ...productSummary(p),
    purchase_price: optMoney(p.purchasePrice),
    weight: String(p.weight),
    qty_location: p.qtyLocation,
    gtin: p.gtin,
    disable_minusqty: flag(p.disableMinusQty),
    supplier_name: p.supplierName,
    supplier_sku: p.supplierSku,
    description: p.description,
    images: p.images.length > 0 ? images : [],
    variants: p.variants.map((v) => ({
      id: String(v.id),
      sku: v.sku,
      price: money(v.price),
      purchase_price: optMoney(v.purchasePrice),
      qty: String(v.qty),
      qty_location: v.qtyLocation,
      weight: String(v.weight),
      gtin: v.gtin,
      supplier_sku: v.supplierSku,
      values: v.values.map((x) => ({ name: x.name, val: x.val })),
    })),
    product_package_products: p.packageProducts.map((item) => ({
      product_id: String(item.productId),
      variant_id: str(item.variantId),
      sku: item.sku,
      qty: String(item.qty),
    })),
  };
}

function address(a: SimAddress) {
  return {
    firstname: a.firstname,
    lastname: a.lastname,
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

function customer(c: Omit<SimCustomer, 'id'>) {
  const b = c.billing;
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
    shipping_details: address(c.shipping ?? b),
    billing_details: address(b),
    ...(c.orgNumber ? { orgnr: c.orgNumber } : {}),
    ...(c.vatNumber ? { vat_number: c.vatNumber } : {}),
  };
}

/** The list form of an order (no include_details): no customer, no products. */
export function orderSummary(o: SimOrder) {
  return {
    order_id: String(o.orderId),
    date_created: formatSwedish(o.createdAt),
    date_paid: o.paidAt === null ? null : formatSwedish(o.paidAt),
    status: STATUS_CODE[o.status],
    total_amount: money(o.totalAmount),
    currency: o.currency,
  };
}

export function orderDetails(o: SimOrder, baseUrl: string) {
  return {
    order_id: String(o.orderId),
    date_created: formatSwedish(o.createdAt),
    date_paid: o.paidAt === null ? null : formatSwedish(o.paidAt),
    status: STATUS_CODE[o.status],
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
    refunds: money(o.refunds),
    paymethod: { method: o.paymethod.method, transaction_id: o.paymethod.transactionId },
    customer: customer(o.customer),
    products: o.rows.map((r) => ({
      product_id: str(r.productId),
      variant_id: str(r.variantId),
      title: r.title,
      variant: r.variant,
      sku: r.sku,
      qty: String(r.qty),
      price: money(r.price),
      weight: String(r.weight),
      image: r.image ? imageUrl(baseUrl, r.image) : '',
      ...(r.packageItems.length > 0
        ? {
            app: {
              productpackages: r.packageItems.map((item) => ({
                product_id: String(item.productId),
                variant_id: str(item.variantId),
                sku: item.sku,
                title: item.title,
                qty: String(item.qty),
              })),
            },
          }
        : {}),
    })),
  };
}

/** The admin view of a customer (no such endpoint in the real API v1 shape we follow; kept close to it). */
export function customerView(c: SimCustomer) {
  return { customer_id: String(c.id), ...customer(c) };
}

export function shopStateView(shop: ShopState, baseUrl: string) {
  return {
    products: [...shop.products.values()].map((p) => productDetails(p, baseUrl)),
    orders: [...shop.orders.values()].map((o) => ({ ...orderDetails(o, baseUrl), date_status: formatSwedish(o.statusChangedAt) })),
    customers: [...shop.customers.values()].map(customerView),
  };
}
