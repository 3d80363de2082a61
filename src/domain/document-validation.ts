// Checks a document against Fortnox's limits before it is sent, so the merchant gets our clear message instead of a
// Fortnox error code — and so a document Fortnox would half-accept never leaves.
import { domainError, type DomainError } from './errors';
import {
  MAX_DOCUMENT_ROWS,
  MAX_EXTERNAL_REFERENCE,
  MAX_ROW_DESCRIPTION,
  MAX_YOUR_ORDER_NUMBER,
  type FortnoxDocument,
} from './fortnox-document';
import { isValidArticleNumber } from './text';
import { isSwedishVatRate } from './vat';

/** `extraRates`: destination-country rates of an OSS document (set up in the Fortnox company's VAT settings). */
export function validateDocument(doc: FortnoxDocument, orderId: string, extraRates: number[] = []): DomainError[] {
  const errors: DomainError[] = [];
  const tooLong = (field: string, value: string, max: number) => {
    if (value.length > max) errors.push(domainError('FIELD_TOO_LONG', { field, length: value.length, max, orderId }));
  };

  if (!doc.CustomerNumber) {
    errors.push(domainError('CUSTOMER_INVALID', { orderId, reason: 'no customer number', reasonSv: 'kundnummer saknas' }));
  }
  if (doc.rows.length > MAX_DOCUMENT_ROWS) {
    errors.push(domainError('TOO_MANY_ROWS', { orderId, rows: doc.rows.length, max: MAX_DOCUMENT_ROWS }));
  }
  tooLong('YourOrderNumber', doc.YourOrderNumber, MAX_YOUR_ORDER_NUMBER);
  tooLong('ExternalInvoiceReference1', doc.ExternalInvoiceReference1, MAX_EXTERNAL_REFERENCE);

  for (const row of doc.rows) {
    tooLong('Description', row.Description, MAX_ROW_DESCRIPTION);
    if (row.Description === '') errors.push(domainError('TEXT_INVALID', { orderId, field: 'Description' }));
    if (!(row.DeliveredQuantity > 0)) {
      errors.push(domainError('INVALID_QUANTITY', { orderId, title: row.Description, qty: row.DeliveredQuantity }));
    }
    if (!Number.isFinite(row.Price)) errors.push(domainError('ORDER_PARSE_FAILED', { orderId, problems: `price of "${row.Description}"` }));
    if (!isSwedishVatRate(row.VAT) && !extraRates.includes(row.VAT)) errors.push(domainError('VAT_RATE_NOT_IN_FORTNOX', { orderId, rate: row.VAT }));
    if (row.ArticleNumber !== undefined && !isValidArticleNumber(row.ArticleNumber)) {
      errors.push(domainError('INVALID_ARTICLE_NUMBER', { orderId, sku: row.ArticleNumber, title: row.Description }));
    }
  }
  return errors;
}
