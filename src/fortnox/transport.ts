import type { Config } from '../config';
import { pathOnly, type Logger } from '../logger';
import { errorFromNetwork, errorFromResponse, FortnoxError, isWrite } from './errors';
import type { RateLimiter } from './rate-limiter';
import type { FetchImpl } from './token-endpoint';
import type { TokenStore } from './tokens';

/** One Fortnox API request, described without host or credentials. */
export interface FortnoxRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below FORTNOX_API_URL, e.g. `/3/invoices`; callers URL-encode path segments. */
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  /** Multipart body (archive upload); Content-Type with boundary is then set by fetch. */
  form?: FormData;
}

export interface FortnoxResponse {
  status: number;
  /** Parsed JSON, or null for an empty body. */
  body: unknown;
}

export interface TransportDeps {
  config: Pick<Config, 'FORTNOX_API_URL'>;
  limiter: RateLimiter;
  tokens: TokenStore;
  logger?: Logger;
  fetchImpl?: FetchImpl;
  /** Per request, including reading the body (default 30 s). */
  timeoutMs?: number;
  /** How often a 429 is retried before giving up with a retryable error (default 4). */
  max429Retries?: number;
  /** Base wait after a 429 when no Retry-After came (default 5 s; up to 20 % jitter is added). */
  backoff429Ms?: number;
}

export interface Transport {
  /** Sends as the shop: its token, its tenant's budget, refresh-and-retry-once on 401. */
  send(shopId: string, req: FortnoxRequest): Promise<FortnoxResponse>;
  /** Sends with an explicit token (during the OAuth callback, before the connection is stored). */
  sendWithToken(tenantKey: string, accessToken: string, req: FortnoxRequest): Promise<FortnoxResponse>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function buildUrl(base: string, req: Pick<FortnoxRequest, 'path' | 'query'>): string {
  const url = new URL(base.replace(/\/+$/, '') + req.path);
  for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  return url.toString();
}

export function createTransport(deps: TransportDeps): Transport {
  const fetchImpl = deps.fetchImpl ?? fetch;
  const timeoutMs = deps.timeoutMs ?? 30_000;
  const max429Retries = deps.max429Retries ?? 4;
  const backoff429Ms = deps.backoff429Ms ?? 5000;
  const log = deps.logger;

  /** One HTTP exchange; never retries. Returns the raw answer or throws a network FortnoxError. */
  async function exchange(accessToken: string, req: FortnoxRequest) {
    const endpoint = `${req.method} ${req.path}`;
    const headers: Record<string, string> = { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' };
    let body: string | FormData | undefined;
    if (req.form) body = req.form;
    else if (req.json !== undefined) body = JSON.stringify(req.json);
    // Fortnox rejects requests without the JSON content type (1000031), even bodiless ones.
    if (!req.form) headers['Content-Type'] = 'application/json';
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const started = Date.now();
    try {
      const res = await fetchImpl(buildUrl(deps.config.FORTNOX_API_URL, req), { method: req.method, headers, body, signal: controller.signal });
      const text = await res.text();
      log?.debug({ endpoint: pathOnly(endpoint), status: res.status, ms: Date.now() - started }, 'fortnox request');
      return { status: res.status, text, retryAfter: res.headers.get('retry-after') };
    } catch (err) {
      log?.debug({ endpoint, ms: Date.now() - started, err: (err as Error).message }, 'fortnox request failed');
      throw errorFromNetwork({ method: req.method, endpoint, err, timedOut: controller.signal.aborted, timeoutMs });
    } finally {
      clearTimeout(timer);
    }
  }

  function parseBody(req: FortnoxRequest, status: number, text: string): FortnoxResponse {
    if (text.trim() === '') return { status, body: null };
    try {
      return { status, body: JSON.parse(text) };
    } catch (err) {
      // A 2xx that is not JSON (an HTML page from a proxy): the write may well have happened.
      throw new FortnoxError({
        kind: 'retryable', status, code: 'invalid_json', endpoint: `${req.method} ${req.path}`,
        message: `2xx answer that is not JSON: ${text.slice(0, 120)}`, outcomeUnknown: isWrite(req.method), cause: err,
      });
    }
  }

  /**
   * Takes budget, sends, and retries only what is safe inside the client: a 429 was rejected before anything
   * happened; a 401 (when `onUnauthorized` is given) gets one refresh and one more try. Everything else is thrown
   * classified, for the caller to decide.
   */
  async function run(
    tenantKey: string,
    accessToken: string,
    req: FortnoxRequest,
    onUnauthorized?: () => Promise<string>,
  ): Promise<FortnoxResponse> {
    let rateLimited = 0;
    let refreshed = false;
    for (;;) {
      // The slot is leased for the request's lifetime and stamped with the time the answer came (see rate-limiter).
      const permit = await deps.limiter.acquire(tenantKey, timeoutMs + 5000);
      let res: Awaited<ReturnType<typeof exchange>>;
      try {
        res = await exchange(accessToken, req);
      } finally {
        await permit.release().catch((err) => log?.warn({ tenantKey, err: (err as Error).message }, 'could not release a rate-limit slot'));
      }
      if (res.status >= 200 && res.status < 300) return parseBody(req, res.status, res.text);
      if (res.status === 429 && rateLimited < max429Retries) {
        rateLimited++;
        const wait = retryAfterMs(res.retryAfter) ?? backoff429Ms * (1 + 0.2 * Math.random());
        log?.warn({ tenantKey, endpoint: `${req.method} ${req.path}`, waitMs: Math.round(wait), attempt: rateLimited }, 'fortnox 429; backing off');
        await deps.limiter.penalize(tenantKey).catch(() => undefined);
        await sleep(wait);
        continue;
      }
      if (res.status === 401 && onUnauthorized && !refreshed) {
        refreshed = true;
        log?.info({ tenantKey, endpoint: `${req.method} ${req.path}` }, 'fortnox 401; refreshing the access token once');
        accessToken = await onUnauthorized();
        continue;
      }
      throw errorFromResponse({ method: req.method, endpoint: `${req.method} ${req.path}`, status: res.status, bodyText: res.text });
    }
  }

  return {
    async send(shopId, req) {
      let current = await deps.tokens.getAccess(shopId);
      return run(current.tenantKey, current.accessToken, req, async () => {
        current = await deps.tokens.refresh(shopId, current.sealed);
        return current.accessToken;
      });
    },
    sendWithToken(tenantKey, accessToken, req) {
      return run(tenantKey, accessToken, req);
    },
  };
}
