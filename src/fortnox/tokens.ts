import type { Selectable } from 'kysely';
import type { SecretBox } from '../crypto';
import type { Db } from '../db/connection';
import type { FortnoxConnectionsTable } from '../db/database';
import type { Logger } from '../logger';
import { FortnoxError, hasFortnoxCode } from './errors';
import { requestToken, type TokenEndpointDeps } from './token-endpoint';

/**
 * Per-shop OAuth tokens, sealed at rest in `fortnox_connections`.
 *
 * Fortnox refresh tokens are single-use: two processes refreshing with the same token kill the connection
 * (`invalid_grant`). So a refresh runs inside a transaction holding the connection row (`select … for update`);
 * whoever gets the row second re-reads it and uses the tokens the first one stored. The rotated refresh token is
 * committed before the new access token is handed out.
 */
export interface ShopAccess {
  shopId: string;
  /** The rate-limit budget key: Fortnox's tenant (DatabaseNumber), or the shop id before it is known. */
  tenantKey: string;
  accessToken: string;
  /** The sealed access token as stored: identifies which token a 401 was for. */
  sealed: string;
}

export interface TokenStoreDeps extends TokenEndpointDeps {
  db: Db;
  box: SecretBox;
  logger?: Logger;
  /** Refresh when less than this is left of the access token (default 60 s). */
  refreshBeforeMs?: number;
}

export interface TokenStore {
  /** A usable access token; refreshes first when it expires within `refreshBeforeMs`. */
  getAccess(shopId: string): Promise<ShopAccess>;
  /**
   * Refreshes unless another process already replaced `staleSealed` with a fresh token (then returns that one).
   * Call with the sealed token that got a 401.
   */
  refresh(shopId: string, staleSealed: string | null): Promise<ShopAccess>;
  /** Refreshes done by this process (for tests and metrics). */
  readonly stats: { refreshes: number; reusedFromOtherProcess: number };
}

type ConnectionRow = Pick<
  Selectable<FortnoxConnectionsTable>,
  'shop_id' | 'tenant_id' | 'status' | 'access_token_enc' | 'refresh_token_enc' | 'access_expires_at' | 'last_error'
>;

const COLUMNS = ['shop_id', 'tenant_id', 'status', 'access_token_enc', 'refresh_token_enc', 'access_expires_at', 'last_error'] as const;

const notUsable = (shopId: string, code: string, message: string) =>
  new FortnoxError({ kind: 'reconnect', code, message: `shop ${shopId}: ${message}`, endpoint: 'tokens' });

export function createTokenStore(deps: TokenStoreDeps): TokenStore {
  const { db, box } = deps;
  const refreshBeforeMs = deps.refreshBeforeMs ?? 60_000;
  // Decrypting on every call is cheap but pointless: remember the last plain token per sealed value.
  const opened = new Map<string, { sealed: string; plain: string }>();
  const stats = { refreshes: 0, reusedFromOtherProcess: 0 };

  const open = (shopId: string, sealed: string): string => {
    const hit = opened.get(shopId);
    if (hit && hit.sealed === sealed) return hit.plain;
    const plain = box.open(sealed);
    opened.set(shopId, { sealed, plain });
    return plain;
  };

  const usable = (row: ConnectionRow): row is ConnectionRow & { access_token_enc: string } =>
    row.access_token_enc !== null &&
    row.access_expires_at !== null &&
    new Date(row.access_expires_at).getTime() - Date.now() > refreshBeforeMs;

  const access = (row: ConnectionRow & { access_token_enc: string }): ShopAccess => ({
    shopId: row.shop_id,
    tenantKey: row.tenant_id ?? row.shop_id,
    accessToken: open(row.shop_id, row.access_token_enc),
    sealed: row.access_token_enc,
  });

  function assertConnected(shopId: string, row: ConnectionRow | undefined): asserts row is ConnectionRow {
    if (!row) throw notUsable(shopId, 'not_connected', 'no Fortnox connection');
    if (row.status !== 'connected') {
      throw notUsable(shopId, 'reconnect_needed', `Fortnox connection needs a reconnect (${row.last_error ?? 'no detail'})`);
    }
  }

  async function refresh(shopId: string, staleSealed: string | null): Promise<ShopAccess> {
    type Outcome = { ok: ShopAccess } | { failed: FortnoxError };
    const outcome = await db.transaction().execute(async (trx): Promise<Outcome> => {
      const row = await trx.selectFrom('fortnox_connections').select(COLUMNS).where('shop_id', '=', shopId).forUpdate().executeTakeFirst();
      assertConnected(shopId, row);
      if (usable(row) && row.access_token_enc !== staleSealed) {
        stats.reusedFromOtherProcess++;
        return { ok: access(row) };
      }
      if (!row.refresh_token_enc) throw notUsable(shopId, 'no_refresh_token', 'no refresh token stored');
      let tokens;
      try {
        tokens = await requestToken(deps, { grant_type: 'refresh_token', refresh_token: box.open(row.refresh_token_enc) });
      } catch (err) {
        if (hasFortnoxCode(err, 'invalid_grant')) {
          // Dead refresh token: only the merchant can fix it. Record it (committed) and stop; never loop.
          await trx.updateTable('fortnox_connections')
            .set({ status: 'reconnect_needed', last_error: `invalid_grant: ${(err as FortnoxError).fortnoxMessage}`, updated_at: new Date() })
            .where('shop_id', '=', shopId).execute();
          return { failed: err as FortnoxError };
        }
        throw err;
      }
      const sealed = box.seal(tokens.access_token);
      const expiresAt = new Date(Date.now() + (tokens.expires_in ?? 3600) * 1000);
      await trx.updateTable('fortnox_connections')
        .set({
          access_token_enc: sealed,
          // Fortnox always rotates; keep the old one only if an answer ever lacks a new one.
          refresh_token_enc: tokens.refresh_token ? box.seal(tokens.refresh_token) : row.refresh_token_enc,
          access_expires_at: expiresAt,
          ...(tokens.scope ? { scope: tokens.scope } : {}),
          last_error: null,
          updated_at: new Date(),
        })
        .where('shop_id', '=', shopId).execute();
      stats.refreshes++;
      opened.set(shopId, { sealed, plain: tokens.access_token });
      return { ok: { shopId, tenantKey: row.tenant_id ?? shopId, accessToken: tokens.access_token, sealed } };
    });
    // Only here is the transaction committed: the new refresh token is durable before anyone uses the access token.
    if ('failed' in outcome) {
      const { failed } = outcome;
      deps.logger?.warn({ shopId, code: failed.code }, 'fortnox refresh token rejected; connection needs a reconnect');
      throw new FortnoxError({
        kind: 'reconnect', status: failed.status, code: 'invalid_grant', endpoint: failed.endpoint,
        message: `refresh token rejected (${failed.fortnoxMessage}); the shop must reconnect Fortnox`,
      });
    }
    deps.logger?.debug({ shopId }, 'fortnox access token ready after refresh');
    return outcome.ok;
  }

  return {
    stats,
    async getAccess(shopId) {
      const row = await db.selectFrom('fortnox_connections').select(COLUMNS).where('shop_id', '=', shopId).executeTakeFirst();
      assertConnected(shopId, row);
      if (usable(row)) return access(row);
      return refresh(shopId, row.access_token_enc);
    },
    refresh,
  };
}
