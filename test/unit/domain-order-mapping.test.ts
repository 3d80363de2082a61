// Order → Fortnox document: one table row per bookkeeping rule, every figure worked out by hand in the comment.
import {
  defaultShopSettings,
  mapOrderToDocument,
  modeOfPaymentFor,
  taxRatesFromProducts,
  wrapDocument,
  type DocumentRow,
  type FortnoxDocument,
  type OrderMappingContext,
  type ShopSettings,
} from '../../src/domain';
import type { QbCustomer, QbOrder, QbOrderRow } from '../../src/quickbutik/types';
import { NO_REFUNDS } from '../../src/quickbutik/schemas';

const customer = (over: Partial<QbCustomer> = {}): QbCustomer => ({
  email: 'anna@example.se', phone: null, type: 'private', companyName: null, fullName: 'Anna Svensson',
  firstName: 'Anna', lastName: 'Svensson', address: 'Storgatan 1', address2: null, zipcode: '123 45',
  city: 'Stockholm', country: 'SE', billing: null, shipping: null, vatNumber: null, orgNumber: null, ...over,
});

const row = (sku: string | null, qty: number, unitPrice: number, over: Partial<QbOrderRow> = {}): QbOrderRow => ({
  id: null, productId: '1', variantId: null, sku, title: sku ?? 'Produkt', variantLabel: null, qty, unitPrice,
  bundleComponents: [], ...over,
});

const order = (over: Partial<QbOrder>): QbOrder => ({
  orderId: '1001', dateCreated: '2024-05-01 09:00:00', datePaid: '2024-05-02 10:11:12', status: 'paid',
  currency: 'SEK', totalAmount: 0, itemsAmount: null, shippingAmount: 0, shippingName: null, shippingId: null,
  discountAmount: 0, taxAmount: null, isTaxFree: false, isTaxOnTop: false,
  paymethod: { method: null, transactionId: null }, notes: null, totalPayAmount: null, refunds: NO_REFUNDS, customer: customer(), rows: [], ...over,
});

const ACCOUNTS = { sales25: 3001, sales12: 3002, sales6: 3003, sales0: 3004, freight: 3520, euVat: 3106, euReversedVat: 3108, export: 3105 };
const RATES: Record<string, number> = { 'TSHIRT-1': 25, 'FOOD-1': 12, 'BOOK-1': 6, 'GIFTBOX-1': 25, 'product:77': 25, 'WINE-DE': 19 };

const ctx = (over: Omit<Partial<OrderMappingContext>, 'settings'> & { settings?: Partial<ShopSettings> } = {}): OrderMappingContext => ({
  shopId: 'shop1',
  documentType: 'invoice',
  customerNumber: '42',
  customerVatType: 'SEVAT',
  taxRateBySku: RATES,
  accounts: ACCOUNTS,
  ...over,
  settings: { ...defaultShopSettings(), ...over.settings },
});

const goods = (sku: string, qty: number, price: number, vat: number, account: number, description = sku): DocumentRow => ({
  ArticleNumber: sku, Description: description, DeliveredQuantity: qty, Price: price, VAT: vat, AccountNumber: account,
});
const extra = (description: string, price: number, vat: number, account: number): DocumentRow => ({
  Description: description, DeliveredQuantity: 1, Price: price, VAT: vat, AccountNumber: account,
});

interface Case {
  rule: string;
  order: QbOrder;
  ctx?: OrderMappingContext;
  header?: Partial<FortnoxDocument>;
  rows?: DocumentRow[];
  errors?: string[];
}

const cases: Case[] = [
  {
    rule: 'rows: sku → ArticleNumber, title + variant → Description, qty, unit price incl. VAT, sales account of the rate',
    // 2 × 199.00 = 398.00
    order: order({ totalAmount: 398, rows: [row('TSHIRT-1', 2, 199, { title: 'T-shirt', variantLabel: 'Röd / M' })] }),
    header: { CustomerNumber: '42', InvoiceDate: '2024-05-02', ExternalInvoiceReference1: 'qb:shop1:1001', YourOrderNumber: '1001', Currency: 'SEK', VATIncluded: true },
    rows: [goods('TSHIRT-1', 2, 199, 25, 3001, 'T-shirt - Röd / M')],
  },
  {
    rule: 'each VAT rate books to its own sales account (25 → 3001, 12 → 3002, 6 → 3003)',
    // 125 + 112 + 106 = 343.00
    order: order({ totalAmount: 343, rows: [row('TSHIRT-1', 1, 125), row('FOOD-1', 1, 112), row('BOOK-1', 1, 106)] }),
    rows: [goods('TSHIRT-1', 1, 125, 25, 3001), goods('FOOD-1', 1, 112, 12, 3002), goods('BOOK-1', 1, 106, 6, 3003)],
  },
  {
    rule: 'freight: one rate → one row on the freight account, way of delivery mapped by shipping id',
    // 398 + 49 = 447.00
    order: order({ totalAmount: 447, shippingAmount: 49, shippingName: 'PostNord MyPack', shippingId: '3', rows: [row('TSHIRT-1', 2, 199)] }),
    ctx: ctx({ settings: { wayOfDelivery: { '3': 'PN' } } }),
    header: { WayOfDelivery: 'PN' },
    rows: [goods('TSHIRT-1', 2, 199, 25, 3001), extra('Frakt: PostNord MyPack', 49, 25, 3520)],
  },
  {
    rule: 'freight: mixed cart split pro rata over the goods value as charged (incl. VAT), last share takes the remainder; each share on an account of its own rate',
    // 250 and 106 of 356. 25 %: round(59 × 250/356 = 41.4326) = 41.43; 6 %: 59 − 41.43 = 17.57.
    // total 250 + 106 + 59 = 415.00. The 6 % share may not go to 3520 (VAT code MP1): no freight6 is set, so it
    // books to the 6 % sales account 3003 (MP3).
    order: order({ totalAmount: 415, shippingAmount: 59, shippingName: 'PostNord', rows: [row('TSHIRT-1', 1, 250), row('BOOK-1', 1, 106)] }),
    rows: [
      goods('TSHIRT-1', 1, 250, 25, 3001),
      goods('BOOK-1', 1, 106, 6, 3003),
      extra('Frakt: PostNord (25 % moms)', 41.43, 25, 3520),
      extra('Frakt: PostNord (6 % moms)', 17.57, 6, 3003),
    ],
  },
  {
    rule: 'freight: way of delivery mapped by shipping name when the id is not mapped',
    order: order({ totalAmount: 174, shippingAmount: 49, shippingName: 'Schenker', shippingId: '9', rows: [row('TSHIRT-1', 1, 125)] }),
    ctx: ctx({ settings: { wayOfDelivery: { Schenker: 'DBS' } } }),
    header: { WayOfDelivery: 'DBS' },
    rows: [goods('TSHIRT-1', 1, 125, 25, 3001), extra('Frakt: Schenker', 49, 25, 3520)],
  },
  {
    rule: 'free shipping → no freight row and no way of delivery unless mapped',
    order: order({ totalAmount: 125, shippingAmount: 0, shippingName: 'Fri frakt', rows: [row('TSHIRT-1', 1, 125)] }),
    rows: [goods('TSHIRT-1', 1, 125, 25, 3001)],
  },
  {
    rule: 'discount: negative rows per VAT rate on that rate’s sales account, pro rata over goods',
    // 250 (25 %) and 112 (12 %) of 362. 25 %: round(30 × 250/362 = 20.718) = 20.72; 12 %: 30 − 20.72 = 9.28.
    // total 250 + 112 − 30 = 332.00
    order: order({ totalAmount: 332, discountAmount: 30, rows: [row('TSHIRT-1', 1, 250), row('FOOD-1', 1, 112)] }),
    rows: [
      goods('TSHIRT-1', 1, 250, 25, 3001),
      goods('FOOD-1', 1, 112, 12, 3002),
      extra('Rabatt (25 % moms)', -20.72, 25, 3001),
      extra('Rabatt (12 % moms)', -9.28, 12, 3002),
    ],
  },
  {
    rule: 'discount: three rates, each share rounded to öre and the last takes the remainder',
    // 125, 112, 106 of 343. 25 %: 10 × 125/343 = 3.644 → 3.64; 12 %: 10 × 112/343 = 3.265 → 3.27; 6 %: 10 − 3.64 − 3.27 = 3.09.
    // total 125 + 112 + 106 − 10 = 333.00
    order: order({ totalAmount: 333, discountAmount: 10, rows: [row('TSHIRT-1', 1, 125), row('FOOD-1', 1, 112), row('BOOK-1', 1, 106)] }),
    rows: [
      goods('TSHIRT-1', 1, 125, 25, 3001),
      goods('FOOD-1', 1, 112, 12, 3002),
      goods('BOOK-1', 1, 106, 6, 3003),
      extra('Rabatt (25 % moms)', -3.64, 25, 3001),
      extra('Rabatt (12 % moms)', -3.27, 12, 3002),
      extra('Rabatt (6 % moms)', -3.09, 6, 3003),
    ],
  },
  {
    rule: 'money in integer öre: 3 × 33.33 plus freight 0.10 + discount 0.20 never shows float noise',
    // 99.99 + 0.10 − 0.20 = 99.89
    order: order({ totalAmount: 99.89, shippingAmount: 0.1, discountAmount: 0.2, rows: [row('TSHIRT-1', 3, 33.33)] }),
    rows: [goods('TSHIRT-1', 3, 33.33, 25, 3001), extra('Frakt', 0.1, 25, 3520), extra('Rabatt', -0.2, 25, 3001)],
  },
  {
    rule: 'prices excl. VAT (is_taxontop) → VATIncluded false, net prices, VAT added on top',
    // net 3 × 80 + 40 = 280; VAT 25 % = 70; total 350.00
    order: order({ totalAmount: 350, isTaxOnTop: true, shippingAmount: 40, rows: [row('TSHIRT-1', 3, 80)] }),
    header: { VATIncluded: false },
    rows: [goods('TSHIRT-1', 3, 80, 25, 3001), extra('Frakt', 40, 25, 3520)],
  },
  {
    rule: 'VAT-free Swedish order → VAT 0 on the VAT-free sales account (freight too)',
    order: order({ totalAmount: 150, isTaxFree: true, shippingAmount: 50, rows: [row('TSHIRT-1', 1, 100)] }),
    header: { VATIncluded: false },
    rows: [goods('TSHIRT-1', 1, 100, 0, 3004), extra('Frakt', 50, 0, 3004)],
  },
  {
    rule: 'export (outside EU, VAT-free): VAT 0 on the export account, freight as one 0 % row',
    // 2 × 100 + 50 = 250.00
    order: order({ totalAmount: 250, isTaxFree: true, shippingAmount: 50, customer: customer({ country: 'NO' }), rows: [row('TSHIRT-1', 2, 100)] }),
    ctx: ctx({ customerVatType: 'EXPORT' }),
    rows: [goods('TSHIRT-1', 2, 100, 0, 3105), extra('Frakt', 50, 0, 3105)],
  },
  {
    rule: 'VAT-free order whose prices still include VAT: the reading that reproduces total_amount wins',
    // as given 125 + 106 = 231 ≠ 200; without VAT 125/1.25 + 106/1.06 = 100 + 100 = 200 = total
    order: order({ totalAmount: 200, isTaxFree: true, customer: customer({ country: 'US' }), rows: [row('TSHIRT-1', 1, 125), row('BOOK-1', 1, 106)] }),
    ctx: ctx({ customerVatType: 'EXPORT' }),
    rows: [goods('TSHIRT-1', 1, 100, 0, 3105), goods('BOOK-1', 1, 100, 0, 3105)],
  },
  {
    rule: 'EU company with VAT number, VAT-free (reverse charge): VAT 0 on the EU reverse-charge account',
    order: order({ totalAmount: 120, isTaxFree: true, shippingAmount: 20, customer: customer({ country: 'DE', type: 'company', vatNumber: 'DE123456789' }), rows: [row('TSHIRT-1', 1, 100)] }),
    ctx: ctx({ customerVatType: 'EUREVERSEDVAT' }),
    rows: [goods('TSHIRT-1', 1, 100, 0, 3108), extra('Frakt', 20, 0, 3108)],
  },
  {
    rule: 'EU consumer paying Swedish VAT: Swedish rates on the euVat account, freight on the freight account',
    order: order({ totalAmount: 174, shippingAmount: 49, customer: customer({ country: 'FI' }), rows: [row('TSHIRT-1', 1, 125)] }),
    ctx: ctx({ customerVatType: 'EUVAT' }),
    rows: [goods('TSHIRT-1', 1, 125, 25, 3106), extra('Frakt', 49, 25, 3520)],
  },
  {
    rule: 'EU consumer without a configured euVat account: sales account of the rate',
    order: order({ totalAmount: 106, customer: customer({ country: 'FI' }), rows: [row('BOOK-1', 1, 106)] }),
    ctx: ctx({ customerVatType: 'EUVAT', accounts: { ...ACCOUNTS, euVat: undefined } }),
    rows: [goods('BOOK-1', 1, 106, 6, 3003)],
  },
  {
    rule: 'bundle: booked as the bundle article, never its components',
    order: order({
      totalAmount: 299,
      rows: [row('GIFTBOX-1', 1, 299, { title: 'Presentask', bundleComponents: [{ productId: '5', sku: 'TSHIRT-1', title: 'T-shirt', qty: 1 }, { productId: '6', sku: 'BOOK-1', title: 'Bok', qty: 1 }] })],
    }),
    rows: [goods('GIFTBOX-1', 1, 299, 25, 3001, 'Presentask')],
  },
  {
    rule: 'row without sku: no ArticleNumber, description only; VAT via product:<id>',
    order: order({ totalAmount: 50, rows: [row(null, 1, 50, { productId: '77', title: 'Gåvokort' })] }),
    rows: [{ Description: 'Gåvokort', DeliveredQuantity: 1, Price: 50, VAT: 25, AccountNumber: 3001 }],
  },
  {
    rule: 'currency: non-SEK order carries its currency when enabled in Fortnox',
    order: order({ totalAmount: 20, currency: 'EUR', rows: [row('TSHIRT-1', 1, 20)] }),
    ctx: ctx({ enabledCurrencies: ['SEK', 'eur'] }),
    header: { Currency: 'EUR' },
    rows: [goods('TSHIRT-1', 1, 20, 25, 3001)],
  },
  {
    rule: 'currency not enabled in Fortnox → CURRENCY_NOT_ENABLED',
    order: order({ totalAmount: 20, currency: 'EUR', rows: [row('TSHIRT-1', 1, 20)] }),
    ctx: ctx({ enabledCurrencies: ['SEK', 'USD'] }),
    errors: ['CURRENCY_NOT_ENABLED'],
  },
  {
    rule: 'cost center from settings on the header and on every row',
    order: order({ totalAmount: 174, shippingAmount: 49, rows: [row('TSHIRT-1', 1, 125)] }),
    ctx: ctx({ settings: { costCenter: 'WEB' } }),
    header: { CostCenter: 'WEB' },
    rows: [{ ...goods('TSHIRT-1', 1, 125, 25, 3001), CostCenter: 'WEB' }, { ...extra('Frakt', 49, 25, 3520), CostCenter: 'WEB' }],
  },
  {
    rule: 'order mode: OrderDate, OrderedQuantity = DeliveredQuantity',
    order: order({ totalAmount: 250, rows: [row('TSHIRT-1', 2, 125)] }),
    ctx: ctx({ documentType: 'order' }),
    header: { OrderDate: '2024-05-02' },
    rows: [{ ArticleNumber: 'TSHIRT-1', Description: 'TSHIRT-1', OrderedQuantity: 2, DeliveredQuantity: 2, Price: 125, VAT: 25, AccountNumber: 3001 }],
  },
  {
    rule: 'date: date_created when the order has no payment date',
    order: order({ totalAmount: 125, datePaid: null, status: 'done', rows: [row('TSHIRT-1', 1, 125)] }),
    header: { InvoiceDate: '2024-05-01' },
    rows: [goods('TSHIRT-1', 1, 125, 25, 3001)],
  },
  {
    rule: 'remarks: payment method and transaction id, sanitised',
    order: order({ totalAmount: 125, paymethod: { method: 'Klarna', transactionId: "abc'<123>" }, rows: [row('TSHIRT-1', 1, 125)] }),
    header: { Remarks: 'Betalsätt: Klarna. Transaktions-id: abc’(123)' },
    rows: [goods('TSHIRT-1', 1, 125, 25, 3001)],
  },
  {
    rule: 'description sanitised: quotes, emoji and brackets replaced or dropped',
    order: order({ totalAmount: 125, rows: [row('TSHIRT-1', 1, 125, { title: 'Mugg "Kaffe" 😀 <XL>' })] }),
    rows: [goods('TSHIRT-1', 1, 125, 25, 3001, 'Mugg ’’Kaffe’’ (XL)')],
  },
  {
    rule: 'description cut to 255 characters',
    order: order({ totalAmount: 125, rows: [row('TSHIRT-1', 1, 125, { title: 'x'.repeat(300) })] }),
    rows: [goods('TSHIRT-1', 1, 125, 25, 3001, 'x'.repeat(255))],
  },
  {
    rule: 'self-check: rows 0.40 short of total_amount → TOTAL_MISMATCH (±0.50 öresavrundning is Fortnox’s, after posting, never the rows’)',
    order: order({ totalAmount: 125.4, rows: [row('TSHIRT-1', 1, 125)] }),
    errors: ['TOTAL_MISMATCH'],
  },
  {
    rule: 'self-check: rows within 0.01 per VAT rate of total_amount pass',
    // tax-on-top, two rates: net 100 (25 %) + 100 (12 %); VAT 25.00 + 12.00; Quickbutik total 237.01 (1 öre off on one rate)
    order: order({ totalAmount: 237.01, isTaxOnTop: true, rows: [row('TSHIRT-1', 1, 100), row('FOOD-1', 1, 100)] }),
    header: { VATIncluded: false },
    rows: [goods('TSHIRT-1', 1, 100, 25, 3001), goods('FOOD-1', 1, 100, 12, 3002)],
  },
  { rule: 'self-check: rows that do not add up to total_amount → TOTAL_MISMATCH', order: order({ totalAmount: 500, shippingAmount: 49, rows: [row('TSHIRT-1', 2, 199)] }), errors: ['TOTAL_MISMATCH'] },
  {
    rule: 'self-check: in EUR only 0.01 is tolerated',
    order: order({ totalAmount: 20.02, currency: 'EUR', rows: [row('TSHIRT-1', 1, 20)] }),
    errors: ['TOTAL_MISMATCH'],
  },
  { rule: 'invalid article number → INVALID_ARTICLE_NUMBER', order: order({ totalAmount: 125, rows: [row('TRÖJA 1', 1, 125)] }), ctx: ctx({ taxRateBySku: { 'TRÖJA 1': 25 } }), errors: ['INVALID_ARTICLE_NUMBER'] },
  { rule: 'product VAT rate unknown → MISSING_VAT_RATE', order: order({ totalAmount: 10, rows: [row('UNKNOWN-1', 1, 10)] }), errors: ['MISSING_VAT_RATE'] },
  { rule: 'VAT rate Fortnox does not know (19 %) → VAT_RATE_NOT_IN_FORTNOX', order: order({ totalAmount: 119, rows: [row('WINE-DE', 1, 119)] }), errors: ['VAT_RATE_NOT_IN_FORTNOX'] },
  { rule: 'quantity 0 → INVALID_QUANTITY', order: order({ totalAmount: 0, rows: [row('TSHIRT-1', 0, 125)] }), errors: ['INVALID_QUANTITY'] },
  { rule: 'unpaid order → ORDER_NOT_PAID', order: order({ status: 'unpaid', datePaid: null, totalAmount: 125, rows: [row('TSHIRT-1', 1, 125)] }), errors: ['ORDER_NOT_PAID'] },
  { rule: 'cancelled order → ORDER_CANCELLED', order: order({ status: 'cancelled', totalAmount: 125, rows: [row('TSHIRT-1', 1, 125)] }), errors: ['ORDER_CANCELLED'] },
  { rule: 'no payment or creation date → ORDER_PARSE_FAILED', order: order({ status: 'done', datePaid: null, dateCreated: null, totalAmount: 125, rows: [row('TSHIRT-1', 1, 125)] }), errors: ['ORDER_PARSE_FAILED'] },
  { rule: 'order without rows → ORDER_HAS_NO_ROWS', order: order({ totalAmount: 0, rows: [] }), errors: ['ORDER_HAS_NO_ROWS'] },
  {
    rule: 'more than 500 rows → TOO_MANY_ROWS',
    order: order({ totalAmount: 501, rows: Array.from({ length: 501 }, () => row('BOOK-1', 1, 1)) }),
    errors: ['TOO_MANY_ROWS'],
  },
  {
    rule: 'ExternalInvoiceReference1 over 80 characters → FIELD_TOO_LONG',
    order: order({ totalAmount: 125, rows: [row('TSHIRT-1', 1, 125)] }),
    ctx: ctx({ shopId: 's'.repeat(80) }),
    errors: ['FIELD_TOO_LONG'],
  },
  {
    rule: 'VAT-free EU order without VAT number → TAXFREE_WITHOUT_VAT_NUMBER',
    order: order({ totalAmount: 100, isTaxFree: true, customer: customer({ country: 'DE' }), rows: [row('TSHIRT-1', 1, 100)] }),
    ctx: ctx({ customerVatType: 'EUVAT' }),
    errors: ['TAXFREE_WITHOUT_VAT_NUMBER'],
  },
  {
    rule: 'customer VAT type that contradicts the order (export, but VAT charged) → VAT_TYPE_MISMATCH',
    order: order({ totalAmount: 125, customer: customer({ country: 'NO' }), rows: [row('TSHIRT-1', 1, 125)] }),
    ctx: ctx({ customerVatType: 'EXPORT' }),
    errors: ['VAT_TYPE_MISMATCH'],
  },
  {
    rule: 'account needed but neither configured nor predefined → ACCOUNT_NOT_CONFIGURED',
    order: order({ totalAmount: 100, isTaxFree: true, customer: customer({ country: 'DE', vatNumber: 'DE123456789' }), rows: [row('TSHIRT-1', 1, 100)] }),
    ctx: ctx({ customerVatType: 'EUREVERSEDVAT', accounts: { ...ACCOUNTS, euReversedVat: undefined } }),
    errors: ['ACCOUNT_NOT_CONFIGURED'],
  },
];

describe('mapOrderToDocument', () => {
  it.each(cases)('$rule', ({ order: o, ctx: c, header, rows, errors }) => {
    const result = mapOrderToDocument(o, c ?? ctx());
    if (errors) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.map((e) => e.code)).toEqual(errors);
      return;
    }
    if (!result.ok) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
    if (header) expect(result.document).toMatchObject(header);
    expect(result.document.rows).toEqual(rows);
  });

  it('TOTAL_MISMATCH carries both figures', () => {
    const result = mapOrderToDocument(order({ totalAmount: 500, shippingAmount: 49, rows: [row('TSHIRT-1', 2, 199)] }), ctx());
    expect(result).toEqual({
      ok: false,
      errors: [{ code: 'TOTAL_MISMATCH', params: { orderId: '1001', documentTotal: 447, quickbutikTotal: 500, currency: 'SEK' } }],
    });
  });

  it('INVALID_ARTICLE_NUMBER names the sku', () => {
    const result = mapOrderToDocument(order({ totalAmount: 125, rows: [row('A.1', 1, 125)] }), ctx({ taxRateBySku: { 'A.1': 25 } }));
    expect(!result.ok && result.errors[0].params.sku).toBe('A.1');
  });

  it('reports every problem of an order at once', () => {
    const result = mapOrderToDocument(
      order({ totalAmount: 10, rows: [row('BAD SKU', 1, 5), row('UNKNOWN-1', 1, 5)] }),
      ctx({ taxRateBySku: { 'BAD SKU': 25 } }),
    );
    expect(!result.ok && result.errors.map((e) => e.code)).toEqual(['INVALID_ARTICLE_NUMBER', 'MISSING_VAT_RATE']);
  });

  it('reports which reading of a VAT-free order was used', () => {
    const taxFreeGross = cases.find((c) => c.rule.startsWith('VAT-free order whose prices'))!;
    const result = mapOrderToDocument(taxFreeGross.order, taxFreeGross.ctx!);
    expect(result.ok && result.checks).toMatchObject({ documentTotal: 200, quickbutikTotal: 200, priceReading: 'gross' });
  });
});

describe('wrapDocument', () => {
  const result = mapOrderToDocument(order({ totalAmount: 125, rows: [row('TSHIRT-1', 1, 125)] }), ctx());
  const doc = result.ok ? result.document : (undefined as never);

  it.each([
    ['invoice', 'Invoice', 'InvoiceRows'],
    ['order', 'Order', 'OrderRows'],
  ] as const)('%s → {%s: {..., %s}}', (type, root, rowsKey) => {
    const body = wrapDocument(type, doc) as Record<string, Record<string, unknown>>;
    expect(Object.keys(body)).toEqual([root]);
    expect(body[root][rowsKey]).toEqual(doc.rows);
    expect(body[root]).not.toHaveProperty('rows');
    expect(body[root].ExternalInvoiceReference1).toBe('qb:shop1:1001');
  });
});

describe('lookups the caller prepares', () => {
  it('taxRatesFromProducts: product sku, every variant sku and product:<id> carry the product rate', () => {
    const product = { id: '9', sku: 'MUG', taxRate: 25, variants: [{ sku: 'MUG-RED' }, { sku: null }] };
    expect(taxRatesFromProducts([product, { id: '10', sku: 'X', taxRate: null, variants: [] }] as never)).toEqual({
      'product:9': 25, MUG: 25, 'MUG-RED': 25,
    });
  });
  it('modeOfPaymentFor: the Fortnox code mapped to the Quickbutik payment method', () => {
    const settings = { ...defaultShopSettings(), paymentMethods: { Klarna: 'KL' } };
    expect(modeOfPaymentFor(order({ paymethod: { method: 'Klarna', transactionId: null } }), settings)).toBe('KL');
    expect(modeOfPaymentFor(order({ paymethod: { method: 'Swish', transactionId: null } }), settings)).toBeUndefined();
  });
});
