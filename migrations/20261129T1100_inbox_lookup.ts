import { Kysely, sql } from 'kysely';

// Frozen once landed. Lookups the inbox needs beyond the pending index:
// - every row of one entity, dispatched or not (the catch-up poll skips orders the inbox already handed over);
// - dispatched rows by age (the retention cleanup).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists inbox_entity on inbox (shop_id, event_type, entity_id)`.execute(db);
  await sql`create index if not exists inbox_dispatched_at on inbox (dispatched_at) where dispatched_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists inbox_dispatched_at`.execute(db);
  await sql`drop index if exists inbox_entity`.execute(db);
}
