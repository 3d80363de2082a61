// /3/invoices — create, read, list, update and the actions bookkeep / cancel / credit. Invoices cannot be
// deleted.
import express, { type Router } from 'express';
import { errors } from '../errors';
import { ctxOf, paginate, param, selectList, type ListSpec } from '../http';
import type { FortnoxSim } from '../sim';
import type { Tenant } from '../tenant';
import type { Doc } from '../types';
import { todayStockholm } from '../util';
import { rootObject } from '../validation';
import { documentFull, documentListItem } from './document-shapes';
import { INVOICE, createDocument, moveStock, recompute, updateDocument } from './documents';

export function getInvoice(t: Tenant, n: number): Doc {
  const d = t.invoices.get(n);
  if (!d) throw errors.invoiceNotFound();
  return d;
}

export function bookkeepInvoice(t: Tenant, n: number, now: number): Doc {
  const d = getInvoice(t, n);
  if (d.Cancelled) throw errors.cancelledDocument();
  if (d.Booked === true) throw errors.alreadyBooked();
  if (t.lager && d.NotCompleted === true) throw errors.notFinalised();
  if (t.isLocked(String(d.InvoiceDate))) throw errors.lockedPeriod(String(t.lockedUntil));
  d.Booked = true;
  d.VoucherNumber = t.next('voucher');
  d.VoucherSeries = 'B';
  d.VoucherYear = 1;
  if (Number(d.Balance) === 0 && d.FinalPayDate === null) d.FinalPayDate = todayStockholm(now);
  t.touch('invoice', n, now);
  return d;
}

export function cancelInvoice(t: Tenant, n: number, now: number): Doc {
  const d = getInvoice(t, n);
  if (d.Booked === true) throw errors.cannotCancelBooked();
  if (d.Cancelled) throw errors.cancelledDocument();
  d.Cancelled = true;
  moveStock(t, d, 1, now);
  t.touch('invoice', n, now);
  return d;
}

/** A booked invoice is corrected by one credit invoice (negated rows); answers the original invoice. */
export function creditInvoice(t: Tenant, n: number, now: number): Doc {
  const d = getInvoice(t, n);
  if (d.Booked !== true) throw errors.notBookedForCredit();
  if (String(d.CreditInvoiceReference) !== '0') throw errors.alreadyCredited();
  const today = todayStockholm(now);
  if (t.isLocked(today)) throw errors.lockedPeriod(String(t.lockedUntil));
  const number = t.next('invoice', (x) => t.invoices.has(Number(x)));
  const credit: Doc = {
    ...structuredClone(d),
    DocumentNumber: number,
    InvoiceDate: today,
    DueDate: today,
    OutboundDate: today,
    Booked: false,
    Cancelled: false,
    Sent: false,
    Credit: 'true',
    CreditInvoiceReference: String(n),
    VoucherNumber: null,
    VoucherSeries: null,
    VoucherYear: null,
    FinalPayDate: null,
    Rows: d.Rows.map((r) => ({ ...r, RowId: t.next('row'), DeliveredQuantity: -r.DeliveredQuantity })),
  };
  recompute(credit);
  credit.Balance = credit.Total;
  t.invoices.set(number, credit);
  moveStock(t, credit, -1, now);
  d.CreditInvoiceReference = String(number);
  t.touch('invoice', number, now);
  t.touch('invoice', n, now);
  return d;
}

/**
 * A credit invoice POSTed with `CreditInvoiceReference` (e.g. a partial credit): rows as sent, linked to the original.
 * Fortnox keeps one credit reference per invoice, credits only booked invoices, and a credit larger than the original
 * is refused. Nothing is kept when a rule fails.
 */
export function createLinkedCredit(t: Tenant, body: Record<string, unknown>, now: number): Doc {
  const { CreditInvoiceReference: ref, ...rest } = body;
  const n = Number(ref);
  if (!/^\d+$/.test(String(ref))) throw errors.invoiceNotFoundOnWrite();
  const original = t.invoices.get(n);
  if (!original) throw errors.invoiceNotFoundOnWrite();
  if (original.Cancelled) throw errors.cancelledDocument();
  if (original.Booked !== true) throw errors.notBookedForCredit();
  if (String(original.CreditInvoiceReference) !== '0') throw errors.alreadyCredited();
  const credit = createDocument(t, INVOICE, rest, now);
  const undo = (err: Error) => {
    t.invoices.delete(credit.DocumentNumber);
    moveStock(t, credit, 1, now);
    return err;
  };
  if (Number(credit.Total) >= 0) throw undo(errors.creditMustBeNegative());
  if (-Number(credit.Total) > Number(original.Total)) throw undo(errors.creditExceedsOriginal(String(original.Total)));
  credit.Credit = 'true';
  credit.CreditInvoiceReference = String(n);
  original.CreditInvoiceReference = String(credit.DocumentNumber);
  t.touch('invoice', n, now);
  return credit;
}

export function invoiceListSpec(t: Tenant, today: string): ListSpec<Doc> {
  const unpaid = (d: Doc) => d.Booked === true && !d.Cancelled && Number(d.Balance) !== 0;
  return {
    search: {
      customername: (d) => d.CustomerName,
      customernumber: (d) => d.CustomerNumber,
      documentnumber: (d) => d.DocumentNumber,
      externalinvoicereference1: (d) => d.ExternalInvoiceReference1,
      externalinvoicereference2: (d) => d.ExternalInvoiceReference2,
      ocr: (d) => d.OCR,
      ourreference: (d) => d.OurReference,
      yourreference: (d) => d.YourReference,
      yourordernumber: (d) => d.YourOrderNumber,
      project: (d) => d.Project,
      costcenter: (d) => d.CostCenter,
      invoicetype: (d) => d.InvoiceType,
      credit: (d) => d.Credit,
    },
    filters: {
      cancelled: (d) => d.Cancelled,
      fullypaid: (d) => d.Booked === true && !d.Cancelled && Number(d.Balance) === 0,
      unbooked: (d) => d.Booked !== true && !d.Cancelled,
      unpaid,
      unpaidoverdue: (d) => unpaid(d) && String(d.DueDate) < today,
    },
    date: (d) => String(d.InvoiceDate),
    modified: (d) => t.modifiedAt('invoice', d.DocumentNumber),
    sort: {
      customername: (d) => String(d.CustomerName),
      customernumber: (d) => d.CustomerNumber,
      documentnumber: (d) => d.DocumentNumber,
      invoicedate: (d) => String(d.InvoiceDate),
      ocr: (d) => String(d.OCR),
      total: (d) => Number(d.Total),
    },
    order: (d) => d.DocumentNumber,
  };
}

const docNumber = (req: express.Request): number => {
  const raw = param(req, 'number');
  const n = Number(raw);
  if (!/^\d+$/.test(raw)) throw errors.invoiceNotFound();
  return n;
};

export function invoicesRouter(sim: FortnoxSim): Router {
  const r = express.Router();
  r.get('/', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const list = selectList(req, ctx.tenant.invoices.values(), invoiceListSpec(ctx.tenant, todayStockholm(ctx.now)));
    res.json(paginate(req, list, 'Invoices', (d) => documentListItem(ctx, INVOICE, d)));
  });
  r.get('/:number', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    res.json({ Invoice: documentFull(ctx, INVOICE, getInvoice(ctx.tenant, docNumber(req))) });
  });
  r.post('/', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const body = rootObject(req.body, 'Invoice');
    const linked = body.CreditInvoiceReference !== undefined && body.CreditInvoiceReference !== null && String(body.CreditInvoiceReference) !== '0';
    const d = linked ? createLinkedCredit(ctx.tenant, body, ctx.now) : createDocument(ctx.tenant, INVOICE, body, ctx.now);
    // An invoice with a negative total is a (standalone) credit invoice.
    if (!linked && Number(d.Total) < 0) d.Credit = 'true';
    sim.counterStore.document(ctx.tenant.id, 'invoices');
    res.status(201).location('invoices').json({ Invoice: documentFull(ctx, INVOICE, d) });
  });
  r.put('/:number/bookkeep', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    res.json({ Invoice: documentFull(ctx, INVOICE, bookkeepInvoice(ctx.tenant, docNumber(req), ctx.now)) });
  });
  r.put('/:number/cancel', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    res.json({ Invoice: documentFull(ctx, INVOICE, cancelInvoice(ctx.tenant, docNumber(req), ctx.now)) });
  });
  r.put('/:number/credit', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const d = creditInvoice(ctx.tenant, docNumber(req), ctx.now);
    sim.counterStore.document(ctx.tenant.id, 'invoices');
    res.json({ Invoice: documentFull(ctx, INVOICE, d) });
  });
  // Marks the invoice as sent, as printing it externally does.
  r.put('/:number/externalprint', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const d = getInvoice(ctx.tenant, docNumber(req));
    d.Sent = true;
    res.json({ Invoice: documentFull(ctx, INVOICE, d) });
  });
  r.put('/:number', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const d = updateDocument(ctx.tenant, INVOICE, docNumber(req), rootObject(req.body, 'Invoice'), ctx.now);
    res.json({ Invoice: documentFull(ctx, INVOICE, d) });
  });
  r.delete('/:number', () => {
    throw errors.invoicesCannotBeDeleted();
  });
  return r;
}
