import type { Json, JsonObject } from './util';

export interface RateLimitConfig {
  limit: number;
  windowMs: number;
}

export interface SimConfig {
  /** `false` turns the limiter off (the window is still measured for `maxInWindow`). */
  rateLimit: RateLimitConfig | false;
  tokenTtlSeconds: number;
  clientId: string;
  clientSecret: string;
}

export interface FortnoxSimOptions {
  rateLimit?: RateLimitConfig | false;
  tokenTtlSeconds?: number;
  clientId?: string;
  clientSecret?: string;
  /** Injectable randomness so fault rates can be made deterministic in tests. */
  random?: () => number;
  /** Injectable clock (ms since epoch). */
  now?: () => number;
}

export interface TenantOptions {
  tenantId?: string;
  lager?: boolean;
  currencies?: string[];
  lockedUntil?: string | null;
  costCenters?: string[];
  /** With Lager on, let invoice rows deliver from empty stock (Fortnox setting "tillåt negativt lager"). */
  allowNegativeStock?: boolean;
  companyName?: string;
  /** VAT rates set up beyond 25/12/6/0, e.g. an OSS country's 19 (Settings › Bookkeeping › VAT). */
  vatRates?: number[];
  /** Company-defined account VAT codes → rate, e.g. {"OSSDE19": 19}; MP1/MP2/MP3 are built in. */
  vatCodes?: Record<string, number>;
  /** Replaces the company's financial years (default: last year and this year, accrual method). */
  financialYears?: FinancialYear[];
  /** Shorthand: every financial year gets this bookkeeping method (`accrual` = faktureringsmetoden, `cash` = kontantmetoden). */
  bookkeepingMethod?: 'accrual' | 'cash';
}

export interface FinancialYear {
  fromDate: string;
  toDate: string;
  /** ACCRUAL (faktureringsmetoden) or CASH (kontantmetoden). */
  accountingMethod: 'ACCRUAL' | 'CASH';
}

/** Fortnox's VAT view of one document: VAT per rate, and rows whose account's VAT code contradicts their rate. */
export interface VatReport {
  vatByRate: Record<string, number>;
  /** Fortnox shows these as VAT deviations ("momsavvikelser") in its VAT report; it does not refuse them. */
  deviations: { row: number; AccountNumber: number; VAT: number; accountVat: number }[];
}

export interface StockBalance {
  inStock: number;
  availableStock: number;
}

/** A record is kept in the full (single-object) Fortnox form with Fortnox field names. */
export type Rec = JsonObject;

export interface DocRow extends JsonObject {
  RowId: number;
  ArticleNumber: string;
  Description: string;
  DeliveredQuantity: number;
  Price: number;
  Discount: number;
  DiscountType: string;
  VAT: number;
  AccountNumber: number | null;
  Total: number;
}

export interface Doc extends JsonObject {
  DocumentNumber: number;
  CustomerNumber: string;
  Currency: string;
  VATIncluded: boolean;
  Freight: number;
  AdministrationFee: number;
  Cancelled: boolean;
  Total: number;
  Rows: DocRow[];
}

export interface Counters {
  total: number;
  byEndpoint: Record<string, Record<string, number>>;
  byStatus: Record<string, number>;
  rateLimited: number;
  maxInWindow: number;
  documents: { invoices: number; orders: number };
}

export type FaultKind = 'error5xx' | 'html' | 'slow' | 'commitThenTimeout' | 'burst429' | 'expireTokens';

export interface FaultSpec {
  tenantId?: string;
  /** Regex tested against `"METHOD /path"` (no query string, no trailing slash). */
  match?: string;
  kind: FaultKind;
  /** Share of matching requests hit, 0..1 (default 1). */
  rate?: number;
  /** Fire at most this many times (default: unlimited; burst429 defaults to 1). */
  count?: number;
  delayMs?: number;
  /** Status for error5xx (default 500) and html (default 503). */
  status?: number;
}

export interface Fault extends FaultSpec {
  id: string;
  fired: number;
}

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  scope: string;
  expires_in: number;
  token_type: 'bearer';
}

export type { Json, JsonObject };
