import type { Config } from '../config';
import { errorFromNetwork, errorFromResponse, FortnoxError } from './errors';
import { tokenResponseSchema, type TokenResponse } from './schemas';

export type FetchImpl = typeof fetch;

export interface TokenEndpointDeps {
  config: Pick<Config, 'FORTNOX_AUTH_URL' | 'FORTNOX_CLIENT_ID' | 'FORTNOX_CLIENT_SECRET'>;
  fetchImpl?: FetchImpl;
  timeoutMs?: number;
}

const ENDPOINT = 'POST /oauth-v1/token';

/**
 * POST /oauth-v1/token with HTTP Basic client authentication, form-encoded (code exchange and refresh alike).
 * A failed refresh after sending is `outcomeUnknown`: Fortnox may have rotated the refresh token anyway.
 */
export async function requestToken(deps: TokenEndpointDeps, params: Record<string, string>): Promise<TokenResponse> {
  const { config } = deps;
  const fetchImpl = deps.fetchImpl ?? fetch;
  const timeoutMs = deps.timeoutMs ?? 30_000;
  const basic = Buffer.from(`${config.FORTNOX_CLIENT_ID}:${config.FORTNOX_CLIENT_SECRET}`).toString('base64');
  const url = `${config.FORTNOX_AUTH_URL.replace(/\/+$/, '')}/oauth-v1/token`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let status: number;
  let text: string;
  try {
    const res = await fetchImpl(url, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${basic}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: new URLSearchParams(params).toString(),
      signal: controller.signal,
    });
    status = res.status;
    text = await res.text();
  } catch (err) {
    throw errorFromNetwork({ method: 'POST', endpoint: ENDPOINT, err, timedOut: controller.signal.aborted, timeoutMs });
  } finally {
    clearTimeout(timer);
  }
  if (status < 200 || status >= 300) throw errorFromResponse({ method: 'POST', endpoint: ENDPOINT, status, bodyText: text });
  try {
    return tokenResponseSchema.parse(JSON.parse(text));
  } catch (err) {
    throw new FortnoxError({
      kind: 'retryable', status, code: 'bad_token_response', endpoint: ENDPOINT, outcomeUnknown: true, cause: err,
      message: 'token endpoint answered 2xx without a usable token',
    });
  }
}
