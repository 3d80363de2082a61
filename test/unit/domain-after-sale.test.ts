// After the sale: refunds normalised from every accepted form, the convergence planner and the credit mapping.
// Figures are worked out by hand in the comments; amounts in öre unless the name says kronor.
import {
  afterSaleDate,
  documentContentHash,
  mapCreditDocument,
  normaliseRefunds,
  orderTarget,
  paymentModeFor,
  planAfterSale,
  type AfterSaleContext,
  type FortnoxDocument,
  type OrderLedger,
  type OrderTarget,
  type Refund,
} from '../../src/domain';
import { NO_REFUNDS, parseOrder } from '../../src/quickbutik/schemas';
import type { QbOrder } from '../../src/quickbutik/types';

describe('normaliseRefunds: every accepted shape (shape undocumented; never guess an amount)', () => {
  it.each([[undefined], [null], [''], [[]], [{}], [0], ['0.00']])('%p → no refunds', (raw) => {
    expect(normaliseRefunds(raw)).toEqual({ refunds: [], cumulative: false });
  });
  it('a running total (number or string with decimal comma) → one cumulative refund keyed by the total', () => {
    expect(normaliseRefunds('150,50')).toEqual({ refunds: [{ id: 'sum15050', amount: 15050, date: null, rows: [], freight: null }], cumulative: true });
  });
  it('a list of refund objects keeps id, amount and date', () => {
    const { refunds } = normaliseRefunds([{ id: 7, amount: '100.00', date: '2026-11-22 10:00:00' }]);
    expect(refunds).toEqual([{ id: '7', amount: 10000, date: '2026-11-22', rows: [], freight: null }]);
  });
  it('an object keyed by refund id', () => {
    const { refunds } = normaliseRefunds({ 7: { amount: 100 }, 8: { amount: '50' } });
    expect(refunds.map((r) => [r.id, r.amount])).toEqual([['7', 10000], ['8', 5000]]);
  });
  it('one bare refund object', () => {
    expect(normaliseRefunds({ id: 9, amount: 10 }).refunds.map((r) => [r.id, r.amount])).toEqual([['9', 1000]]);
  });
  it('rows with prices and freight add up when no total is given: 1 × 125.00 + 49.00 = 174.00', () => {
    const [r] = normaliseRefunds([{ products: [{ sku: 'A', qty: 1, price: '125.00' }], shipping: '49' }]).refunds;
    expect(r.amount).toBe(17400);
    expect(r.rows).toEqual([{ sku: 'A', productId: null, title: null, qty: 1, amount: 12500 }]);
    expect(r.freight).toBe(4900);
    expect(r.id).toMatch(/^h[0-9a-f]{12}$/); // no id given: a stable hash of the refund's content
  });
  it('an amount that cannot be read stays null (flagged for manual handling)', () => {
    expect(normaliseRefunds([{ amount: 'abc' }]).refunds[0].amount).toBeNull();
    expect(normaliseRefunds([{ products: [{ sku: 'A', qty: 1 }] }]).refunds[0].amount).toBeNull();
  });
});

const qbOrder = (over: Partial<QbOrder> = {}): QbOrder => ({
  orderId: '1001', dateCreated: '2026-11-20 09:00:00', datePaid: '2026-11-21 10:00:00', status: 'paid', currency: 'SEK',
  totalAmount: 1000, itemsAmount: 1000, shippingAmount: 0, shippingName: null, shippingId: null, discountAmount: 0,
  taxAmount: 200, totalPayAmount: null, refunds: NO_REFUNDS, isTaxFree: false, isTaxOnTop: false, paymethod: { method: 'Klarna', transactionId: null }, notes: null,
  customer: {
    email: 'a@b.se', phone: null, type: 'private', companyName: null, fullName: 'Anna', firstName: null, lastName: null,
    address: null, address2: null, zipcode: null, city: null, country: 'SE', billing: null, shipping: null, vatNumber: null, orgNumber: null,
  },
  rows: [],
  ...over,
});

describe('orderTarget', () => {
  it('paid/done are paid; cancelled is cancelled; unknown is neither', () => {
    expect(orderTarget(qbOrder({ status: 'done' }))).toMatchObject({ paid: true, cancelled: false, paidDate: '2026-11-21', total: 100000 });
    expect(orderTarget(qbOrder({ status: 'cancelled' }))).toMatchObject({ paid: false, cancelled: true });
    expect(orderTarget(qbOrder({ status: 'unknown' }))).toMatchObject({ paid: false, cancelled: false });
    expect(orderTarget(qbOrder({ refunds: { refunded: true, entries: [], raw: [{ id: 1, amount: 5 }] } })).refunds).toHaveLength(1);
  });
  it('the Quickbutik parser keeps the raw refunds value; the simulator\'s "0.00" means none', () => {
    const raw = { order_id: '5', total_amount: '100.00', status: '1', products: [], refunds: { 9: { amount: '40,00' } } };
    const parsed = parseOrder([raw]);
    expect(orderTarget(parsed).refunds).toEqual([{ id: '9', amount: 4000, date: null, rows: [], freight: null }]);
    expect(orderTarget(parseOrder([{ ...raw, refunds: '0.00' }])).refunds).toEqual([]);
    expect(orderTarget(parseOrder([{ ...raw, refunds: undefined }])).refunds).toEqual([]);
  });
  it('the content hash ignores the date but sees an edited row', () => {
    const doc: FortnoxDocument = { CustomerNumber: '1', ExternalInvoiceReference1: 'qb:s1:1001', YourOrderNumber: '1001', Currency: 'SEK', VATIncluded: true, rows: [{ Description: 'A', DeliveredQuantity: 1, Price: 125, VAT: 25, AccountNumber: 3001 }] };
    expect(documentContentHash({ ...doc, InvoiceDate: '2026-11-21' })).toBe(documentContentHash({ ...doc, InvoiceDate: '2026-11-22' }));
    expect(documentContentHash({ ...doc, rows: [{ ...doc.rows[0], DeliveredQuantity: 2 }] })).not.toBe(documentContentHash(doc));
  });
});

describe('paymentModeFor: case-insensitive keys, "*" fallback', () => {
  it.each([
    [{ klarna: 'KL', '*': 'BG' }, 'Klarna', 'KL'],
    [{ klarna: 'KL', '*': 'BG' }, 'Swish', 'BG'],
    [{ klarna: 'KL' }, 'Swish', null],
    [{ '*': 'BG' }, null, 'BG'],
  ])('%p, %p → %p', (map, method, mode) => expect(paymentModeFor(map, method)).toBe(mode));
});

describe('afterSaleDate: own date, never before the original, never in a locked period', () => {
  it.each([
    ['2026-11-21', '2026-11-20', null, '2026-11-21'], // the event's own date
    ['2026-11-19', '2026-11-20', null, '2026-11-20'], // never before the invoice date
    ['2026-11-21', '2026-11-20', '2026-11-30', '2026-12-01'], // locked through 30 Nov → first open day
    [null, '2026-11-20', null, '2026-12-03'], // undated (a cancellation): today
  ])('event %p, original %p, locked until %p → %p', (event, original, locked, expected) => {
    expect(afterSaleDate(event, original, locked, '2026-12-03')).toBe(expected);
  });
});

const target = (over: Partial<OrderTarget> = {}): OrderTarget => ({
  orderId: '1001', paid: true, cancelled: false, paidDate: '2026-11-21', paymentMethod: 'Klarna', currency: 'SEK',
  total: 100000, refunds: [], refundsCumulative: false, ...over,
});
const refund = (id: string, amount: number | null, date: string | null = null): Refund => ({ id, amount, date, rows: [], freight: null });
const invoice = (over: Partial<NonNullable<OrderLedger['original']>> = {}): OrderLedger['original'] => ({
  type: 'invoice', number: '1042', date: '2026-11-20', booked: true, cancelled: false, total: 100000, balance: 100000, contentHash: 'aaaaaaaaaaaaaaaa', ...over,
});
const ledger = (over: Partial<OrderLedger> = {}): OrderLedger => ({ original: invoice(), credits: [], payments: [], ...over });
const ctx = (over: Partial<AfterSaleContext['settings']> = {}, rest: Partial<AfterSaleContext> = {}): AfterSaleContext => ({
  shopId: 's1', today: '2026-12-03', lockedUntil: null, bookkeepingMethod: 'accrual', contentHash: null,
  settings: { onCancel: 'reverse', onRefund: 'credit', registerPayments: false, bookkeep: false, paymentMethods: {}, documentType: 'invoice', ...over },
  ...rest,
});
const K = (s: string) => `qb:s1:1001:${s}`;

describe('planAfterSale', () => {
  it('cancelled before sync → skipped with the reason, no document', () => {
    expect(planAfterSale(target({ paid: false, cancelled: true }), ledger({ original: null }), ctx())).toEqual([
      { kind: 'skip', error: { code: 'ORDER_CANCELLED_BEFORE_SYNC', params: { orderId: '1001' } } },
    ]);
  });
  it('not paid yet → wait for payment (no park); paid → create the document', () => {
    expect(planAfterSale(target({ paid: false }), ledger({ original: null }), ctx())).toEqual([{ kind: 'waitForPayment' }]);
    expect(planAfterSale(target(), ledger({ original: null }), ctx())).toEqual([{ kind: 'createDocument' }]);
  });
  it('in sync → nothing to do (no Fortnox call)', () => {
    expect(planAfterSale(target(), ledger(), ctx())).toEqual([]);
  });
  it('cancelled after sync, invoice unbooked → cancel the invoice', () => {
    expect(planAfterSale(target({ cancelled: true }), ledger({ original: invoice({ booked: false }) }), ctx())).toEqual([
      { kind: 'cancelDocument', number: '1042', documentType: 'invoice' },
    ]);
  });
  it('cancelled after sync, invoice booked → one full credit of 1000.00, linked, dated today', () => {
    const [step] = planAfterSale(target({ cancelled: true }), ledger(), ctx({ bookkeep: true }));
    expect(step).toMatchObject({ kind: 'credit', key: K('cancel'), reason: 'cancel', scope: 'full', amount: 100000, linked: true, date: '2026-12-03', bookkeep: true });
  });
  it('cash basis: invoices and credits are never bookkept (the payment books the sale)', () => {
    const [step] = planAfterSale(target({ cancelled: true }), ledger(), ctx({ bookkeep: true }, { bookkeepingMethod: 'cash' }));
    expect(step).toMatchObject({ kind: 'credit', bookkeep: false });
  });
  it('two partial refunds then a cancel: 1000.00 − 200.00 (credited, linked) − 300.00 → credits 300.00 and the rest 500.00, both standalone', () => {
    const steps = planAfterSale(
      target({ cancelled: true, refunds: [refund('r1', 20000), refund('r2', 30000, '2026-11-25')] }),
      ledger({ credits: [{ key: K('refund:r1'), amount: 20000, linked: true, number: '1043', done: true }] }),
      ctx(),
    );
    expect(steps.map((s) => s.kind === 'credit' && [s.key, s.scope, s.amount, s.linked, s.date])).toEqual([
      [K('refund:r2'), 'partial', 30000, false, '2026-11-25'],
      [K('cancel'), 'partial', 50000, false, '2026-12-03'],
    ]);
  });
  it('the first refund credit of a booked invoice is linked; the next in the same plan is not', () => {
    const steps = planAfterSale(target({ refunds: [refund('r1', 10000), refund('r2', 10000)] }), ledger(), ctx());
    expect(steps.map((s) => s.kind === 'credit' && s.linked)).toEqual([true, false]);
  });
  it('fully refunded then cancelled → no cancel credit (200 + 800 = 1000 already)', () => {
    const steps = planAfterSale(target({ cancelled: true, refunds: [refund('r1', 20000), refund('r2', 80000)] }), ledger({
      credits: [{ key: K('refund:r1'), amount: 20000, linked: true, number: '1043', done: true }, { key: K('refund:r2'), amount: 80000, linked: false, number: '1044', done: true }],
    }), ctx());
    expect(steps).toEqual([]);
  });
  it('a credit would exceed the original (900.00 credited + 200.00 > 1000.00) → park, nothing credited', () => {
    const steps = planAfterSale(target({ refunds: [refund('r1', 90000), refund('r2', 20000)] }), ledger({
      credits: [{ key: K('refund:r1'), amount: 90000, linked: true, number: '1043', done: true }],
    }), ctx());
    expect(steps).toEqual([{ kind: 'park', error: expect.objectContaining({ code: 'CREDIT_EXCEEDS_ORIGINAL', params: expect.objectContaining({ amount: 200, credited: 900, original: 1000 }) }) }]);
  });
  it('a refund whose amount cannot be read → park REFUND_AMOUNT_UNREADABLE naming it', () => {
    expect(planAfterSale(target({ refunds: [refund('r9', null)] }), ledger(), ctx())).toEqual([
      { kind: 'park', error: { code: 'REFUND_AMOUNT_UNREADABLE', params: { orderId: '1001', refundId: 'r9' } } },
    ]);
  });
  it('running-total refunds: 150.00 now, 100.00 credited before → a credit of 50.00 keyed by the new total', () => {
    const steps = planAfterSale(target({ refunds: [refund('sum15000', 15000)], refundsCumulative: true }), ledger({
      credits: [{ key: K('refund:sum10000'), amount: 10000, linked: true, number: '1043', done: true }],
    }), ctx());
    expect(steps).toEqual([expect.objectContaining({ kind: 'credit', key: K('refund:sum15000'), amount: 5000 })]);
  });
  it('onCancel log / onRefund log: nothing posted, the event logged', () => {
    expect(planAfterSale(target({ cancelled: true }), ledger(), ctx({ onCancel: 'log' }))).toEqual([{ kind: 'log', code: 'cancelLogged' }]);
    expect(planAfterSale(target({ refunds: [refund('r1', 100)] }), ledger(), ctx({ onRefund: 'log' }))).toEqual([{ kind: 'log', code: 'refundLogged' }]);
  });

  describe('payments (registerPayments)', () => {
    const pay = { registerPayments: true, paymentMethods: { klarna: 'KL', '*': 'BG' } };
    it('amount = the balance (Fortnox total 1249.00 after öresavrundning of 1248.60), dated the payment date, mode from the map', () => {
      expect(planAfterSale(target({ total: 124860 }), ledger({ original: invoice({ total: 124900, balance: 124900 }) }), ctx(pay))).toEqual([
        { kind: 'registerPayment', key: K('payment'), invoiceNumber: '1042', amount: 124900, date: '2026-11-21', modeOfPayment: 'KL', bookkeep: false },
      ]);
    });
    it('already settled in Fortnox (balance 0, e.g. a bank file) → no payment', () => {
      expect(planAfterSale(target(), ledger({ original: invoice({ balance: 0 }) }), ctx(pay))).toEqual([{ kind: 'log', code: 'alreadySettled', detail: '1042' }]);
    });
    it('part paid elsewhere (balance 400.00 of 1000.00) → pays 400.00, never over the balance', () => {
      const [step] = planAfterSale(target(), ledger({ original: invoice({ balance: 40000 }) }), ctx(pay));
      expect(step).toMatchObject({ kind: 'registerPayment', amount: 40000 });
    });
    it('never before the invoice date; never in a locked period', () => {
      const [a] = planAfterSale(target({ paidDate: '2026-11-19' }), ledger(), ctx(pay));
      expect(a).toMatchObject({ date: '2026-11-20' });
      const [b] = planAfterSale(target(), ledger(), ctx(pay, { lockedUntil: '2026-11-30' }));
      expect(b).toMatchObject({ date: '2026-12-01' });
    });
    it('unmapped payment method → park naming the method', () => {
      expect(planAfterSale(target({ paymentMethod: 'Swish' }), ledger(), ctx({ registerPayments: true, paymentMethods: { klarna: 'KL' } }))).toEqual([
        { kind: 'park', error: { code: 'PAYMENT_METHOD_UNMAPPED', params: { orderId: '1001', method: 'Swish', invoiceNumber: '1042' } } },
      ]);
    });
    it('already registered by us → not again; then the refund is credited', () => {
      const steps = planAfterSale(target({ refunds: [refund('r1', 10000)] }), ledger({ payments: [{ key: K('payment'), amount: 100000, number: '7', done: true }] }), ctx(pay));
      expect(steps.map((s) => s.kind)).toEqual(['credit']);
    });
  });

  describe('Fortnox order mode', () => {
    const order = invoice({ type: 'order', booked: false, balance: null });
    it('cancelled → cancel the Fortnox order', () => {
      expect(planAfterSale(target({ cancelled: true }), ledger({ original: order }), ctx({ documentType: 'order' }))).toEqual([
        { kind: 'cancelDocument', number: '1042', documentType: 'order' },
      ]);
    });
    it('a refund before it is invoiced adjusts that order', () => {
      expect(planAfterSale(target({ refunds: [refund('r1', 10000)] }), ledger({ original: order }), ctx({ documentType: 'order' }))).toEqual([
        { kind: 'adjustOrder', key: K('refund:r1'), number: '1042', refund: refund('r1', 10000) },
      ]);
    });
  });

  describe('edits after sync (content hash differs)', () => {
    it('unbooked → update the document', () => {
      expect(planAfterSale(target(), ledger({ original: invoice({ booked: false }) }), ctx({}, { contentHash: 'bbbbbbbbbbbbbbbb' }))).toEqual([
        { kind: 'updateDocument', number: '1042', documentType: 'invoice' },
      ]);
    });
    it('booked → full credit + reissue, both referenced', () => {
      const steps = planAfterSale(target(), ledger(), ctx({}, { contentHash: 'bbbbbbbbbbbbbbbb' }));
      expect(steps).toEqual([
        expect.objectContaining({ kind: 'credit', key: K('edit:aaaaaaaaaaaa'), reason: 'edit', scope: 'full', amount: 100000 }),
        { kind: 'reissue', key: K('reissue:bbbbbbbbbbbb') },
      ]);
    });
  });
});

describe('mapCreditDocument', () => {
  // Original, prices incl. VAT: A 1 × 125.00 (25 %), B 1 × 112.00 (12 %), freight 40.00 (25 %) + 9.00 (12 %) on 3520.
  const original: FortnoxDocument = {
    CustomerNumber: '7', InvoiceDate: '2026-11-20', ExternalInvoiceReference1: 'qb:s1:1001', YourOrderNumber: '1001', Currency: 'SEK', VATIncluded: true,
    rows: [
      { ArticleNumber: 'A', Description: 'Vara A', DeliveredQuantity: 1, Price: 125, VAT: 25, AccountNumber: 3001 },
      { ArticleNumber: 'B', Description: 'Vara B', DeliveredQuantity: 1, Price: 112, VAT: 12, AccountNumber: 3002 },
      { Description: 'Frakt', DeliveredQuantity: 1, Price: 40, VAT: 25, AccountNumber: 3520 },
      { Description: 'Frakt', DeliveredQuantity: 1, Price: 9, VAT: 12, AccountNumber: 3520 },
    ],
  };
  const base = { original, originalNumber: '1042', orderId: '1001', key: K('refund:r1'), linked: true, date: '2026-11-25', freightAccount: 3520, fallback: {} };
  const rowsOf = (r: ReturnType<typeof mapCreditDocument>) => {
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.document.rows.map((x) => [x.ArticleNumber ?? null, x.DeliveredQuantity, x.Price, x.VAT, x.AccountNumber]);
  };

  it('the refunded row, at its own price, carrying the references', () => {
    const res = mapCreditDocument({ ...base, what: { refund: { ...refund('r1', 12500), rows: [{ sku: 'A', productId: null, title: null, qty: 1, amount: null }] } } });
    expect(rowsOf(res)).toEqual([['A', -1, 125, 25, 3001]]);
    expect(res.ok && res.document).toMatchObject({ ExternalInvoiceReference1: K('refund:r1'), CreditInvoiceReference: '1042', InvoiceDate: '2026-11-25', CustomerNumber: '7' });
  });
  it('a standalone credit names the original in Remarks and has no CreditInvoiceReference', () => {
    const res = mapCreditDocument({ ...base, linked: false, what: { refund: refund('r1', 1000) } });
    expect(res.ok && res.document.CreditInvoiceReference).toBeUndefined();
    expect(res.ok && res.document.Remarks).toContain('1042');
  });
  it('an amount only, 100.00, split over the goods rates by value: 12 % 112/237 → 47.26, 25 % takes the rest 52.74', () => {
    // 10000 × 11200 / 23700 = 4725.7 → 4726 öre; 10000 − 4726 = 5274 öre on the highest rate.
    expect(rowsOf(mapCreditDocument({ ...base, what: { refund: refund('r1', 10000) } }))).toEqual([
      [null, -1, 47.26, 12, 3002],
      [null, -1, 52.74, 25, 3001],
    ]);
  });
  it('freight only, 24.50 of 49.00, split over the freight rows: 12 % 9/49 → 4.50, 25 % 20.00', () => {
    // 2450 × 900 / 4900 = 450 öre; 2450 − 450 = 2000 öre.
    const res = mapCreditDocument({ ...base, what: { refund: { ...refund('r1', 2450), freight: 2450 } } });
    expect(rowsOf(res)).toEqual([[null, -1, 4.5, 12, 3520], [null, -1, 20, 25, 3520]]);
  });
  it('a row plus a 5.00 fee matching no row → the fee on the fallback article/account, split 2.36 / 2.64', () => {
    // rest 500: 500 × 11200 / 23700 = 236.3 → 236; 500 − 236 = 264.
    const res = mapCreditDocument({
      ...base, fallback: { articleNumber: 'REFUND', account: 3090 },
      what: { refund: { ...refund('r1', 13000), rows: [{ sku: 'A', productId: null, title: null, qty: 1, amount: null }] } },
    });
    expect(rowsOf(res)).toEqual([['A', -1, 125, 25, 3001], ['REFUND', -1, 2.36, 12, 3090], ['REFUND', -1, 2.64, 25, 3090]]);
  });
  it('a full credit (cancel) negates every row: 125 + 112 + 40 + 9 = 286.00', () => {
    const res = mapCreditDocument({ ...base, key: K('cancel'), what: { full: true } });
    expect(res.ok && res.amount).toBe(28600);
    expect(rowsOf(res).map((r) => r[1])).toEqual([-1, -1, -1, -1]);
  });
  it('prices excl. VAT (tax on top): a refund of 125.00 at 25 % credits 100.00 net', () => {
    const net: FortnoxDocument = { ...original, VATIncluded: false, rows: [{ ArticleNumber: 'A', Description: 'Vara A', DeliveredQuantity: 2, Price: 100, VAT: 25, AccountNumber: 3001 }] };
    expect(rowsOf(mapCreditDocument({ ...base, original: net, what: { refund: refund('r1', 12500) } }))).toEqual([[null, -1, 100, 25, 3001]]);
  });
  it('rows worth more than the refunded amount → REFUND_AMOUNT_UNREADABLE (never guessed)', () => {
    const res = mapCreditDocument({ ...base, what: { refund: { ...refund('r1', 10000), rows: [{ sku: 'A', productId: null, title: null, qty: 1, amount: null }] } } });
    expect(res.ok ? null : res.errors[0].code).toBe('REFUND_AMOUNT_UNREADABLE');
  });
});
