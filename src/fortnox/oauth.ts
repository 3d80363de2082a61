import { sql } from 'kysely';
import type { Config } from '../config';
import { randomToken, type SecretBox } from '../crypto';
import type { Db } from '../db/connection';
import type { Logger } from '../logger';
import { bindCompany, type CompanyBinding } from './company-binding';
import { FortnoxError } from './errors';
import { companySettingsSchema, parseSingle } from './schemas';
import { requestToken, type FetchImpl } from './token-endpoint';
import type { RateLimiter } from './rate-limiter';
import type { Transport } from './transport';

/** Scopes the sync needs (reference: fortnox.md, "Scopes used here"); space-separated, case-sensitive. */
export const FORTNOX_SCOPES = [
  'customer', 'article', 'order', 'invoice', 'payment', 'costcenter', 'bookkeeping', 'settings',
  'companyinformation', 'price', 'currency', 'archive', 'connectfile', 'warehouse',
] as const;

export const OAUTH_STATE_TTL_MS = 15 * 60 * 1000;

export type OAuthStateProblem = 'unknown' | 'used' | 'expired' | 'other-browser';

/** The callback's `state` is not one we issued, was used already, or is too old: the merchant starts again. */
export class OAuthStateError extends Error {
  override readonly name = 'OAuthStateError';
  constructor(readonly problem: OAuthStateProblem) {
    super(`OAuth state ${{ unknown: 'is unknown', used: 'was already used', expired: 'has expired', 'other-browser': 'was issued to another browser' }[problem]}`);
  }
}

export interface OAuthDeps {
  db: Db;
  box: SecretBox;
  config: Pick<Config, 'FORTNOX_AUTH_URL' | 'FORTNOX_CLIENT_ID' | 'FORTNOX_CLIENT_SECRET' | 'PUBLIC_URL'>;
  transport: Transport;
  /** To charge the tenant's budget for the company-settings call once the tenant is known. */
  limiter: RateLimiter;
  logger?: Logger;
  fetchImpl?: FetchImpl;
  timeoutMs?: number;
}

export interface FortnoxOAuth {
  readonly redirectUri: string;
  /**
   * Stores a single-use state bound to the shop and returns the Fortnox authorize URL.
   * `extraParams` are appended as given (e.g. the simulator's `tenant`, or `account_type`).
   */
  buildAuthorizeUrl(shopId: string, extraParams?: Record<string, string>, browserHash?: string): Promise<string>;
  /**
   * Checks and spends the state (and, when it was issued to a browser, that the same browser's cookie hash came back),
   * exchanges the code, reads the tenant id and stores the connection (see bindCompany).
   */
  completeAuthorization(code: string, state: string, browserHash?: string): Promise<{ shopId: string; tenantId: string } & CompanyBinding>;
}

export function createFortnoxOAuth(deps: OAuthDeps): FortnoxOAuth {
  const { db, box, config } = deps;
  const redirectUri = `${config.PUBLIC_URL.replace(/\/+$/, '')}/fortnox/callback`;

  /** Marks the state used in one statement (two callbacks racing: one wins) and says why when it cannot. */
  async function spendState(state: string, browserHash: string | undefined): Promise<string> {
    const spent = await db
      .updateTable('oauth_states')
      .set({ used_at: sql`now()` })
      .where('state', '=', state)
      .where('used_at', 'is', null)
      .where((eb) => eb.or([eb('browser_hash', 'is', null), eb('browser_hash', '=', browserHash ?? '')]))
      .where('created_at', '>', sql<Date>`now() - ${OAUTH_STATE_TTL_MS}::double precision * interval '1 millisecond'`)
      .returning('shop_id')
      .executeTakeFirst();
    if (spent) return spent.shop_id;
    const row = await db.selectFrom('oauth_states').select(['used_at', 'browser_hash']).where('state', '=', state).executeTakeFirst();
    if (row && !row.used_at && row.browser_hash !== null && row.browser_hash !== browserHash) throw new OAuthStateError('other-browser');
    throw new OAuthStateError(!row ? 'unknown' : row.used_at ? 'used' : 'expired');
  }

  return {
    redirectUri,
    async buildAuthorizeUrl(shopId, extraParams = {}, browserHash) {
      const state = randomToken(24);
      await db.insertInto('oauth_states').values({ state, shop_id: shopId, created_at: new Date(), browser_hash: browserHash ?? null }).execute();
      // Old states are useless after the TTL; dropping them here keeps the table small without a job.
      await db.deleteFrom('oauth_states').where('created_at', '<', new Date(Date.now() - 24 * 3600_000)).execute();
      const url = new URL(`${config.FORTNOX_AUTH_URL.replace(/\/+$/, '')}/oauth-v1/auth`);
      const params: Record<string, string> = {
        client_id: config.FORTNOX_CLIENT_ID,
        redirect_uri: redirectUri,
        scope: FORTNOX_SCOPES.join(' '),
        state,
        access_type: 'offline',
        response_type: 'code',
        ...extraParams,
      };
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
      return url.toString();
    },

    async completeAuthorization(code, state, browserHash) {
      const shopId = await spendState(state, browserHash);
      const tokens = await requestToken(deps, { grant_type: 'authorization_code', code, redirect_uri: redirectUri });
      if (!tokens.refresh_token) {
        throw new FortnoxError({
          kind: 'reconnect', code: 'no_refresh_token', endpoint: 'POST /oauth-v1/token',
          message: 'authorization gave no refresh token (was access_type=offline lost?)',
        });
      }
      // The tenant is not known yet: budget this one call under the shop id.
      const { body } = await deps.transport.sendWithToken(shopId, tokens.access_token, { method: 'GET', path: '/3/settings/company' });
      let tenantId: string;
      try {
        tenantId = parseSingle(body, 'CompanySettings', companySettingsSchema).DatabaseNumber;
      } catch (err) {
        throw new FortnoxError({
          kind: 'data', code: 'unexpected_response', endpoint: 'GET /3/settings/company', cause: err,
          message: `no DatabaseNumber in company settings: ${(err as Error).message}`,
        });
      }
      // That call counted at Fortnox for the tenant: book it there too, or the tenant's next burst overshoots by one.
      await (await deps.limiter.acquire(tenantId)).release();
      const values = {
        tenant_id: tenantId,
        status: 'connected' as const,
        access_token_enc: box.seal(tokens.access_token),
        refresh_token_enc: box.seal(tokens.refresh_token),
        access_expires_at: new Date(Date.now() + (tokens.expires_in ?? 3600) * 1000),
        scope: tokens.scope ?? null,
        last_error: null,
        updated_at: new Date(),
      };
      const binding = await db.transaction().execute(async (trx) => {
        const bound = await bindCompany(trx, shopId, tenantId);
        await trx
          .insertInto('fortnox_connections')
          .values({ shop_id: shopId, ...values })
          .onConflict((oc) => oc.column('shop_id').doUpdateSet(values))
          .execute();
        return bound;
      });
      deps.logger?.info({ shopId, tenantId }, 'fortnox connected');
      return { shopId, tenantId, ...binding };
    },
  };
}
