// /3/invoicepayments — payments against invoices; paying an invoice that is already paid gives 2003055.
import express, { type Router } from 'express';
import { errors } from '../errors';
import { ctxOf, paginate, param, selectList, url, type Ctx, type ListSpec } from '../http';
import type { FortnoxSim } from '../sim';
import type { Tenant } from '../tenant';
import type { JsonObject, Rec } from '../types';
import { r2, todayStockholm } from '../util';
import { date, int, num, rootObject, str, validateFields, type FieldSpecs } from '../validation';

const PAYMENT_FIELDS: FieldSpecs = {
  InvoiceNumber: int,
  Amount: num,
  AmountCurrency: num,
  CurrencyRate: num,
  PaymentDate: date,
  ModeOfPayment: str(10),
  ModeOfPaymentAccount: int,
  ExternalInvoiceReference1: str(80),
  ExternalInvoiceReference2: str(80),
  Number: { type: 'integer', readOnly: true },
  Booked: { type: 'boolean', readOnly: true },
};

export function createPayment(t: Tenant, body: Record<string, unknown>, now: number): Rec {
  const v = validateFields(body, PAYMENT_FIELDS, 'create');
  if (typeof v.InvoiceNumber !== 'number') throw errors.required('InvoiceNumber');
  const inv = t.invoices.get(v.InvoiceNumber);
  if (!inv) throw errors.invoiceNotFoundOnWrite();
  if (inv.Cancelled) throw errors.cancelledDocument();
  const balance = Number(inv.Balance);
  if (balance === 0) throw errors.alreadyPaid();
  const paymentDate = typeof v.PaymentDate === 'string' ? v.PaymentDate : todayStockholm(now);
  if (paymentDate < String(inv.InvoiceDate)) throw errors.paymentBeforeInvoiceDate();
  if (t.isLocked(paymentDate)) throw errors.lockedPeriod(String(t.lockedUntil));
  const mode = typeof v.ModeOfPayment === 'string' ? v.ModeOfPayment : '';
  const modeRec = mode ? t.modesOfPayments.get(mode) : undefined;
  if (mode && !modeRec) throw errors.modeOfPaymentNotFound(mode);

  // Amount is in SEK; foreign-currency invoices also need AmountCurrency (what reduces their balance).
  const foreign = inv.Currency !== 'SEK';
  const rate = typeof v.CurrencyRate === 'number' ? v.CurrencyRate : Number(inv.CurrencyRate ?? 1);
  let amountCurrency: number;
  let amount: number;
  if (foreign) {
    if (typeof v.AmountCurrency !== 'number') throw errors.amountCurrencyRequired();
    amountCurrency = v.AmountCurrency;
    amount = typeof v.Amount === 'number' ? v.Amount : r2(amountCurrency * rate);
  } else {
    if (typeof v.Amount !== 'number') throw errors.required('Amount');
    amount = v.Amount;
    amountCurrency = amount;
  }

  const number = t.next('payment', (n) => t.payments.has(Number(n)));
  const payment: Rec = {
    Amount: amount,
    AmountCurrency: amountCurrency,
    Booked: false,
    Currency: inv.Currency,
    CurrencyRate: foreign ? rate : 1,
    CurrencyUnit: 1,
    ExternalInvoiceReference1: typeof v.ExternalInvoiceReference1 === 'string' ? v.ExternalInvoiceReference1 : String(inv.ExternalInvoiceReference1 ?? ''),
    ExternalInvoiceReference2: typeof v.ExternalInvoiceReference2 === 'string' ? v.ExternalInvoiceReference2 : String(inv.ExternalInvoiceReference2 ?? ''),
    InvoiceCustomerName: inv.CustomerName,
    InvoiceCustomerNumber: inv.CustomerNumber,
    InvoiceDueDate: inv.DueDate,
    InvoiceNumber: inv.DocumentNumber,
    InvoiceOCR: inv.OCR,
    InvoiceTotal: inv.Total,
    ModeOfPayment: mode,
    ModeOfPaymentAccount: typeof v.ModeOfPaymentAccount === 'number' ? v.ModeOfPaymentAccount : Number(modeRec?.AccountNumber ?? 1930),
    Number: number,
    PaymentDate: paymentDate,
    Source: 'manual',
    VoucherNumber: null,
    VoucherSeries: null,
    VoucherYear: null,
    WriteOffs: [],
  };
  t.payments.set(number, payment);
  inv.Balance = r2(balance - amountCurrency);
  if (Number(inv.Balance) === 0) inv.FinalPayDate = paymentDate;
  t.touch('invoice', inv.DocumentNumber, now);
  t.touch('payment', number, now);
  return payment;
}

export function bookkeepPayment(t: Tenant, n: number, now: number): Rec {
  const p = t.payments.get(n);
  if (!p) throw errors.paymentNotFound();
  if (p.Booked === true) throw errors.paymentAlreadyBooked();
  if (t.isLocked(String(p.PaymentDate))) throw errors.lockedPeriod(String(t.lockedUntil));
  p.Booked = true;
  p.VoucherNumber = t.next('voucher');
  p.VoucherSeries = 'C';
  p.VoucherYear = 1;
  t.touch('payment', n, now);
  return p;
}

export function deletePayment(t: Tenant, n: number, now: number): void {
  const p = t.payments.get(n);
  if (!p) throw errors.paymentNotFound();
  if (p.Booked === true) throw errors.paymentAlreadyBooked();
  const inv = t.invoices.get(Number(p.InvoiceNumber));
  if (inv) {
    inv.Balance = r2(Number(inv.Balance) + Number(p.AmountCurrency));
    inv.FinalPayDate = null;
    t.touch('invoice', inv.DocumentNumber, now);
  }
  t.payments.delete(n);
}

export const paymentFull = (ctx: Pick<Ctx, 'base'>, p: Rec): JsonObject => ({
  '@url': url(ctx, 'invoicepayments', String(p.Number)),
  ...p,
});

const paymentListItem = (ctx: Pick<Ctx, 'base'>, p: Rec): JsonObject => ({
  '@url': url(ctx, 'invoicepayments', String(p.Number)),
  Amount: p.Amount,
  Booked: p.Booked,
  Currency: p.Currency,
  CurrencyRate: p.CurrencyRate,
  CurrencyUnit: p.CurrencyUnit,
  InvoiceNumber: p.InvoiceNumber,
  Number: p.Number,
  PaymentDate: p.PaymentDate,
  Source: p.Source,
});

function listSpec(t: Tenant): ListSpec<Rec> {
  return {
    search: { invoicenumber: (p) => p.InvoiceNumber },
    modified: (p) => t.modifiedAt('payment', String(p.Number)),
    order: (p) => Number(p.Number),
  };
}

const paymentNumber = (req: express.Request): number => {
  const raw = param(req, 'number');
  if (!/^\d+$/.test(raw)) throw errors.paymentNotFound();
  return Number(raw);
};

export function paymentsRouter(sim: FortnoxSim): Router {
  const r = express.Router();
  r.get('/', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const list = selectList(req, ctx.tenant.payments.values(), listSpec(ctx.tenant));
    res.json(paginate(req, list, 'InvoicePayments', (p) => paymentListItem(ctx, p)));
  });
  r.get('/:number', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const p = ctx.tenant.payments.get(paymentNumber(req));
    if (!p) throw errors.paymentNotFound();
    res.json({ InvoicePayment: paymentFull(ctx, p) });
  });
  r.post('/', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const p = createPayment(ctx.tenant, rootObject(req.body, 'InvoicePayment'), ctx.now);
    res.status(201).json({ InvoicePayment: paymentFull(ctx, p) });
  });
  r.put('/:number/bookkeep', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    res.json({ InvoicePayment: paymentFull(ctx, bookkeepPayment(ctx.tenant, paymentNumber(req), ctx.now)) });
  });
  r.delete('/:number', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    deletePayment(ctx.tenant, paymentNumber(req), ctx.now);
    res.status(204).end();
  });
  return r;
}
