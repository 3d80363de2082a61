// The simulator's after-sale rules: cancel vs credit, linked credits (PUT …/credit and POST with
// CreditInvoiceReference), one credit reference per invoice, a credit never larger than the original, payments
// (open balance, not before the invoice date, bookkeep, list by invoice), locked periods, the bookkeeping method,
// Fortnox order cancel, and commit-then-timeout on credit and payment POSTs.
import request from 'supertest';
import { createFortnoxSim } from '../../sim/fortnox/app';
import type { TenantOptions } from '../../sim/fortnox/types';

function setup(tenant: TenantOptions = {}) {
  const { app, sim } = createFortnoxSim({ now: () => Date.parse('2026-12-03T09:00:00Z'), rateLimit: false });
  const tenantId = sim.createTenant({ tenantId: 'acme', ...tenant }).id;
  const bearer = `Bearer ${sim.issueTokens(tenantId).access_token}`;
  const call = (method: 'get' | 'post' | 'put', path: string, body?: object) => {
    const r = request(app)[method](path).set('Authorization', bearer).set('Accept', 'application/json');
    return body ? r.send(body) : r;
  };
  return { app, sim, tenantId, get: (p: string) => call('get', p), post: (p: string, b: object) => call('post', p, b), put: (p: string, b?: object) => call('put', p, b) };
}
type S = ReturnType<typeof setup>;
const code = (res: request.Response) => res.body.ErrorInformation?.code ?? res.body.ErrorInformation?.Code;

/** A booked (or not) invoice of 1 × 1000.00 incl. 25 % VAT dated 2026-11-20. */
async function original(s: S, booked = true): Promise<string> {
  await s.post('/3/customers', { Customer: { Name: 'Anna' } }).expect(201);
  const res = await s.post('/3/invoices', { Invoice: { CustomerNumber: '1', InvoiceDate: '2026-11-20', VATIncluded: true, ExternalInvoiceReference1: 'qb:s1:1001', InvoiceRows: [{ Description: 'Vara', DeliveredQuantity: 1, Price: 1000, VAT: 25, AccountNumber: 3001 }] } }).expect(201);
  const n = String(res.body.Invoice.DocumentNumber);
  if (booked) await s.put(`/3/invoices/${n}/bookkeep`).expect(200);
  return n;
}
const credit = (s: S, ref: string | null, price: number, key = 'qb:s1:1001:refund:r1') =>
  s.post('/3/invoices', { Invoice: { CustomerNumber: '1', InvoiceDate: '2026-11-25', VATIncluded: true, ExternalInvoiceReference1: key, ...(ref ? { CreditInvoiceReference: ref } : {}), InvoiceRows: [{ Description: 'Retur', DeliveredQuantity: -1, Price: price, VAT: 25, AccountNumber: 3001 }] } });

describe('cancel and credit', () => {
  test('an unbooked invoice can be cancelled; a booked one cannot (credit it instead)', async () => {
    const s = setup();
    const draft = await original(s, false);
    expect((await s.put(`/3/invoices/${draft}/cancel`)).body.Invoice.Cancelled).toBe(true);
    const booked = await original(s);
    const res = await s.put(`/3/invoices/${booked}/cancel`);
    expect([res.status, code(res)]).toEqual([400, 2999022]);
  });

  test('PUT …/credit: a full credit of −1000.00 linked both ways', async () => {
    const s = setup();
    const n = await original(s);
    const res = await s.put(`/3/invoices/${n}/credit`).expect(200);
    const creditNumber = res.body.Invoice.CreditInvoiceReference;
    const c = (await s.get(`/3/invoices/${creditNumber}`)).body.Invoice;
    expect([c.Credit, String(c.CreditInvoiceReference), Number(c.Total)]).toEqual(['true', n, -1000]);
  });

  test('POST with CreditInvoiceReference: a partial credit of 200.00, linked; a second linked credit is refused, a standalone one is accepted', async () => {
    const s = setup();
    const n = await original(s);
    const first = await credit(s, n, 200).expect(201);
    expect([first.body.Invoice.Credit, String(first.body.Invoice.CreditInvoiceReference), Number(first.body.Invoice.Total)]).toEqual(['true', n, -200]);
    expect(String((await s.get(`/3/invoices/${n}`)).body.Invoice.CreditInvoiceReference)).toBe(String(first.body.Invoice.DocumentNumber));
    const second = await credit(s, n, 300, 'qb:s1:1001:refund:r2');
    expect([second.status, code(second)]).toEqual([400, 2999024]);
    const standalone = await credit(s, null, 300, 'qb:s1:1001:refund:r2').expect(201);
    expect([standalone.body.Invoice.Credit, String(standalone.body.Invoice.CreditInvoiceReference)]).toEqual(['true', '0']);
  });

  test('a credit larger than the original (1001.00 > 1000.00; SEK totals are rounded to whole kronor, so 1000.01 would round to 1000) is refused and leaves nothing behind', async () => {
    const s = setup();
    const n = await original(s);
    const before = (await s.get('/3/invoices')).body.Invoices.length;
    const res = await credit(s, n, 1001);
    expect([res.status, code(res)]).toEqual([400, 2999035]);
    expect((await s.get('/3/invoices')).body.Invoices.length).toBe(before);
    expect(String((await s.get(`/3/invoices/${n}`)).body.Invoice.CreditInvoiceReference)).toBe('0');
  });

  test('a linked credit needs a booked original', async () => {
    const s = setup();
    const n = await original(s, false);
    expect(code(await credit(s, n, 100))).toBe(2999023);
  });

  test('Fortnox order cancel; an invoiced order cannot be cancelled', async () => {
    const s = setup();
    await s.post('/3/customers', { Customer: { Name: 'Anna' } }).expect(201);
    const order = (await s.post('/3/orders', { Order: { CustomerNumber: '1', OrderRows: [{ Description: 'Vara', OrderedQuantity: 1, DeliveredQuantity: 1, Price: 100, VAT: 25, AccountNumber: 3001 }] } }).expect(201)).body.Order;
    expect((await s.put(`/3/orders/${order.DocumentNumber}/cancel`).expect(200)).body.Order.Cancelled).toBe(true);
    const other = (await s.post('/3/orders', { Order: { CustomerNumber: '1', OrderRows: [{ Description: 'Vara', OrderedQuantity: 1, DeliveredQuantity: 1, Price: 100, VAT: 25, AccountNumber: 3001 }] } }).expect(201)).body.Order;
    await s.put(`/3/orders/${other.DocumentNumber}/createinvoice`).expect(200);
    expect(code(await s.put(`/3/orders/${other.DocumentNumber}/cancel`))).toBe(2999025);
  });
});

describe('payments', () => {
  const pay = (s: S, n: string, amount: number, date = '2026-11-21') =>
    s.post('/3/invoicepayments', { InvoicePayment: { InvoiceNumber: Number(n), Amount: amount, PaymentDate: date } });

  test('a payment of the balance settles the invoice; a second one is refused (2003055); bookkeep; list by invoice', async () => {
    const s = setup();
    const n = await original(s);
    const p = (await pay(s, n, 1000).expect(201)).body.InvoicePayment;
    expect(Number((await s.get(`/3/invoices/${n}`)).body.Invoice.Balance)).toBe(0);
    expect(code(await pay(s, n, 1000))).toBe(2003055);
    expect((await s.put(`/3/invoicepayments/${p.Number}/bookkeep`).expect(200)).body.InvoicePayment.Booked).toBe(true);
    const list = (await s.get(`/3/invoicepayments?invoicenumber=${n}`)).body.InvoicePayments;
    expect(list.map((x: { Number: number }) => x.Number)).toEqual([p.Number]);
  });

  test('never before the invoice date; never in a locked period', async () => {
    const s = setup();
    const n = await original(s);
    expect(code(await pay(s, n, 1000, '2026-11-19'))).toBe(2999026);
    s.sim.updateTenant(s.tenantId, { lockedUntil: '2026-11-30' });
    expect(code(await pay(s, n, 1000, '2026-11-21'))).toBe(2000401);
    await pay(s, n, 1000, '2026-12-01').expect(201);
  });

  test('commit-then-timeout on a payment POST and on a credit POST: the write happens, the answer is lost', async () => {
    const s = setup();
    const n = await original(s);
    s.sim.faults.add({ kind: 'commitThenTimeout', match: '^POST /3/invoicepayments', count: 1 });
    await expect(pay(s, n, 1000)).rejects.toThrow();
    expect((await s.get(`/3/invoicepayments?invoicenumber=${n}`)).body.InvoicePayments).toHaveLength(1);
    s.sim.faults.add({ kind: 'commitThenTimeout', match: '^POST /3/invoices', count: 1 });
    await expect(credit(s, n, 200)).rejects.toThrow();
    const found = (await s.get('/3/invoices?externalinvoicereference1=qb:s1:1001:refund:r1')).body.Invoices;
    expect(found).toHaveLength(1);
  });
});

describe('bookkeeping settings', () => {
  test('the locked period and the bookkeeping method (financial years)', async () => {
    const s = setup({ lockedUntil: '2026-10-31', bookkeepingMethod: 'cash' });
    expect((await s.get('/3/settings/lockedperiod').expect(200)).body).toEqual({ LockedPeriod: { EndDate: '2026-10-31' } });
    const years = (await s.get('/3/financialyears').expect(200)).body.FinancialYears;
    expect(years.at(-1)).toMatchObject({ FromDate: '2026-01-01', ToDate: '2026-12-31', AccountingMethod: 'CASH' });
    s.sim.updateTenant(s.tenantId, { lockedUntil: null, bookkeepingMethod: 'accrual' });
    expect((await s.get('/3/settings/lockedperiod')).body.LockedPeriod.EndDate).toBe('');
    expect((await s.get('/3/financialyears')).body.FinancialYears[0].AccountingMethod).toBe('ACCRUAL');
  });
});
