/** What the simulator counts, per shop: API requests by endpoint and status, and webhook deliveries by outcome. */
export interface WebhookCounts {
  /** HTTP deliveries attempted (a duplicate counts twice). */
  sent: number;
  delivered: number;
  failed: number;
  dropped: number;
  duplicated: number;
  delayed: number;
  reordered: number;
}

export interface ShopCounters {
  /** `"GET /v1/orders" → {"200": 12, "404": 1}`. */
  requests: Record<string, Record<string, number>>;
  webhooks: WebhookCounts;
}

const emptyWebhooks = (): WebhookCounts => ({ sent: 0, delivered: 0, failed: 0, dropped: 0, duplicated: 0, delayed: 0, reordered: 0 });

export class Counters {
  private shops = new Map<string, ShopCounters>();
  /** Requests no shop could be named for (bad or missing credentials). */
  private unauthenticated: Record<string, Record<string, number>> = {};

  private shop(shopId: string): ShopCounters {
    let c = this.shops.get(shopId);
    if (!c) this.shops.set(shopId, (c = { requests: {}, webhooks: emptyWebhooks() }));
    return c;
  }

  request(shopId: string | null, endpoint: string, status: number): void {
    const table = shopId === null ? this.unauthenticated : this.shop(shopId).requests;
    const row = (table[endpoint] ??= {});
    row[String(status)] = (row[String(status)] ?? 0) + 1;
  }

  webhook(shopId: string, key: keyof WebhookCounts): void {
    this.shop(shopId).webhooks[key]++;
  }

  snapshot(): { shops: Record<string, ShopCounters>; unauthenticated: Record<string, Record<string, number>> } {
    return structuredClone({ shops: Object.fromEntries(this.shops), unauthenticated: this.unauthenticated });
  }

  reset(): void {
    this.shops.clear();
    this.unauthenticated = {};
  }
}
