import type { Config } from '../config';
import type { SecretBox } from '../crypto';
import type { Db } from '../db/connection';
import type { Logger } from '../logger';
import { createFortnoxApi, type FortnoxApi } from './api';
import { createAfterSaleApi, type AfterSaleApi } from './after-sale-api';
import { createFortnoxOAuth, type FortnoxOAuth } from './oauth';
import { createRateLimiter, type RateLimiter, type RateLimitOptions } from './rate-limiter';
import type { FetchImpl } from './token-endpoint';
import { createTokenStore, type TokenStore } from './tokens';
import { createTransport, type Transport } from './transport';

export interface FortnoxClientDeps {
  db: Db;
  box: SecretBox;
  config: Config;
  logger?: Logger;
  fetchImpl?: FetchImpl;
  /** Per-tenant budget shared through PostgreSQL (default 25 per 5 s, + 100 ms margin). */
  rateLimit?: RateLimitOptions;
  /** Per request (default 30 s). */
  timeoutMs?: number;
  /** 429 handling: retries (default 4) and base wait (default 5 s + up to 20 % jitter) when no Retry-After. */
  max429Retries?: number;
  backoff429Ms?: number;
}

export interface FortnoxClient {
  /** The typed API acting as the shop (its tokens, its tenant's budget). */
  forShop(shopId: string): FortnoxApi;
  /** Cancellations, credits, payments and bookkeeping facts, acting as the shop. */
  afterSaleForShop(shopId: string): AfterSaleApi;
  oauth: FortnoxOAuth;
  tokens: TokenStore;
  limiter: RateLimiter;
  transport: Transport;
}

export function createFortnoxClient(deps: FortnoxClientDeps): FortnoxClient {
  const timeoutMs = deps.timeoutMs ?? 30_000;
  const limiter = createRateLimiter(deps.db, deps.rateLimit);
  const tokens = createTokenStore({
    db: deps.db, box: deps.box, config: deps.config, logger: deps.logger, fetchImpl: deps.fetchImpl, timeoutMs,
  });
  const transport = createTransport({
    config: deps.config, limiter, tokens, logger: deps.logger, fetchImpl: deps.fetchImpl, timeoutMs,
    max429Retries: deps.max429Retries, backoff429Ms: deps.backoff429Ms,
  });
  const oauth = createFortnoxOAuth({
    db: deps.db, box: deps.box, config: deps.config, transport, limiter, logger: deps.logger, fetchImpl: deps.fetchImpl, timeoutMs,
  });
  return {
    forShop: (shopId) => createFortnoxApi((req) => transport.send(shopId, req)),
    afterSaleForShop: (shopId) => createAfterSaleApi((req) => transport.send(shopId, req)),
    oauth,
    tokens,
    limiter,
    transport,
  };
}
