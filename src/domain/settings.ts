// Per-shop settings (fixed keys from the design). Strict: a misspelt key is rejected with its name rather than
// silently ignored — a setting that does nothing is worse than an error in bookkeeping software.
import { z } from 'zod';

const accountNumber = z
  .number({ error: 'must be a 4-digit account number, e.g. 3001' })
  .int('must be a 4-digit account number, e.g. 3001')
  .min(1000, 'must be a 4-digit account number, e.g. 3001')
  .max(9999, 'must be a 4-digit account number, e.g. 3001');

/**
 * Account keys (documented in src/domain/README.md › Settings). `freight` is freight at 25 %; `freight12`/`freight6`
 * are freight on orders whose goods carry 12 %/6 % (each account's VAT code must match its rate).
 */
export const ACCOUNT_KEYS = [
  'sales25', 'sales12', 'sales6', 'sales0', 'freight', 'freight12', 'freight6', 'euVat', 'euReversedVat', 'export',
  'roundOff',
] as const;
export type AccountKey = (typeof ACCOUNT_KEYS)[number];

/** ISO-2 of an EU member state other than Sweden (OSS is for sales to other member states). */
const ossCountry = z
  .string()
  .regex(/^(AT|BE|BG|HR|CY|CZ|DK|EE|FI|FR|DE|GR|HU|IE|IT|LV|LT|LU|MT|NL|PL|PT|RO|SK|SI|ES)$/, {
    error: 'must be the two-letter code of an EU member state other than Sweden, e.g. DE',
  });
/** A VAT rate in percent as a key, e.g. "19" or "5.5". */
const ossRate = z.string().regex(/^(?:[1-9]\d?)(?:\.\d{1,2})?$/, { error: 'must be a VAT rate in percent, e.g. "19"' });

/**
 * OSS (One Stop Shop): per destination country, the sales account for each of that country's VAT rates the shop
 * charges, e.g. `{"DE": {"19": 3110}}`. The account must carry the company's own VAT code for that country and rate
 * (Fortnox: Settings › Bookkeeping › VAT), never MP1/MP2/MP3, so the VAT stays out of the Swedish VAT return.
 * A country that is not listed is not OSS-configured: an order charged that country's VAT parks (OSS_NOT_CONFIGURED).
 */
const ossShape = z.record(ossCountry, z.record(ossRate, accountNumber));

/** Keys that name Object.prototype's machinery: a map key must never be one (prototype pollution, built-in lookups). */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const mapKey = z.string().refine((k) => !RESERVED_KEYS.has(k), { message: 'is a reserved name' });

const RESERVED_MESSAGE = 'is a reserved name (__proto__, constructor, prototype); use the real shipping/payment name';
/**
 * A name → code map. The raw input's own keys are checked first: JSON.parse keeps a `__proto__` key that the record
 * schema would otherwise drop without a word.
 */
const safeMap = <T extends z.ZodType>(value: T) =>
  z.unknown().superRefine((input, ctx) => {
    if (input && typeof input === 'object') {
      for (const k of Object.keys(input)) if (RESERVED_KEYS.has(k)) ctx.addIssue({ code: 'custom', path: [k], message: RESERVED_MESSAGE });
    }
  }).pipe(z.record(mapKey, value));

/** A settings map lookup that only sees the map's own keys. */
export const mapLookup = <V>(map: Record<string, V>, key: string | null): V | undefined =>
  key !== null && Object.hasOwn(map, key) ? map[key] : undefined;

const fields = {
  documentType: z.enum(['invoice', 'order']),
  bookkeep: z.boolean(),
  syncProducts: z.boolean(),
  syncOrderArticles: z.boolean(),
  costCenter: z.string().min(1, 'must be 1–6 characters').max(6, 'must be 1–6 characters').nullable(),
  stockMaster: z.enum(['fortnox', 'quickbutik', 'none']),
  stockIntervalMinutes: z.number().int().min(1).max(1440),
  catchupIntervalMinutes: z.number().int().min(1).max(1440),
  /** Quickbutik shipping id or name → Fortnox way-of-delivery code. */
  wayOfDelivery: safeMap(z.string().min(1)),
  /** Quickbutik payment method → Fortnox mode-of-payment code. */
  paymentMethods: safeMap(z.string().min(1)),
  priceList: z.string().min(1),
  termsOfPayment: z.string().min(1),
  /** Shadow mode: orders are mapped, validated and their document recorded in the sync log; nothing is posted. */
  dryRun: z.boolean(),
};

// After-sale keys (design: onCancel, onRefund, registerPayments; paymentMethods above gives the mode of payment).
const afterSale = {
  onCancel: z.enum(['reverse', 'log']),
  onRefund: z.enum(['credit', 'log']),
  registerPayments: z.boolean(),
  /** Where refunded amounts that match no order row go (a fee, goodwill, a rounding gap); empty: the rate's sales account. */
  refundFallback: z.strictObject({
    articleNumber: z.string().min(1).max(50).optional(),
    account: accountNumber.optional(),
  }),
};

const accountsShape = Object.fromEntries(ACCOUNT_KEYS.map((k) => [k, accountNumber.optional()])) as Record<
  AccountKey,
  z.ZodOptional<typeof accountNumber>
>;

export const shopSettingsSchema = z.strictObject({
  documentType: fields.documentType.default('invoice'),
  bookkeep: fields.bookkeep.default(false),
  syncProducts: fields.syncProducts.default(false),
  syncOrderArticles: fields.syncOrderArticles.default(false),
  costCenter: fields.costCenter.default(null),
  stockMaster: fields.stockMaster.default('none'),
  stockIntervalMinutes: fields.stockIntervalMinutes.default(10),
  catchupIntervalMinutes: fields.catchupIntervalMinutes.default(5),
  /** Empty = use the Fortnox company's predefined accounts (see resolveAccounts). */
  accounts: z.strictObject(accountsShape).default({}),
  oss: ossShape.default({}),
  wayOfDelivery: fields.wayOfDelivery.default({}),
  paymentMethods: fields.paymentMethods.default({}),
  priceList: fields.priceList.default('A'),
  termsOfPayment: fields.termsOfPayment.optional(),
  onCancel: afterSale.onCancel.default('reverse'),
  onRefund: afterSale.onRefund.default('credit'),
  registerPayments: afterSale.registerPayments.default(false),
  refundFallback: afterSale.refundFallback.default({}),
  dryRun: fields.dryRun.default(false),
});

export type ShopSettings = z.output<typeof shopSettingsSchema>;
export type ShopSettingsInput = z.input<typeof shopSettingsSchema>;
export type AccountSettings = ShopSettings['accounts'];
export type OssSettings = ShopSettings['oss'];

/**
 * A PATCH body. Nested maps (`accounts`, `wayOfDelivery`, `paymentMethods`) merge key by key and `null` removes a key,
 * as in JSON Merge Patch; `costCenter: null` / `termsOfPayment: null` clear the value.
 */
export const shopSettingsPatchSchema = z.strictObject({
  documentType: fields.documentType.optional(),
  bookkeep: fields.bookkeep.optional(),
  syncProducts: fields.syncProducts.optional(),
  syncOrderArticles: fields.syncOrderArticles.optional(),
  costCenter: fields.costCenter.optional(),
  stockMaster: fields.stockMaster.optional(),
  stockIntervalMinutes: fields.stockIntervalMinutes.optional(),
  catchupIntervalMinutes: fields.catchupIntervalMinutes.optional(),
  accounts: z
    .strictObject(
      Object.fromEntries(ACCOUNT_KEYS.map((k) => [k, accountNumber.nullable().optional()])) as Record<
        AccountKey,
        z.ZodOptional<z.ZodNullable<typeof accountNumber>>
      >,
    )
    .optional(),
  /** Per country: a rate map replaces that country's map; `null` removes the country. */
  oss: z.record(ossCountry, z.record(ossRate, accountNumber).nullable()).optional(),
  wayOfDelivery: safeMap(z.string().min(1).nullable()).optional(),
  paymentMethods: safeMap(z.string().min(1).nullable()).optional(),
  priceList: fields.priceList.optional(),
  termsOfPayment: fields.termsOfPayment.nullable().optional(),
  onCancel: afterSale.onCancel.optional(),
  onRefund: afterSale.onRefund.optional(),
  registerPayments: afterSale.registerPayments.optional(),
  refundFallback: afterSale.refundFallback.optional(),
  dryRun: fields.dryRun.optional(),
});
export type ShopSettingsPatch = z.output<typeof shopSettingsPatchSchema>;

export const defaultShopSettings = (): ShopSettings => shopSettingsSchema.parse({});

function mergeMap<V>(current: Record<string, V>, patch: Record<string, V | null> | undefined): Record<string, V> {
  if (!patch) return current;
  const out: Record<string, V> = { ...current };
  for (const [k, val] of Object.entries(patch)) {
    if (RESERVED_KEYS.has(k)) continue; // refused by the schema already
    if (val === null) delete out[k];
    else out[k] = val;
  }
  return out;
}

/** current + patch → complete, validated settings (throws a ZodError if the result is invalid). */
export function mergeSettings(current: ShopSettings, patch: ShopSettingsPatch): ShopSettings {
  const { accounts, oss, wayOfDelivery, paymentMethods, termsOfPayment, ...plain } = patch;
  const next: Record<string, unknown> = {
    ...current,
    ...Object.fromEntries(Object.entries(plain).filter(([, val]) => val !== undefined)),
    accounts: mergeMap(current.accounts as Record<string, number>, accounts as Record<string, number | null> | undefined),
    oss: mergeMap(current.oss, oss),
    wayOfDelivery: mergeMap(current.wayOfDelivery, wayOfDelivery),
    paymentMethods: mergeMap(current.paymentMethods, paymentMethods),
  };
  if (termsOfPayment === null) delete next.termsOfPayment;
  else if (termsOfPayment !== undefined) next.termsOfPayment = termsOfPayment;
  return shopSettingsSchema.parse(next);
}

/**
 * The Fortnox mode of payment for a Quickbutik `paymethod.method`: keys compare case-insensitively, `*` is the
 * fallback. null: unmapped (the caller parks, naming the method and the `paymentMethods` setting). A method Fortnox
 * already settles through another integration (e.g. a Klarna payout integration) is simply left out of the map.
 */
export function paymentModeFor(paymentMethods: Record<string, string>, method: string | null): string | null {
  const wanted = (method ?? '').trim().toLowerCase();
  if (wanted) {
    for (const [key, mode] of Object.entries(paymentMethods)) if (key.trim().toLowerCase() === wanted) return mode;
  }
  return mapLookup(paymentMethods, '*') ?? null;
}
