// Events that are recorded but not synced. Quickbutik's own Fortnox connector does not carry later edits,
// cancellations or deletions over to Fortnox either; the sync log says so in plain words.
import type { NewSyncLog } from '../db/database';
import type { ClaimedRow } from '../repositories/inbox';

const TEXT: Record<string, (id: string) => { sv: string; en: string }> = {
  'order.done': (id) => ({
    sv: `Order ${id} markerades som klar i Quickbutik. Ändringar efter att en order skickats till Fortnox synkas inte; justera Fortnox-dokumentet för hand vid behov.`,
    en: `Order ${id} was marked done in Quickbutik. Changes after an order was sent to Fortnox are not synced; adjust the Fortnox document by hand if needed.`,
  }),
  'order.cancelled': (id) => ({
    sv: `Order ${id} makulerades i Quickbutik. Makuleringar synkas inte till Fortnox: kreditera eller makulera Fortnox-dokumentet för hand om ordern redan skickats.`,
    en: `Order ${id} was cancelled in Quickbutik. Cancellations are not synced to Fortnox: credit or cancel the Fortnox document by hand if the order was already sent.`,
  }),
  'product.delete': (id) => ({
    sv: `Produkt ${id} togs bort i Quickbutik. Borttagningar synkas inte: artikeln i Fortnox finns kvar (inaktivera den för hand om du vill).`,
    en: `Product ${id} was deleted in Quickbutik. Deletions are not synced: the Fortnox article is kept (deactivate it by hand if you wish).`,
  }),
};

export function recordOnlyLogEntry(row: ClaimedRow): NewSyncLog {
  const text = TEXT[row.event_type]?.(row.entity_id) ?? {
    sv: `Händelsen ${row.event_type} för ${row.entity_id} registrerades.`,
    en: `Event ${row.event_type} for ${row.entity_id} was recorded.`,
  };
  return {
    shop_id: row.shop_id,
    entity_type: row.event_type.startsWith('order.') ? 'order' : 'product',
    entity_id: row.entity_id,
    workflow_id: null,
    outcome: 'info',
    error_code: null,
    fortnox_code: null,
    fortnox_message: null,
    message_sv: text.sv,
    message_en: text.en,
    details: JSON.stringify({ event: row.event_type, source: row.source, receivedAt: row.received_at }),
  };
}
