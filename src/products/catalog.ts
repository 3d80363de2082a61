// One product → its Fortnox articles: the path shared by the order sync (ensureArticles) and the bulk sync. The
// product workflow runs the same steps one activity at a time (load, map in the workflow, upsert).
import { mapProductToArticles } from '../domain/article-mapping';
import type { DomainError } from '../domain/errors';
import type { ShopSettings } from '../domain/settings';
import type { Db } from '../db/connection';
import type { Locks } from '../db/locks';
import type { FortnoxClient } from '../fortnox';
import type { QbProduct } from '../quickbutik/types';
import type { SyncLog } from '../repositories/sync-log';
import { upsertProductArticles, type UpsertContext, type UpsertResult } from './article-upsert';
import { fortnoxSession, type FortnoxSession } from './fortnox-session';
import type { ImageFetcher } from './image';
import type { LagerCache } from './lager';
import { productMessages } from '../workflows/messages';

export interface CatalogDeps {
  db: Db;
  fortnox: FortnoxClient;
  syncLog: SyncLog;
  lager: LagerCache;
  fetchImage: ImageFetcher;
  locks: Locks;
}

/** The upsert context of one activity run: one counting Fortnox session, Lager asked at most once. */
export function upsertContext(deps: CatalogDeps, shopId: string, settings: Pick<ShopSettings, 'stockMaster'>, refreshImages = false): UpsertContext & { session: FortnoxSession } {
  const session = fortnoxSession(deps.fortnox, shopId);
  let lager: Promise<boolean> | undefined;
  return {
    db: deps.db,
    shopId,
    session,
    stockMaster: settings.stockMaster,
    lagerActive: () => (lager ??= deps.lager.isActive(shopId, session.api)),
    fetchImage: deps.fetchImage,
    locks: deps.locks,
    refreshImages,
  };
}

export type ProductArticles = { ok: true; skus: string[]; changed: string[]; retired: string[] } | { ok: false; errors: DomainError[] };

/** Maps and upserts one product; mapping problems are returned (nothing is sent for that product). */
export async function syncProductArticles(
  deps: CatalogDeps, ctx: UpsertContext, product: QbProduct, settings: Pick<ShopSettings, 'priceList'>, workflowId?: string,
): Promise<ProductArticles> {
  const mapped = mapProductToArticles(product, { priceList: settings.priceList });
  if (!mapped.ok) return mapped;
  const result = await upsertProductArticles(ctx, product.id, mapped.articles);
  await logRetired(deps.syncLog, ctx.shopId, product.id, result, workflowId);
  await logRefusedImages(deps.syncLog, ctx.shopId, product.id, result, workflowId);
  return { ok: true, skus: result.articles.map((a) => a.sku), changed: changedSkus(result), retired: result.retired };
}

export const changedSkus = (r: UpsertResult) => r.articles.filter((a) => a.article || a.price || a.stock || a.image).map((a) => a.sku);

export async function logRetired(syncLog: SyncLog, shopId: string, productId: string, r: UpsertResult, workflowId?: string): Promise<void> {
  if (r.retired.length === 0) return;
  await syncLog.write({
    shopId, entityType: 'product', entityId: productId, workflowId, outcome: 'info',
    ...productMessages.retired(r.retired, r.articles.map((a) => a.sku)),
    details: { retired: r.retired, current: r.articles.map((a) => a.sku) },
  });
}

/** An image that was not downloaded (not an allowed host, a private address, not an image, too large): say why. */
export async function logRefusedImages(syncLog: SyncLog, shopId: string, productId: string, r: UpsertResult, workflowId?: string): Promise<void> {
  const refused = new Map(r.articles.flatMap((a) => (a.imageRefused ? [[a.imageRefused.url, a.imageRefused.reason] as const] : [])));
  for (const [url, reason] of refused) {
    await syncLog.write({
      shopId, entityType: 'product', entityId: productId, workflowId, outcome: 'info',
      ...productMessages.imageRefused(reason),
      details: { imageHost: hostOf(url), reason },
    });
  }
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
};
