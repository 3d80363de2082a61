import { Kysely, sql } from 'kysely';

// Frozen once landed: add a new timestamp-named file instead of editing this one.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('shops')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('quickbutik_api_key_enc', 'text', (c) => c.notNull())
    .addColumn('webhook_secret_enc', 'text', (c) => c.notNull())
    .addColumn('support_key_hash', 'text', (c) => c.notNull())
    .addColumn('settings', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Fortnox connection per shop: tokens sealed with ENCRYPTION_KEY; tenant_id keys the shared rate budget.
  await db.schema
    .createTable('fortnox_connections')
    .addColumn('shop_id', 'text', (c) => c.primaryKey().references('shops.id').onDelete('cascade'))
    .addColumn('tenant_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // connected | reconnect_needed
    .addColumn('access_token_enc', 'text')
    .addColumn('refresh_token_enc', 'text')
    .addColumn('access_expires_at', 'timestamptz')
    .addColumn('scope', 'text')
    .addColumn('last_error', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('oauth_states')
    .addColumn('state', 'text', (c) => c.primaryKey())
    .addColumn('shop_id', 'text', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('used_at', 'timestamptz')
    .execute();

  // Sliding-window log of Fortnox requests per tenant, shared by every process.
  await db.schema
    .createTable('fortnox_requests')
    .addColumn('tenant_key', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('fortnox_requests_tenant_at').on('fortnox_requests').columns(['tenant_key', 'at']).execute();

  // Received webhooks: durable before we answer 200. Pending duplicates collapse onto one row.
  await db.schema
    .createTable('inbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('shop_id', 'text', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('webhook'))
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('deliveries', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('dispatched_at', 'timestamptz')
    .addColumn('dispatch_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_error', 'text')
    .addColumn('workflow_id', 'text')
    .execute();
  await sql`create unique index inbox_pending_unique on inbox (shop_id, event_type, entity_id) where dispatched_at is null`.execute(db);
  await sql`create index inbox_pending on inbox (next_attempt_at) where dispatched_at is null`.execute(db);

  await db.schema
    .createTable('sync_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('shop_id', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull()) // order | product | stock | connection | shop
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('workflow_id', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull()) // synced | needs_attention | skipped | failed | info
    .addColumn('error_code', 'text')
    .addColumn('fortnox_code', 'text')
    .addColumn('fortnox_message', 'text')
    .addColumn('message_sv', 'text')
    .addColumn('message_en', 'text')
    .addColumn('details', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('sync_log_shop_time').on('sync_log').columns(['shop_id', 'created_at']).execute();
  await db.schema.createIndex('sync_log_entity').on('sync_log').columns(['shop_id', 'entity_type', 'entity_id']).execute();

  // Mappings that make steady-state orders cost one Fortnox call.
  await db.schema
    .createTable('customer_map')
    .addColumn('shop_id', 'text', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('customer_key', 'text', (c) => c.notNull())
    .addColumn('customer_number', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('customer_map_pk', ['shop_id', 'customer_key'])
    .execute();

  await db.schema
    .createTable('article_map')
    .addColumn('shop_id', 'text', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('product_id', 'text')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('price_hash', 'text')
    .addColumn('image_hash', 'text')
    .addColumn('stock', 'integer')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('article_map_pk', ['shop_id', 'sku'])
    .execute();

  // One row per order: the intent is written before the Fortnox POST, the number after.
  await db.schema
    .createTable('order_documents')
    .addColumn('shop_id', 'text', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // creating | created | skipped
    .addColumn('document_type', 'text', (c) => c.notNull()) // invoice | order
    .addColumn('document_number', 'text')
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fortnox_total', 'numeric')
    .addColumn('quickbutik_total', 'numeric')
    .addColumn('booked', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('received_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('order_documents_pk', ['shop_id', 'order_id'])
    .execute();

  await db.schema
    .createTable('catchup_cursors')
    .addColumn('shop_id', 'text', (c) => c.primaryKey().references('shops.id').onDelete('cascade'))
    .addColumn('cursor', 'bigint', (c) => c.notNull()) // UNIX seconds, Quickbutik's from_status_date
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['catchup_cursors', 'order_documents', 'article_map', 'customer_map', 'sync_log', 'inbox',
    'fortnox_requests', 'oauth_states', 'fortnox_connections', 'shops']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
