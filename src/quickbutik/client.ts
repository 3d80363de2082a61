// Typed Quickbutik API v1 client, one per process; `forShop(id)` gives the calls of one shop.
// Every answer goes through the schemas module (string numbers, varying envelopes, 404 for an empty list).
import type { Config } from '../config';
import type { Logger } from '../logger';
import { QuickbutikError } from './errors';
import { parseOrderSummaries, type QbOrderSummary } from './order-summary';
import { createPacer } from './pacer';
import { parseMetadata, parseOrder, parseProducts, QbParseError, type QbOrder, type QbProduct } from './schemas';
import { createTransport, type Query, type RetryOptions } from './transport';

export type { QbOrderSummary } from './order-summary';
export { QuickbutikError, isQuickbutikError, type QuickbutikErrorKind } from './errors';

export interface ListOrdersFilter {
  status?: 'unpaid' | 'paid' | 'done';
  /** UNIX seconds: orders whose status changed at or after this instant. */
  fromStatusDate?: number;
  offset: number;
  /** Up to 1000. */
  limit: number;
}

export interface StockUpdateResult {
  updated: number;
  /** Items Quickbutik refused, keyed as it answered (the sku). */
  failed: { key: string; error: string }[];
}

export interface QuickbutikApi {
  /** Full order (include_details=true); null when Quickbutik has no such order. */
  getOrder(orderId: string | number): Promise<QbOrder | null>;
  /**
   * The order's metadata (`GET /v1/metadata/order/{id}`), key → value; {} when it has none. Checkout apps and custom
   * fields may keep a buyer's VAT or organisation number here (no documented order field holds them).
   */
  getOrderMetadata(orderId: string | number): Promise<Record<string, string>>;
  /** One page of order summaries; [] when nothing matches (Quickbutik answers 404). */
  listOrders(filter: ListOrdersFilter): Promise<QbOrderSummary[]>;
  /** Every matching order, page by page until a short page. */
  listAllOrders(filter?: Omit<ListOrdersFilter, 'offset' | 'limit'> & { pageSize?: number }): Promise<QbOrderSummary[]>;
  getProduct(productId: string | number): Promise<QbProduct | null>;
  /** The product owning `sku` (a variant's sku answers its product); null when none. */
  findProductBySku(sku: string): Promise<QbProduct | null>;
  listProducts(page: { offset: number; limit: number }): Promise<QbProduct[]>;
  listAllProducts(pageSize?: number): Promise<QbProduct[]>;
  countProducts(): Promise<number>;
  /** Absolute stock per sku, sent in batches (PUT /v1/products). */
  updateStock(items: { sku: string; stock: number }[]): Promise<StockUpdateResult>;
}

export interface QuickbutikClientOptions {
  config: Pick<Config, 'QUICKBUTIK_API_URL'>;
  /** The shop's API key in clear (decrypted by the caller, e.g. the shop repository). */
  apiKeyFor: (shopId: string) => Promise<string | undefined>;
  logger?: Pick<Logger, 'warn' | 'debug'>;
  fetchImpl?: typeof fetch;
  /** Per shop; Quickbutik documents no limit, ≈2/s is polite. */
  requestsPerSecond?: number;
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /** How long a decrypted key is reused (a 401 drops it at once). */
  keyCacheMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface QuickbutikClient {
  forShop(shopId: string): QuickbutikApi;
}

const STOCK_BATCH = 100;

export function createQuickbutikClient(opts: QuickbutikClientOptions): QuickbutikClient {
  const transport = createTransport({
    baseUrl: opts.config.QUICKBUTIK_API_URL,
    pacer: createPacer(opts.requestsPerSecond ?? 2),
    fetchImpl: opts.fetchImpl,
    timeoutMs: opts.timeoutMs,
    retry: opts.retry,
    logger: opts.logger,
    sleep: opts.sleep,
  });
  const keyCacheMs = opts.keyCacheMs ?? 60_000;
  const keys = new Map<string, { key: string; until: number }>();

  async function apiKey(shopId: string): Promise<string> {
    const hit = keys.get(shopId);
    if (hit && hit.until > Date.now()) return hit.key;
    const key = await opts.apiKeyFor(shopId);
    if (!key) throw new QuickbutikError('auth', `no API key is stored for shop ${shopId}`, 'config');
    keys.set(shopId, { key, until: Date.now() + keyCacheMs });
    return key;
  }

  /** GET/PUT with the shop's key; a 401 with a cached key re-reads the key once (it may just have been changed). */
  async function call(shopId: string, method: 'GET' | 'PUT', path: string, query?: Query, body?: unknown) {
    const cached = keys.has(shopId);
    try {
      return await transport({ shopId, apiKey: await apiKey(shopId), method, path, query, body });
    } catch (err) {
      if (!(err instanceof QuickbutikError) || err.kind !== 'auth') throw err;
      keys.delete(shopId);
      if (!cached) throw err;
      return transport({ shopId, apiKey: await apiKey(shopId), method, path, query, body });
    }
  }

  /** Schema failures become `data` errors (the QbParseError with its problems stays as the cause). */
  function parsed<T>(endpoint: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof QbParseError) throw new QuickbutikError('data', err.message, endpoint, undefined, { cause: err });
      throw err;
    }
  }

  return {
    forShop(shopId: string): QuickbutikApi {
      const api: QuickbutikApi = {
        async getOrder(orderId) {
          // apps_load: bundle rows carry their components (app.productpackages) only when apps load.
          const r = await call(shopId, 'GET', '/orders', { order_id: String(orderId), include_details: 'true', apps_load: 'true' });
          if (r.status === 404) return null;
          // `order_id` answers a one-element array; an empty one means "no such order" too.
          if (Array.isArray(r.json) && r.json.length === 0) return null;
          return parsed('GET /orders', () => parseOrder(r.json));
        },

        async getOrderMetadata(orderId) {
          const path = `/metadata/order/${encodeURIComponent(String(orderId))}`;
          const r = await call(shopId, 'GET', path);
          if (r.status === 404) return {};
          return parsed(`GET ${path}`, () => parseMetadata(r.json));
        },

        async listOrders(f) {
          const r = await call(shopId, 'GET', '/orders', {
            status: f.status,
            from_status_date: f.fromStatusDate,
            offset: f.offset,
            limit: f.limit,
          });
          if (r.status === 404 || r.json === null) return [];
          return parsed('GET /orders', () => parseOrderSummaries(r.json));
        },

        async listAllOrders(f = {}) {
          const { pageSize = 500, ...filter } = f;
          const all: QbOrderSummary[] = [];
          for (let offset = 0; ; offset += pageSize) {
            const page = await api.listOrders({ ...filter, offset, limit: pageSize });
            all.push(...page);
            if (page.length < pageSize) return all;
          }
        },

        async getProduct(productId) {
          const r = await call(shopId, 'GET', '/products', { product_id: String(productId), include_details: 'true' });
          if (r.status === 404 || r.json === null) return null;
          return parsed('GET /products', () => parseProducts(r.json)[0] ?? null);
        },

        async findProductBySku(sku) {
          const r = await call(shopId, 'GET', '/products', { sku, include_details: 'true' });
          if (r.status === 404 || r.json === null) return null;
          return parsed('GET /products', () => parseProducts(r.json)[0] ?? null);
        },

        async listProducts({ offset, limit }) {
          const r = await call(shopId, 'GET', '/products', { offset, limit, include_details: 'true' });
          if (r.status === 404 || r.json === null) return [];
          return parsed('GET /products', () => parseProducts(r.json));
        },

        async listAllProducts(pageSize = 250) {
          const all: QbProduct[] = [];
          for (let offset = 0; ; offset += pageSize) {
            const page = await api.listProducts({ offset, limit: pageSize });
            all.push(...page);
            if (page.length < pageSize) return all;
          }
        },

        async countProducts() {
          const r = await call(shopId, 'GET', '/products/count');
          if (r.status === 404) return 0;
          const raw = r.json && typeof r.json === 'object' && !Array.isArray(r.json) ? (r.json as Record<string, unknown>).count : r.json;
          const n = Number(typeof raw === 'string' ? raw.trim() : raw);
          if (!Number.isInteger(n) || n < 0) throw new QuickbutikError('data', `expected a product count, got ${JSON.stringify(r.json)}`, 'GET /products/count', r.status);
          return n;
        },

        async updateStock(items) {
          const result: StockUpdateResult = { updated: 0, failed: [] };
          for (let i = 0; i < items.length; i += STOCK_BATCH) {
            const batch = items.slice(i, i + STOCK_BATCH).map((it) => ({ sku: it.sku, stock: it.stock }));
            const r = await call(shopId, 'PUT', '/products', undefined, batch);
            if (r.status === 404) throw new QuickbutikError('not_found', 'stock update endpoint answered 404', 'PUT /products', 404);
            tallyStock(r.json, batch, result);
          }
          return result;
        },
      };
      return api;
    },
  };
}

/** `{"success":1,"results":{"<sku>":{"success":1}|{"success":0,"error":".."}}}`; an answer without results counts as success. */
function tallyStock(json: unknown, batch: { sku: string }[], out: StockUpdateResult): void {
  const results = json && typeof json === 'object' ? (json as { results?: unknown }).results : undefined;
  if (!results || typeof results !== 'object') {
    out.updated += batch.length;
    return;
  }
  for (const [key, r] of Object.entries(results as Record<string, unknown>)) {
    const ok = r && typeof r === 'object' && [1, '1', true].includes((r as { success?: unknown }).success as never);
    if (ok) out.updated += 1;
    else out.failed.push({ key, error: String((r as { error?: unknown })?.error ?? 'refused') });
  }
}
