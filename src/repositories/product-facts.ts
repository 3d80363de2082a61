// product_facts: the VAT rate and skus of each Quickbutik product, cached for the order mapping.
import { sql } from 'kysely';
import type { Db } from '../db/connection';
import type { QbProduct } from '../quickbutik/types';

/** Facts younger than `ttl` (a PostgreSQL interval such as '1 day') of these products. */
export const freshProductFacts = (db: Db, shopId: string, productIds: string[], ttl: string) =>
  db
    .selectFrom('product_facts')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('product_id', 'in', productIds)
    .where('fetched_at', '>', sql<Date>`now() - ${ttl}::interval`)
    .execute();

export async function rememberProducts(db: Db, shopId: string, products: QbProduct[]): Promise<void> {
  for (const p of products) {
    const skus = [p.sku, ...p.variants.map((v) => v.sku)].filter((s): s is string => !!s);
    await db
      .insertInto('product_facts')
      .values({ shop_id: shopId, product_id: p.id, tax_rate: p.taxRate, skus, fetched_at: new Date() })
      .onConflict((oc) => oc.columns(['shop_id', 'product_id']).doUpdateSet({ tax_rate: p.taxRate, skus, fetched_at: new Date() }))
      .execute();
  }
}
