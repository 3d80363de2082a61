import { z } from 'zod';
import { parseSwedish } from './time';
import type { Currency, SimAddress, TaxRate } from './model';
import type { OrderInput } from './orders';

/**
 * The two ways to describe an order from outside: the API's snake_case (POST /v1/orders) and the admin API's
 * camelCase (POST /__sim/shops/:id/orders/custom). Both become one OrderInput.
 */
const amount = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]).pipe(z.number().min(0));
const qty = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().int().min(1));
const loose = z.union([z.string(), z.number()]).transform(String);
const flag = z.union([z.boolean(), z.literal(1), z.literal(0), z.enum(['1', '0', 'true', 'false'])]).transform((v) => v === true || v === 1 || v === '1' || v === 'true');
const taxRate = z.union([z.literal(25), z.literal(12), z.literal(6), z.literal(0)]);
const currency = z.enum(['SEK', 'EUR', 'NOK']);
/** Epoch ms, an ISO timestamp, or a Swedish local `YYYY-MM-DD HH:MM:SS`. */
const when = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const ms = typeof v === 'number' ? v : (parseSwedish(v) ?? Date.parse(v));
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: 'expected epoch ms or a date' });
    return z.NEVER;
  }
  return ms;
});

function address(a: Partial<Record<keyof SimAddress, string>>, fallback?: SimAddress): SimAddress {
  const f = fallback;
  return {
    firstname: a.firstname ?? f?.firstname ?? '',
    lastname: a.lastname ?? f?.lastname ?? '',
    companyName: a.companyName ?? f?.companyName ?? '',
    address: a.address ?? f?.address ?? '',
    address2: a.address2 ?? f?.address2 ?? '',
    zipcode: a.zipcode ?? f?.zipcode ?? '',
    city: a.city ?? f?.city ?? '',
    country: (a.country ?? f?.country ?? 'SE').toUpperCase(),
    phone: a.phone ?? f?.phone ?? '',
    email: a.email ?? f?.email ?? '',
  };
}

// ------------------------------------------------------------------------------------------------ admin (camelCase)

const adminAddress = z.object({
  firstname: z.string().optional(),
  lastname: z.string().optional(),
  companyName: z.string().optional(),
  address: z.string().optional(),
  address2: z.string().optional(),
  zipcode: z.string().optional(),
  city: z.string().optional(),
  country: z.string().length(2).optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
});

export const customOrderSchema = z.strictObject({
  customer: adminAddress.extend({
    type: z.enum(['person', 'company']).optional(),
    notes: z.string().optional(),
    orgNumber: z.string().optional(),
    vatNumber: z.string().optional(),
    shipping: adminAddress.optional(),
  }),
  rows: z
    .array(z.strictObject({ sku: z.string().min(1), qty, price: amount.optional(), title: z.string().optional(), taxRate: taxRate.optional() }))
    .min(1),
  shipping: z.strictObject({ id: loose.optional(), name: z.string(), amount }).optional(),
  discount: amount.optional(),
  currency: currency.optional(),
  isTaxfree: z.boolean().optional(),
  isTaxontop: z.boolean().optional(),
  paymethod: z.union([z.string(), z.strictObject({ method: z.string(), transactionId: z.string().optional() })]).optional(),
  notes: z.string().optional(),
  createdAt: when.optional(),
  /** Order metadata, as a checkout app would write it. */
  metadata: z.record(z.string(), z.string()).optional(),
  /** Part of the total paid with a gift card (total_pay_amount = total_amount − this). */
  giftCard: amount.optional(),
  pay: z.boolean().optional(),
});
export type CustomOrder = z.output<typeof customOrderSchema>;

export function fromCustomOrder(body: CustomOrder): OrderInput {
  const { shipping: ship, type, notes, orgNumber, vatNumber, ...billingFields } = body.customer;
  const billing = address(billingFields);
  return {
    customer: {
      type: type ?? (billing.companyName ? 'company' : 'person'),
      email: billing.email,
      phone: billing.phone,
      billing,
      shipping: ship ? address(ship, billing) : null,
      notes: notes ?? '',
      orgNumber: orgNumber ?? '',
      vatNumber: vatNumber ?? '',
    },
    rows: body.rows.map((r) => ({ ...r, taxRate: r.taxRate as TaxRate | undefined })),
    currency: body.currency as Currency | undefined,
    shipping: body.shipping,
    discountAmount: body.discount,
    isTaxfree: body.isTaxfree,
    isTaxontop: body.isTaxontop,
    paymethod: typeof body.paymethod === 'string' ? { method: body.paymethod } : body.paymethod,
    notes: body.notes,
    createdAt: body.createdAt,
    metadata: body.metadata,
    giftCardAmount: body.giftCard,
  };
}

// ------------------------------------------------------------------------------------------------ API (snake_case)

const apiAddress = z.object({
  firstname: loose.optional(),
  lastname: loose.optional(),
  company_name: loose.optional(),
  address: loose.optional(),
  address2: loose.optional(),
  zipcode: loose.optional(),
  city: loose.optional(),
  country: z.string().length(2).optional(),
  phone: loose.optional(),
  email: loose.optional(),
});

/** One element of the POST /v1/orders array. Unknown fields are ignored, as a lenient API does. */
export const apiOrderSchema = z.object({
  order_id: z.literal('create').optional(),
  customer: apiAddress.extend({
    customer_type: z.string().optional(),
    type: z.string().optional(),
    notes: z.string().optional(),
    note: z.string().optional(),
    orgnr: loose.optional(),
    vat_number: loose.optional(),
    shipping_details: apiAddress.optional(),
  }),
  products: z
    .array(z.object({ sku: loose, qty, price: amount.optional(), title: z.string().optional(), tax_rate: z.coerce.number().pipe(taxRate).optional() }))
    .min(1),
  currency: currency.optional(),
  shipping_id: loose.optional(),
  shipping_name: z.string().optional(),
  shipping_amount: amount.optional(),
  discount_amount: amount.optional(),
  is_taxfree: flag.optional(),
  is_taxontop: flag.optional(),
  paymethod: z.union([z.string(), z.object({ method: z.string(), transaction_id: loose.optional() })]).optional(),
  /** The documented write forms of payment and shipping. */
  payment: z.object({ method: z.string(), transaction_id: loose.optional(), currency: currency.optional() }).optional(),
  shipping: z.object({ id: loose.optional(), name: z.string(), price: amount.optional() }).optional(),
  notes: z.string().optional(),
  metadata: z.record(z.string(), loose).optional(),
});
export type ApiOrder = z.output<typeof apiOrderSchema>;

const fromApiAddress = (a: z.output<typeof apiAddress>, fallback?: SimAddress) =>
  address({ ...a, companyName: a.company_name }, fallback);

export function fromApiOrder(body: ApiOrder): OrderInput {
  const { shipping_details, customer_type, type, notes, note, orgnr, vat_number, ...billingFields } = body.customer;
  const billing = fromApiAddress(billingFields);
  const kind = customer_type ?? type;
  const paymethod = body.payment ?? body.paymethod;
  const shipping = body.shipping
    ? { id: body.shipping.id, name: body.shipping.name, amount: body.shipping.price ?? 0 }
    : body.shipping_name !== undefined || body.shipping_amount !== undefined
      ? { id: body.shipping_id, name: body.shipping_name ?? '', amount: body.shipping_amount ?? 0 }
      : undefined;
  return {
    customer: {
      type: kind === 'company' || (!kind && billing.companyName) ? 'company' : 'person',
      email: billing.email,
      phone: billing.phone,
      billing,
      shipping: shipping_details ? fromApiAddress(shipping_details, billing) : null,
      notes: notes ?? note ?? '',
      orgNumber: orgnr ?? '',
      vatNumber: vat_number ?? '',
    },
    rows: body.products.map((r) => ({ sku: r.sku, qty: r.qty, price: r.price, title: r.title, taxRate: r.tax_rate as TaxRate | undefined })),
    currency: body.currency ?? body.payment?.currency,
    shipping,
    discountAmount: body.discount_amount,
    isTaxfree: body.is_taxfree,
    isTaxontop: body.is_taxontop,
    paymethod: typeof paymethod === 'string' ? { method: paymethod } : paymethod && { method: paymethod.method, transactionId: paymethod.transaction_id },
    notes: body.notes,
    metadata: body.metadata,
  };
}
