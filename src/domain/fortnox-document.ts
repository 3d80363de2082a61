// The Fortnox invoice/order as we send it. Invoices and orders share one document model; only the date field, the
// quantity fields and the root/row key names differ.

export type DocumentType = 'invoice' | 'order';

export interface DocumentRow {
  /** Omitted for rows without a Quickbutik sku, and for freight and discount rows. */
  ArticleNumber?: string;
  Description: string;
  /** Order documents only (equal to DeliveredQuantity: a paid web order is delivered in full). */
  OrderedQuantity?: number;
  DeliveredQuantity: number;
  /** Per unit; incl. VAT when the document has VATIncluded. */
  Price: number;
  VAT: number;
  AccountNumber: number;
  CostCenter?: string;
}

export interface FortnoxDocument {
  CustomerNumber: string;
  InvoiceDate?: string;
  OrderDate?: string;
  /** `qb:<shopId>:<orderId>` — the idempotency key searched before any re-POST. */
  ExternalInvoiceReference1: string;
  YourOrderNumber: string;
  Currency: string;
  VATIncluded: boolean;
  CostCenter?: string;
  WayOfDelivery?: string;
  TermsOfPayment?: string;
  Remarks?: string;
  rows: DocumentRow[];
}

export const MAX_DOCUMENT_ROWS = 500;
export const MAX_YOUR_ORDER_NUMBER = 75;
export const MAX_EXTERNAL_REFERENCE = 80;
export const MAX_ROW_DESCRIPTION = 255;
export const MAX_REMARKS = 1024;

export const externalReference = (shopId: string, orderId: string): string => `qb:${shopId}:${orderId}`;

/** Header fields of the POST body (everything but the rows, which are keyed per document type). */
export type DocumentHeader = Omit<FortnoxDocument, 'rows'>;
export type DocumentBody = { Invoice: DocumentHeader & { InvoiceRows: DocumentRow[] } } | { Order: DocumentHeader & { OrderRows: DocumentRow[] } };

/** The POST body: `{"Invoice":{..., "InvoiceRows":[...]}}` or `{"Order":{..., "OrderRows":[...]}}`. */
export function wrapDocument(documentType: DocumentType, document: FortnoxDocument): DocumentBody {
  const { rows, ...header } = document;
  return documentType === 'invoice'
    ? { Invoice: { ...header, InvoiceRows: rows } }
    : { Order: { ...header, OrderRows: rows } };
}
