import { randomToken, safeEqual, sha256 } from '../crypto';
import type { Db } from '../db/connection';

/** How long a page session lives (absolute: a forgotten tab on a shared computer does not stay logged in). */
export const SESSION_HOURS = 12;

export interface WebSession {
  role: 'admin' | 'shop';
  /** null: an admin who has not chosen a shop yet. */
  shopId: string | null;
  csrfToken: string;
}

/**
 * Page sessions in PostgreSQL, so any API process serves any request. The browser holds the token; the table holds
 * its SHA-256 only.
 */
export function createWebSessions(db: Db) {
  return {
    async create(role: WebSession['role'], shopId: string | null): Promise<{ token: string; session: WebSession }> {
      const token = randomToken(32);
      const session = { role, shopId, csrfToken: randomToken(24) };
      // Expired sessions go on every login: the table stays as small as the number of people logged in.
      await db.deleteFrom('web_sessions').where('expires_at', '<', new Date()).execute();
      await db
        .insertInto('web_sessions')
        .values({
          token_hash: sha256(token), role, shop_id: shopId, csrf_token: session.csrfToken,
          expires_at: new Date(Date.now() + SESSION_HOURS * 3_600_000),
        })
        .execute();
      return { token, session };
    },

    async find(token: string): Promise<WebSession | undefined> {
      const row = await db
        .selectFrom('web_sessions')
        .select(['role', 'shop_id', 'csrf_token'])
        .where('token_hash', '=', sha256(token))
        .where('expires_at', '>', new Date())
        .executeTakeFirst();
      return row && { role: row.role, shopId: row.shop_id, csrfToken: row.csrf_token };
    },

    async chooseShop(token: string, shopId: string): Promise<void> {
      await db.updateTable('web_sessions').set({ shop_id: shopId }).where('token_hash', '=', sha256(token)).where('role', '=', 'admin').execute();
    },

    async destroy(token: string): Promise<void> {
      await db.deleteFrom('web_sessions').where('token_hash', '=', sha256(token)).execute();
    },
  };
}
export type WebSessions = ReturnType<typeof createWebSessions>;

/** The form's CSRF token against the session's, in constant time. */
export const csrfMatches = (session: WebSession, sent: unknown): boolean => typeof sent === 'string' && safeEqual(sent, session.csrfToken);
