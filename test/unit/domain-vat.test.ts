// VAT truth (issue 12): every figure worked out by hand in the comment, every case names its rule.
import {
  articleVatFields,
  checkAccountVatCodes,
  checkPostedVat,
  checkVatNumber,
  classifyTerritory,
  decideVatType,
  defaultShopSettings,
  distanceSalesStatus,
  documentVatByRate,
  duplicateSkus,
  findBuyerIdentifiers,
  giftCardKeysFromProducts,
  mapOrderToDocument,
  mapProductToArticles,
  proveVat,
  ratesAtPayment,
  captureVatRates,
  resolveAccounts,
  reverseChargeText,
  type DocumentRow,
  type OrderMappingContext,
  type ResolvedAccounts,
} from '../../src/domain';
import { NO_REFUNDS, parseOrder } from '../../src/quickbutik/schemas';
import type { QbCustomer, QbOrder, QbOrderRow, QbProduct } from '../../src/quickbutik/types';

const customer = (over: Partial<QbCustomer> = {}): QbCustomer => ({
  email: 'anna@example.se', phone: null, type: 'private', companyName: null, fullName: 'Anna', firstName: null,
  lastName: null, address: null, address2: null, zipcode: null, city: null, country: 'SE', billing: null, shipping: null,
  vatNumber: null, orgNumber: null, ...over,
});
const row = (sku: string, qty: number, unitPrice: number): QbOrderRow => ({
  id: null, productId: '1', variantId: null, sku, title: sku, variantLabel: null, qty, unitPrice, bundleComponents: [],
});
const order = (over: Partial<QbOrder>): QbOrder => ({
  orderId: '2001', dateCreated: '2025-03-01 10:00:00', datePaid: '2025-03-01 10:00:00', status: 'paid', currency: 'SEK',
  totalAmount: 0, itemsAmount: null, shippingAmount: 0, shippingName: null, shippingId: null, discountAmount: 0,
  taxAmount: null, isTaxFree: false, isTaxOnTop: false, paymethod: { method: null, transactionId: null }, notes: null,
  totalPayAmount: null, refunds: NO_REFUNDS, customer: customer(), rows: [], ...over,
});
const ACCOUNTS: ResolvedAccounts = {
  sales25: 3001, sales12: 3002, sales6: 3003, sales0: 3004, freight: 3520, euVat: 3106, euReversedVat: 3108, export: 3105,
};
const RATES = { 'TSHIRT-1': 25, 'FOOD-1': 12, 'BOOK-1': 6, 'ZERO-1': 0, GIFT: 25 };
const ctx = (over: Partial<OrderMappingContext> = {}): OrderMappingContext => ({
  shopId: 'shop1', settings: defaultShopSettings(), documentType: 'invoice', customerNumber: '7', customerVatType: 'SEVAT',
  taxRateBySku: RATES, accounts: ACCOUNTS, ...over,
});
const r = (sku: string | null, description: string, qty: number, price: number, vat: number, account: number): DocumentRow => ({
  ...(sku ? { ArticleNumber: sku } : {}), Description: description, DeliveredQuantity: qty, Price: price, VAT: vat, AccountNumber: account,
});

interface Case {
  rule: string;
  order: QbOrder;
  ctx?: OrderMappingContext;
  rows?: DocumentRow[];
  error?: { code: string; params?: Record<string, unknown> };
  checks?: Record<string, unknown>;
  remarks?: string[];
}

const cases: Case[] = [
  {
    rule: 'rate changed after payment, no rate captured: 112.00 at today’s 6 % books 6.34 VAT, the shop charged 12.00 → VAT_MISMATCH',
    // 112 × 6/106 = 6.3396 → 6.34; implied rate 12.00 / (112 − 12) = 12 % (a Swedish rate not booked) → rateChanged
    order: order({ totalAmount: 112, taxAmount: 12, rows: [row('FOOD-1', 1, 112)] }),
    ctx: ctx({ taxRateBySku: { 'FOOD-1': 6 } }),
    error: { code: 'VAT_MISMATCH', params: { documentVat: 6.34, quickbutikVat: 12, causes: 'rateChanged' } },
  },
  {
    rule: 'rates as at payment: the captured 12 % wins over today’s 6 % (the rate at the tax point applies)',
    // 112 × 12/112 = 12.00 = tax_amount
    order: order({ totalAmount: 112, taxAmount: 12, rows: [row('FOOD-1', 1, 112)] }),
    ctx: ctx({ taxRateBySku: { 'FOOD-1': 6 }, capturedRates: { capturedAt: '2025-03-01T10:00:00Z', rates: { 'FOOD-1': 12 } } }),
    rows: [r('FOOD-1', 'FOOD-1', 1, 112, 12, 3002)],
    checks: { ratesChanged: ['FOOD-1'], vat: { status: 'proven', documentVat: 12, quickbutikVat: 12 } },
  },
  {
    rule: 'German consumer charged German VAT (19 %), OSS not configured → OSS_NOT_CONFIGURED, never booked as Swedish VAT',
    // as Swedish: 238 × 25/125 = 47.60 ≠ 38.00; implied 38 / (238 − 38) = 19 %
    order: order({ totalAmount: 238, taxAmount: 38, customer: customer({ country: 'DE' }), rows: [row('TSHIRT-1', 2, 119)] }),
    ctx: ctx({ customerVatType: 'EUVAT' }),
    error: { code: 'OSS_NOT_CONFIGURED', params: { country: 'DE', rate: 19 } },
  },
  {
    rule: 'German VAT through OSS: every row (freight too) at 19 % on the DE OSS account',
    // (2 × 119 + 49) = 287; VAT 287 × 19/119 = 45.8235 → 45.82 = tax_amount
    order: order({
      totalAmount: 287, taxAmount: 45.82, shippingAmount: 49, customer: customer({ country: 'DE' }), rows: [row('TSHIRT-1', 2, 119)],
    }),
    ctx: ctx({ customerVatType: 'EUVAT', accounts: { ...ACCOUNTS, oss: { DE: { '19': 3110 } } } }),
    rows: [r('TSHIRT-1', 'TSHIRT-1', 2, 119, 19, 3110), r(null, 'Frakt', 1, 49, 19, 3110)],
    checks: { treatment: 'oss:DE', vat: { status: 'proven', documentVat: 45.82 } },
  },
  {
    rule: 'EU consumer under the threshold charged Swedish VAT: Swedish rates, euVat account for 25 %, 12 % on its Swedish account',
    // 125 × 25/125 = 25.00; 112 × 12/112 = 12.00; total VAT 37.00
    order: order({ totalAmount: 237, taxAmount: 37, customer: customer({ country: 'FI' }), rows: [row('TSHIRT-1', 1, 125), row('FOOD-1', 1, 112)] }),
    ctx: ctx({ customerVatType: 'EUVAT' }),
    rows: [r('TSHIRT-1', 'TSHIRT-1', 1, 125, 25, 3106), r('FOOD-1', 'FOOD-1', 1, 112, 12, 3002)],
    checks: { treatment: 'euSwedishVat' },
  },
  {
    rule: 'freight on an order with only 0 % goods follows the goods (ancillary to the main supply): 0 % on sales0, not the 25 % freight account',
    order: order({ totalAmount: 149, taxAmount: 0, shippingAmount: 49, rows: [row('ZERO-1', 1, 100)] }),
    rows: [r('ZERO-1', 'ZERO-1', 1, 100, 0, 3004), r(null, 'Frakt', 1, 49, 0, 3004)],
  },
  {
    rule: 'freight at 12 % on the 12 % freight account when set',
    // 112 + 56 = 168; VAT 168 × 12/112 = 18.00
    order: order({ totalAmount: 168, taxAmount: 18, shippingAmount: 56, rows: [row('FOOD-1', 1, 112)] }),
    ctx: ctx({ accounts: { ...ACCOUNTS, freight12: 3521 } }),
    rows: [r('FOOD-1', 'FOOD-1', 1, 112, 12, 3002), r(null, 'Frakt', 1, 56, 12, 3521)],
  },
  {
    rule: 'reverse charge: 0 % on the EU account, the legal text and both VAT numbers in Remarks',
    order: order({
      totalAmount: 120, taxAmount: 0, isTaxFree: true, shippingAmount: 20, rows: [row('TSHIRT-1', 1, 100)],
      customer: customer({ country: 'DE', type: 'company', companyName: 'GmbH', vatNumber: 'de 123 456 789' }),
    }),
    ctx: ctx({ customerVatType: 'EUREVERSEDVAT', sellerVatNumber: 'SE556677889901' }),
    rows: [r('TSHIRT-1', 'TSHIRT-1', 1, 100, 0, 3108), r(null, 'Frakt', 1, 20, 0, 3108)],
    remarks: ['Omvänd betalningsskyldighet / Reverse charge', 'Buyer’s VAT no: DE123456789', 'Seller’s VAT no: SE556677889901'],
    checks: { treatment: 'reverseCharge' },
  },
  {
    rule: 'reverse charge with a VAT number of another country → VAT_NUMBER_INVALID',
    order: order({ totalAmount: 100, taxAmount: 0, isTaxFree: true, rows: [row('TSHIRT-1', 1, 100)], customer: customer({ country: 'DE', vatNumber: 'DK12345678' }) }),
    ctx: ctx({ customerVatType: 'EUREVERSEDVAT' }),
    error: { code: 'VAT_NUMBER_INVALID', params: { vatNumber: 'DK12345678', reason: 'prefix' } },
  },
  {
    rule: 'a discount limited to some products: VAT differs, the cause names the discount',
    // goods 125 (25 %) + 112 (12 %), discount 37 spread 19.51/17.49 → VAT 21.10 + 10.13 = 31.23 ≠ shop’s 30.00
    order: order({ totalAmount: 200, taxAmount: 30, discountAmount: 37, rows: [row('TSHIRT-1', 1, 125), row('FOOD-1', 1, 112)] }),
    error: { code: 'VAT_MISMATCH', params: { documentVat: 31.23, quickbutikVat: 30, causes: 'partialDiscount' } },
  },
  {
    rule: 'a sold gift card parks: a multi-purpose voucher is a liability, not revenue',
    order: order({ totalAmount: 500, taxAmount: 100, rows: [row('GIFT', 1, 500)] }),
    ctx: ctx({ giftCardKeys: ['GIFT'] }),
    error: { code: 'GIFT_CARD_NOT_SUPPORTED', params: { kind: 'sold', amount: 500 } },
  },
  {
    rule: 'a redeemed gift card parks: paid 100.00 of 125.00 by the payment method → 25.00 by gift card (a means of payment, not a discount)',
    order: order({ totalAmount: 125, totalPayAmount: 100, taxAmount: 25, rows: [row('TSHIRT-1', 1, 125)] }),
    error: { code: 'GIFT_CARD_NOT_SUPPORTED', params: { kind: 'redeemed', amount: 25 } },
  },
  {
    rule: 'Åland (FI 22xxx) is outside the EU VAT area: a VAT-free order is export',
    order: order({ totalAmount: 100, taxAmount: 0, isTaxFree: true, rows: [row('TSHIRT-1', 1, 100)], customer: customer({ country: 'FI', zipcode: '22100' }) }),
    ctx: ctx({ customerVatType: 'EXPORT' }),
    rows: [r('TSHIRT-1', 'TSHIRT-1', 1, 100, 0, 3105)],
    checks: { treatment: 'export' },
  },
];

describe('mapOrderToDocument: VAT truth', () => {
  it.each(cases)('$rule', ({ order: o, ctx: c, rows, error, checks, remarks }) => {
    const result = mapOrderToDocument(o, c ?? ctx());
    if (error) {
      if (result.ok) throw new Error(`expected ${error.code}, got a document`);
      expect(result.errors[0].code).toBe(error.code);
      if (error.params) expect(result.errors[0].params).toMatchObject(error.params);
      return;
    }
    if (!result.ok) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
    if (rows) expect(result.document.rows).toEqual(rows);
    if (checks) expect(result.checks).toMatchObject(checks);
    for (const text of remarks ?? []) expect(result.document.Remarks).toContain(text);
  });
});

describe('proveVat: ±0.01 per rate, nothing more', () => {
  const causes = () => ['unknown' as const];
  it.each([
    ['equal to the öre', { '25': 2500 }, 25, undefined, 'proven'],
    ['one öre off on one rate', { '25': 2500 }, 25.01, undefined, 'proven'],
    ['two öre off on one rate', { '25': 2500 }, 25.02, undefined, 'VAT_MISMATCH'],
    ['two rates, two öre off in total', { '25': 2500, '12': 1200 }, 37.02, undefined, 'proven'],
    ['per rate known: two öre off on 25 % even though the total fits', { '25': 2500, '12': 1200 }, 37.02, { '25': 25.02, '12': 12 }, 'VAT_MISMATCH'],
    ['no tax_amount from Quickbutik', { '25': 2500 }, null, undefined, 'unverifiable'],
  ] as const)('%s', (_rule, documentVatByRate, quickbutikVat, quickbutikVatByRate, expected) => {
    const res = proveVat({ orderId: '1', currency: 'SEK', documentVatByRate, quickbutikVat, quickbutikVatByRate, causes });
    expect('code' in res ? res.code : res.status).toBe(expected);
  });

  it('VAT per rate as Fortnox computes it: on the sum per rate, rounded once', () => {
    // 125 × 25/125 = 25.00; 112 × 12/112 = 12.00; 106 × 6/106 = 6.00; 0 % left out
    expect(documentVatByRate([{ amount: 12500, vat: 25 }, { amount: 11200, vat: 12 }, { amount: 10600, vat: 6 }, { amount: 5000, vat: 0 }], true))
      .toEqual({ '25': 2500, '12': 1200, '6': 600 });
    // net 100.00 + 33.33 = 133.33 × 25 % = 33.3325 → 33.33 (not 25.00 + 8.33 per row = 33.33 by luck: one rounding)
    expect(documentVatByRate([{ amount: 10000, vat: 25 }, { amount: 3333, vat: 25 }], false)).toEqual({ '25': 3333 });
  });

  it('after posting: Fortnox’s TotalVAT must equal what was sent', () => {
    expect(checkPostedVat({ '25': 2500 }, { totalVat: 25 }, { orderId: '1', documentNumber: 9, currency: 'SEK' })).toBeNull();
    expect(checkPostedVat({ '25': 2500 }, { totalVat: 24.98 }, { orderId: '1', documentNumber: 9, currency: 'SEK' }))
      .toMatchObject({ code: 'FORTNOX_VAT_MISMATCH', params: { sentVat: 25, fortnoxVat: 24.98 } });
  });
});

describe('rates as at payment', () => {
  it('captures only the order’s keys and reports the ones that moved since', () => {
    const captured = captureVatRates(['FOOD-1', 'GONE-1'], { 'FOOD-1': 12, 'BOOK-1': 6 }, '2025-03-01T10:00:00Z');
    expect(captured).toEqual({ capturedAt: '2025-03-01T10:00:00Z', rates: { 'FOOD-1': 12 } });
    expect(ratesAtPayment(captured, { 'FOOD-1': 6, 'BOOK-1': 6 })).toEqual({ rates: { 'FOOD-1': 12, 'BOOK-1': 6 }, changed: ['FOOD-1'] });
    expect(ratesAtPayment(null, { 'FOOD-1': 6 })).toEqual({ rates: { 'FOOD-1': 6 }, changed: [] });
  });
});

describe('accounts', () => {
  it('companies without simplified VAT: SALES, SALES_MP2, SALES_MP3, SALES_MP0/SALES_NOVAT', () => {
    const predefined = { SALES: 3001, SALES_MP2: '3002', SALES_MP3: 3003, SALES_MP0: 0, SALES_NOVAT: 3004, FREIGHT: 3520 };
    expect(resolveAccounts({}, predefined)).toEqual({ sales25: 3001, sales12: 3002, sales6: 3003, sales0: 3004, freight: 3520 });
  });

  const chart = {
    '3001': { vatCode: 'MP1', active: true }, '3002': { vatCode: 'MP2', active: true }, '3003': { vatCode: 'MP3', active: true },
    '3004': { vatCode: '', active: true }, '3520': { vatCode: 'MP1', active: true }, '3108': { vatCode: null, active: true },
    '3105': { vatCode: '', active: true }, '3110': { vatCode: 'OSSDE19', active: true }, '3111': { vatCode: 'MP1', active: true },
    '3900': { vatCode: 'MP1', active: false },
  };
  it.each([
    ['every account fits its use', { ...ACCOUNTS, euVat: undefined, oss: { DE: { '19': 3110 } } }, []],
    ['12 % freight on a 25 % (MP1) account', { freight12: 3520 }, [['ACCOUNT_VAT_CODE_MISMATCH', 'freight12', '12']]],
    ['VAT-free sales on a 25 % account', { sales0: 3001 }, [['ACCOUNT_VAT_CODE_MISMATCH', 'sales0', '0']]],
    ['foreign VAT (OSS) on a Swedish VAT code', { oss: { DE: { '19': 3111 } } }, [['ACCOUNT_VAT_CODE_MISMATCH', 'oss.DE.19', 'oss']]],
    ['an inactive account', { sales25: 3900 }, [['ACCOUNT_NOT_FOUND', 'sales25', undefined]]],
  ] as const)('%s', (_rule, accounts, expected) => {
    const errors = checkAccountVatCodes(accounts as ResolvedAccounts, chart);
    expect(errors.map((e) => [e.code, e.params.setting, e.params.expected])).toEqual(expected);
  });
});

describe('EU trade', () => {
  it.each([
    ['DE123456789', 'DE', { ok: true, vatNumber: 'DE123456789' }],
    ['123456789', 'DE', { ok: true, vatNumber: 'DE123456789' }],
    ['EL123456789', 'GR', { ok: true, vatNumber: 'EL123456789' }],
    ['GR123456789', 'GR', { ok: false, vatNumber: 'GR123456789', reason: 'prefix' }],
    ['DK12345678', 'DE', { ok: false, vatNumber: 'DK12345678', reason: 'prefix' }],
    ['DE12345678', 'DE', { ok: false, vatNumber: 'DE12345678', reason: 'format' }],
    ['ATU12345678', 'AT', { ok: true, vatNumber: 'ATU12345678' }],
    ['nl 1234.56789.b01', 'NL', { ok: true, vatNumber: 'NL123456789B01' }],
    ['SE556677889901', 'SE', { ok: true, vatNumber: 'SE556677889901' }],
    ['XI123456789', 'XI', { ok: true, vatNumber: 'XI123456789' }],
  ])('VAT number %s for %s', (raw, country, expected) => {
    expect(checkVatNumber(raw, country)).toEqual(expected);
  });

  it.each([
    ['SE', null, { territory: 'SE', vatCountry: 'SE' }],
    ['DE', '10115', { territory: 'EU', vatCountry: 'DE' }],
    ['FI', '22100', { territory: 'OUTSIDE', vatCountry: 'FI', special: 'Åland' }],
    ['AX', '22100', { territory: 'OUTSIDE', vatCountry: 'AX', special: 'Åland' }],
    ['ES', '35001', { territory: 'OUTSIDE', vatCountry: 'ES', special: 'Canary Islands' }],
    ['ES', '28001', { territory: 'EU', vatCountry: 'ES' }],
    ['MC', '98000', { territory: 'EU', vatCountry: 'FR', special: 'Monaco' }],
    ['GB', 'BT1 1AA', { territory: 'EU', vatCountry: 'XI', special: 'Northern Ireland' }],
    ['GB', 'SW1A 1AA', { territory: 'OUTSIDE', vatCountry: 'GB' }],
    ['NO', '0150', { territory: 'OUTSIDE', vatCountry: 'NO' }],
  ])('territory of %s %s', (country, zip, expected) => {
    expect(classifyTerritory(country, zip)).toEqual(expected);
  });

  it('customer VAT type follows the VAT area: Åland VAT-free → EXPORT, Monaco → EUVAT', () => {
    expect(decideVatType(order({ isTaxFree: true, customer: customer({ country: 'FI', zipcode: '22100' }) }))).toBe('EXPORT');
    expect(decideVatType(order({ customer: customer({ country: 'MC' }) }))).toBe('EUVAT');
  });

  it('buyer identifiers: customer first, then the order’s checkout fields, then order metadata', () => {
    expect(findBuyerIdentifiers([
      ['customer', { email: 'x@y.de' }],
      ['order', { checkout_fields: [{ name: 'VAT-nummer', value: 'DE123456789' }, { label: 'Org.nr', value: 'HRB 1234' }] }],
      ['metadata', { vat_number: 'FR12345678901' }],
    ])).toEqual({ vatNumber: 'DE123456789', orgNumber: 'HRB 1234', vatNumberSource: 'order' });
    expect(findBuyerIdentifiers([['customer', {}], ['metadata', { vat_number: 'FR12345678901' }]]))
      .toEqual({ vatNumber: 'FR12345678901', orgNumber: null, vatNumberSource: 'metadata' });
  });

  it('an EU company’s VAT number carried in the order’s checkout fields is found when the order is read', () => {
    const o = parseOrder([{ order_id: '5', total_amount: '100.00', customer: { country: 'DE', company_name: 'GmbH' }, checkout_fields: { 1: { name: 'vat_number', value: 'DE123456789' } }, products: [] }]);
    expect(o.customer.vatNumber).toBe('DE123456789');
  });

  it('reverse-charge text names the rule and both VAT numbers', () => {
    const text = reverseChargeText('DE123456789', 'SE556677889901');
    expect(text).toContain('Omvänd betalningsskyldighet / Reverse charge');
    expect(text).toContain('Article 138');
    expect(text).toContain('DE123456789');
    expect(text).toContain('SE556677889901');
  });

  it.each([
    // 50 000 kr this year (the 90 000 kr of 2024 do not count): 49 680 left, below 80 % (79 744)
    ['below', [{ date: '2025-01-10', netSek: 5_000_000 }, { date: '2024-12-31', netSek: 9_000_000 }], 0, { total: 50_000, remaining: 49_680, crossed: false, warn: false }],
    // 80 000 ≥ 79 744 → warn, not crossed
    ['80 % reached', [{ date: '2025-01-10', netSek: 8_000_000 }], 0, { total: 80_000, remaining: 19_680, crossed: false, warn: true }],
    // exactly 99 680: at or below the threshold is not over it
    ['exactly at', [{ date: '2025-06-01', netSek: 9_968_000 }], 0, { total: 99_680, remaining: 0, crossed: false, warn: true }],
    ['one öre over', [{ date: '2025-06-01', netSek: 9_968_001 }], 0, { total: 99_680.01, remaining: 0, crossed: true, warn: true }],
    ['passed last year: crossed all this year', [], 10_000_000, { total: 0, remaining: 99_680, crossed: true, warn: true }],
  ])('EU distance sales threshold: %s', (_rule, sales, previous, expected) => {
    expect(distanceSalesStatus(sales, 2025, previous)).toMatchObject({ year: 2025, threshold: 99_680, ...expected });
  });
});

describe('articles and skus', () => {
  const product = (over: Partial<QbProduct>): QbProduct => ({
    id: '1', sku: 'P', title: 'Vara', price: 112, beforePrice: null, purchasePrice: null, taxRate: 12, weightGrams: null,
    stock: null, stockLocation: null, gtin: null, supplierName: null, supplierSku: null, description: null, images: [],
    variants: [], bundleComponents: [], dateModified: null, ...over,
  });

  it('a 12 % product’s article carries 12 % and the 12 % accounts (a hand-made Fortnox invoice is right too)', () => {
    const res = mapProductToArticles(product({}), { accounts: ACCOUNTS });
    // 112.00 incl. 12 % → 100.00 excl.
    expect(res.ok && res.articles[0]).toMatchObject({
      article: { VAT: 12, SalesAccount: 3002, EUVATAccount: 3002, EUAccount: 3108, ExportAccount: 3105 },
      price: { Price: 100 },
    });
    expect(articleVatFields(25, ACCOUNTS)).toEqual({ VAT: 25, SalesAccount: 3001, EUVATAccount: 3106, EUAccount: 3108, ExportAccount: 3105 });
  });

  it('duplicate skus across products and variants are reported, not overwritten', () => {
    const a = product({ id: '1', sku: 'MUG', variants: [{ id: '11', sku: 'MUG-RED', price: null, purchasePrice: null, stock: null, stockLocation: null, weightGrams: null, gtin: null, supplierSku: null, values: [{ name: 'Färg', value: 'Röd' }] }] });
    const b = product({ id: '2', sku: 'MUG-RED', title: 'Röd mugg' });
    expect(duplicateSkus([a, b]).map((e) => e.params)).toEqual([
      { sku: 'MUG-RED', first: 'Vara - Röd (id 1/11)', second: 'Röd mugg (id 2)' },
    ]);
  });

  it('gift-card products: every sku and product:<id>', () => {
    expect(giftCardKeysFromProducts([
      { id: '9', sku: 'GIFT', variants: [product({}).variants, [{ sku: 'GIFT-500' }]].flat() as QbProduct['variants'], isGiftCard: true },
      { id: '10', sku: 'X', variants: [], isGiftCard: false },
    ])).toEqual(['product:9', 'GIFT', 'GIFT-500']);
  });
});
