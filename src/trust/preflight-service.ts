// Gathers what the preflight checks need — the connection from our database, the Fortnox company's registers (a
// handful of GETs within the tenant's shared rate budget), the currencies of the shop's recent orders — and runs the
// pure checks. Answers are cached per shop for a minute, keyed by the settings, so a page reload costs nothing.
import type { Db } from '../db/connection';
import { runPreflight, type CompanyFacts, type ConnectionFacts, type PreflightResult } from '../domain/preflight';
import type { ShopSettings } from '../domain/settings';
import type { FortnoxClient } from '../fortnox';
import type { QbOrderSummary } from '../quickbutik/order-summary';
import { companyReader } from './fortnox-company';

/** Fortnox refresh tokens die after 45 days unused (reference/fortnox.md). */
export const REFRESH_TOKEN_TTL_DAYS = 45;
const CACHE_MS = 60_000;
const DAY_MS = 86_400_000;

export interface PreflightServiceDeps {
  db: Db;
  fortnox: FortnoxClient;
  /** The shop's orders whose status changed since a UNIX time (for the currencies it sells in); omitted = SEK only. */
  recentOrders?: (shopId: string, sinceUnixSeconds: number) => Promise<QbOrderSummary[]>;
  now?: () => Date;
}

/** Today in Sweden (Fortnox dates are Swedish local dates). */
export const swedishDate = (d: Date): string => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });

export async function connectionFacts(db: Db, shopId: string, now: Date): Promise<ConnectionFacts> {
  const row = await db.selectFrom('fortnox_connections').select(['status', 'scope', 'refresh_token_enc', 'updated_at'])
    .where('shop_id', '=', shopId).executeTakeFirst();
  if (!row) return { status: 'not_connected', scopes: null, serviceAccount: false, refreshTokenDaysLeft: null };
  const hasRefresh = row.refresh_token_enc !== null;
  // Every token write stamps updated_at, so it is when the current refresh token was issued.
  const ageDays = (now.getTime() - new Date(row.updated_at).getTime()) / DAY_MS;
  return {
    status: row.status,
    scopes: row.scope ? row.scope.split(/\s+/).filter(Boolean) : null,
    serviceAccount: !hasRefresh,
    refreshTokenDaysLeft: hasRefresh ? Math.floor(REFRESH_TOKEN_TTL_DAYS - ageDays) : null,
  };
}

export function createPreflightService(deps: PreflightServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const cache = new Map<string, { at: number; key: string; value: Promise<PreflightResult> }>();

  async function companyFacts(shopId: string, settings: ShopSettings, today: string): Promise<CompanyFacts> {
    const api = deps.fortnox.forShop(shopId);
    const company = companyReader(deps.fortnox, shopId);
    const none = async () => [];
    const [accounts, predefinedAccounts, currencies, financialYears, lockedUntil, modes, costCenters, priceLists, ways] = await Promise.all([
      api.getAccounts(),
      api.getPredefinedAccounts(),
      api.getCurrencies(),
      company.financialYears(today),
      company.lockedUntil(),
      // Registers only read when a setting refers to them.
      Object.keys(settings.paymentMethods).length ? api.getModesOfPayment() : none(),
      settings.costCenter ? api.getCostCenters() : none(),
      settings.syncProducts ? api.getPriceLists() : none(),
      Object.keys(settings.wayOfDelivery).length ? api.getWaysOfDelivery() : none(),
    ]);
    return {
      accounts: accounts.map((a) => ({ number: a.Number, active: a.Active !== false, vatCode: a.VATCode })),
      predefinedAccounts,
      currencies: currencies.map((c) => String(c.Code)),
      financialYears,
      lockedUntil,
      modesOfPayment: modes.map((m) => ({ code: String(m.Code), accountNumber: m.AccountNumber })),
      costCenters: costCenters.map((c) => ({ code: String(c.Code), active: c.Active !== false })),
      priceLists: priceLists.map((p) => String(p.Code)),
      waysOfDelivery: ways.map((w) => String(w.Code)),
    };
  }

  async function sellingCurrencies(shopId: string, at: Date): Promise<string[]> {
    if (!deps.recentOrders) return ['SEK'];
    const since = Math.floor((at.getTime() - 30 * DAY_MS) / 1000);
    const orders = await deps.recentOrders(shopId, since).catch(() => []);
    return ['SEK', ...orders.map((o) => o.currency).filter((c): c is string => !!c)];
  }

  async function compute(shopId: string, settings: ShopSettings): Promise<PreflightResult> {
    const at = now();
    const today = swedishDate(at);
    const connection = await connectionFacts(deps.db, shopId, at);
    let company: CompanyFacts | null = null;
    if (connection.status === 'connected') company = await companyFacts(shopId, settings, today).catch(() => null);
    return runPreflight({ today, settings, connection, company, sellingCurrencies: await sellingCurrencies(shopId, at) });
  }

  return {
    /** The checks for this shop with these settings (cached a minute; `fresh` reads again). */
    run(shopId: string, settings: ShopSettings, fresh = false): Promise<PreflightResult> {
      const key = JSON.stringify(settings);
      const hit = cache.get(shopId);
      if (!fresh && hit && hit.key === key && now().getTime() - hit.at < CACHE_MS) return hit.value;
      const value = compute(shopId, settings);
      cache.set(shopId, { at: now().getTime(), key, value });
      value.catch(() => cache.delete(shopId));
      return value;
    },
  };
}
export type PreflightService = ReturnType<typeof createPreflightService>;
