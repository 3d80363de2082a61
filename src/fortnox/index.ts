// The Fortnox client: typed API per shop, shared rate budget, token refresh, OAuth connect, error classification.
export { createFortnoxClient, type FortnoxClient, type FortnoxClientDeps } from './client';
export {
  createFortnoxApi, isNotFound, fortnoxDateTime,
  type FortnoxApi, type CustomerInput, type ArticleInput, 
  type ListArticlesOptions,
} from './api';
export {
  FortnoxError, isFortnoxError, hasFortnoxCode, parseErrorBody, classifyStatus, LICENCE_CODES, NOT_FOUND_CODES,
  type FortnoxErrorKind,
} from './errors';
export { createFortnoxOAuth, OAuthStateError, FORTNOX_SCOPES, type FortnoxOAuth } from './oauth';
export { createRateLimiter, DEFAULT_RATE_LIMIT, type RateLimiter, type RateLimitOptions } from './rate-limiter';
export { createTokenStore, type TokenStore, type ShopAccess } from './tokens';
export type { FortnoxRequest, FortnoxResponse, Transport } from './transport';
export type * from './schemas';
export { createAfterSaleApi, type AfterSaleApi, type InvoicePaymentInput, type InvoiceState, type InvoicePayment } from './after-sale-api';
