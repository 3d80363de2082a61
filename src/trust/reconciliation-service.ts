// Reads both sides of the reconciliation proof and hands them to the pure comparison (domain/reconciliation.ts).
//  - Quickbutik: the orders whose status changed since the period began, kept when paid within the period; each read
//    in full so its net + VAT per rate comes from the same mapping the sync uses.
//  - Fortnox: the documents dated around the period (one list, ±31 days, since a document's date may differ from the
//    payment date), then each document of a period order read for its rows.
// Fortnox reads are paced (default one per second = 5 of the tenant's 25 requests per 5 s), so the orders syncing at
// the same time keep most of the shared budget.
import { addDays } from './dates';
import { reconcile, type FortnoxDocumentFacts, type PaidOrder, type ReconciliationReport } from '../domain/reconciliation';
import { externalReference, type DocumentType } from '../domain/fortnox-document';
import type { ShopSettings } from '../domain/settings';
import { vatSummary } from '../domain/vat-summary';
import type { FortnoxClient } from '../fortnox';
import { bool, id, num, obj, parseList, text } from '../fortnox/schemas';
import type { QbOrder } from '../quickbutik/types';
import type { QbOrderSummary } from '../quickbutik/order-summary';
import type { OrderPreviewService } from './preview';

export interface ReconciliationDeps {
  fortnox: FortnoxClient;
  quickbutik: {
    listOrdersSince(shopId: string, sinceUnixSeconds: number): Promise<QbOrderSummary[]>;
    getOrder(shopId: string, orderId: string): Promise<QbOrder | null>;
  };
  preview: Pick<OrderPreviewService, 'expectedVat'>;
  /** Minimum time between two Fortnox reads of one run (default 1000 ms). */
  fortnoxPaceMs?: number;
}

const listItemSchema = obj({ DocumentNumber: id, ExternalInvoiceReference1: text, Total: num, Cancelled: bool, Currency: text });
const DAY_MS = 86_400_000;
const PAGE_SIZE = 500;

/** The first instant of a Swedish calendar day, as UNIX seconds (CET/CEST: a day earlier is a safe margin). */
const startOfDayUnix = (day: string) => Math.floor((Date.parse(`${day}T00:00:00Z`) - DAY_MS) / 1000);

function rowAmount(r: { Price: number | null; DeliveredQuantity: number | null; Discount: number | null; DiscountType: string | null }): number {
  const gross = (r.Price ?? 0) * (r.DeliveredQuantity ?? 0);
  const discount = r.Discount ?? 0;
  if (!discount) return gross;
  return (r.DiscountType ?? '').toUpperCase() === 'PERCENT' ? gross * (1 - discount / 100) : gross - discount;
}

export function createReconciliationService(deps: ReconciliationDeps) {
  const pace = deps.fortnoxPaceMs ?? 1000;

  async function paidOrders(shopId: string, settings: ShopSettings, from: string, to: string): Promise<PaidOrder[]> {
    const summaries = await deps.quickbutik.listOrdersSince(shopId, startOfDayUnix(from));
    const inPeriod = summaries.filter((s) => {
      const day = (s.datePaid ?? '').slice(0, 10);
      return (s.status === 'paid' || s.status === 'done') && day >= from && day <= to;
    });
    const out: PaidOrder[] = [];
    for (const s of inPeriod) {
      const order = await deps.quickbutik.getOrder(shopId, s.orderId);
      if (!order) continue;
      out.push({ orderId: order.orderId, total: order.totalAmount, currency: order.currency, vat: await deps.preview.expectedVat(shopId, order, settings) });
    }
    return out;
  }

  async function fortnoxDocuments(shopId: string, documentType: DocumentType, from: string, to: string, wanted: Set<string>): Promise<FortnoxDocumentFacts[]> {
    const path = documentType === 'invoice' ? '/3/invoices' : '/3/orders';
    const root = documentType === 'invoice' ? 'Invoices' : 'Orders';
    let last = 0;
    const paced = async <T>(work: () => Promise<T>): Promise<T> => {
      const wait = last + pace - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      last = Date.now();
      return work();
    };
    const items = [];
    for (let page = 1; ; page++) {
      const body = await paced(() => deps.fortnox.transport.send(shopId, {
        method: 'GET', path, query: { fromdate: addDays(from, -31), todate: addDays(to, 31), limit: PAGE_SIZE, page },
      }));
      const list = parseList(body.body, root, listItemSchema);
      items.push(...list.items);
      if (page >= list.totalPages || list.items.length === 0) break;
    }
    const api = deps.fortnox.forShop(shopId);
    const out: FortnoxDocumentFacts[] = [];
    for (const item of items.filter((i) => i.ExternalInvoiceReference1 && wanted.has(i.ExternalInvoiceReference1))) {
      const doc = documentType === 'invoice'
        ? await paced(() => api.getInvoice(item.DocumentNumber)).then((d) => ({ ...d, rows: d.InvoiceRows ?? [] }))
        : await paced(() => api.getOrder(item.DocumentNumber)).then((d) => ({ ...d, rows: d.OrderRows ?? [] }));
      const rows = doc.rows;
      out.push({
        documentType,
        documentNumber: item.DocumentNumber,
        reference: item.ExternalInvoiceReference1!,
        total: doc.Total ?? 0,
        currency: doc.Currency ?? 'SEK',
        cancelled: doc.Cancelled === true,
        vat: vatSummary(rows.filter((r) => r.VAT !== null).map((r) => ({ price: rowAmount(r), quantity: 1, vat: r.VAT! })), doc.VATIncluded === true),
      });
    }
    return out;
  }

  return {
    async run(shopId: string, settings: ShopSettings, period: { from: string; to: string }): Promise<ReconciliationReport> {
      const orders = await paidOrders(shopId, settings, period.from, period.to);
      const wanted = new Set(orders.map((o) => externalReference(shopId, o.orderId)));
      const documents = wanted.size ? await fortnoxDocuments(shopId, settings.documentType, period.from, period.to, wanted) : [];
      return reconcile(shopId, period, orders, documents);
    },
  };
}
export type ReconciliationService = ReturnType<typeof createReconciliationService>;
