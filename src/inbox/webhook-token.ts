// The webhook token check with a short in-memory cache of each shop's (decrypted) secret, so the hot path is one
// INSERT. A rotated secret takes effect within `ttlMs` for the old token, and at once for the new one (a mismatch
// against an entry older than `recheckMs` re-reads the row).
import type { SecretBox } from '../crypto';
import { safeEqual } from '../crypto';
import type { Db } from '../db/connection';

export type TokenCheck = 'unknown-shop' | 'bad-token' | 'ok';

interface Entry {
  secret: string | null; // null: no such shop (cached too, briefly, so unknown-shop floods do not hit the database)
  at: number;
}

export function createWebhookTokenCheck(db: Db, box: SecretBox, opts: { ttlMs?: number; recheckMs?: number; maxEntries?: number } = {}) {
  const ttlMs = opts.ttlMs ?? 5_000;
  const recheckMs = opts.recheckMs ?? 1_000;
  const maxEntries = opts.maxEntries ?? 10_000;
  const cache = new Map<string, Entry>();
  const loading = new Map<string, Promise<Entry>>();

  function load(shopId: string): Promise<Entry> {
    let p = loading.get(shopId);
    if (!p) {
      p = db
        .selectFrom('shops')
        .select('webhook_secret_enc')
        .where('id', '=', shopId)
        .executeTakeFirst()
        .then((row) => {
          const entry = { secret: row ? box.open(row.webhook_secret_enc) : null, at: Date.now() };
          if (cache.size >= maxEntries) cache.clear();
          cache.set(shopId, entry);
          return entry;
        })
        .finally(() => loading.delete(shopId));
      loading.set(shopId, p);
    }
    return p;
  }

  const verdict = (e: Entry, token: string | undefined): TokenCheck =>
    e.secret === null ? 'unknown-shop' : token && safeEqual(token, e.secret) ? 'ok' : 'bad-token';

  return {
    async check(shopId: string, token: string | undefined): Promise<TokenCheck> {
      const now = Date.now();
      let entry = cache.get(shopId);
      if (!entry || now - entry.at > ttlMs) entry = await load(shopId);
      const result = verdict(entry, token);
      if (result === 'ok' || now - entry.at < recheckMs) return result;
      return verdict(await load(shopId), token); // maybe the secret (or the shop) is newer than our copy
    },
    /** Drops the cached secret (e.g. right after a rotation in this process). */
    forget(shopId?: string) {
      if (shopId === undefined) cache.clear();
      else cache.delete(shopId);
    },
  };
}
export type WebhookTokenCheck = ReturnType<typeof createWebhookTokenCheck>;
