// The article upsert shared by the product workflow, the order sync's ensureArticles and the bulk sync.
//
// What was last sent is remembered per article in article_map, one hash per Fortnox call (article fields, price,
// image), so an unchanged product costs no Fortnox call and a changed field costs only the call it needs. Stock is
// compared with article_map.stock (the last quantity both systems agreed on) and written only when Quickbutik is the
// stock master and Lager is off.
import { articleHash, priceHash, type ArticleDraft, type FortnoxPrice } from '../domain/article-mapping';
import type { ShopSettings } from '../domain/settings';
import type { Db } from '../db/connection';
import type { Locks } from '../db/locks';
import { hasFortnoxCode, isFortnoxError, isNotFound, type ArticleInput, type FortnoxApi } from '../fortnox';
import { rethrowFortnox } from '../problem-failures';
import type { DownloadedImage, ImageFetcher } from './image';
import { isImageRefused } from '../net/safe-image-fetch';
import type { FortnoxSession } from './fortnox-session';

export interface UpsertContext {
  db: Db;
  shopId: string;
  session: FortnoxSession;
  stockMaster: ShopSettings['stockMaster'];
  /** Whether Fortnox Lager is active; asked only when a stock write is due. */
  lagerActive: () => Promise<boolean>;
  fetchImage: ImageFetcher;
  /** Serialises upserts of one product across orders and processes (concurrent first orders of a new product). */
  locks: Locks;
  /** Download images again even when their URL is unchanged (manual sync, an operator's retry). */
  refreshImages?: boolean;
}

export interface ArticleOutcome {
  sku: string;
  created: boolean;
  article: boolean;
  price: boolean;
  stock: boolean;
  image: boolean;
  /** The image was not downloaded on purpose (host, address, type or size): why. The article is synced without it. */
  imageRefused?: { url: string; reason: string };
}

export interface UpsertResult {
  articles: ArticleOutcome[];
  /** Skus this product had before and no longer has (sku changed, variant removed): left alone in Fortnox. */
  retired: string[];
}

type Row = {
  sku: string;
  content_hash: string;
  price_hash: string | null;
  image_hash: string | null;
  image_url: string | null;
  image_file_id: string | null;
  stock: number | null;
};

/**
 * Upserts the articles of one product (its drafts from mapProductToArticles), one upsert per product at a time:
 * the second of two concurrent orders for a new product waits, then finds the hashes stored and sends nothing.
 */
export function upsertProductArticles(ctx: UpsertContext, productId: string, drafts: ArticleDraft[]): Promise<UpsertResult> {
  return ctx.locks.withLock(`articles:${ctx.shopId}:${productId}`, () => upsertUnlocked(ctx, productId, drafts));
}

async function upsertUnlocked(ctx: UpsertContext, productId: string, drafts: ArticleDraft[]): Promise<UpsertResult> {
  const skus = drafts.map((d) => d.article.ArticleNumber);
  const rows = new Map<string, Row>();
  if (skus.length) {
    const found = await ctx.db.selectFrom('article_map')
      .select(['sku', 'content_hash', 'price_hash', 'image_hash', 'image_url', 'image_file_id', 'stock'])
      .where('shop_id', '=', ctx.shopId).where('sku', 'in', skus).execute();
    for (const r of found) rows.set(r.sku, r);
  }
  // A product with variants is stocked per variant; its own article (if it has a sku) carries no stock.
  const hasVariants = drafts.some((d) => d.variantId !== null);
  const images = new Map<string, Promise<DownloadedImage | null>>();
  const articles: ArticleOutcome[] = [];
  for (const draft of drafts) {
    const stock = hasVariants && draft.variantId === null ? null : draft.stock;
    articles.push(await upsertArticle(ctx, { ...draft, stock }, rows.get(draft.article.ArticleNumber), images));
  }
  const retired = await ctx.db.updateTable('article_map')
    .set({ product_id: null, updated_at: new Date() })
    .where('shop_id', '=', ctx.shopId).where('product_id', '=', productId)
    .$if(skus.length > 0, (q) => q.where('sku', 'not in', skus))
    .returning('sku').execute();
  return { articles, retired: retired.map((r) => r.sku) };
}

async function upsertArticle(
  ctx: UpsertContext, draft: ArticleDraft, row: Row | undefined, images: Map<string, Promise<DownloadedImage | null>>,
): Promise<ArticleOutcome> {
  const { api } = ctx.session;
  const sku = draft.article.ArticleNumber;
  const params = { sku, productId: draft.productId, title: draft.article.Description };
  const out: ArticleOutcome = { sku, created: false, article: false, price: false, stock: false, image: false };
  const save = (set: Partial<Omit<Row, 'sku'>>) => saveRow(ctx.db, ctx.shopId, sku, draft.productId, set);

  // 1. The article itself (+ stock when Quickbutik is the master and Lager is off).
  const hash = articleHash(draft.article);
  const stockDue = ctx.stockMaster === 'quickbutik' && draft.stock !== null && draft.stock !== row?.stock;
  const stock = stockDue && !(await ctx.lagerActive()) ? draft.stock! : undefined;
  if (!row || row.content_hash !== hash || stock !== undefined) {
    const create: ArticleInput = {
      ...draft.article,
      // Webshop products are goods: Fortnox only keeps a quantity for stock articles.
      ...(ctx.stockMaster !== 'none' ? { StockGoods: true } : {}),
      ...(stock !== undefined ? { QuantityInStock: stock } : {}),
    };
    const { ArticleNumber: _n, ...fields } = draft.article;
    const update: ArticleInput = row?.content_hash === hash ? { QuantityInStock: stock } : { ...fields, ...(stock !== undefined ? { QuantityInStock: stock } : {}) };
    try {
      out.created = await writeArticle(api, sku, row !== undefined, create, update);
    } catch (err) {
      rethrowFortnox(err, params);
    }
    out.article = !row || row.content_hash !== hash;
    out.stock = stock !== undefined;
    await save({ content_hash: hash, ...(stock !== undefined ? { stock } : {}) });
  }

  // 2. The price, through the price list (SalesPrice on the article is read-only).
  if (draft.price && (out.created || row?.price_hash !== priceHash(draft.price))) {
    await writePrice(ctx.session, draft.price, out.created).catch((err) => rethrowFortnox(err, params));
    out.price = true;
    await save({ price_hash: priceHash(draft.price) });
  }

  // 3. The image: uploaded once per content; an unchanged URL is not even downloaded again (webhook storms).
  const url = draft.imageUrl;
  const known = row && !out.created ? row : undefined;
  if (url && (ctx.refreshImages || known?.image_url !== url || !known?.image_hash)) {
    if (!images.has(url)) images.set(url, ctx.fetchImage(url));
    const image = await images.get(url)!.catch((err: unknown) => {
      if (!isImageRefused(err)) throw err;
      out.imageRefused = { url: err.url, reason: err.reason };
      return null;
    });
    if (image && image.hash !== known?.image_hash) {
      try {
        const file = await api.uploadToArchive(`${sku.replace(/\//g, '-')}-${image.hash.slice(0, 8)}.${image.extension}`, image.bytes, image.contentType);
        const fileId = String(file.Id);
        await api.connectArticleFile(fileId, sku);
        if (known?.image_file_id && known.image_file_id !== fileId) await ctx.session.disconnectFile(known.image_file_id);
        await save({ image_hash: image.hash, image_url: url, image_file_id: fileId });
      } catch (err) {
        rethrowFortnox(err, params);
      }
      out.image = true;
    } else if (image) {
      await save({ image_url: url });
    }
  }
  return out;
}

/** A new article has no price row yet: one POST. Otherwise the typed setPrice (PUT, or POST when the row is missing). */
async function writePrice(session: FortnoxSession, p: FortnoxPrice, articleIsNew: boolean): Promise<void> {
  if (!articleIsNew) {
    await session.api.setPrice(p.PriceList, p.ArticleNumber, p.Price, p.FromQuantity);
    return;
  }
  try {
    await session.createPrice(p.PriceList, p.ArticleNumber, p.Price, p.FromQuantity);
  } catch (err) {
    if (!(isFortnoxError(err) && err.kind === 'data')) throw err;
    await session.api.setPrice(p.PriceList, p.ArticleNumber, p.Price, p.FromQuantity); // the row existed after all
  }
}

/** POST or PUT as the mapping says; falls back when Fortnox disagrees (deleted there, or created meanwhile). */
async function writeArticle(api: FortnoxApi, sku: string, known: boolean, create: ArticleInput, update: ArticleInput): Promise<boolean> {
  if (known) {
    try {
      await api.updateArticle(sku, update);
      return false;
    } catch (err) {
      if (!isNotFound(err)) throw err; // deleted in Fortnox: create it again
    }
    await api.createArticle(create);
    return true;
  }
  try {
    await api.createArticle(create);
    return true;
  } catch (err) {
    // Already there (an earlier attempt whose answer was lost, another run, created by hand): update it instead.
    if (!isFortnoxError(err) || err.kind !== 'data' || hasFortnoxCode(err, 2000166)) throw err;
    if (!(await api.getArticle(sku))) throw err;
  }
  const { ArticleNumber: _n, StockGoods: _s, ...fields } = create;
  await api.updateArticle(sku, fields);
  return false;
}

async function saveRow(db: Db, shopId: string, sku: string, productId: string, set: Partial<Omit<Row, 'sku'>>): Promise<void> {
  await db.insertInto('article_map')
    .values({
      shop_id: shopId, sku, product_id: productId, content_hash: set.content_hash ?? '', price_hash: set.price_hash ?? null,
      image_hash: set.image_hash ?? null, image_url: set.image_url ?? null, image_file_id: set.image_file_id ?? null,
      stock: set.stock ?? null,
    })
    .onConflict((oc) => oc.columns(['shop_id', 'sku']).doUpdateSet({ ...set, product_id: productId, updated_at: new Date() }))
    .execute();
}
