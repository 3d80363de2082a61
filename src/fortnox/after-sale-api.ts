// Typed Fortnox calls for what happens after the sale: cancel an invoice or Fortnox order, credit an invoice
// (PUT …/credit, or POST a credit invoice with or without CreditInvoiceReference), invoice payments (create,
// bookkeep, list by invoice), the state the planner needs (booked, cancelled, total, balance) and the bookkeeping
// facts (locked period, bookkeeping method). Searches compare the reference exactly (Fortnox matches substrings).
import type { z } from 'zod';
import type { BookkeepingMethod } from '../domain/after-sale-plan';
import type { Send } from './api';
import { FortnoxError } from './errors';
import { bool, date, id, invoiceSchema, num, obj, orderSchema, parseList, parseSingle, text, type Invoice, type Order } from './schemas';
import type { FortnoxRequest } from './transport';
import type { CreditDocument } from '../domain/credit-document';
import { wrapDocument, type FortnoxDocument } from '../domain/fortnox-document';

export const invoicePaymentSchema = obj({
  Number: id,
  InvoiceNumber: id,
  Amount: num,
  AmountCurrency: num,
  Currency: text,
  PaymentDate: date,
  ModeOfPayment: text,
  Booked: bool,
});
export type InvoicePayment = z.infer<typeof invoicePaymentSchema>;

const financialYearSchema = obj({ Id: id, FromDate: date, ToDate: date, AccountingMethod: text });

export interface InvoicePaymentInput {
  InvoiceNumber: number;
  /** SEK. */
  Amount: number;
  /** In the invoice currency, for invoices not in SEK. */
  AmountCurrency?: number;
  CurrencyRate?: number;
  PaymentDate: string;
  ModeOfPayment: string;
  ExternalInvoiceReference1?: string;
}

/** What the planner needs of an invoice, read fresh (a bank-file import or a person may have changed it). */
export interface InvoiceState {
  number: string;
  date: string;
  booked: boolean;
  cancelled: boolean;
  credit: boolean;
  total: number;
  balance: number;
  currency: string;
  /** The linked credit invoice's number ('' / '0' → null). */
  creditInvoiceReference: string | null;
}

export interface AfterSaleApi {
  cancelInvoice(n: string): Promise<Invoice>;
  cancelOrder(n: string): Promise<Order>;
  /** PUT …/credit: Fortnox copies the whole invoice as its credit; answers the original (CreditInvoiceReference set). */
  creditInvoiceInFull(n: string): Promise<Invoice>;
  /** POST a credit invoice (negative quantities), linked when CreditInvoiceReference is given. */
  /** A credit invoice (negative quantities); `CreditInvoiceReference` links it to the original (one per invoice). */
  createCreditInvoice(document: CreditDocument): Promise<Invoice>;
  updateInvoice(n: string, document: FortnoxDocument): Promise<Invoice>;
  updateOrder(n: string, document: FortnoxDocument): Promise<Order>;
  readInvoiceState(n: string): Promise<InvoiceState>;
  /** Credit invoices (and any invoice) carrying exactly this ExternalInvoiceReference1. */
  findInvoicesByExactReference(reference: string): Promise<Invoice[]>;
  createInvoicePayment(body: InvoicePaymentInput): Promise<InvoicePayment>;
  bookkeepInvoicePayment(n: string): Promise<InvoicePayment>;
  listInvoicePayments(invoiceNumber: string): Promise<InvoicePayment[]>;
  /** The last locked day (YYYY-MM-DD), null when nothing is locked. */
  getLockedUntil(): Promise<string | null>;
  /** The bookkeeping method of the financial year containing `day`; null when Fortnox does not say. */
  getBookkeepingMethod(day: string): Promise<BookkeepingMethod | null>;
}

const seg = (s: string | number) => encodeURIComponent(String(s));

export function createAfterSaleApi(send: Send): AfterSaleApi {
  async function parsed<T>(req: FortnoxRequest, parse: (body: unknown) => T): Promise<T> {
    const { body } = await send(req);
    try {
      return parse(body);
    } catch (err) {
      throw new FortnoxError({
        kind: 'data', code: 'unexpected_response', endpoint: `${req.method} ${req.path}`,
        message: `answer did not match the expected shape: ${(err as Error).message}`.slice(0, 500),
        outcomeUnknown: req.method !== 'GET', cause: err,
      });
    }
  }
  const single = <T extends z.ZodTypeAny>(req: FortnoxRequest, root: string, schema: T) => parsed(req, (b) => parseSingle(b, root, schema));
  async function all<T extends z.ZodTypeAny>(path: string, root: string, schema: T, query: FortnoxRequest['query'] = {}): Promise<Array<z.output<T>>> {
    const items: Array<z.output<T>> = [];
    for (let p = 1; p <= 200; p++) {
      const page = await parsed({ method: 'GET', path, query: { ...query, limit: 500, page: p } }, (b) => parseList(b, root, schema));
      items.push(...page.items);
      if (p >= page.totalPages || page.items.length === 0) break;
    }
    return items;
  }
  const invoiceAction = (n: string, action: string) => single({ method: 'PUT', path: `/3/invoices/${seg(n)}/${action}` }, 'Invoice', invoiceSchema);

  return {
    cancelInvoice: (n) => invoiceAction(n, 'cancel'),
    cancelOrder: (n) => single({ method: 'PUT', path: `/3/orders/${seg(n)}/cancel` }, 'Order', orderSchema),
    creditInvoiceInFull: (n) => invoiceAction(n, 'credit'),
    createCreditInvoice: (document) => single({ method: 'POST', path: '/3/invoices', json: wrapDocument('invoice', document) }, 'Invoice', invoiceSchema),
    updateInvoice: (n, document) => single({ method: 'PUT', path: `/3/invoices/${seg(n)}`, json: wrapDocument('invoice', document) }, 'Invoice', invoiceSchema),
    updateOrder: (n, document) => single({ method: 'PUT', path: `/3/orders/${seg(n)}`, json: wrapDocument('order', document) }, 'Order', orderSchema),
    async readInvoiceState(n) {
      const inv = await single({ method: 'GET', path: `/3/invoices/${seg(n)}` }, 'Invoice', invoiceSchema);
      const ref = String((inv as Record<string, unknown>).CreditInvoiceReference ?? '').trim();
      return {
        number: inv.DocumentNumber,
        date: inv.InvoiceDate ?? '',
        booked: inv.Booked === true,
        cancelled: inv.Cancelled === true,
        credit: inv.Credit === true,
        total: inv.Total ?? 0,
        balance: inv.Balance ?? 0,
        currency: inv.Currency ?? 'SEK',
        creditInvoiceReference: ref === '' || ref === '0' ? null : ref,
      };
    },
    async findInvoicesByExactReference(reference) {
      const list = await all('/3/invoices', 'Invoices', invoiceSchema, { externalinvoicereference1: reference });
      return list.filter((d) => d.ExternalInvoiceReference1 === reference);
    },
    createInvoicePayment: (body) => single({ method: 'POST', path: '/3/invoicepayments', json: { InvoicePayment: body } }, 'InvoicePayment', invoicePaymentSchema),
    bookkeepInvoicePayment: (n) => single({ method: 'PUT', path: `/3/invoicepayments/${seg(n)}/bookkeep` }, 'InvoicePayment', invoicePaymentSchema),
    async listInvoicePayments(invoiceNumber) {
      const list = await all('/3/invoicepayments', 'InvoicePayments', invoicePaymentSchema, { invoicenumber: invoiceNumber });
      return list.filter((p) => p.InvoiceNumber === invoiceNumber);
    },
    async getLockedUntil() {
      const locked = await single({ method: 'GET', path: '/3/settings/lockedperiod' }, 'LockedPeriod', obj({ EndDate: date }));
      return locked.EndDate && /^\d{4}-\d{2}-\d{2}/.test(locked.EndDate) ? locked.EndDate.slice(0, 10) : null;
    },
    async getBookkeepingMethod(day) {
      const years = await all('/3/financialyears', 'FinancialYears', financialYearSchema);
      const year = years.find((y) => (y.FromDate ?? '') <= day && day <= (y.ToDate ?? '')) ?? years.at(-1);
      const method = (year?.AccountingMethod ?? '').toUpperCase();
      return method === 'CASH' ? 'cash' : method === 'ACCRUAL' ? 'accrual' : null;
    },
  };
}
