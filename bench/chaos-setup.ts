// The chaos shops, set up the way a merchant does it: our API first (it answers with the webhook URL), then the
// Quickbutik shop pointing at it, then Fortnox connected through the real OAuth redirects (one Fortnox company per
// shop, so each has its own 25-per-5-s budget). Their settings differ so that several paths of the order sync run.
import type { Stack } from '../scripts/lib/stack';
import type { ShopSettingsInput } from '../src/domain/settings';
import { ADMIN_KEY, post } from './chaos-timeline';

export interface ChaosShop {
  id: string;
  tenantId: string;
  settings: ShopSettingsInput;
  /** What the settings exercise, for the summary. */
  profile: string;
}

/** The catch-up poll every minute (the minimum): the floor under how soon a dropped webhook's order is found. */
const base = { catchupIntervalMinutes: 1, stockMaster: 'none' } as const;

// Every shop syncs the order's articles first (a Fortnox company without the shop's articles would park every order
// with ARTICLE_NOT_FOUND — a configuration problem, not what this run is about).
const PROFILES: Array<{ profile: string; settings: ShopSettingsInput }> = [
  { profile: 'invoice', settings: { ...base, documentType: 'invoice', syncOrderArticles: true, bookkeep: false } },
  { profile: 'invoice + bookkeep', settings: { ...base, documentType: 'invoice', syncOrderArticles: true, bookkeep: true } },
  { profile: 'Fortnox order', settings: { ...base, documentType: 'order', syncOrderArticles: true, bookkeep: false } },
  { profile: 'invoice, cost center WEBB', settings: { ...base, documentType: 'invoice', syncOrderArticles: true, bookkeep: false, costCenter: 'WEBB' } },
  { profile: 'invoice + bookkeep', settings: { ...base, documentType: 'invoice', syncOrderArticles: true, bookkeep: true } },
];

export function chaosShops(count: number): ChaosShop[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `chaos-${i + 1}`,
    tenantId: `chaos-company-${i + 1}`,
    ...PROFILES[i % PROFILES.length]!,
  }));
}

export async function setUpShop(stack: Stack, shop: ChaosShop, seed: number): Promise<void> {
  const apiKey = `${shop.id}-qb-key`;
  const created = await post(`${stack.apiUrl}/shops`, { id: shop.id, name: `Kaosbutiken ${shop.id} AB`, quickbutikApiKey: apiKey, settings: shop.settings });
  if (created.warnings?.length) throw new Error(`shop ${shop.id}: ${created.warnings.join(' ')}`);
  await post(`${stack.quickbutikUrl}/__sim/shops`, { shopId: shop.id, apiKey, webhookUrl: created.webhookUrl });
  await post(`${stack.quickbutikUrl}/__sim/shops/${shop.id}/seed`, { seed, products: 30, customers: 150, orders: 0 });

  // "Connect Fortnox": our API → Fortnox authorize (the simulator approves at once) → our callback.
  const toFortnox = await fetch(`${stack.apiUrl}/shops/${shop.id}/fortnox/connect?tenant=${shop.tenantId}`, {
    headers: { authorization: `Bearer ${ADMIN_KEY}` }, redirect: 'manual',
  });
  const approved = await fetch(toFortnox.headers.get('location')!, { redirect: 'manual' });
  const callback = await fetch(approved.headers.get('location')!, { headers: { accept: 'application/json', cookie: toFortnox.headers.get('set-cookie')!.split(';')[0]! } });
  if (callback.status !== 200) throw new Error(`shop ${shop.id}: Fortnox connect failed: ${callback.status} ${await callback.text()}`);
}

/** Pays `count` new orders through the Quickbutik API path (each fires order.new), spread evenly over `spreadMs`. */
export async function placeOrders(stack: Stack, shop: ChaosShop, count: number, seed: number, spreadMs: number): Promise<string[]> {
  const { orderIds } = await post<{ orderIds: Array<string | number> }>(`${stack.quickbutikUrl}/__sim/shops/${shop.id}/orders`, {
    count, seed, pay: true, spreadMs,
  });
  return orderIds.map(String);
}
