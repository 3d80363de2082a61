// The six Quickbutik webhook events and what each one needs; shared by the webhook route and the dispatcher.
import { z } from 'zod';

export const WEBHOOK_EVENTS = ['order.new', 'order.done', 'order.cancelled', 'product.add', 'product.update', 'product.delete'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const idParamOf = (event: WebhookEvent): 'order_id' | 'product_id' => (event.startsWith('order.') ? 'order_id' : 'product_id');

/** What the dispatcher does with a row of this event. */
export type EventAction = 'order-sync' | 'product-sync' | 'record-only';
export const actionOf = (event: string): EventAction =>
  event === 'order.new' ? 'order-sync' : event === 'product.add' || event === 'product.update' ? 'product-sync' : 'record-only';

const ID = /^[1-9]\d{0,17}$/;

const eventType = z.enum(WEBHOOK_EVENTS, {
  error: (i) =>
    i.input === undefined || i.input === ''
      ? `event_type is missing: send one of ${WEBHOOK_EVENTS.join(', ')}`
      : `unknown event_type ${JSON.stringify(i.input)}: send one of ${WEBHOOK_EVENTS.join(', ')}`,
});

export type ParsedWebhook = { ok: true; event: WebhookEvent; entityId: string } | { ok: false; message: string };

const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);
const asText = (v: unknown): string | undefined =>
  typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;

/** Validates `event_type` and the id it needs (`order_id` for order events, `product_id` for product events). */
export function parseWebhookFields(fields: Record<string, unknown>): ParsedWebhook {
  const ev = eventType.safeParse(asText(first(fields.event_type)));
  if (!ev.success) return { ok: false, message: ev.error.issues[0]?.message ?? 'invalid event_type' };
  const param = idParamOf(ev.data);
  const raw = first(fields[param]);
  const id = asText(raw);
  if (id === undefined || id === '') {
    return { ok: false, message: `${param} is missing: event_type ${ev.data} needs ${param}=<the Quickbutik ${param === 'order_id' ? 'order' : 'product'} number>` };
  }
  if (!ID.test(id)) {
    return { ok: false, message: `${param} ${JSON.stringify(id).slice(0, 40)} is not valid: send the numeric Quickbutik id, e.g. ${param}=12345` };
  }
  return { ok: true, event: ev.data, entityId: id };
}
