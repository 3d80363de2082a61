import { Kysely, sql } from 'kysely';

// What the order sync needs to know of a Quickbutik product (its VAT rate; Quickbutik order rows carry none),
// cached so a steady-state order costs no product look-up. Refreshed by product webhooks and when stale.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('product_facts')
    .addColumn('shop_id', 'text', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('tax_rate', 'numeric')
    .addColumn('skus', sql`text[]`, (c) => c.notNull())
    .addColumn('fetched_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('product_facts_pk', ['shop_id', 'product_id'])
    .execute();
  await db.schema.alterTable('order_documents').addColumn('posted_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('order_documents').dropColumn('posted_at').execute();
  await db.schema.dropTable('product_facts').execute();
}
