// Per-shop settings (fixed keys from the design). Strict: a misspelt key is rejected with its name rather than
// silently ignored — a setting that does nothing is worse than an error in bookkeeping software.
import { z } from 'zod';

const accountNumber = z
  .number({ error: 'must be a 4-digit account number, e.g. 3001' })
  .int('must be a 4-digit account number, e.g. 3001')
  .min(1000, 'must be a 4-digit account number, e.g. 3001')
  .max(9999, 'must be a 4-digit account number, e.g. 3001');

export const ACCOUNT_KEYS = [
  'sales25', 'sales12', 'sales6', 'sales0', 'freight', 'euVat', 'euReversedVat', 'export', 'roundOff',
] as const;
export type AccountKey = (typeof ACCOUNT_KEYS)[number];

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
  wayOfDelivery: z.record(z.string(), z.string().min(1)),
  /** Quickbutik payment method → Fortnox mode-of-payment code. */
  paymentMethods: z.record(z.string(), z.string().min(1)),
  priceList: z.string().min(1),
  termsOfPayment: z.string().min(1),
  /** Shadow mode: orders are mapped, validated and their document recorded in the sync log; nothing is posted. */
  dryRun: z.boolean(),
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
  wayOfDelivery: fields.wayOfDelivery.default({}),
  paymentMethods: fields.paymentMethods.default({}),
  priceList: fields.priceList.default('A'),
  termsOfPayment: fields.termsOfPayment.optional(),
  dryRun: fields.dryRun.default(false),
});

export type ShopSettings = z.output<typeof shopSettingsSchema>;
export type ShopSettingsInput = z.input<typeof shopSettingsSchema>;
export type AccountSettings = ShopSettings['accounts'];

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
  wayOfDelivery: z.record(z.string(), z.string().min(1).nullable()).optional(),
  paymentMethods: z.record(z.string(), z.string().min(1).nullable()).optional(),
  priceList: fields.priceList.optional(),
  termsOfPayment: fields.termsOfPayment.nullable().optional(),
  dryRun: fields.dryRun.optional(),
});
export type ShopSettingsPatch = z.output<typeof shopSettingsPatchSchema>;

export const defaultShopSettings = (): ShopSettings => shopSettingsSchema.parse({});

function mergeMap<V>(current: Record<string, V>, patch: Record<string, V | null> | undefined): Record<string, V> {
  if (!patch) return current;
  const out: Record<string, V> = { ...current };
  for (const [k, val] of Object.entries(patch)) {
    if (val === null) delete out[k];
    else out[k] = val;
  }
  return out;
}

/** current + patch → complete, validated settings (throws a ZodError if the result is invalid). */
export function mergeSettings(current: ShopSettings, patch: ShopSettingsPatch): ShopSettings {
  const { accounts, wayOfDelivery, paymentMethods, termsOfPayment, ...plain } = patch;
  const next: Record<string, unknown> = {
    ...current,
    ...Object.fromEntries(Object.entries(plain).filter(([, val]) => val !== undefined)),
    accounts: mergeMap(current.accounts as Record<string, number>, accounts as Record<string, number | null> | undefined),
    wayOfDelivery: mergeMap(current.wayOfDelivery, wayOfDelivery),
    paymentMethods: mergeMap(current.paymentMethods, paymentMethods),
  };
  if (termsOfPayment === null) delete next.termsOfPayment;
  else if (termsOfPayment !== undefined) next.termsOfPayment = termsOfPayment;
  return shopSettingsSchema.parse(next);
}
