import { Kysely, sql } from 'kysely';

// The per-order after-sale ledger. Frozen once landed.
// - order_credits: each credit invoice (per refund id, the cancellation, an edit) or Fortnox-order adjustment, keyed by
//   its reference (`qb:<shop>:<order>:refund:<id>` …). Claimed before the POST (`state` creating, `posted_at` set),
//   the Fortnox number recorded after it; an attempt whose outcome is unknown searches Fortnox by the reference first.
// - order_payments: each invoice payment, the same way (`qb:<shop>:<order>:payment`).
// - order_documents.content_hash: the hash of what was sent for the original (edits after sync are detected by it).
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['order_credits', 'order_payments']) {
    let t = db.schema
      .createTable(table)
      .addColumn('shop_id', 'text', (c) => c.notNull().references('shops.id').onDelete('cascade'))
      .addColumn('order_id', 'text', (c) => c.notNull())
      .addColumn('reference', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull()) // creating | created | skipped
      .addColumn('amount', 'numeric', (c) => c.notNull()) // in the document's currency
      .addColumn('fortnox_number', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('posted_at', 'timestamptz') // a POST whose outcome is not known yet; null: none in doubt
      .addColumn('booked', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`));
    t = table === 'order_credits'
      ? t.addColumn('kind', 'text', (c) => c.notNull()) // refund | cancel | edit | order-adjustment
        .addColumn('linked', 'boolean', (c) => c.notNull().defaultTo(false)) // carries CreditInvoiceReference
        .addColumn('original_number', 'text', (c) => c.notNull())
      : t.addColumn('invoice_number', 'text', (c) => c.notNull())
        .addColumn('payment_date', 'text', (c) => c.notNull()) // YYYY-MM-DD
        .addColumn('mode_of_payment', 'text', (c) => c.notNull());
    await t.addPrimaryKeyConstraint(`${table}_pk`, ['shop_id', 'reference']).execute();
    await db.schema.createIndex(`${table}_order`).on(table).columns(['shop_id', 'order_id']).execute();
  }
  await db.schema.alterTable('order_documents').addColumn('content_hash', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('order_documents').dropColumn('content_hash').execute();
  await db.schema.dropTable('order_payments').ifExists().execute();
  await db.schema.dropTable('order_credits').ifExists().execute();
}
