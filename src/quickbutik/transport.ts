// One HTTP exchange with the Quickbutik API: Basic auth, pace, timeout, bounded retry with backoff, classification.
import type { Logger } from '../logger';
import { QuickbutikError } from './errors';
import type { Pacer } from './pacer';

export interface RetryOptions {
  /** Tries per request, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A 429's Retry-After is honoured up to this. */
  maxRetryAfterMs: number;
}
export const DEFAULT_RETRY: RetryOptions = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 30_000 };

export interface TransportOptions {
  /** e.g. https://api.quickbutik.com (with or without /v1). */
  baseUrl: string;
  pacer: Pacer;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  logger?: Pick<Logger, 'warn' | 'debug'>;
  sleep?: (ms: number) => Promise<void>;
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface QbRequest {
  shopId: string;
  apiKey: string;
  method: 'GET' | 'PUT' | 'POST';
  /** Below /v1, e.g. `/orders`. */
  path: string;
  query?: Query;
  body?: unknown;
}

/** A 2xx answer, or a 404 (the caller decides whether that means null, [] or an error). */
export interface QbResponse {
  status: number;
  json: unknown;
}

export type Transport = (req: QbRequest) => Promise<QbResponse>;

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function apiRoot(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return /\/v1$/.test(trimmed) ? trimmed : `${trimmed}/v1`;
}

/** The API's `{"code":..,"error":".."}` text, cut short (it is echoed into our errors and logs). */
function errorText(json: unknown, fallback: string): string {
  const o = json && typeof json === 'object' ? (json as Record<string, unknown>) : {};
  const text = typeof o.error === 'string' ? o.error : typeof o.message === 'string' ? o.message : fallback;
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

export function createTransport(opts: TransportOptions): Transport {
  const root = apiRoot(opts.baseUrl);
  const fetchImpl = opts.fetchImpl ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const retry = { ...DEFAULT_RETRY, ...opts.retry };
  const sleep = opts.sleep ?? defaultSleep;

  const backoff = (attempt: number) => Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1)) * (0.5 + Math.random() * 0.5);

  /** One try: a response, or a QuickbutikError (with `waitMs` for a 429). */
  async function once(req: QbRequest, endpoint: string): Promise<QbResponse> {
    const url = new URL(`${root}${req.path}`);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const auth = Buffer.from(`${req.apiKey}:${req.apiKey}`).toString('base64');
    let res: Response;
    let text: string;
    try {
      res = await fetchImpl(url, {
        method: req.method,
        headers: {
          Authorization: `Basic ${auth}`,
          Accept: 'application/json',
          ...(req.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      const timeout = (err as Error)?.name === 'TimeoutError';
      // Only the error's name/message: a fetch error never carries our headers, but keep it terse anyway.
      throw new QuickbutikError('retryable', timeout ? `no answer within ${timeoutMs} ms` : `network error (${(err as Error)?.message ?? err})`, endpoint);
    }
    let json: unknown = null;
    let parsed = true;
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text);
      } catch {
        parsed = false;
      }
    }
    const s = res.status;
    if ((s >= 200 && s < 300) || s === 404) {
      if (!parsed && s !== 404) throw new QuickbutikError('retryable', 'answer is not JSON (a proxy or maintenance page?)', endpoint, s);
      return { status: s, json };
    }
    const message = errorText(json, res.statusText || 'error');
    if (s === 401 || s === 403) throw new QuickbutikError('auth', `API key rejected (${message})`, endpoint, s);
    if (s === 429) {
      const e = new QuickbutikError('retryable', `rate limited (${message})`, endpoint, s);
      (e as QuickbutikError & { waitMs?: number }).waitMs = retryAfterMs(res.headers.get('retry-after'));
      throw e;
    }
    if (s >= 500 || s === 408) throw new QuickbutikError('retryable', message, endpoint, s);
    throw new QuickbutikError('data', message, endpoint, s);
  }

  return async function request(req) {
    const endpoint = `${req.method} ${req.path}`;
    for (let attempt = 1; ; attempt++) {
      await opts.pacer.take(req.shopId);
      try {
        return await once(req, endpoint);
      } catch (err) {
        if (!(err instanceof QuickbutikError) || !err.retryable || attempt >= retry.attempts) throw err;
        const hinted = (err as QuickbutikError & { waitMs?: number }).waitMs;
        const wait = hinted !== undefined ? Math.min(retry.maxRetryAfterMs, Math.max(hinted, backoff(attempt))) : backoff(attempt);
        if (err.status === 429) opts.pacer.holdOff(req.shopId, wait);
        opts.logger?.warn({ shopId: req.shopId, endpoint, status: err.status, attempt, waitMs: Math.round(wait) }, `quickbutik: ${err.message}; retrying`);
        await sleep(wait);
      }
    }
  };
}
