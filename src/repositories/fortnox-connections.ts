// fortnox_connections as the rest of the service reads it: the status, never the tokens (those are read and
// rotated only by the Fortnox client's token store, src/fortnox/tokens.ts).
import type { Db } from '../db/connection';

export type ConnectionState = 'connected' | 'reconnect_needed' | 'not_connected';

/** The shop's Fortnox connection as support sees it. */
export async function connectionStatus(db: Db, shopId: string) {
  const row = await db
    .selectFrom('fortnox_connections')
    .select(['status', 'tenant_id', 'last_error', 'updated_at', 'scope'])
    .where('shop_id', '=', shopId)
    .executeTakeFirst();
  if (!row) return { status: 'not_connected' as ConnectionState, tenantId: null, lastError: null, updatedAt: null, scope: null };
  return {
    status: row.status as ConnectionState,
    tenantId: row.tenant_id,
    lastError: row.last_error,
    updatedAt: row.updated_at,
    scope: row.scope,
  };
}

export async function isConnected(db: Db, shopId: string): Promise<boolean> {
  const row = await db.selectFrom('fortnox_connections').select('status').where('shop_id', '=', shopId).executeTakeFirst();
  return row?.status === 'connected';
}

/** shop id → connection status, for every connected (or once connected) shop. */
export async function connectionStatuses(db: Db): Promise<Map<string, ConnectionState>> {
  const rows = await db.selectFrom('fortnox_connections').select(['shop_id', 'status']).execute();
  return new Map(rows.map((c) => [c.shop_id, c.status as ConnectionState]));
}
