// Raw Quickbutik JSON → normalised types, one test per quirk of the API.
import { parseMetadata, parseOrder, parseOrders, parseProducts, parseRefunds, QbParseError, safeParseOrder } from '../../src/quickbutik/schemas';

/** A paid order as `GET /v1/orders?order_id=10234&include_details=true` answers it: a one-element array, all strings. */
const rawOrder = (over: Record<string, unknown> = {}) => ({
  order_id: '10234',
  date_created: '2024-05-01 09:13:02',
  date_paid: '2024-05-01 09:14:40',
  status: '1',
  total_amount: '447.00',
  items_amount: '398.00',
  shipping_amount: '49.00',
  shipping_id: '3',
  shipping_name: 'PostNord MyPack',
  discount_amount: '0.00',
  tax_amount: '89.40',
  total_pay_amount: '447.00',
  currency: 'SEK',
  notes: '',
  is_taxfree: '0',
  is_taxontop: '0',
  total_weight: '400',
  refunds: [],
  paymethod: { method: 'Klarna', transaction_id: 'kl-88f1' },
  customer: {
    email: 'Anna.Svensson@Example.se',
    phone: '070-123 45 67',
    customer_type: 'private',
    company_name: '',
    full_name: 'Anna Svensson',
    address: 'Storgatan 1',
    address2: null,
    city: 'Stockholm',
    zipcode: '123 45',
    country: 'se',
    notes: '',
    shipping_details: { firstname: 'Anna', lastname: 'Svensson', address: 'Lillgatan 2', zipcode: '12346', city: 'Solna', country: 'SE' },
    billing_details: [],
  },
  products: [
    {
      id: '9001', product_id: '55', variant_id: '120', title: 'T-shirt', variant: 'Röd / M', sku: 'TSHIRT-RM', qty: '2', price: '199.00',
      weight: '200', image: 'https://cdn.example/t.jpg',
    },
  ],
  ...over,
});

describe('parseOrder', () => {
  const o = parseOrder([rawOrder()]);

  it('unwraps the one-element array of ?order_id=', () => expect(o.orderId).toBe('10234'));
  it('accepts a bare order object too', () => expect(parseOrder(rawOrder()).orderId).toBe('10234'));
  it('turns string numbers into numbers', () => {
    expect([o.totalAmount, o.itemsAmount, o.shippingAmount, o.discountAmount, o.taxAmount]).toEqual([447, 398, 49, 0, 89.4]);
  });
  it('turns "1"/"0" flags into booleans', () => expect([o.isTaxFree, o.isTaxOnTop]).toEqual([false, false]));
  it('accepts boolean and numeric flags', () => {
    expect(parseOrder(rawOrder({ is_taxfree: true, is_taxontop: 1 }))).toMatchObject({ isTaxFree: true, isTaxOnTop: true });
  });
  it.each([
    ['-1', 'unpaid'],
    ['1', 'paid'],
    ['2', 'done'],
    ['cancelled', 'cancelled'],
    ['7', 'unknown'],
    [null, 'unknown'],
  ])('status %p → %s', (raw, status) => expect(parseOrder(rawOrder({ status: raw })).status).toBe(status));
  it('defaults the currency to SEK and upper-cases it', () => {
    expect(parseOrder(rawOrder({ currency: '' })).currency).toBe('SEK');
    expect(parseOrder(rawOrder({ currency: 'eur' })).currency).toBe('EUR');
  });
  it('maps the rows', () => {
    expect(o.rows).toEqual([
      { id: '9001', productId: '55', variantId: '120', sku: 'TSHIRT-RM', title: 'T-shirt', variantLabel: 'Röd / M', qty: 2, unitPrice: 199, bundleComponents: [] },
    ]);
  });
  it('reads the payment method and transaction id', () => expect(o.paymethod).toEqual({ method: 'Klarna', transactionId: 'kl-88f1' }));
  it('normalises the customer: empties → null, country ISO-2 upper, PHP [] for an empty block → null', () => {
    expect(o.customer).toMatchObject({
      email: 'Anna.Svensson@Example.se', type: 'private', companyName: null, fullName: 'Anna Svensson', address2: null,
      country: 'SE', billing: null, vatNumber: null, orgNumber: null,
    });
    expect(o.customer.shipping).toMatchObject({ fullName: 'Anna Svensson', address: 'Lillgatan 2', city: 'Solna', country: 'SE' });
  });
  it('falls back to billing_details when the top-level address is empty', () => {
    const c = parseOrder(rawOrder({
      customer: { email: 'b@x.se', address: '', billing_details: { firstname: 'Bo', lastname: 'Ek', address: 'Väg 3', zipcode: '41101', city: 'Göteborg', country: 'Sverige' } },
    })).customer;
    expect(c).toMatchObject({ fullName: 'Bo Ek', address: 'Väg 3', zipcode: '41101', city: 'Göteborg', country: 'SE' });
  });
  it('finds VAT and organisation numbers wherever a checkout field put them', () => {
    const c = parseOrder(rawOrder({
      customer: { email: 'inkop@firma.de', customer_type: 'company', company_name: 'Firma GmbH', country: 'DE', billing_details: { 'VAT-number': 'DE 123456789' } },
      org_nr: '556677-8899',
    })).customer;
    expect(c).toMatchObject({ type: 'company', companyName: 'Firma GmbH', vatNumber: 'DE 123456789', orgNumber: '556677-8899' });
  });
  it('treats a company name without customer type as a company purchase', () => {
    expect(parseOrder(rawOrder({ customer: { company_name: 'AB Test' } })).customer.type).toBe('company');
  });
  it('reads bundle components from app.productpackages', () => {
    const r = parseOrder(rawOrder({
      products: [{ product_id: '9', sku: 'GIFTBOX-1', title: 'Presentask', qty: '1', price: '299', app: { productpackages: [{ product_id: '55', sku: 'TSHIRT-RM', title: 'T-shirt', qty: '1' }, { id: '56', sku: 'MUG-1', qty: 2 }] } }],
    })).rows[0];
    expect(r.bundleComponents).toEqual([
      { productId: '55', sku: 'TSHIRT-RM', title: 'T-shirt', qty: 1 },
      { productId: '56', sku: 'MUG-1', title: null, qty: 2 },
    ]);
  });
  it('accepts rows as a keyed object and numbers as numbers', () => {
    const rows = parseOrder(rawOrder({ products: { a: { sku: 'X-1', qty: 1, price: 10.5, title: 'X' } } })).rows;
    expect(rows).toMatchObject([{ sku: 'X-1', qty: 1, unitPrice: 10.5 }]);
  });
  it('accepts a decimal comma', () => expect(parseOrder(rawOrder({ total_amount: '1 234,50' })).totalAmount).toBe(1234.5));
  it('treats null/"" shipping and discount as 0 and a negative discount as a reduction', () => {
    expect(parseOrder(rawOrder({ shipping_amount: null, discount_amount: '-25.00' }))).toMatchObject({ shippingAmount: 0, discountAmount: 25 });
  });
  it('treats PHP\'s zero date as no date', () => expect(parseOrder(rawOrder({ date_paid: '0000-00-00 00:00:00' })).datePaid).toBeNull());
  it('accepts a payment method given as plain text', () => {
    expect(parseOrder(rawOrder({ paymethod: 'Swish' })).paymethod).toEqual({ method: 'Swish', transactionId: null });
  });
  it('tolerates unknown extra fields', () => expect(() => parseOrder(rawOrder({ brand_new_field: { x: 1 } }))).not.toThrow());

  it.each([
    ['a row price that is not a number', { products: [{ sku: 'A', qty: '1', price: 'gratis' }] }, 'products[0].price: expected a number, got "gratis"'],
    ['a row without price', { products: [{ sku: 'A', qty: '1' }] }, 'products[0].price: is missing'],
    ['a row without quantity', { products: [{ sku: 'A', price: '10' }] }, 'products[0].qty: is missing'],
    ['no total', { total_amount: '' }, 'total_amount: is missing'],
    ['a malformed date', { date_paid: '1/5 2024' }, 'date_paid: expected a date'],
    ['a malformed currency', { currency: 'kronor' }, 'currency: expected a currency code'],
  ])('rejects %s, naming the order and the field', (_what, over, message) => {
    expect(() => parseOrder(rawOrder(over))).toThrow(QbParseError);
    expect(() => parseOrder(rawOrder(over))).toThrow(`Quickbutik order 10234: ${message}`);
  });
  it('rejects an answer with no order or several', () => {
    expect(() => parseOrder([])).toThrow('expected exactly one order, got 0');
    expect(() => parseOrder([rawOrder(), rawOrder()])).toThrow('expected exactly one order, got 2');
  });
  it('rejects an order without id', () => expect(() => parseOrder(rawOrder({ order_id: null }))).toThrow('order_id: is missing'));

  it('safeParseOrder returns ORDER_PARSE_FAILED instead of throwing', () => {
    expect(safeParseOrder([rawOrder({ products: [{ sku: 'A', qty: '1', price: 'x' }] })])).toEqual({
      ok: false,
      error: { code: 'ORDER_PARSE_FAILED', params: { orderId: '10234', problems: 'products[0].price: expected a number, got "x"' } },
    });
  });
});

describe('parseOrders', () => {
  it('parses a list, summaries without products or customer included', () => {
    const list = parseOrders([rawOrder(), { order_id: 10235, status: '-1', total_amount: 100, date_created: '2024-05-02 10:00:00' }]);
    expect(list.map((o) => [o.orderId, o.status, o.rows.length, o.customer.email])).toEqual([
      ['10234', 'paid', 1, 'Anna.Svensson@Example.se'],
      ['10235', 'unpaid', 0, null],
    ]);
  });
});

/** `GET /v1/products?include_details=true` product with variants, images and the fields we must not sync. */
const rawProduct = (over: Record<string, unknown> = {}) => ({
  id: '55',
  sku: 'TSHIRT',
  title: 'T-shirt',
  price: '249.00',
  before_price: '299.00',
  purchase_price: '80.50',
  tax_rate: '25',
  weight: '200',
  qty: '12',
  qty_location: 'A3',
  gtin: '7350000000017',
  visible: '1',
  disable_minusqty: '0',
  supplier_name: 'Leverantören AB',
  supplier_sku: 'L-999',
  description: '<p>Mjuk</p>',
  date_modified: '2024-04-30 12:00:00',
  images: { '10': { image: 'https://cdn.example/10.jpg', alttext: '' }, '2': { image: 'https://cdn.example/2.jpg', alttext: 'Bak' }, '1': { image: 'https://cdn.example/1.jpg', alttext: 'Fram' } },
  variants: [
    { id: '120', sku: 'TSHIRT-RM', price: '', purchase_price: '81', qty: '3', qty_location: 'A3-1', weight: '', gtin: '7350000000024', supplier_sku: 'L-1', values: [{ name: 'Färg', val: 'Röd' }, { name: 'Storlek', val: 'M' }] },
  ],
  product_package_products: [],
  ...over,
});

describe('parseProducts', () => {
  it.each([
    ['a bare array', [rawProduct()]],
    ['{"product":[...]}', { product: [rawProduct()] }],
    ['{"product":{...}}', { product: rawProduct() }],
    ['a bare object', rawProduct()],
  ])('accepts %s', (_envelope, json) => {
    expect(parseProducts(json).map((p) => p.id)).toEqual(['55']);
  });

  const p = parseProducts([rawProduct()])[0];
  it('normalises numbers and keeps supplier data only as parsed facts', () => {
    expect(p).toMatchObject({
      sku: 'TSHIRT', title: 'T-shirt', price: 249, beforePrice: 299, purchasePrice: 80.5, taxRate: 25, weightGrams: 200,
      stock: 12, stockLocation: 'A3', gtin: '7350000000017', supplierName: 'Leverantören AB', supplierSku: 'L-999',
      dateModified: '2024-04-30 12:00:00',
    });
  });
  it('sorts images by numeric key', () => {
    expect(p.images).toEqual([
      { key: '1', url: 'https://cdn.example/1.jpg', alt: 'Fram' },
      { key: '2', url: 'https://cdn.example/2.jpg', alt: 'Bak' },
      { key: '10', url: 'https://cdn.example/10.jpg', alt: null },
    ]);
  });
  it('maps variants with their own sku, price (blank → null), stock and values', () => {
    expect(p.variants).toEqual([
      { id: '120', sku: 'TSHIRT-RM', price: null, purchasePrice: 81, stock: 3, stockLocation: 'A3-1', weightGrams: null, gtin: '7350000000024', supplierSku: 'L-1', values: [{ name: 'Färg', value: 'Röd' }, { name: 'Storlek', value: 'M' }] },
    ]);
  });
  it('reads bundle components', () => {
    const b = parseProducts(rawProduct({ sku: 'BOX', product_package_products: [{ sku: 'TSHIRT-RM', qty: '2' }, { sku: 'MUG' }] }))[0];
    expect(b.bundleComponents).toEqual([{ sku: 'TSHIRT-RM', qty: 2 }, { sku: 'MUG', qty: 1 }]);
  });
  it('accepts images as an array and an empty PHP []', () => {
    expect(parseProducts(rawProduct({ images: ['https://cdn.example/a.jpg'] }))[0].images).toEqual([{ key: '1', url: 'https://cdn.example/a.jpg', alt: null }]);
    expect(parseProducts(rawProduct({ images: [], variants: [] }))[0]).toMatchObject({ images: [], variants: [] });
  });
  it('rejects a price that is not a number, naming the product', () => {
    expect(() => parseProducts([rawProduct({ price: 'abc' })])).toThrow('Quickbutik product 55: price: expected a number, got "abc"');
  });
});

describe('parseRefunds: every form the reference accepts', () => {
  it.each([
    ['a missing key', undefined],
    ['null', null],
    ['[]', []],
    ['{}', {}],
  ])('%s means no refund', (_name, value) => {
    expect(parseRefunds(value)).toMatchObject({ refunded: false, entries: [] });
  });

  it('a list of objects is refunded, amounts read where named', () => {
    expect(parseRefunds([{ id: '7', amount: '40.00' }, { refund_id: 8, amount: 10 }])).toEqual({
      refunded: true,
      entries: [{ id: '7', amount: 40 }, { id: '8', amount: 10 }],
      raw: [{ id: '7', amount: '40.00' }, { refund_id: 8, amount: 10 }],
    });
  });

  it('an object keyed by id is refunded, the key is the id', () => {
    expect(parseRefunds({ '12': { amount: '99.50' } }).entries).toEqual([{ id: '12', amount: 99.5 }]);
  });

  it('an undocumented non-empty value (say a bare amount) counts as refunded: a person must look', () => {
    expect(parseRefunds('0.00')).toMatchObject({ refunded: true, raw: '0.00' });
  });

  it('an order carries them; no refunds key at all is "none"', () => {
    const { refunds: _none, ...withoutKey } = rawOrder();
    expect(parseOrder(withoutKey).refunds.refunded).toBe(false);
    expect(parseOrder(rawOrder({ refunds: { '3': { amount: '10.00' } } })).refunds.refunded).toBe(true);
  });
});

describe('parseMetadata', () => {
  it('reads a flat object of key → value (numbers as strings, blanks left out)', () => {
    expect(parseMetadata({ vat_number: ' SE556677889901 ', count: 3, empty: '', nested: { a: 1 } })).toEqual({ vat_number: 'SE556677889901', count: '3' });
  });
  it('PHP\'s empty [] and null are no metadata', () => {
    expect(parseMetadata([])).toEqual({});
    expect(parseMetadata(null)).toEqual({});
  });
  it('anything else is a parse error naming the field', () => {
    expect(() => parseMetadata('x')).toThrow(QbParseError);
  });
});

describe('order rows and totals', () => {
  it('reads the row id and total_pay_amount', () => {
    const o = parseOrder([rawOrder({ products: [{ id: 501, product_id: '55', sku: 'A', qty: 1, price: '10.00' }], total_pay_amount: '347.00' })]);
    expect(o.rows[0]!.id).toBe('501');
    expect(o.totalPayAmount).toBe(347);
  });
});
