// The after-sale Fortnox calls over HTTP against the simulator: cancel, credit (PUT and POST, linked and standalone),
// invoice state, payments (create, bookkeep, list by invoice), locked period, bookkeeping method, and a
// commit-then-timeout credit POST found again by its exact reference.
import { createAfterSaleApi, type AfterSaleApi } from '../../src/fortnox/after-sale-api';
import { createFortnoxApi, type FortnoxApi } from '../../src/fortnox/api';
import { isFortnoxError } from '../../src/fortnox/errors';
import type { ShopAccess, TokenStore } from '../../src/fortnox/tokens';
import { createFortnoxSim } from '../../sim/fortnox/app';
import { fakeTransport, listen, type RunningServer } from '../fixtures/fortnox-fake-server';

let server: RunningServer;
let sim: ReturnType<typeof createFortnoxSim>['sim'];
let api: AfterSaleApi;
let base: FortnoxApi;
const tenantId = 'aftersale';

beforeAll(async () => {
  const created = createFortnoxSim({ now: () => Date.parse('2026-12-03T09:00:00Z'), rateLimit: false });
  sim = created.sim;
  sim.createTenant({ tenantId, lockedUntil: '2026-10-31', bookkeepingMethod: 'accrual' });
  const token = sim.issueTokens(tenantId).access_token;
  const access: ShopAccess = { shopId: 'shop', tenantKey: tenantId, accessToken: token, sealed: 'sealed' };
  const tokens: TokenStore = { stats: { refreshes: 0, reusedFromOtherProcess: 0 }, getAccess: async () => access, refresh: async () => access } as TokenStore;
  server = await listen(created.app);
  const { transport } = fakeTransport(server.url, { tokens, timeoutMs: 2000 });
  const send = (req: Parameters<typeof transport.send>[1]) => transport.send('shop', req);
  api = createAfterSaleApi(send);
  base = createFortnoxApi(send);
  await base.createCustomer({ Name: 'Anna' });
});
afterAll(() => server.close());

/** A booked invoice of 1 × 1000.00 incl. 25 % VAT, dated 2026-11-20. */
async function bookedInvoice(ref: string, bookkeep = true): Promise<string> {
  const inv = await base.createInvoice({
    CustomerNumber: '1', InvoiceDate: '2026-11-20', VATIncluded: true, ExternalInvoiceReference1: ref, YourOrderNumber: '1', Currency: 'SEK',
    rows: [{ Description: 'Vara', DeliveredQuantity: 1, Price: 1000, VAT: 25, AccountNumber: 3001 }],
  });
  if (bookkeep) await base.bookkeepInvoice(inv.DocumentNumber);
  return inv.DocumentNumber;
}
const creditBody = (ref: string, price: number, original?: string) => ({
  CustomerNumber: '1', InvoiceDate: '2026-11-25', VATIncluded: true, ExternalInvoiceReference1: ref, YourOrderNumber: '1', Currency: 'SEK',
  ...(original ? { CreditInvoiceReference: original } : {}),
  rows: [{ Description: 'Retur', DeliveredQuantity: -1, Price: price, VAT: 25, AccountNumber: 3001 }],
});

describe('after-sale Fortnox API (simulator over HTTP)', () => {
  it('reads the invoice state the planner needs', async () => {
    const n = await bookedInvoice('qb:s1:2001');
    expect(await api.readInvoiceState(n)).toEqual({
      number: n, date: '2026-11-20', booked: true, cancelled: false, credit: false, total: 1000, balance: 1000, currency: 'SEK', creditInvoiceReference: null,
    });
  });

  it('cancels an unbooked invoice; a booked one is refused with Fortnox’s error', async () => {
    expect((await api.cancelInvoice(await bookedInvoice('qb:s1:2002', false))).Cancelled).toBe(true);
    const err = await api.cancelInvoice(await bookedInvoice('qb:s1:2003')).catch((e: unknown) => e);
    expect(isFortnoxError(err) && err.kind).toBe('data');
  });

  it('a linked partial credit (POST with CreditInvoiceReference), then a standalone one; found by exact reference', async () => {
    const n = await bookedInvoice('qb:s1:2004');
    const first = await api.createCreditInvoice(creditBody('qb:s1:2004:refund:r1', 200, n));
    expect([first.Credit, first.Total]).toEqual([true, -200]);
    expect((await api.readInvoiceState(n)).creditInvoiceReference).toBe(first.DocumentNumber);
    const second = await api.createCreditInvoice(creditBody('qb:s1:2004:refund:r2', 300));
    expect(second.Total).toBe(-300);
    expect((await api.findInvoicesByExactReference('qb:s1:2004:refund:r1')).map((i) => i.DocumentNumber)).toEqual([first.DocumentNumber]);
    expect(await api.findInvoicesByExactReference('qb:s1:2004:refund:r')).toEqual([]);
  });

  it('a full credit by PUT …/credit', async () => {
    const n = await bookedInvoice('qb:s1:2005');
    const original = await api.creditInvoiceInFull(n);
    const ref = String((original as Record<string, unknown>).CreditInvoiceReference);
    expect((await api.readInvoiceState(ref))).toMatchObject({ credit: true, total: -1000, creditInvoiceReference: n });
  });

  it('a payment of the balance, bookkept, listed by invoice; the invoice is settled', async () => {
    const n = await bookedInvoice('qb:s1:2006');
    const mode = (await base.getModesOfPayment())[0].Code;
    const p = await api.createInvoicePayment({ InvoiceNumber: Number(n), Amount: 1000, PaymentDate: '2026-11-21', ModeOfPayment: mode });
    expect(p).toMatchObject({ InvoiceNumber: n, Amount: 1000, PaymentDate: '2026-11-21', Booked: false });
    expect((await api.bookkeepInvoicePayment(p.Number)).Booked).toBe(true);
    expect((await api.listInvoicePayments(n)).map((x) => x.Number)).toEqual([p.Number]);
    expect((await api.readInvoiceState(n)).balance).toBe(0);
  });

  it('the locked period and the bookkeeping method', async () => {
    expect(await api.getLockedUntil()).toBe('2026-10-31');
    expect(await api.getBookkeepingMethod('2026-12-03')).toBe('accrual');
    sim.updateTenant(tenantId, { lockedUntil: null, bookkeepingMethod: 'cash' });
    expect(await api.getLockedUntil()).toBeNull();
    expect(await api.getBookkeepingMethod('2026-12-03')).toBe('cash');
    sim.updateTenant(tenantId, { bookkeepingMethod: 'accrual' });
  });

  it('Fortnox order cancel', async () => {
    const order = await base.createOrder({ CustomerNumber: '1', ExternalInvoiceReference1: 'qb:s:o', YourOrderNumber: '1', Currency: 'SEK', VATIncluded: true, rows: [{ Description: 'Vara', OrderedQuantity: 1, DeliveredQuantity: 1, Price: 100, VAT: 25, AccountNumber: 3001 }] });
    expect((await api.cancelOrder(order.DocumentNumber)).Cancelled).toBe(true);
  });

  it('commit-then-timeout on a credit POST: the outcome is unknown, and the search by reference finds exactly one', async () => {
    const n = await bookedInvoice('qb:s1:2007');
    sim.faults.add({ kind: 'commitThenTimeout', match: '^POST /3/invoices', count: 1, tenantId });
    const err = await api.createCreditInvoice(creditBody('qb:s1:2007:cancel', 1000, n)).catch((e: unknown) => e);
    expect(isFortnoxError(err) && err.outcomeUnknown).toBe(true);
    expect(await api.findInvoicesByExactReference('qb:s1:2007:cancel')).toHaveLength(1);
  });

  it('commit-then-timeout on a payment POST: one payment exists, listed by invoice', async () => {
    const n = await bookedInvoice('qb:s1:2008');
    const mode = (await base.getModesOfPayment())[0].Code;
    sim.faults.add({ kind: 'commitThenTimeout', match: '^POST /3/invoicepayments', count: 1, tenantId });
    const err = await api.createInvoicePayment({ InvoiceNumber: Number(n), Amount: 1000, PaymentDate: '2026-11-21', ModeOfPayment: mode }).catch((e: unknown) => e);
    expect(isFortnoxError(err) && err.outcomeUnknown).toBe(true);
    expect(await api.listInvoicePayments(n)).toHaveLength(1);
  });
});
