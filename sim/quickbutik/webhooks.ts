import type { Counters } from './counters';
import type { FaultRegistry } from './faults';
import type { ShopState, WebhookEvent } from './model';
import type { Tracker } from './tracker';

export const WEBHOOK_USER_AGENT = 'Quickbutik-Webhooks/1.0';
/** A receiver must answer within 10 s. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** The complete event list (reference, Webhooks). */
export const WEBHOOK_EVENTS: readonly WebhookEvent[] = ['order.new', 'order.done', 'order.cancelled', 'product.add', 'product.update', 'product.delete'];
const MAX_LOG_PER_SHOP = 20_000;

export type DeliveryOutcome = 'pending' | 'delivered' | 'failed' | 'dropped' | 'no_url';

/** One line per HTTP delivery (a duplicate makes two), or per webhook that never left (dropped, no URL). */
export interface WebhookLogEntry {
  seq: number;
  shopId: string;
  event: WebhookEvent;
  idParam: 'order_id' | 'product_id';
  id: string;
  url: string | null;
  outcome: DeliveryOutcome;
  status: number | null;
  error: string | null;
  duplicate: boolean;
  /** Extra wait a delay or reorder fault imposed. */
  heldMs: number;
  queuedAt: string;
  sentAt: string | null;
  durationMs: number | null;
}


/**
 * Delivers webhooks like Quickbutik: an HTTP GET to the shop's URL (its own query, e.g. `?token=`, kept) plus
 * `event_type` and `order_id`/`product_id`, a 10 s timeout, no retries. Always asynchronous: emit() returns at once.
 */
export class WebhookDispatcher {
  private logs = new Map<string, WebhookLogEntry[]>();
  private seq = 0;
  /** Per shop: deliveries a reorder fault holds back, flushed newest first. */
  private reorderBuffers = new Map<string, (() => Promise<void>)[]>();

  constructor(
    private readonly deps: { faults: FaultRegistry; counters: Counters; tracker: Tracker; timeoutMs: number; now: () => number },
  ) {}

  emit(shop: ShopState, event: WebhookEvent, id: number): void {
    const idParam = event.startsWith('order.') ? 'order_id' : 'product_id';
    const base = { shopId: shop.id, event, idParam, id: String(id) } as const;
    if (!shop.webhookUrl) {
      this.record({ ...base, url: null, outcome: 'no_url' });
      return;
    }
    const url = new URL(shop.webhookUrl);
    url.searchParams.set('event_type', event);
    url.searchParams.set(idParam, String(id));

    if (this.deps.faults.roll(shop.id, 'dropWebhooks')) {
      this.deps.counters.webhook(shop.id, 'dropped');
      this.record({ ...base, url: url.toString(), outcome: 'dropped' });
      return;
    }
    const duplicate = this.deps.faults.roll(shop.id, 'duplicateWebhooks') !== null;
    if (duplicate) this.deps.counters.webhook(shop.id, 'duplicated');
    const first = this.record({ ...base, url: url.toString(), outcome: 'pending' });
    const second = duplicate ? this.record({ ...base, url: url.toString(), outcome: 'pending', duplicate: true }) : null;
    const release = this.deps.tracker.hold();
    // The copy follows the original once that has been answered, like a sender that retried a delivery it thought lost.
    const deliverAll = async () => {
      try {
        await this.send(first);
        if (second) await this.send(second);
      } finally {
        release();
      }
    };

    const delay = this.deps.faults.roll(shop.id, 'delayWebhooks');
    const reorder = this.deps.faults.roll(shop.id, 'reorderWebhooks');
    const held = reorder ?? delay;
    for (const entry of [first, second]) if (entry && held) entry.heldMs = held.delayMs;
    if (reorder) {
      this.deps.counters.webhook(shop.id, 'reordered');
      this.holdForReorder(shop.id, reorder.delayMs, deliverAll);
    } else if (delay) {
      this.deps.counters.webhook(shop.id, 'delayed');
      this.deps.tracker.later(delay.delayMs, deliverAll);
    } else {
      setImmediate(() => void deliverAll());
    }
  }

  /** Holds a delivery in the shop's reorder buffer; the buffer is flushed newest first `ms` after it opened. */
  private holdForReorder(shopId: string, ms: number, deliver: () => Promise<void>): void {
    const buffer = this.reorderBuffers.get(shopId);
    if (buffer) {
      buffer.push(deliver);
      return;
    }
    this.reorderBuffers.set(shopId, [deliver]);
    this.deps.tracker.later(ms, async () => {
      const held = this.reorderBuffers.get(shopId) ?? [];
      this.reorderBuffers.delete(shopId);
      // One after the other, newest first: the order of arrival is the reverse of the order of the events.
      for (const next of held.reverse()) await next();
    });
  }

  private async send(entry: WebhookLogEntry): Promise<void> {
    const started = this.deps.now();
    entry.sentAt = new Date(started).toISOString();
    this.deps.counters.webhook(entry.shopId, 'sent');
    try {
      const res = await fetch(entry.url!, {
        method: 'GET',
        headers: { 'User-Agent': WEBHOOK_USER_AGENT, Accept: '*/*' },
        signal: AbortSignal.timeout(this.deps.timeoutMs),
        redirect: 'manual',
      });
      await res.arrayBuffer().catch(() => undefined);
      entry.status = res.status;
      entry.outcome = res.ok ? 'delivered' : 'failed';
    } catch (err) {
      entry.outcome = 'failed';
      const e = err as { name?: string; message?: string; cause?: { code?: string } };
      entry.error = e?.name === 'TimeoutError' ? 'timeout' : (e?.cause?.code ?? e?.message ?? String(err));
    }
    entry.durationMs = this.deps.now() - started;
    this.deps.counters.webhook(entry.shopId, entry.outcome === 'delivered' ? 'delivered' : 'failed');
  }

  private record(
    fields: Pick<WebhookLogEntry, 'shopId' | 'event' | 'idParam' | 'id' | 'url' | 'outcome'> & { duplicate?: boolean },
  ): WebhookLogEntry {
    const entry: WebhookLogEntry = {
      seq: ++this.seq,
      status: null,
      error: null,
      duplicate: false,
      heldMs: 0,
      queuedAt: new Date(this.deps.now()).toISOString(),
      sentAt: null,
      durationMs: null,
      ...fields,
    };
    let log = this.logs.get(entry.shopId);
    if (!log) this.logs.set(entry.shopId, (log = []));
    log.push(entry);
    if (log.length > MAX_LOG_PER_SHOP) log.splice(0, log.length - MAX_LOG_PER_SHOP);
    return entry;
  }

  log(shopId: string): WebhookLogEntry[] {
    return (this.logs.get(shopId) ?? []).map((e) => ({ ...e }));
  }

  clearLog(shopId?: string): void {
    if (shopId === undefined) this.logs.clear();
    else this.logs.delete(shopId);
  }
}
