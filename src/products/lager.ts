import type { FortnoxApi } from '../fortnox';

/**
 * Whether Fortnox Lager is active per shop, cached for a few minutes in this process: the product sync needs it only
 * to decide whether stock may be written on the article, and must not spend a Fortnox call on it per product. The
 * stock reconciliation reads it fresh each run and refreshes the cache. A per-process optimisation only (every
 * process may ask Fortnox itself); a customer switching Lager on is seen within the TTL, and Fortnox refuses a stock
 * write meanwhile rather than corrupting anything.
 */
const TTL_MS = 10 * 60 * 1000;

export function createLagerCache(now: () => number = Date.now) {
  const cache = new Map<string, { at: number; active: boolean }>();
  return {
    async isActive(shopId: string, api: FortnoxApi, fresh = false): Promise<boolean> {
      const hit = cache.get(shopId);
      if (hit && !fresh && now() - hit.at < TTL_MS) return hit.active;
      const active = await api.warehouseActive();
      cache.set(shopId, { at: now(), active });
      return active;
    },
    forget(shopId: string) {
      cache.delete(shopId);
    },
  };
}
export type LagerCache = ReturnType<typeof createLagerCache>;
