// Stock reconciliation I/O, one page at a time.
//
// A run first reads Fortnox's article register into fortnox_stock (500 articles per call, tagged with the run's id),
// then pages through Quickbutik's catalog and compares each page with it: only quantities that differ are written,
// in batches. article_map.stock keeps the quantity both systems last agreed on, which the product sync uses to tell
// a real stock change from an unchanged one.
import { sql } from 'kysely';
import type { Db } from '../db/connection';
import { isFortnoxError, type FortnoxApi } from '../fortnox';
import type { QuickbutikApi } from '../quickbutik/client';
import type { QbProduct } from '../quickbutik/types';
import { rememberProducts } from '../repositories/product-facts';

/** pull: Fortnox → Quickbutik (stockMaster fortnox); push: Quickbutik → Fortnox (stockMaster quickbutik, Lager off). */
export type StockAction = 'pull' | 'push';

export interface StockItem {
  sku: string;
  productId: string;
  stock: number;
}

/** The stock-keeping units of a product: each variant, or the product itself (a bundle: only its own stock). */
export function stockItems(p: QbProduct): StockItem[] {
  if (p.variants.length > 0) {
    return p.variants.filter((v) => v.sku && v.stock !== null).map((v) => ({ sku: v.sku!, productId: p.id, stock: v.stock! }));
  }
  return p.sku && p.stock !== null ? [{ sku: p.sku, productId: p.id, stock: p.stock }] : [];
}

/** Skus are unique in a sane shop; a duplicate would make one batched write touch a row twice. */
const uniqueBySku = <T extends { sku: string }>(items: T[]): T[] => [...new Map(items.map((i) => [i.sku, i] as const)).values()];

export const FORTNOX_PAGE = 500;

/** One page of Fortnox's article register → fortnox_stock. With Lager on only existence is kept (quantity null). */
export async function readFortnoxStockPage(db: Db, api: FortnoxApi, input: { shopId: string; runId: string; lager: boolean; page: number }) {
  const res = await api.listArticles({ page: input.page, limit: FORTNOX_PAGE });
  const rows = uniqueBySku(res.items
    .filter((a) => a.ArticleNumber)
    .map((a) => ({ ...a, sku: String(a.ArticleNumber) })))
    .map((a) => ({ shop_id: input.shopId, sku: a.sku, quantity: input.lager ? null : Number(a.QuantityInStock ?? 0), run_id: input.runId, read_at: new Date() }));
  if (rows.length) {
    await db.insertInto('fortnox_stock').values(rows)
      .onConflict((oc) => oc.columns(['shop_id', 'sku']).doUpdateSet((eb) => ({
        quantity: eb.ref('excluded.quantity'), run_id: eb.ref('excluded.run_id'), read_at: eb.ref('excluded.read_at'),
      })))
      .execute();
  }
  return { articles: rows.length, totalPages: res.totalPages };
}

export interface StockPageResult {
  products: number;
  /** Stock-keeping units compared (present on both sides). */
  checked: number;
  written: number;
  failed: { sku: string; error: string }[];
  /** Quickbutik skus without a Fortnox article (the product sync creates them). */
  missing: number;
}

/** Compares one page of Quickbutik's catalog with Fortnox and writes the differences in the master's direction. */
export async function reconcileStockPage(
  db: Db, fx: FortnoxApi, qb: QuickbutikApi,
  input: { shopId: string; runId: string; action: StockAction; lager: boolean; offset: number; limit: number },
): Promise<StockPageResult> {
  const products = await qb.listProducts({ offset: input.offset, limit: input.limit });
  const result: StockPageResult = { products: products.length, checked: 0, written: 0, failed: [], missing: 0 };
  if (products.length === 0) return result;
  await rememberProducts(db, input.shopId, products);
  const items = uniqueBySku(products.flatMap(stockItems));
  if (items.length === 0) return result;

  const fortnox = await fortnoxQuantities(db, fx, input, items.map((i) => i.sku));
  const agreed: StockItem[] = [];
  const due: StockItem[] = []; // with the master's quantity
  for (const item of items) {
    const fq = fortnox.get(item.sku);
    if (fq === undefined) {
      result.missing += 1;
      continue;
    }
    result.checked += 1;
    // Quickbutik counts whole pieces; a fractional Fortnox quantity is rounded down so the shop never oversells.
    const master = input.action === 'pull' ? Math.floor(fq) : item.stock;
    const other = input.action === 'pull' ? item.stock : fq;
    (master === other ? agreed : due).push({ ...item, stock: master });
  }

  const failed = new Set<string>();
  if (due.length && input.action === 'pull') {
    const res = await qb.updateStock(due.map(({ sku, stock }) => ({ sku, stock })));
    for (const f of res.failed) {
      failed.add(f.key);
      result.failed.push({ sku: f.key, error: f.error });
    }
  } else {
    for (const item of due) {
      try {
        await fx.updateArticle(item.sku, { QuantityInStock: item.stock });
      } catch (err) {
        if (!(isFortnoxError(err) && err.kind === 'data')) throw err; // retryable / reconnect: the activity's business
        failed.add(item.sku);
        result.failed.push({ sku: item.sku, error: err.fortnoxMessage });
      }
    }
  }
  result.written = due.length - failed.size;
  await rememberStock(db, input.shopId, [...agreed, ...due.filter((i) => !failed.has(i.sku))]);
  return result;
}

/** Fortnox's quantity per sku that exists there: the warehouse balance with Lager on, the article register without. */
async function fortnoxQuantities(db: Db, fx: FortnoxApi, input: { shopId: string; runId: string; lager: boolean }, skus: string[]) {
  const rows = await db.selectFrom('fortnox_stock').select(['sku', 'quantity'])
    .where('shop_id', '=', input.shopId).where('run_id', '=', input.runId).where('sku', 'in', skus).execute();
  const out = new Map<string, number>();
  if (!input.lager) {
    for (const r of rows) out.set(r.sku, Number(r.quantity ?? 0));
    return out;
  }
  if (rows.length === 0) return out;
  for (const r of rows) out.set(r.sku, 0); // the warehouse leaves out articles it never saw: 0 in stock
  // Sellable stock across stock points: availableStock leaves out what Fortnox orders have reserved.
  for (const b of await fx.getStockBalance(rows.map((r) => r.sku))) {
    if (out.has(b.itemId)) out.set(b.itemId, out.get(b.itemId)! + Number(b.availableStock ?? b.inStock ?? 0));
  }
  return out;
}

/** article_map.stock ← the agreed quantity (a row is created for articles the product sync has not sent yet). */
async function rememberStock(db: Db, shopId: string, items: StockItem[]): Promise<void> {
  if (items.length === 0) return;
  await db.insertInto('article_map')
    .values(items.map((i) => ({ shop_id: shopId, sku: i.sku, product_id: i.productId, content_hash: '', price_hash: null, image_hash: null, stock: i.stock })))
    .onConflict((oc) => oc.columns(['shop_id', 'sku'])
      .doUpdateSet((eb) => ({ stock: eb.ref('excluded.stock'), updated_at: new Date() }))
      .where(sql<boolean>`article_map.stock is distinct from excluded.stock`))
    .execute();
}

/** Drops what earlier runs read (articles deleted in Fortnox since). */
export async function forgetOtherRuns(db: Db, shopId: string, runId: string): Promise<void> {
  await db.deleteFrom('fortnox_stock').where('shop_id', '=', shopId).where('run_id', '<>', runId).execute();
}
