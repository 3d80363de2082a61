// catchup_cursors: per shop, the Quickbutik status-change time up to which the catch-up poll has handed orders over.
import { sql } from 'kysely';
import type { Db } from '../db/connection';

export async function catchupCursor(db: Db, shopId: string): Promise<number | undefined> {
  const row = await db.selectFrom('catchup_cursors').select('cursor').where('shop_id', '=', shopId).executeTakeFirst();
  return row ? Number(row.cursor) : undefined;
}

/** Moves the cursor forward only (a slow, older run never moves it back). */
export async function advanceCatchupCursor(db: Db, shopId: string, cursor: number): Promise<void> {
  await db
    .insertInto('catchup_cursors')
    .values({ shop_id: shopId, cursor })
    .onConflict((oc) => oc.column('shop_id').doUpdateSet({ cursor: sql`greatest(catchup_cursors.cursor, excluded.cursor)`, updated_at: sql`now()` }))
    .execute();
}
