import { Kysely, sql } from 'kysely';

// Product and stock sync. Frozen once landed.
// - article_map.image_url / image_file_id: the image URL last checked (an unchanged URL is not downloaded again on
//   every webhook) and the Fortnox archive file connected to the article (disconnected when the image is replaced).
// - fortnox_stock: Fortnox's stock per article as read by one stock-reconciliation run (run_id), so the run can page
//   through Quickbutik's catalog and compare each page with it without holding thousands of articles in memory or in
//   workflow history.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('article_map').addColumn('image_url', 'text').addColumn('image_file_id', 'text').execute();
  await db.schema.createIndex('article_map_product').on('article_map').columns(['shop_id', 'product_id']).execute();

  await db.schema
    .createTable('fortnox_stock')
    .addColumn('shop_id', 'text', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('quantity', 'numeric') // null: the article exists, its stock is read from the warehouse (Lager)
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('read_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('fortnox_stock_pk', ['shop_id', 'sku'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('fortnox_stock').ifExists().execute();
  await db.schema.dropIndex('article_map_product').ifExists().execute();
  await db.schema.alterTable('article_map').dropColumn('image_file_id').dropColumn('image_url').execute();
}
