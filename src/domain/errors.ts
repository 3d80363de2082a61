// Domain errors: a catalog code plus the facts needed to explain it. Mapping code returns them (never throws) so one
// run can report every problem of an order at once.
import { ERROR_CATALOG, ERROR_CODES, type ErrorCode, type ErrorParams } from './error-catalog';

export { ERROR_CATALOG, ERROR_CODES };
export type { ErrorCode, ErrorParams, CatalogEntry, ErrorCategory, Bilingual } from './error-catalog';

export interface DomainError {
  code: ErrorCode;
  params: ErrorParams;
}

export type Result<T> = ({ ok: true } & T) | { ok: false; errors: DomainError[] };

export const domainError = (code: ErrorCode, params: ErrorParams = {}): DomainError => ({ code, params });

export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CATALOG, code);
}

export interface ExplainedError {
  code: ErrorCode;
  explanationSv: string;
  explanationEn: string;
}

/** What went wrong and how to fix it, as one paragraph per language (the sync log and the `status` query show this). */
export function explainError(code: string, params: ErrorParams = {}): ExplainedError {
  const known: ErrorCode = isErrorCode(code) ? code : 'UNEXPECTED_ERROR';
  const entry = ERROR_CATALOG[known];
  const p = known === code ? params : { ...params, detail: params.detail ?? code };
  const what = entry.explain(p);
  const fix = entry.fix(p);
  return { code: known, explanationSv: `${what.sv} ${fix.sv}`, explanationEn: `${what.en} ${fix.en}` };
}

// -- Fortnox answers → catalog codes -------------------------------------------------------------------------------

const FORTNOX_CODES: Record<string, ErrorCode> = {
  '2000166': 'INVALID_ARTICLE_NUMBER',
  '2000359': 'TEXT_INVALID',
  '2000428': 'ARTICLE_NOT_FOUND',
  '2001302': 'ARTICLE_NOT_FOUND',
  '2000423': 'ACCOUNT_NOT_FOUND',
  '2001304': 'ACCOUNT_NOT_FOUND',
  '2000401': 'PERIOD_LOCKED',
  '2001101': 'MISSING_LICENCE',
  '2000663': 'MISSING_LICENCE',
  '2001103': 'MISSING_LICENCE',
  '2000204': 'CUSTOMER_NOT_FOUND',
  '2000433': 'CUSTOMER_NOT_FOUND',
  '2004167': 'ACCOUNT_NOT_FOUND', // custom VAT rate row needs an account
  // OAuth answers carry words, not numbers.
  invalid_grant: 'RECONNECT_NEEDED',
  invalid_client: 'RECONNECT_NEEDED',
  'missing.rights': 'MISSING_LICENCE', // warehouse API
};

// Errors Fortnox reports by message only (Swedish, sometimes English). Checked in order.
const FORTNOX_MESSAGES: [RegExp, ErrorCode][] = [
  [/kunde inte hitta moms|momssats|vat ?rate/i, 'VAT_RATE_NOT_IN_FORTNOX'],
  [/leveranss[äa]tt|way ?of ?delivery/i, 'WAY_OF_DELIVERY_NOT_FOUND'],
  [/betalningss[äa]tt|betals[äa]tt|mode ?of ?payment/i, 'MODE_OF_PAYMENT_NOT_FOUND'],
  [/kostnadsst[äa]lle|cost ?cent(er|re)/i, 'COST_CENTER_NOT_FOUND'],
  [/valuta|currency/i, 'CURRENCY_NOT_ENABLED'],
  [/l[åa]st period|period.*l[åa]st|r[äa]kenskaps[åa]r|financial year|locked/i, 'PERIOD_LOCKED'],
  [/licens|licence|license|beh[öo]righet/i, 'MISSING_LICENCE'],
  [/invalid_grant|refresh token/i, 'RECONNECT_NEEDED'],
];

/**
 * The catalog code for a Fortnox error: its numeric code first (the reliable part), then its message for the
 * errors Fortnox only tells in words. Anything else is FORTNOX_REJECTED, shown with Fortnox's own code and message.
 */
export function fortnoxCodeToErrorCode(fortnoxCode: number | string | null | undefined, message?: string): ErrorCode {
  const byCode = fortnoxCode === null || fortnoxCode === undefined ? undefined : FORTNOX_CODES[String(fortnoxCode).trim()];
  if (byCode) return byCode;
  for (const [pattern, code] of FORTNOX_MESSAGES) if (message && pattern.test(message)) return code;
  return 'FORTNOX_REJECTED';
}

/** The DomainError for a Fortnox error, keeping Fortnox's code and message for support. */
export function fortnoxErrorToDomainError(
  fortnoxCode: number | string | null | undefined,
  message?: string,
  params: ErrorParams = {},
): DomainError {
  return domainError(fortnoxCodeToErrorCode(fortnoxCode, message), {
    ...params,
    fortnoxCode: fortnoxCode ?? undefined,
    fortnoxMessage: message,
  });
}

/** Quickbutik answers that end up in the catalog (other statuses are transient and retried by the client). */
export function quickbutikStatusToErrorCode(status: number, entity: 'order' | 'product'): ErrorCode | null {
  if (status === 401 || status === 403) return 'QUICKBUTIK_AUTH_FAILED';
  if (status === 404) return entity === 'order' ? 'ORDER_NOT_FOUND' : 'PRODUCT_NOT_FOUND';
  return null;
}
