import { z } from 'zod';

/**
 * Response parsers. Fortnox is loose about types: numbers arrive as numbers or strings ("0", "1.5"), booleans as
 * `true` or `"false"`, empty dates as `""` or `null`, and key casing varies between endpoints. Every field is
 * normalised here so the rest of the code sees `number | null`, `string | null`, `boolean | null`.
 * Objects keep unknown fields (loose) so callers can still reach what we did not model.
 */

const numberOrNull = (v: unknown): unknown => {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : Number(t);
  }
  return v;
};
/** A number that may come as a string; missing / "" / null → null. */
export const num = z.preprocess(numberOrNull, z.number().nullable());

/** Free text; numbers become strings; missing → null. */
export const text = z.preprocess((v) => (v === undefined ? null : typeof v === 'number' ? String(v) : v), z.string().nullable());

/** An identifier (CustomerNumber, DocumentNumber, Code, ...): always a string. */
export const id = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string());

/** `true`, `"true"`, 1, … → boolean; missing → null. */
export const bool = z.preprocess((v) => {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'string') return v.trim().toLowerCase() === 'true' || v.trim() === '1';
  if (typeof v === 'number') return v !== 0;
  return v;
}, z.boolean().nullable());

/** `YYYY-MM-DD` (or date-time); `""` / missing → null. */
export const date = z.preprocess((v) => (v === undefined || v === '' ? null : v), z.string().nullable());

/** Renames keys that match a schema key case-insensitively to the schema's spelling. */
function canonicalKeys(keys: string[]) {
  const byLower = new Map(keys.map((k) => [k.toLowerCase(), k]));
  return (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) {
      const canon = byLower.get(k.toLowerCase()) ?? k;
      if (!(canon in out) || k === canon) out[canon] = val;
    }
    return out;
  };
}

/** A loose object whose keys are matched case-insensitively. */
export function obj<S extends z.ZodRawShape>(shape: S) {
  return z.preprocess(canonicalKeys(Object.keys(shape)), z.looseObject(shape));
}

export const metaSchema = obj({
  '@TotalResources': num,
  '@TotalPages': num,
  '@CurrentPage': num,
});
export type Meta = z.infer<typeof metaSchema>;

export const customerSchema = obj({
  CustomerNumber: id,
  Name: text,
  Email: text,
  Phone1: text,
  Address1: text,
  Address2: text,
  ZipCode: text,
  City: text,
  CountryCode: text,
  OrganisationNumber: text,
  VATNumber: text,
  VATType: text,
  Type: text,
  Currency: text,
  Active: bool,
});
export type Customer = z.infer<typeof customerSchema>;

export const articleSchema = obj({
  ArticleNumber: id,
  Description: text,
  EAN: text,
  PurchasePrice: num,
  SalesPrice: num,
  QuantityInStock: num,
  DisposableQuantity: num,
  ReservedQuantity: num,
  StockPlace: text,
  StockGoods: bool,
  Active: bool,
  Weight: num,
  Unit: text,
  VAT: num,
  SalesAccount: num,
  PurchaseAccount: num,
  Type: text,
  WebshopArticle: bool,
});
export type Article = z.infer<typeof articleSchema>;

export const documentRowSchema = obj({
  RowId: num,
  ArticleNumber: text,
  Description: text,
  DeliveredQuantity: num,
  OrderedQuantity: num,
  Price: num,
  Discount: num,
  DiscountType: text,
  VAT: num,
  AccountNumber: num,
  CostCenter: text,
  Total: num,
});
export type DocumentRow = z.infer<typeof documentRowSchema>;

/** Header fields shared by invoices and orders (and their list items, which carry fewer of them). */
const documentShape = {
  DocumentNumber: id,
  CustomerNumber: text,
  CustomerName: text,
  ExternalInvoiceReference1: text,
  ExternalInvoiceReference2: text,
  YourOrderNumber: text,
  YourReference: text,
  OurReference: text,
  Currency: text,
  Total: num,
  TotalVAT: num,
  RoundOff: num,
  Net: num,
  Gross: num,
  Freight: num,
  VATIncluded: bool,
  CostCenter: text,
  WayOfDelivery: text,
  Cancelled: bool,
  Sent: bool,
};

export const invoiceSchema = obj({
  ...documentShape,
  InvoiceDate: date,
  DueDate: date,
  Balance: num,
  Booked: bool,
  Credit: bool,
  OCR: text,
  InvoiceType: text,
  InvoiceRows: z.array(documentRowSchema).optional(),
});
export type Invoice = z.infer<typeof invoiceSchema>;

export const orderSchema = obj({
  ...documentShape,
  OrderDate: date,
  DeliveryDate: date,
  InvoiceReference: text,
  OrderType: text,
  OrderRows: z.array(documentRowSchema).optional(),
});
export type Order = z.infer<typeof orderSchema>;

export const termsOfPaymentSchema = obj({ Code: id, Description: text });
export const unitSchema = obj({ Code: id, Description: text, CodeEnglish: text });

export const companySettingsSchema = obj({
  DatabaseNumber: id,
  Name: text,
  OrganizationNumber: text,
  CountryCode: text,
});
export type CompanySettings = z.infer<typeof companySettingsSchema>;

export const predefinedAccountSchema = obj({ Name: id, Account: num });
export const accountSchema = obj({
  Number: z.preprocess(numberOrNull, z.number()),
  Description: text,
  Active: bool,
  Year: num,
  VATCode: text,
});
export type Account = z.infer<typeof accountSchema>;

export const costCenterSchema = obj({ Code: id, Description: text, Active: bool, Note: text });
export type CostCenter = z.infer<typeof costCenterSchema>;
export const currencySchema = obj({ Code: id, Description: text, BuyRate: num, SellRate: num, Unit: num });
export type Currency = z.infer<typeof currencySchema>;
export const modeOfPaymentSchema = obj({ Code: id, Description: text, AccountNumber: num });
export type ModeOfPayment = z.infer<typeof modeOfPaymentSchema>;
export const wayOfDeliverySchema = obj({ Code: id, Description: text, DescriptionEnglish: text });
export type WayOfDelivery = z.infer<typeof wayOfDeliverySchema>;
export const priceListSchema = obj({ Code: id, Description: text, PreSelected: bool, Comments: text });
export type PriceList = z.infer<typeof priceListSchema>;

export const priceSchema = obj({
  ArticleNumber: id,
  PriceList: id,
  FromQuantity: num,
  Price: num,
  Percent: num,
  Date: date,
});
export type Price = z.infer<typeof priceSchema>;

export const archiveFileSchema = obj({ Id: id, Name: text, Path: text, Size: num, ArchiveFileId: text });
export type ArchiveFile = z.infer<typeof archiveFileSchema>;

export const articleFileConnectionSchema = obj({ FileId: id, ArticleNumber: id, FileName: text });
export type ArticleFileConnection = z.infer<typeof articleFileConnectionSchema>;

/** `/api/warehouse/status-v1/stockbalance` rows (camelCase API). */
export const stockBalanceSchema = obj({
  itemId: id,
  stockPointCode: text,
  stockPointId: text,
  availableStock: num,
  inStock: num,
});
export type StockBalance = z.infer<typeof stockBalanceSchema>;

/** OAuth token endpoint answer. */
export const tokenResponseSchema = obj({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.preprocess(numberOrNull, z.number().nullable()).optional(),
  scope: text.optional(),
  token_type: text.optional(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** Finds a property whatever its casing. */
export function pickKey(body: unknown, key: string): unknown {
  if (typeof body !== 'object' || body === null) return undefined;
  const rec = body as Record<string, unknown>;
  if (key in rec) return rec[key];
  const lower = key.toLowerCase();
  const found = Object.keys(rec).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : rec[found];
}

/** Parses `{"<Root>": {...}}`. */
export function parseSingle<T extends z.ZodTypeAny>(body: unknown, root: string, schema: T): z.output<T> {
  const inner = pickKey(body, root);
  if (inner === undefined) throw new Error(`expected a "${root}" object in the answer`);
  return schema.parse(inner);
}

export interface Page<T> {
  items: T[];
  totalResources: number;
  totalPages: number;
  currentPage: number;
}

/** Parses `{"<Roots>": [...], "MetaInformation": {...}}`; a list without meta is one complete page. */
export function parseList<T extends z.ZodTypeAny>(body: unknown, root: string, schema: T): Page<z.output<T>> {
  const list = pickKey(body, root);
  if (!Array.isArray(list)) throw new Error(`expected a "${root}" list in the answer`);
  const items = list.map((item) => schema.parse(item));
  const rawMeta = pickKey(body, 'MetaInformation');
  const meta = rawMeta === undefined ? undefined : metaSchema.parse(rawMeta);
  return {
    items,
    totalResources: meta?.['@TotalResources'] ?? items.length,
    totalPages: meta?.['@TotalPages'] ?? 1,
    currentPage: meta?.['@CurrentPage'] ?? 1,
  };
}
