// Sync-log texts of the product and stock sync (Swedish for merchants, English for support). Errors come from the
// domain's error catalog; these are the plain outcomes.
import type { LogEntry } from '../repositories/sync-log';
import { formatAmountEn, formatAmountSv } from '../domain/format';

type Text = Pick<LogEntry, 'messageSv' | 'messageEn'>;
const list = (skus: string[]) => skus.join(', ');

export const productMessages = {
  synced: (skus: string[], changed: string[]): Text =>
    changed.length === 0
      ? { messageSv: `Oförändrad: inget skickades till Fortnox (${list(skus)}).`, messageEn: `Unchanged: nothing was sent to Fortnox (${list(skus)}).` }
      : { messageSv: `Artiklar uppdaterade i Fortnox: ${list(changed)}.`, messageEn: `Articles updated in Fortnox: ${list(changed)}.` },

  /** A changed sku creates a new article; documents already in Fortnox keep pointing at the old one. */
  retired: (retired: string[], current: string[]): Text => ({
    messageSv: `Artikelnumret ändrades (eller varianten togs bort): ${list(retired)} används inte längre${current.length ? `, nu ${list(current)}` : ''}. ` +
      'Artikeln med det gamla numret finns kvar i Fortnox och tidigare ordrar och fakturor hänvisar fortfarande till den; ändra dem för hand i Fortnox vid behov. Nya ordrar använder det nya numret.',
    messageEn: `The article number changed (or the variant was removed): ${list(retired)} is no longer used${current.length ? `, now ${list(current)}` : ''}. ` +
      'The article with the old number stays in Fortnox and earlier orders and invoices still refer to it; correct them by hand in Fortnox if needed. New orders use the new number.',
  }),

  /** product.delete (or a product that is gone by the time it is synced): Fortnox is left alone on purpose. */
  deleted: (productId: string, skus: string[]): Text => ({
    messageSv: `Produkt ${productId} finns inte längre i Quickbutik. ${skus.length ? `Artiklarna ${list(skus)} lämnas` : 'Artikeln lämnas'} orörda i Fortnox, ` +
      'eftersom bokförda fakturor hänvisar till dem. Inaktivera dem i Fortnox om de inte ska användas mer.',
    messageEn: `Product ${productId} no longer exists in Quickbutik. ${skus.length ? `The articles ${list(skus)} are` : 'The article is'} left unchanged in Fortnox, ` +
      'because booked invoices refer to them. Deactivate them in Fortnox if they are no longer used.',
  }),

  imageRefused: (reason: string): Text => ({
    messageSv: `Produktbilden hämtades inte (${reason}). Artikeln synkades utan ny bild. Bilder hämtas bara över https från ` +
      'Quickbutiks bildservrar; ladda upp bilden i Quickbutik i stället för att länka till en annan adress.',
    messageEn: `The product image was not downloaded (${reason}). The article was synced without a new image. Images are only ` +
      "fetched over https from Quickbutik's image hosts; upload the picture in Quickbutik instead of linking to another address.",
  }),

  disabled: (): Text => ({
    messageSv: 'Produktsynk är avstängd för butiken (syncProducts): ändringen skickades inte till Fortnox.',
    messageEn: 'Product sync is off for this shop (syncProducts): the change was not sent to Fortnox.',
  }),
};

const documentName = { invoice: ['Faktura', 'Invoice'], order: ['Order', 'Order'] } as const;

export const orderMessages = {
  created: (d: { documentType: 'invoice' | 'order'; documentNumber: string; total: number; currency: string }): Text => ({
    messageSv: `${documentName[d.documentType][0]} ${d.documentNumber} skapad i Fortnox (totalt ${formatAmountSv(d.total, d.currency)}).`,
    messageEn: `${documentName[d.documentType][1]} ${d.documentNumber} created in Fortnox (total ${formatAmountEn(d.total, d.currency)}).`,
  }),
};

/** Operator decisions, shared by every workflow that parks. */
export const operatorMessages = {
  skipped: (reason?: string): Text => ({
    messageSv: `Hoppades över av en operatör${reason ? `: ${reason}` : ''}.`,
    messageEn: `Skipped by an operator${reason ? `: ${reason}` : ''}.`,
  }),
};

export const bulkMessages = {
  productsSynced: (r: { done: number; changed: number; parked: number }): Text => ({
    messageSv: `Alla produkter synkade: ${r.done} produkter, ${r.changed} ändrade i Fortnox${r.parked ? `, ${r.parked} väntar på åtgärd` : ''}.`,
    messageEn: `All products synced: ${r.done} products, ${r.changed} changed in Fortnox${r.parked ? `, ${r.parked} need attention` : ''}.`,
  }),
  ordersQueued: (r: { queued: number; from: string; to: string }): Text => ({
    messageSv: `${r.queued} betalda ordrar (${r.from} – ${r.to}) köade för att skickas till Fortnox igen.`,
    messageEn: `${r.queued} paid orders (${r.from} – ${r.to}) queued to be sent to Fortnox again.`,
  }),
};

export const stockMessages = {
  lagerBlocksPush: (): Text => ({
    messageSv: 'Lagersaldo skickas inte till Fortnox: Fortnox Lager är aktiverat och äger då lagersaldot (Fortnox tillåter inte att det ändras på artikeln). ' +
      'Välj "hämta lagersaldo från Fortnox" (stockMaster fortnox) om Fortnox ska styra lagret, eller stäng av lagersynken (none).',
    messageEn: 'Stock is not sent to Fortnox: Fortnox Lager (warehouse) is active and then owns stock (Fortnox refuses stock changes on the article). ' +
      'Choose "fetch stock from Fortnox" (stockMaster fortnox) to let Fortnox lead, or turn stock sync off (none).',
  }),

  done: (r: { direction: 'fortnox' | 'quickbutik'; checked: number; written: number; failed: number; missing: number }): Text => {
    const to = r.direction === 'fortnox' ? ['Quickbutik', 'Quickbutik'] : ['Fortnox', 'Fortnox'];
    return {
      messageSv: `Lagersaldo avstämt: ${r.checked} artiklar jämförda, ${r.written} ändrade i ${to[0]}` +
        `${r.failed ? `, ${r.failed} misslyckades` : ''}${r.missing ? `, ${r.missing} saknas i Fortnox` : ''}.`,
      messageEn: `Stock reconciled: ${r.checked} articles compared, ${r.written} changed in ${to[1]}` +
        `${r.failed ? `, ${r.failed} failed` : ''}${r.missing ? `, ${r.missing} missing in Fortnox` : ''}.`,
    };
  },
};
