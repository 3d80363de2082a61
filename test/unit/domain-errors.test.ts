// The error catalog: every entry is produced by real code (mapping, parsing, or the Fortnox/Quickbutik answer
// mappers), and explained in plain Swedish and English with all its facts filled in.
import {
  checkAccountVatCodes,
  checkPostedVat,
  defaultShopSettings,
  distanceSalesStatus,
  distanceSalesWarning,
  duplicateSkus,
  ERROR_CATALOG,
  ERROR_CODES,
  explainError,
  fortnoxCodeToErrorCode,
  fortnoxErrorToDomainError,
  mapCustomer,
  mapOrderToDocument,
  mapProductToArticles,
  quickbutikStatusToErrorCode,
  normaliseRefunds,
  orderTarget,
  planAfterSale,
  type AfterSaleContext,
  type DomainError,
  type OrderMappingContext,
  type OrderTarget,
} from '../../src/domain';
import { safeParseOrder } from '../../src/quickbutik/schemas';
import type { QbOrder, QbOrderRow, QbProduct } from '../../src/quickbutik/types';
import { NO_REFUNDS } from '../../src/quickbutik/schemas';

const row = (sku: string | null, qty: number, unitPrice: number): QbOrderRow => ({
  id: null, productId: '1', variantId: null, sku, title: 'Vara', variantLabel: null, qty, unitPrice, bundleComponents: [],
});
const order = (over: Partial<QbOrder> = {}): QbOrder => ({
  orderId: '1001', dateCreated: '2024-05-01 09:00:00', datePaid: '2024-05-01 09:00:00', status: 'paid', currency: 'SEK',
  totalAmount: 125, itemsAmount: 125, shippingAmount: 0, shippingName: null, shippingId: null, discountAmount: 0,
  taxAmount: 25, isTaxFree: false, isTaxOnTop: false, paymethod: { method: null, transactionId: null }, notes: null, totalPayAmount: null, refunds: NO_REFUNDS,
  customer: {
    email: 'a@b.se', phone: null, type: 'private', companyName: null, fullName: 'Anna', firstName: null, lastName: null,
    address: null, address2: null, zipcode: null, city: null, country: 'SE', billing: null, shipping: null, vatNumber: null, orgNumber: null,
  },
  rows: [row('A-1', 1, 125)],
  ...over,
});
const ctx = (over: Partial<OrderMappingContext> = {}): OrderMappingContext => ({
  shopId: 'shop1', settings: defaultShopSettings(), documentType: 'invoice', customerNumber: '1', customerVatType: 'SEVAT',
  taxRateBySku: { 'A-1': 25 }, accounts: { sales25: 3001, sales0: 3004, freight: 3520 }, ...over,
});
const fromMapping = (o: QbOrder, c: OrderMappingContext = ctx()): DomainError => {
  const res = mapOrderToDocument(o, c);
  if (res.ok) throw new Error('expected an error');
  return res.errors[0];
};
const fromFortnox = (code: number | string | null, message?: string): DomainError => fortnoxErrorToDomainError(code, message);
const fromQuickbutik = (status: number, entity: 'order' | 'product'): DomainError => ({
  code: quickbutikStatusToErrorCode(status, entity)!, params: entity === 'order' ? { orderId: '1001' } : { productId: '55' },
});
const product = (over: Partial<QbProduct>): QbProduct => ({
  id: '55', sku: 'A-1', title: 'Vara', price: 100, beforePrice: null, purchasePrice: null, taxRate: 25, weightGrams: null,
  stock: null, stockLocation: null, gtin: null, supplierName: null, supplierSku: null, description: null, images: [],
  variants: [], bundleComponents: [], dateModified: null, ...over,
});

const afterSaleTarget = (over: Partial<OrderTarget>): OrderTarget => ({ ...orderTarget(order()), ...over });
const afterSaleCtx = (settings: Partial<AfterSaleContext['settings']>): AfterSaleContext => ({
  shopId: 'shop1', today: '2024-05-02', lockedUntil: null, bookkeepingMethod: 'accrual', contentHash: null,
  settings: { ...defaultShopSettings(), ...settings },
});
/** The park step the planner ends with for a booked invoice of 1250.00 (balance open). */
const afterSale = (t: OrderTarget, settings: Partial<AfterSaleContext['settings']> = {}): DomainError => {
  const original = { type: 'invoice' as const, number: '1042', date: '2024-05-01', booked: true, cancelled: false, total: 125000, balance: 125000, contentHash: null };
  const step = planAfterSale(t, { original, credits: [], payments: [] }, afterSaleCtx(settings)).at(-1);
  return step?.kind === 'park' ? step.error : (undefined as never);
};

/** How each catalog entry comes about. */
const producers: Record<string, () => DomainError> = {
  INVALID_ARTICLE_NUMBER: () => fromMapping(order({ rows: [row('A 1', 1, 125)] }), ctx({ taxRateBySku: { 'A 1': 25 } })),
  MISSING_SKU: () => {
    const res = mapProductToArticles(product({ sku: null }));
    return res.ok ? (undefined as never) : res.errors[0];
  },
  MISSING_VAT_RATE: () => fromMapping(order({ rows: [row('B-1', 1, 125)] })),
  VAT_RATE_NOT_IN_FORTNOX: () => fromFortnox(null, 'Kunde inte hitta moms'),
  ARTICLE_NOT_FOUND: () => fromFortnox(2000428, 'Kunde inte hitta artikel'),
  ACCOUNT_NOT_FOUND: () => fromFortnox(2000423, 'Kontot hittades inte'),
  ACCOUNT_NOT_CONFIGURED: () => fromMapping(order(), ctx({ accounts: {} })),
  COST_CENTER_NOT_FOUND: () => fromFortnox(null, 'Kostnadsstället hittades inte'),
  CURRENCY_NOT_ENABLED: () => fromMapping(order({ currency: 'EUR' }), ctx({ enabledCurrencies: ['SEK'] })),
  PERIOD_LOCKED: () => fromFortnox(2000401, 'Perioden är låst t.o.m. 2024-03-31'),
  MISSING_LICENCE: () => fromFortnox(2001101, 'Saknar licens'),
  TOTAL_MISMATCH: () => fromMapping(order({ totalAmount: 200 })),
  CUSTOMER_INVALID: () => {
    const res = mapCustomer(order({ customer: { ...order().customer, fullName: null, email: null } }));
    return res.ok ? (undefined as never) : res.errors[0];
  },
  CUSTOMER_NOT_FOUND: () => fromFortnox(2000433, 'Kunde inte hitta kunden'),
  TEXT_INVALID: () => fromFortnox(2000359, 'Otillåtna tecken'),
  TOO_MANY_ROWS: () => fromMapping(order({ totalAmount: 501 * 125, taxAmount: 501 * 25, rows: Array.from({ length: 501 }, () => row('A-1', 1, 125)) })),
  INVALID_QUANTITY: () => fromMapping(order({ rows: [row('A-1', -1, 125)] })),
  FIELD_TOO_LONG: () => fromMapping(order(), ctx({ shopId: 'x'.repeat(90) })),
  WAY_OF_DELIVERY_NOT_FOUND: () => fromFortnox(null, 'Kunde inte hitta leveranssätt'),
  MODE_OF_PAYMENT_NOT_FOUND: () => fromFortnox(null, 'Kunde inte hitta betalningssätt'),
  TAXFREE_WITHOUT_VAT_NUMBER: () => fromMapping(order({ isTaxFree: true }), ctx({ customerVatType: 'EUVAT' })),
  VAT_TYPE_MISMATCH: () => fromMapping(order(), ctx({ customerVatType: 'EXPORT' })),
  FORTNOX_REJECTED: () => fromFortnox(2000106, 'Värdet måste vara alfanumeriskt'),
  RECONNECT_NEEDED: () => fromFortnox('invalid_grant', 'Invalid refresh token'),
  QUICKBUTIK_AUTH_FAILED: () => fromQuickbutik(401, 'order'),
  ORDER_NOT_FOUND: () => fromQuickbutik(404, 'order'),
  PRODUCT_NOT_FOUND: () => fromQuickbutik(404, 'product'),
  ORDER_NOT_PAID: () => fromMapping(order({ status: 'unpaid' })),
  ORDER_CANCELLED: () => fromMapping(order({ status: 'cancelled' })),
  ORDER_HAS_NO_ROWS: () => fromMapping(order({ rows: [] })),
  ORDER_PARSE_FAILED: () => {
    const res = safeParseOrder([{ order_id: '1001', total_amount: 'mycket' }]);
    return res.ok ? (undefined as never) : res.error;
  },
  VAT_MISMATCH: () => fromMapping(order({ taxAmount: 12 })),
  FORTNOX_VAT_MISMATCH: () => checkPostedVat({ '25': 2500 }, { totalVat: 24 }, { orderId: '1001', documentNumber: 7, currency: 'SEK' })!,
  OSS_NOT_CONFIGURED: () =>
    fromMapping(order({ totalAmount: 119, taxAmount: 19, rows: [row('A-1', 1, 119)], customer: { ...order().customer, country: 'DE' } }), ctx({ customerVatType: 'EUVAT' })),
  ACCOUNT_VAT_CODE_MISMATCH: () => checkAccountVatCodes({ freight12: 3520 }, { '3520': { vatCode: 'MP1', active: true } })[0],
  VAT_NUMBER_INVALID: () =>
    fromMapping(
      order({ isTaxFree: true, totalAmount: 100, taxAmount: 0, rows: [row('A-1', 1, 100)], customer: { ...order().customer, country: 'DE', vatNumber: 'DK12345678' } }),
      ctx({ customerVatType: 'EUREVERSEDVAT', accounts: { sales25: 3001, euReversedVat: 3108 } }),
    ),
  EU_DISTANCE_SALES_THRESHOLD: () => distanceSalesWarning(distanceSalesStatus([{ date: '2024-03-01', netSek: 9_000_000 }], 2024))!,
  GIFT_CARD_NOT_SUPPORTED: () => fromMapping(order({ totalPayAmount: 100 })),
  DUPLICATE_SKU: () => duplicateSkus([product({ id: '1' }), product({ id: '2' })])[0],
  PAYMENT_METHOD_UNMAPPED: () => afterSale(afterSaleTarget({ paymentMethod: 'Swish' }), { registerPayments: true, paymentMethods: { klarna: 'KL' } }),
  REFUND_AMOUNT_UNREADABLE: () => afterSale(afterSaleTarget({ refunds: normaliseRefunds([{ id: 'r1', amount: 'okänt' }]).refunds })),
  CREDIT_EXCEEDS_ORIGINAL: () => afterSale(afterSaleTarget({ refunds: normaliseRefunds([{ id: 'r1', amount: '1250.01' }]).refunds })),
  ORDER_CANCELLED_BEFORE_SYNC: () => {
    const [step] = planAfterSale(afterSaleTarget({ cancelled: true, paid: false }), { original: null, credits: [], payments: [] }, afterSaleCtx({}));
    return step.kind === 'skip' ? step.error : (undefined as never);
  },
  UNEXPECTED_ERROR: () => ({ code: explainError('SOMETHING_NEW').code, params: { detail: 'SOMETHING_NEW' } }),
};

describe('error catalog', () => {
  it('every catalog entry has a producer below, and every producer a catalog entry', () => {
    expect(Object.keys(producers).sort()).toEqual([...ERROR_CODES].sort());
  });

  it.each(ERROR_CODES)('%s is produced and explained in plain Swedish and English', (code) => {
    const error = producers[code]();
    expect(error.code).toBe(code);
    const { explanationSv, explanationEn } = explainError(error.code, error.params);
    expect(explanationSv.length).toBeGreaterThan(40);
    expect(explanationEn.length).toBeGreaterThan(40);
    expect(explanationSv).not.toBe(explanationEn);
    expect(`${explanationSv} ${explanationEn}`).not.toContain('<?>'); // every fact the text needs was supplied
    const entry = ERROR_CATALOG[code];
    expect(entry.titleSv).not.toBe(entry.titleEn);
    expect(entry.retryable).toBe(false);
  });

  it('TOTAL_MISMATCH names both figures, in each language’s number format', () => {
    const e = producers.TOTAL_MISMATCH();
    const { explanationSv, explanationEn } = explainError(e.code, e.params);
    expect(explanationSv).toContain('125,00 SEK');
    expect(explanationSv).toContain('200,00 SEK');
    expect(explanationEn).toContain('125.00 SEK');
    expect(explanationEn).toContain('200.00 SEK');
  });

  it('FORTNOX_REJECTED shows Fortnox’s code and message', () => {
    const e = producers.FORTNOX_REJECTED();
    expect(explainError(e.code, e.params).explanationEn).toContain('2000106: "Värdet måste vara alfanumeriskt"');
  });

  it('INVALID_ARTICLE_NUMBER says which sku and how to fix it', () => {
    const e = producers.INVALID_ARTICLE_NUMBER();
    const { explanationSv } = explainError(e.code, e.params);
    expect(explanationSv).toContain('"A 1"');
    expect(explanationSv).toContain('inga å, ä, ö, mellanslag');
  });
});

describe('fortnoxCodeToErrorCode', () => {
  it.each([
    [2000166, undefined, 'INVALID_ARTICLE_NUMBER'],
    [2000359, undefined, 'TEXT_INVALID'],
    [2000428, undefined, 'ARTICLE_NOT_FOUND'],
    ['2001302', undefined, 'ARTICLE_NOT_FOUND'],
    [2000423, undefined, 'ACCOUNT_NOT_FOUND'],
    [2001304, undefined, 'ACCOUNT_NOT_FOUND'],
    [2000401, undefined, 'PERIOD_LOCKED'],
    [2001101, undefined, 'MISSING_LICENCE'],
    [2000663, undefined, 'MISSING_LICENCE'],
    [2001103, undefined, 'MISSING_LICENCE'],
    [2000204, undefined, 'CUSTOMER_NOT_FOUND'],
    [2000433, undefined, 'CUSTOMER_NOT_FOUND'],
    [null, 'Kunde inte hitta moms', 'VAT_RATE_NOT_IN_FORTNOX'],
    [null, 'Kunde inte hitta leveranssätt', 'WAY_OF_DELIVERY_NOT_FOUND'],
    [2000000, 'Ogiltig valuta: XYZ', 'CURRENCY_NOT_ENABLED'],
    [2000000, 'Kostnadsställe WEB hittades inte', 'COST_CENTER_NOT_FOUND'],
    ['invalid_grant', 'Invalid refresh token', 'RECONNECT_NEEDED'],
    ['missing.rights', undefined, 'MISSING_LICENCE'],
    [2003977, 'Rad saknar konto', 'FORTNOX_REJECTED'],
    [9999999, 'Något helt nytt', 'FORTNOX_REJECTED'],
  ])('%p %p → %s', (code, message, expected) => expect(fortnoxCodeToErrorCode(code, message)).toBe(expected));

  it('keeps Fortnox’s code and message on the DomainError', () => {
    expect(fortnoxErrorToDomainError(2000423, 'Kontot 3999 finns inte', { account: 3999 })).toEqual({
      code: 'ACCOUNT_NOT_FOUND', params: { account: 3999, fortnoxCode: 2000423, fortnoxMessage: 'Kontot 3999 finns inte' },
    });
  });
});

describe('quickbutikStatusToErrorCode', () => {
  it.each([
    [401, 'order', 'QUICKBUTIK_AUTH_FAILED'],
    [404, 'order', 'ORDER_NOT_FOUND'],
    [404, 'product', 'PRODUCT_NOT_FOUND'],
    [500, 'order', null],
  ] as const)('%p %s → %p', (status, entity, code) => expect(quickbutikStatusToErrorCode(status, entity)).toBe(code));
});
