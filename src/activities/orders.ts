import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db/connection';
import type { Locks } from '../db/locks';
import { resolveAccounts, type ResolvedAccounts } from '../domain/accounts';
import { customerHash, type FortnoxCustomer } from '../domain/customer';
import { domainError } from '../domain/errors';
import type { DocumentType, FortnoxDocument } from '../domain/fortnox-document';
import { taxRatesFromProducts } from '../domain/order-lines';
import type { ShopSettings } from '../domain/settings';
import { isFortnoxError, type FortnoxApi, type FortnoxClient } from '../fortnox';
import type { Logger } from '../logger';
import type { QbOrder, QbProduct } from '../quickbutik/types';
import type { ShopRepository } from '../repositories/shops';
import { findCustomer, forgetCustomer, rememberCustomer } from '../repositories/customer-map';
import { isConnected } from '../repositories/fortnox-connections';
import {
  claimDocument, documentOf, findOrderDocument, isBooked, markBooked, markSkipped, releaseClaim, storeCreated, storedDocument, storeTotal,
} from '../repositories/order-documents';
import { freshProductFacts, rememberProducts } from '../repositories/product-facts';
import type { SyncLog } from '../repositories/sync-log';
import type { RegistryCache } from './fortnox-registry';
import { rethrowFortnox } from '../problem-failures';
import { problemFailure } from '../problems';

/** What the order sync reads from Quickbutik (an adapter over the Quickbutik client). */
export interface QuickbutikReader {
  getOrder(shopId: string, orderId: string): Promise<QbOrder | null>;
  getProduct(shopId: string, productId: string): Promise<QbProduct | null>;
}

export interface OrderActivityDeps {
  db: Db;
  logger: Logger;
  fortnox: FortnoxClient;
  quickbutik: QuickbutikReader;
  shops: ShopRepository;
  syncLog: SyncLog;
  registry: RegistryCache;
  locks: Locks;
}

export interface LoadedOrder {
  order: QbOrder;
  settings: ShopSettings;
  taxRateBySku: Record<string, number>;
  accounts: ResolvedAccounts;
  enabledCurrencies: string[];
  /** Set when this order already has its Fortnox document (a repeated start costs no Fortnox call). */
  existing?: { documentType: DocumentType; documentNumber: string; total: number | null };
}

export interface CreatedDocument {
  documentType: DocumentType;
  documentNumber: string;
  total: number;
  /** False when the document was found (stored number or search by reference) instead of created now. */
  createdNow: boolean;
}

/** Product facts older than this are re-read from Quickbutik (a VAT rate rarely changes; webhooks refresh sooner). */
const PRODUCT_FACTS_TTL = '1 day';
/**
 * A POST whose outcome is unknown: search by reference, and post again only once this long has passed unseen since
 * the claim. It covers the longest the POST can have gone out after the claim (the rate-budget wait, ≤ 120 s) plus
 * the request timeout (30 s) plus a margin for Fortnox committing late.
 */
export const UNKNOWN_OUTCOME_GRACE_MS = 4 * 60_000;

const heartbeatWhile = async <T>(work: Promise<T>): Promise<T> => {
  const timer = setInterval(() => Context.current().heartbeat(), 1000);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
};

export function createOrderActivities(deps: OrderActivityDeps) {
  const { db, fortnox, quickbutik, shops, syncLog, registry } = deps;

  async function settingsOf(shopId: string): Promise<ShopSettings> {
    const shop = await shops.get(shopId);
    if (!shop) throw ApplicationFailure.nonRetryable(`shop ${shopId} does not exist`, 'ShopNotFound');
    return shop.settings;
  }

  /** VAT rates of the order's products: from product_facts, reading Quickbutik only for unknown or stale ones. */
  async function taxRatesFor(shopId: string, order: QbOrder, fresh: boolean): Promise<Record<string, number>> {
    const productIds = [...new Set(order.rows.map((r) => r.productId).filter((id): id is string => !!id))];
    if (productIds.length === 0) return {};
    const known = await freshProductFacts(db, shopId, productIds, PRODUCT_FACTS_TTL);
    const rates: Record<string, number> = {};
    const have = new Set<string>();
    for (const f of fresh ? [] : known) {
      if (f.tax_rate === null) continue;
      have.add(f.product_id);
      rates[`product:${f.product_id}`] = Number(f.tax_rate);
      for (const sku of f.skus) rates[sku] = Number(f.tax_rate);
    }
    const missing = productIds.filter((id) => !have.has(id));
    const products = (await Promise.all(missing.map((id) => quickbutik.getProduct(shopId, id)))).filter((p): p is QbProduct => !!p);
    if (products.length) await rememberProducts(db, shopId, products);
    return { ...rates, ...taxRatesFromProducts(products) };
  }

  return {
    /** Reads the order and everything the mapping needs. No Fortnox call in steady state. */
    async loadOrder(input: { shopId: string; orderId: string; fresh?: boolean }): Promise<LoadedOrder> {
      const { shopId, orderId, fresh = false } = input;
      const settings = await settingsOf(shopId);
      const order = await quickbutik.getOrder(shopId, orderId);
      if (!order) throw problemFailure(domainError('ORDER_NOT_FOUND', { orderId }));
      const existing = await documentOf(db, shopId, orderId);
      if (existing) return { order, settings, taxRateBySku: {}, accounts: {}, enabledCurrencies: [], existing };

      const api = fortnox.forShop(shopId);
      const [taxRateBySku, registers] = await Promise.all([
        taxRatesFor(shopId, order, fresh),
        registry.get(shopId, api, fresh).catch((err) => rethrowFortnox(err, { orderId })),
      ]);
      return {
        order,
        settings,
        taxRateBySku,
        accounts: resolveAccounts(settings.accounts, registers.predefinedAccounts),
        enabledCurrencies: registers.currencies,
      };
    },

    /**
     * The customer card: the stored mapping when what we would send is unchanged (no call); an update when it
     * changed; else an exact e-mail match in Fortnox (updated if it differs), else a new card. A per-customer lock
     * stops two concurrent orders of a new customer from creating two cards.
     */
    async ensureCustomer(input: { shopId: string; orderId: string; key: string; customer: FortnoxCustomer }): Promise<string> {
      const { shopId, orderId, key, customer } = input;
      const hash = customerHash(customer);
      const mapped = await findCustomer(db, shopId, key);
      if (mapped && mapped.content_hash === hash) return mapped.customer_number;

      return deps.locks.withLock(`customer:${shopId}:${key}`, async () => {
        const api = fortnox.forShop(shopId);
        const current = await findCustomer(db, shopId, key);
        if (current && current.content_hash === hash) return current.customer_number;
        try {
          let number = current?.customer_number;
          if (number) {
            await api.updateCustomer(number, { ...customer });
          } else {
            const found = customer.Email ? await api.findCustomersByEmail(customer.Email) : [];
            const match = found[0];
            if (match?.CustomerNumber) {
              number = String(match.CustomerNumber);
              if (differs(match, customer)) await api.updateCustomer(number, { ...customer });
            } else {
              number = String((await api.createCustomer({ ...customer })).CustomerNumber);
            }
          }
          await rememberCustomer(db, shopId, key, number, hash);
          return number;
        } catch (err) {
          if (isFortnoxError(err) && err.kind === 'data' && current && err.status === 404) {
            // The card was deleted in Fortnox: forget the mapping; the retry matches or creates again.
            await forgetCustomer(db, shopId, key);
          }
          rethrowFortnox(err, { orderId });
        }
      });
    },

    /**
     * Creates the invoice/order at most once. The intent (`creating`, `posted_at`) is committed before the POST and
     * the number after it. When an earlier POST's outcome is unknown (timeout, crash, 5xx), Fortnox is searched by
     * the exact reference first, and a new POST is sent only once the grace period has passed without it appearing.
     */
    async createDocument(input: {
      shopId: string;
      orderId: string;
      documentType: DocumentType;
      reference: string;
      document: FortnoxDocument;
      quickbutikTotal: number;
      receivedAt?: string;
    }): Promise<CreatedDocument> {
      const { shopId, orderId, documentType, reference } = input;
      const api = fortnox.forShop(shopId);
      const row = await findOrderDocument(db, shopId, orderId);
      const existing = storedDocument(row);
      if (existing) return { ...existing, total: existing.total ?? 0, createdNow: false };

      if (row?.posted_at) {
        const found = await heartbeatWhile(findByReference(api, row.document_type, reference)).catch((err) => rethrowFortnox(err, { orderId }));
        if (found) return stored(db, shopId, orderId, row.document_type, found, false);
        const sinceMs = Date.now() - new Date(row.posted_at).getTime();
        if (sinceMs < UNKNOWN_OUTCOME_GRACE_MS) {
          throw ApplicationFailure.retryable(`an earlier POST for ${reference} has an unknown outcome; checking again before posting`, 'OutcomeUnknown');
        }
      }

      // Only one attempt (e.g. a timed-out zombie vs. its retry) wins the claim and goes on to POST.
      const claimed = await claimDocument(db, {
        shopId, orderId, documentType, reference, quickbutikTotal: input.quickbutikTotal, receivedAt: input.receivedAt, seenPostedAt: row?.posted_at ?? null,
      });
      if (!claimed) throw ApplicationFailure.retryable(`another attempt is creating ${reference}`, 'AttemptInProgress');

      try {
        const post: Promise<{ DocumentNumber: string; Total: number | null }> =
          documentType === 'invoice' ? api.createInvoice(input.document) : api.createOrder(input.document);
        const created = await heartbeatWhile(post);
        return stored(db, shopId, orderId, documentType, created, true);
      } catch (err) {
        if (isFortnoxError(err) && !err.outcomeUnknown) {
          // Fortnox answered (a rejection, a 429 before sending): nothing was created, the next attempt may post at once.
          await releaseClaim(db, shopId, orderId);
        }
        rethrowFortnox(err, { orderId });
      }
    },

    /** Reads the document's total again (an operator's retry after a TOTAL_MISMATCH fixed in Fortnox). */
    async readDocumentTotal(input: { shopId: string; documentType: DocumentType; documentNumber: string }): Promise<number> {
      const api = fortnox.forShop(input.shopId);
      const read: Promise<{ Total?: unknown }> = input.documentType === 'invoice' ? api.getInvoice(input.documentNumber) : api.getOrder(input.documentNumber);
      const doc = await read.catch((err) => rethrowFortnox(err));
      const total = Number(doc.Total ?? 0);
      await storeTotal(db, input.shopId, input.documentNumber, total);
      return total;
    },

    async bookkeepInvoice(input: { shopId: string; orderId: string; documentNumber: string }): Promise<void> {
      if (await isBooked(db, input.shopId, input.orderId)) return;
      try {
        await fortnox.forShop(input.shopId).bookkeepInvoice(input.documentNumber);
      } catch (err) {
        // Already booked (e.g. the answer to our first call was lost) counts as done.
        if (!(isFortnoxError(err) && err.kind === 'data' && /bokförd|booked/i.test(err.fortnoxMessage))) rethrowFortnox(err, { orderId: input.orderId });
      }
      await markBooked(db, input.shopId, input.orderId);
    },

    /** Marks an order skipped by an operator (no document will be created by this run). */
    async markOrderSkipped(input: { shopId: string; orderId: string }): Promise<void> {
      await markSkipped(db, input.shopId, input.orderId);
    },

    async isFortnoxConnected(input: { shopId: string }): Promise<boolean> {
      return isConnected(db, input.shopId);
    },

    /** One sync-log entry (sv + en explanation from the catalog when there is an error code). */
    async writeLog(entry: Parameters<SyncLog['write']>[0]): Promise<void> {
      await syncLog.write(entry);
    },
  };
}
export type OrderActivities = ReturnType<typeof createOrderActivities>;

async function findByReference(api: FortnoxApi, type: DocumentType, reference: string) {
  const found = type === 'invoice' ? await api.findInvoicesByReference(reference) : await api.findOrdersByReference(reference);
  const live = found.filter((d) => !(d as { Cancelled?: boolean }).Cancelled);
  return live[0] ?? found[0];
}

async function stored(db: Db, shopId: string, orderId: string, documentType: DocumentType, doc: { DocumentNumber?: unknown; Total?: unknown }, createdNow: boolean): Promise<CreatedDocument> {
  const documentNumber = String(doc.DocumentNumber);
  let total = Number(doc.Total ?? NaN);
  if (!Number.isFinite(total)) total = 0;
  await storeCreated(db, shopId, orderId, { documentType, documentNumber, total });
  return { documentType, documentNumber, total, createdNow };
}

/** Fields we send that the found Fortnox card does not already have. */
function differs(found: Record<string, unknown>, wanted: FortnoxCustomer): boolean {
  return Object.entries(wanted).some(([k, v]) => v !== undefined && String(found[k] ?? '') !== String(v));
}
