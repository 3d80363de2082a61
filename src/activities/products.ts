// Product activities: the product workflow's steps, the order sync's ensureArticles, and the bulk/manual runs' pages.
// Each is idempotent: what was sent is remembered per article (src/products/article-upsert.ts), so a retry or a
// repeated run sends only what is still missing.
import { ApplicationFailure } from '@temporalio/common';
import { mapProductToArticles, type ArticleDraft } from '../domain/article-mapping';
import type { ShopSettings } from '../domain/settings';
import type { Db } from '../db/connection';
import type { Locks } from '../db/locks';
import type { FortnoxClient } from '../fortnox';
import type { QuickbutikClient } from '../quickbutik/client';
import type { QbProduct } from '../quickbutik/types';
import type { ShopRepository } from '../repositories/shops';
import type { SyncLog } from '../repositories/sync-log';
import { upsertProductArticles } from '../products/article-upsert';
import { changedSkus, logRefusedImages, syncProductArticles, upsertContext, type CatalogDeps } from '../products/catalog';
import { heartbeating } from './heartbeat';
import type { ImageFetcher } from '../products/image';
import { createLagerCache, type LagerCache } from '../products/lager';
import { guardQuickbutik } from '../problem-failures';
import { queueResendPage } from '../orders/resend';
import { rememberProducts } from '../repositories/product-facts';
import { problemFailure } from '../problems';

export interface ProductActivityDeps {
  db: Db;
  fortnox: FortnoxClient;
  quickbutik: QuickbutikClient;
  shops: ShopRepository;
  syncLog: SyncLog;
  /** Shared with the stock activities (one cache per process). */
  lager?: LagerCache;
  fetchImage: ImageFetcher;
  locks: Locks;
}

/** What a product workflow needs of the shop's settings. */
export type ProductSettings = Pick<ShopSettings, 'syncProducts' | 'stockMaster' | 'priceList'>;

export interface UpsertedArticles {
  articles: string[];
  /** Articles that cost at least one Fortnox call this time. */
  changed: string[];
  created: string[];
  /** Skus the product had before and no longer has. */
  retired: string[];
  fortnoxCalls: number;
}

export function createProductActivities(deps: ProductActivityDeps) {
  const { db, quickbutik, shops, syncLog } = deps;
  const catalog: CatalogDeps = {
    db, fortnox: deps.fortnox, syncLog, lager: deps.lager ?? createLagerCache(), fetchImage: deps.fetchImage,
    locks: deps.locks,
  };

  async function settingsOf(shopId: string): Promise<ShopSettings> {
    const shop = await shops.get(shopId);
    if (!shop) throw ApplicationFailure.nonRetryable(`shop ${shopId} does not exist`, 'ShopNotFound');
    return shop.settings;
  }

  /** Reads a product and refreshes the VAT facts the order sync uses. */
  async function readProduct(shopId: string, productId: string): Promise<QbProduct | null> {
    const product = await guardQuickbutik(() => quickbutik.forShop(shopId).getProduct(productId), { productId });
    if (product) await rememberProducts(db, shopId, [product]);
    return product;
  }

  return {
    /** The product (null when Quickbutik no longer has it), the settings that matter, and the skus mapped so far. */
    async loadProduct(input: { shopId: string; productId: string }): Promise<{ product: QbProduct | null; settings: ProductSettings; knownSkus: string[] }> {
      const { syncProducts, stockMaster, priceList } = await settingsOf(input.shopId);
      const product = await readProduct(input.shopId, input.productId);
      const known = await db.selectFrom('article_map').select('sku')
        .where('shop_id', '=', input.shopId).where('product_id', '=', input.productId).orderBy('sku').execute();
      return { product, settings: { syncProducts, stockMaster, priceList }, knownSkus: known.map((r) => r.sku) };
    },

    /** Upserts one product's articles (drafts mapped by the workflow). No Fortnox call when nothing changed. */
    async upsertArticles(input: { shopId: string; productId: string; drafts: ArticleDraft[]; refreshImages?: boolean }): Promise<UpsertedArticles> {
      const settings = await settingsOf(input.shopId);
      const ctx = upsertContext(catalog, input.shopId, settings, input.refreshImages);
      const r = await heartbeating(() => upsertProductArticles(ctx, input.productId, input.drafts));
      await logRefusedImages(syncLog, input.shopId, input.productId, r);
      return {
        articles: r.articles.map((a) => a.sku),
        changed: changedSkus(r),
        created: r.articles.filter((a) => a.created).map((a) => a.sku),
        retired: r.retired,
        fortnoxCalls: ctx.session.calls,
      };
    },

    /** A parked product's auto-resume check: true once its data maps cleanly (or it is gone). */
    async productReady(input: { shopId: string; productId: string }): Promise<boolean> {
      const settings = await settingsOf(input.shopId);
      const product = await readProduct(input.shopId, input.productId);
      return !product || mapProductToArticles(product, { priceList: settings.priceList }).ok;
    },

    /**
     * The order sync's article step: each product and variant of the order becomes (or stays) its Fortnox article,
     * through the same upsert as the product workflow; an unchanged product costs no Fortnox call.
     */
    async ensureArticles(input: { shopId: string; orderId: string; productIds: string[] }): Promise<{ articles: string[]; fortnoxCalls: number }> {
      const settings = await settingsOf(input.shopId);
      const ctx = upsertContext(catalog, input.shopId, settings);
      const articles: string[] = [];
      await heartbeating(async () => {
        for (const productId of input.productIds) {
          const product = await readProduct(input.shopId, productId);
          if (!product) continue; // deleted since the order: its rows are booked by their own text and sku
          const r = await syncProductArticles(catalog, ctx, product, settings);
          if (!r.ok) throw problemFailure(r.errors.map((e) => ({ ...e, params: { ...e.params, orderId: input.orderId } })));
          articles.push(...r.skus);
        }
      });
      return { articles, fortnoxCalls: ctx.session.calls };
    },

    async countProducts(input: { shopId: string }): Promise<number> {
      return guardQuickbutik(() => quickbutik.forShop(input.shopId).countProducts());
    },

    /**
     * One page of "sync all products". A product whose data must be fixed first is reported back (the workflow
     * starts its own product workflow, which parks with the explanation) instead of stopping the whole run.
     */
    async syncProductPage(input: { shopId: string; offset: number; limit: number }) {
      const settings = await settingsOf(input.shopId);
      const ctx = upsertContext(catalog, input.shopId, settings);
      const products = await guardQuickbutik(() => quickbutik.forShop(input.shopId).listProducts({ offset: input.offset, limit: input.limit }));
      await rememberProducts(db, input.shopId, products);
      const problems: { productId: string; code: string }[] = [];
      let changed = 0;
      await heartbeating(async () => {
        for (const product of products) {
          const r = await syncProductArticles(catalog, ctx, product, settings);
          if (!r.ok) problems.push({ productId: product.id, code: r.errors[0]!.code });
          else if (r.changed.length) changed += 1;
        }
      });
      return { count: products.length, changed, problems, fortnoxCalls: ctx.session.calls };
    },

    /** One page of "send the orders paid between two dates again" → inbox rows with source `manual`. */
    async queueResendPage(input: { shopId: string; from: string; to: string; offset: number; limit: number }) {
      const r = await guardQuickbutik(() => queueResendPage(db, quickbutik.forShop(input.shopId), input));
      return { seen: r.seen, queued: r.orderIds.length, more: r.more };
    },
  };
}
export type ProductActivities = ReturnType<typeof createProductActivities>;
