// /3/orders — create, read, list, update, cancel and createinvoice.
import express, { type Router } from 'express';
import { errors } from '../errors';
import { ctxOf, paginate, param, s, selectList, type ListSpec } from '../http';
import type { FortnoxSim } from '../sim';
import type { Tenant } from '../tenant';
import type { Doc, Json } from '../types';
import { todayStockholm } from '../util';
import { rootObject } from '../validation';
import { documentFull, documentListItem } from './document-shapes';
import { INVOICE, ORDER, createDocument, updateDocument } from './documents';

export function getOrder(t: Tenant, n: number): Doc {
  const d = t.orders.get(n);
  if (!d) throw errors.orderNotFound();
  return d;
}

export function cancelOrder(t: Tenant, n: number, now: number): Doc {
  const d = getOrder(t, n);
  if (d.Cancelled) throw errors.cancelledDocument();
  if (String(d.InvoiceReference) !== '0') throw errors.orderAlreadyInvoiced();
  d.Cancelled = true;
  t.touch('order', n, now);
  return d;
}

const HEADER_COPY = [
  'CustomerNumber', 'CustomerName', 'Address1', 'Address2', 'City', 'ZipCode', 'Country', 'Phone1', 'Phone2',
  'OrganisationNumber', 'Currency', 'CurrencyRate', 'VATIncluded', 'Freight', 'AdministrationFee',
  'ExternalInvoiceReference1', 'ExternalInvoiceReference2', 'YourOrderNumber', 'YourReference', 'OurReference',
  'Remarks', 'Comments', 'CostCenter', 'Project', 'WayOfDelivery', 'TermsOfPayment', 'TermsOfDelivery',
  'PriceList', 'Language', 'DeliveryAddress1', 'DeliveryAddress2', 'DeliveryCity', 'DeliveryCountry',
  'DeliveryName', 'DeliveryZipCode', 'DeliveryDate', 'EmailInformation',
] as const;

const ROW_COPY = [
  'ArticleNumber', 'AccountNumber', 'CostCenter', 'DeliveredQuantity', 'Description', 'Discount', 'DiscountType',
  'Price', 'Project', 'Unit', 'VAT',
] as const;

/** Turns the order's delivered quantities into an invoice dated today; answers the new invoice. */
export function createInvoiceFromOrder(t: Tenant, n: number, now: number): Doc {
  const order = getOrder(t, n);
  if (order.Cancelled) throw errors.cancelledDocument();
  if (String(order.InvoiceReference) !== '0') throw errors.orderAlreadyInvoiced();
  const body: Record<string, Json> = {};
  for (const f of HEADER_COPY) if (order[f] !== undefined && order[f] !== null && order[f] !== '') body[f] = order[f];
  body.InvoiceRows = order.Rows.map((row) => {
    const out: Record<string, Json> = {};
    for (const f of ROW_COPY) if (row[f] !== undefined && row[f] !== null && row[f] !== '') out[f] = row[f];
    return out;
  });
  const invoice = createDocument(t, INVOICE, body, now);
  invoice.OrderReference = String(n);
  order.InvoiceReference = String(invoice.DocumentNumber);
  t.touch('order', n, now);
  return invoice;
}

export function orderListSpec(t: Tenant, today: string): ListSpec<Doc> {
  const invoiced = (d: Doc) => s(d.InvoiceReference) !== '0' && s(d.InvoiceReference) !== '';
  return {
    // Fortnox documents `yourordernumber` for invoices only: on orders it is ignored (the list is not filtered).
    search: {
      customername: (d) => d.CustomerName,
      customernumber: (d) => d.CustomerNumber,
      documentnumber: (d) => d.DocumentNumber,
      externalinvoicereference1: (d) => d.ExternalInvoiceReference1,
      externalinvoicereference2: (d) => d.ExternalInvoiceReference2,
      ourreference: (d) => d.OurReference,
      yourreference: (d) => d.YourReference,
      project: (d) => d.Project,
      costcenter: (d) => d.CostCenter,
    },
    filters: {
      cancelled: (d) => d.Cancelled,
      expired: (d) => !d.Cancelled && !invoiced(d) && d.DeliveryDate !== null && String(d.DeliveryDate) < today,
      invoicecreated: invoiced,
      invoicenotcreated: (d) => !d.Cancelled && !invoiced(d),
    },
    date: (d) => String(d.OrderDate),
    modified: (d) => t.modifiedAt('order', d.DocumentNumber),
    sort: {
      customername: (d) => String(d.CustomerName),
      customernumber: (d) => d.CustomerNumber,
      documentnumber: (d) => d.DocumentNumber,
      orderdate: (d) => String(d.OrderDate),
      total: (d) => Number(d.Total),
    },
    order: (d) => d.DocumentNumber,
  };
}

const docNumber = (req: express.Request): number => {
  const raw = param(req, 'number');
  if (!/^\d+$/.test(raw)) throw errors.orderNotFound();
  return Number(raw);
};

export function ordersRouter(sim: FortnoxSim): Router {
  const r = express.Router();
  r.get('/', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const list = selectList(req, ctx.tenant.orders.values(), orderListSpec(ctx.tenant, todayStockholm(ctx.now)));
    res.json(paginate(req, list, 'Orders', (d) => documentListItem(ctx, ORDER, d)));
  });
  r.get('/:number', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    res.json({ Order: documentFull(ctx, ORDER, getOrder(ctx.tenant, docNumber(req))) });
  });
  r.post('/', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const d = createDocument(ctx.tenant, ORDER, rootObject(req.body, 'Order'), ctx.now);
    sim.counterStore.document(ctx.tenant.id, 'orders');
    res.status(201).location('orders').json({ Order: documentFull(ctx, ORDER, d) });
  });
  r.put('/:number/createinvoice', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const invoice = createInvoiceFromOrder(ctx.tenant, docNumber(req), ctx.now);
    sim.counterStore.document(ctx.tenant.id, 'invoices');
    res.json({ Invoice: documentFull(ctx, INVOICE, invoice) });
  });
  r.put('/:number/cancel', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    res.json({ Order: documentFull(ctx, ORDER, cancelOrder(ctx.tenant, docNumber(req), ctx.now)) });
  });
  r.put('/:number', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const d = updateDocument(ctx.tenant, ORDER, docNumber(req), rootObject(req.body, 'Order'), ctx.now);
    res.json({ Order: documentFull(ctx, ORDER, d) });
  });
  r.delete('/:number', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const n = docNumber(req);
    getOrder(ctx.tenant, n);
    ctx.tenant.orders.delete(n);
    res.status(204).end();
  });
  return r;
}
