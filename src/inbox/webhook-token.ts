// The webhook token check with a short in-memory cache of each shop's (decrypted) secret, so the hot path is one
// INSERT. A rotation or deletion in this process drops the entry at once (src/repositories/secret-events.ts); other processes
// accept the old token for at most `ttlMs` and re-read the row on a mismatch against an entry older than `recheckMs`.
// Unknown shop ids are cached apart, in a small bounded map: a flood of random ids cannot evict the real shops.
import type { SecretBox } from '../crypto';
import { safeEqual } from '../crypto';
import type { Db } from '../db/connection';
import { onWebhookSecretChanged } from '../repositories/secret-events';

export type TokenCheck = 'unknown-shop' | 'bad-token' | 'ok';

interface Entry {
  secret: string | null; // null: no such shop
  at: number;
}

/** A Map that forgets its oldest entry when full (insertion order; a re-set moves an entry to the end). */
function boundedSet(map: Map<string, Entry>, max: number, key: string, entry: Entry) {
  map.delete(key);
  if (map.size >= max) map.delete(map.keys().next().value!);
  map.set(key, entry);
}

export function createWebhookTokenCheck(
  db: Db, box: SecretBox, opts: { ttlMs?: number; recheckMs?: number; maxEntries?: number; maxUnknown?: number } = {},
) {
  const ttlMs = opts.ttlMs ?? 5_000;
  const recheckMs = opts.recheckMs ?? 1_000;
  const maxEntries = opts.maxEntries ?? 10_000;
  const maxUnknown = opts.maxUnknown ?? 1_000;
  const known = new Map<string, Entry>();
  const unknown = new Map<string, Entry>();
  const loading = new Map<string, Promise<Entry>>();
  const drop = (shopId: string) => {
    known.delete(shopId);
    unknown.delete(shopId);
  };
  onWebhookSecretChanged(drop);

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
          drop(shopId);
          if (entry.secret === null) boundedSet(unknown, maxUnknown, shopId, entry);
          else boundedSet(known, maxEntries, shopId, entry);
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
      let entry = known.get(shopId) ?? unknown.get(shopId);
      if (!entry || now - entry.at > ttlMs) entry = await load(shopId);
      const result = verdict(entry, token);
      if (result === 'ok' || now - entry.at < recheckMs) return result;
      return verdict(await load(shopId), token); // maybe the secret (or the shop) is newer than our copy
    },
    /** Drops the cached secret. */
    forget(shopId?: string) {
      if (shopId === undefined) {
        known.clear();
        unknown.clear();
      } else drop(shopId);
    },
    /** For tests: how many entries each cache holds. */
    sizes: () => ({ known: known.size, unknown: unknown.size }),
  };
}
export type WebhookTokenCheck = ReturnType<typeof createWebhookTokenCheck>;
