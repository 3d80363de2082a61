import type { FortnoxApi } from '../fortnox';

/**
 * The Fortnox company's registers the mapping needs (predefined accounts, currencies), cached per shop for a few
 * minutes so a steady-state order costs no extra Fortnox call. A per-process optimisation only: every process may
 * read them itself; `fresh` bypasses the cache (an operator's retry after fixing Fortnox).
 */
export interface CompanyRegisters {
  predefinedAccounts: Record<string, number>;
  currencies: string[];
}

const TTL_MS = 10 * 60 * 1000;

export function createRegistryCache(now: () => number = Date.now) {
  const cache = new Map<string, { at: number; value: Promise<CompanyRegisters> }>();
  return {
    get(shopId: string, api: FortnoxApi, fresh = false): Promise<CompanyRegisters> {
      const hit = cache.get(shopId);
      if (hit && !fresh && now() - hit.at < TTL_MS) return hit.value;
      const value = Promise.all([api.getPredefinedAccounts(), api.getCurrencies()]).then(([predefinedAccounts, currencies]) => ({
        predefinedAccounts,
        currencies: currencies.map((c) => String(c.Code).toUpperCase()),
      }));
      cache.set(shopId, { at: now(), value });
      value.catch(() => cache.delete(shopId));
      return value;
    },
    forget(shopId: string) {
      cache.delete(shopId);
    },
  };
}
export type RegistryCache = ReturnType<typeof createRegistryCache>;
