import { Kysely, sql } from 'kysely';

// Frozen once landed. The OAuth state remembers the hash of a one-time cookie given to the browser that started the
// connect flow, so only that browser can finish it. Null for states issued without a browser (scripts, tests).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table oauth_states add column if not exists browser_hash text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table oauth_states drop column if exists browser_hash`.execute(db);
}
