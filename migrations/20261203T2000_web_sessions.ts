import { Kysely, sql } from 'kysely';

// Sessions of the merchant page (GET /app). Frozen once landed.
// The browser holds a random token; only its SHA-256 is stored, so a copy of this table logs nobody in. Any API
// process can serve any request: the session lives here, not in a process. `shop_id` is null for an admin who has
// not chosen a shop yet; the CSRF token is per session (synchronizer token on every form).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('web_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'shop')`))
    .addColumn('shop_id', 'text', (c) => c.references('shops.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('web_sessions_expires').on('web_sessions').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('web_sessions').ifExists().execute();
}
