// One Fortnox company per shop, one shop per company. Customer numbers and article mappings belong to a company: a
// company already connected elsewhere is refused, and a shop that moves to another company starts its mappings over.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database';

/** The company is connected to another shop; disconnect it there first. */
export class CompanyTakenError extends Error {
  override readonly name = 'CompanyTakenError';
  constructor(readonly tenantId: string) {
    super(`Fortnox company ${tenantId} is already connected to another shop`);
  }
}

export interface CompanyBinding {
  /** The company the shop was connected to before, when it is another one. */
  previousTenantId: string | null;
  /** Mappings dropped because they pointed into the previous company. */
  cleared: { customers: number; articles: number };
}

/**
 * Inside the transaction that stores the connection: serialises connects of the same company (advisory lock), refuses
 * a company bound to another shop, and clears the shop's customer and article mappings when its company changes.
 */
export async function bindCompany(trx: Transaction<Database>, shopId: string, tenantId: string): Promise<CompanyBinding> {
  await sql`select pg_advisory_xact_lock(hashtext(${`fortnox-company:${tenantId}`}))`.execute(trx);
  const other = await trx.selectFrom('fortnox_connections').select('shop_id')
    .where('tenant_id', '=', tenantId).where('shop_id', '<>', shopId).executeTakeFirst();
  if (other) throw new CompanyTakenError(tenantId);
  const current = await trx.selectFrom('fortnox_connections').select('tenant_id').where('shop_id', '=', shopId).forUpdate().executeTakeFirst();
  if (!current?.tenant_id || current.tenant_id === tenantId) return { previousTenantId: null, cleared: { customers: 0, articles: 0 } };
  const customers = await trx.deleteFrom('customer_map').where('shop_id', '=', shopId).executeTakeFirst();
  const articles = await trx.deleteFrom('article_map').where('shop_id', '=', shopId).executeTakeFirst();
  return {
    previousTenantId: current.tenant_id,
    cleared: { customers: Number(customers.numDeletedRows), articles: Number(articles.numDeletedRows) },
  };
}
