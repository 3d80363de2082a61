/**
 * Fortnox failures, classified for the caller (a Temporal activity):
 * - `retryable`: try again later (network, timeout, 5xx, 429, Fortnox system exception 1000003);
 * - `reconnect`: the merchant must reconnect or fix licences/scopes (invalid_grant, invalid_client, 403, 2001101…);
 * - `data`: the request itself is wrong (other 4xx): park and let a human fix the data.
 * `outcomeUnknown` is true when a write may have been committed although we saw no success
 * (timeout / reset / 5xx after sending a POST or PUT): search by reference before writing again.
 */
export type FortnoxErrorKind = 'retryable' | 'reconnect' | 'data';

export interface FortnoxErrorInit {
  kind: FortnoxErrorKind;
  status?: number;
  /** Fortnox error code: a number for REST errors (2000433), a string for OAuth / warehouse errors ('invalid_grant'). */
  code?: number | string;
  message: string;
  endpoint: string;
  outcomeUnknown?: boolean;
  cause?: unknown;
}

export class FortnoxError extends Error {
  override readonly name = 'FortnoxError';
  readonly kind: FortnoxErrorKind;
  readonly status?: number;
  readonly code?: number | string;
  /** The Fortnox message alone (the Error message also names the endpoint and status). */
  readonly fortnoxMessage: string;
  readonly endpoint: string;
  readonly outcomeUnknown: boolean;

  constructor(init: FortnoxErrorInit) {
    const where = `${init.endpoint}${init.status ? ` → ${init.status}` : ''}`;
    const code = init.code !== undefined ? ` [${init.code}]` : '';
    super(`Fortnox ${where}${code}: ${init.message}`, init.cause !== undefined ? { cause: init.cause } : undefined);
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.fortnoxMessage = init.message;
    this.endpoint = init.endpoint;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
  }

  /** Plain data for logs and Temporal failure details (no stack, no secrets). */
  toJSON() {
    return {
      name: this.name, kind: this.kind, status: this.status, code: this.code,
      message: this.fortnoxMessage, endpoint: this.endpoint, outcomeUnknown: this.outcomeUnknown,
    };
  }
}

export const isFortnoxError = (e: unknown): e is FortnoxError => e instanceof FortnoxError;

/** True when `e` is a FortnoxError carrying one of `codes`. */
export function hasFortnoxCode(e: unknown, ...codes: Array<number | string>): boolean {
  return isFortnoxError(e) && e.code !== undefined && codes.some((c) => String(c) === String(e.code));
}

/** Fortnox codes that mean the company lacks a licence / permission for the scope: reconnecting (with rights) fixes it. */
export const LICENCE_CODES = [2001101, 2000663, 2001103] as const;
export const SYSTEM_EXCEPTION_CODE = 1000003;
/** "Not found" codes of the resources we read (404 is not always the status that carries them). */
export const NOT_FOUND_CODES = [2000204, 2000433, 2000428, 2001302, 2000434, 2000439] as const;

export interface ParsedErrorBody {
  code?: number | string;
  message?: string;
}

const asCode = (v: unknown): number | string | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '') return /^\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim();
  return undefined;
};
const asText = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** Reads a property whatever its casing (`Message`, `message`, `MESSAGE`). */
function prop(obj: Record<string, unknown>, name: string): unknown {
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : obj[key];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Strips an HTML page down to its title or first heading (some Fortnox failures are HTML). */
function htmlSummary(html: string): string {
  const pick = (re: RegExp) => html.match(re)?.[1];
  const raw = pick(/<title[^>]*>([\s\S]*?)<\/title>/i) ?? pick(/<h1[^>]*>([\s\S]*?)<\/h1>/i) ?? html;
  const text = raw.replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
  return text.slice(0, 200) || 'HTML error page';
}

/**
 * Extracts code and message from any error body Fortnox sends: `ErrorInformation` in either casing,
 * `{"message": ...}`, OAuth `{"error", "error_description"}`, warehouse `{"code": "missing.rights", ...}`,
 * an HTML page, or plain text.
 */
export function parseErrorBody(text: string): ParsedErrorBody {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    if (/^<(!doctype|html|head|body|\?xml)/i.test(trimmed) || /<\/html>/i.test(trimmed)) return { message: htmlSummary(trimmed) };
    return { message: trimmed.slice(0, 200) };
  }
  if (!isRecord(json)) return { message: trimmed.slice(0, 200) };
  const info = prop(json, 'ErrorInformation');
  if (isRecord(info)) return { code: asCode(prop(info, 'Code')), message: asText(prop(info, 'Message')) };
  const oauthError = prop(json, 'error');
  if (typeof oauthError === 'string') {
    return { code: oauthError, message: asText(prop(json, 'error_description')) ?? oauthError };
  }
  return {
    code: asCode(prop(json, 'code')),
    message: asText(prop(json, 'message')) ?? asText(prop(json, 'detail')) ?? asText(prop(json, 'title')),
  };
}

/** Decides the kind of a non-2xx answer. */
export function classifyStatus(status: number, code?: number | string): FortnoxErrorKind {
  const c = code === undefined ? undefined : String(code);
  if (c === String(SYSTEM_EXCEPTION_CODE)) return 'retryable';
  if (c === 'invalid_grant' || c === 'invalid_client') return 'reconnect';
  if (c !== undefined && LICENCE_CODES.some((l) => String(l) === c)) return 'reconnect';
  if (status === 429 || status >= 500 || status === 408) return 'retryable';
  if (status === 401 || status === 403) return 'reconnect';
  return 'data';
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const isWrite = (method: string) => WRITE_METHODS.has(method.toUpperCase());

/** The error for an HTTP answer that was not 2xx. */
export function errorFromResponse(args: { method: string; endpoint: string; status: number; bodyText: string }): FortnoxError {
  const { code, message } = parseErrorBody(args.bodyText);
  const kind = classifyStatus(args.status, code);
  return new FortnoxError({
    kind,
    status: args.status,
    code,
    message: message ?? `HTTP ${args.status}`,
    endpoint: args.endpoint,
    // A 5xx (or 1000003) on a write may have happened after the commit; a 429 or other 4xx was rejected before it.
    outcomeUnknown: isWrite(args.method) && (args.status >= 500 || String(code) === String(SYSTEM_EXCEPTION_CODE)),
  });
}

/** Error codes of Node/undici meaning the connection was never established: nothing was sent. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function networkCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** The error for a request that got no HTTP answer (timeout, reset, refused). */
export function errorFromNetwork(args: { method: string; endpoint: string; err: unknown; timedOut: boolean; timeoutMs?: number }): FortnoxError {
  const code = networkCode(args.err);
  const notSent = !args.timedOut && code !== undefined && NOT_SENT_CODES.has(code);
  const detail = args.timedOut
    ? `no answer within ${args.timeoutMs ?? '?'} ms`
    : `${code ?? 'network error'}: ${(args.err as Error)?.message ?? String(args.err)}`;
  return new FortnoxError({
    kind: 'retryable',
    code: args.timedOut ? 'timeout' : code ?? 'network',
    message: detail,
    endpoint: args.endpoint,
    outcomeUnknown: isWrite(args.method) && !notSent,
    cause: args.err,
  });
}
