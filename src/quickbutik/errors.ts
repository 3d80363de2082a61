/**
 * Quickbutik failures, classified for the caller (usually a Temporal activity):
 * - `retryable`: try again later (network, timeout, 429, 5xx, a garbled 2xx answer) — the client already retried a
 *   few times, so the activity's own retry policy takes over from here;
 * - `auth`: the shop's API key is missing or rejected (401/403) — a human must save a new key;
 * - `not_found`: the object does not exist (the client maps 404 to null/[] where that is the natural answer);
 * - `data`: the request or the answer is wrong (other 4xx, an answer the schemas reject) — retrying will not help.
 * Messages name the endpoint and status, never the API key (it only ever travels in the Authorization header).
 */
export type QuickbutikErrorKind = 'retryable' | 'auth' | 'not_found' | 'data';

export class QuickbutikError extends Error {
  override readonly name = 'QuickbutikError';

  constructor(
    readonly kind: QuickbutikErrorKind,
    message: string,
    readonly endpoint: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`Quickbutik ${endpoint}${status ? ` → ${status}` : ''}: ${message}`, options);
  }

  get retryable(): boolean {
    return this.kind === 'retryable';
  }

  /** Plain data for logs and Temporal failure details. */
  toJSON() {
    return { name: this.name, kind: this.kind, status: this.status, endpoint: this.endpoint, message: this.message };
  }
}

export const isQuickbutikError = (e: unknown): e is QuickbutikError => e instanceof QuickbutikError;

/** Catalog code (src/domain/error-catalog.ts) for a non-retryable Quickbutik failure, for the sync log. */
export function quickbutikErrorCode(e: QuickbutikError): 'QUICKBUTIK_AUTH_FAILED' | 'UNEXPECTED_ERROR' {
  return e.kind === 'auth' ? 'QUICKBUTIK_AUTH_FAILED' : 'UNEXPECTED_ERROR';
}
