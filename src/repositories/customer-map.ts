// customer_map: which Fortnox customer card a Quickbutik customer (by customer key) maps to, and the hash of what
// was last sent, so an unchanged customer costs no Fortnox call.
import type { Db } from '../db/connection';

export const findCustomer = (db: Db, shopId: string, key: string) =>
  db.selectFrom('customer_map').selectAll().where('shop_id', '=', shopId).where('customer_key', '=', key).executeTakeFirst();

export async function rememberCustomer(db: Db, shopId: string, key: string, customerNumber: string, hash: string): Promise<void> {
  await db
    .insertInto('customer_map')
    .values({ shop_id: shopId, customer_key: key, customer_number: customerNumber, content_hash: hash })
    .onConflict((oc) => oc.columns(['shop_id', 'customer_key']).doUpdateSet({ customer_number: customerNumber, content_hash: hash, updated_at: new Date() }))
    .execute();
}

export async function forgetCustomer(db: Db, shopId: string, key: string): Promise<void> {
  await db.deleteFrom('customer_map').where('shop_id', '=', shopId).where('customer_key', '=', key).execute();
}
