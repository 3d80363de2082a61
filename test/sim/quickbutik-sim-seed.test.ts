import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseShopArg } from '../../sim/quickbutik/cli';
import { createShopState, type ShopState } from '../../sim/quickbutik/model';
import { createSeededShop, EU_COUNTRIES, generateCatalog, generateOrders, seedShop } from '../../sim/quickbutik/seed';
import { shopStateView } from '../../sim/quickbutik/serialize';
import { formatSwedish, parseSwedish } from '../../sim/quickbutik/time';

/** The demo shop: deterministic, realistic, and every order's amounts add up. */
const NOW = Date.UTC(2025, 2, 15, 12, 0, 0);
const BASE = 'http://sim.test';
type ApiOrder = ReturnType<typeof shopStateView>['orders'][number];

const num = (s: string | number) => Number(s);
const round2 = (n: number) => Math.round(n * 100) / 100;

/** VAT rate per sku, read from the served products (as the sync must do: orders carry no per-row rate). */
function taxRates(shop: ShopState): Map<string, number> {
  const rates = new Map<string, number>();
  for (const p of shopStateView(shop, BASE).products) {
    rates.set(p.sku, num(p.tax_rate));
    for (const v of p.variants) rates.set(v.sku, num(p.tax_rate));
  }
  return rates;
}

/** Recomputes an order's amounts from its served rows, independently of the simulator's money module. */
function checkAmounts(o: ApiOrder, rates: Map<string, number>): void {
  const items = round2(o.products.reduce((sum, r) => sum + num(r.price) * num(r.qty), 0));
  const discount = num(o.discount_amount);
  const shipping = num(o.shipping_amount);
  const tax = num(o.tax_amount);
  expect(num(o.items_amount)).toBeCloseTo(items, 2);
  expect(discount).toBeLessThanOrEqual(items);
  expect(shipping).toBeGreaterThanOrEqual(0);

  const goods = new Map<number, number>();
  for (const r of o.products) {
    const rate = rates.get(r.sku);
    expect(rate).toBeDefined();
    goods.set(rate!, (goods.get(rate!) ?? 0) + num(r.price) * num(r.qty));
  }
  const base = items - discount + shipping;
  let expectedTax = 0;
  if (o.is_taxfree === '0') {
    for (const [rate, value] of goods) {
      const share = (base * value) / items;
      expectedTax += round2(o.is_taxontop === '1' ? (share * rate) / 100 : (share * rate) / (100 + rate));
    }
  }
  expect(tax).toBeCloseTo(expectedTax, 2);
  const expectedTotal = o.is_taxontop === '1' ? base + tax : base;
  expect(num(o.total_amount)).toBeCloseTo(expectedTotal, 2);
  expect(o.total_pay_amount).toBe(o.total_amount);
  expect(num(o.total_weight)).toBe(o.products.reduce((sum, r) => sum + num(r.weight) * num(r.qty), 0));
}

describe('quickbutik sim: seed realism', () => {
  const shop = createSeededShop('demo', 'k', { seed: 11, products: 40, customers: 300, orders: 400, now: NOW });
  const view = shopStateView(shop, BASE);

  it('is deterministic for a seed and differs between seeds', () => {
    const again = createSeededShop('demo', 'k', { seed: 11, products: 40, customers: 300, orders: 400, now: NOW });
    expect(shopStateView(again, BASE)).toEqual(view);
    const other = createSeededShop('demo', 'k', { seed: 12, products: 40, customers: 300, orders: 400, now: NOW });
    expect(shopStateView(other, BASE).orders).not.toEqual(view.orders);
  });

  it('has a catalog with the VAT mix, variants, one bundle, images, stock locations, purchase prices and suppliers', () => {
    const rates = new Set(view.products.map((p) => p.tax_rate));
    expect(rates).toEqual(new Set(['25', '12', '6']));
    expect(view.products.filter((p) => /^(T-shirt|Hoodie|Jeans|Jacka)/.test(p.title)).every((p) => p.tax_rate === '25')).toBe(true);
    expect(view.products.filter((p) => /^(Kaffe|Te |Mörk choklad)/.test(p.title)).every((p) => p.tax_rate === '12')).toBe(true);
    expect(view.products.filter((p) => /^(Kokbok|Roman|Barnbok|Deckare)/.test(p.title)).every((p) => p.tax_rate === '6')).toBe(true);
    expect(view.products.filter((p) => p.variants.length > 0).length).toBeGreaterThan(5);
    expect(view.products.filter((p) => p.product_package_products.length > 0)).toHaveLength(1);
    expect(view.products.filter((p) => !Array.isArray(p.images)).length).toBeGreaterThan(20);
    expect(view.products.filter((p) => p.qty_location !== '').length).toBeGreaterThan(20);
    expect(view.products.filter((p) => p.supplier_name !== '' && p.supplier_sku !== '').length).toBeGreaterThan(20);
    for (const p of view.products) {
      // Article numbers Fortnox accepts: no å ä ö, spaces, commas, periods or #.
      expect(p.sku).toMatch(/^[A-Z0-9-]+$/);
      if (p.purchase_price !== '') expect(num(p.purchase_price)).toBeLessThan(num(p.price) / (1 + num(p.tax_rate) / 100));
      expect(p.weight).toMatch(/^\d+$/);
    }
    const skus = view.products.flatMap((p) => [p.sku, ...p.variants.map((v) => v.sku)]);
    expect(new Set(skus).size).toBe(skus.length);
  });

  it('has a few hundred customers: Swedish persons and companies, EU and non-EU', () => {
    expect(view.customers).toHaveLength(300);
    const countries = new Set(view.customers.map((c) => c.country));
    for (const c of ['SE', 'DE', 'FI', 'DK', 'NO', 'US', 'GB']) expect(countries).toContain(c);
    const swedes = view.customers.filter((c) => c.country === 'SE');
    expect(swedes.length / 300).toBeGreaterThan(0.7);
    expect(swedes.every((c) => /^\d{3} \d{2}$/.test(c.zipcode))).toBe(true);
    const companies = view.customers.filter((c) => c.customer_type === 'company');
    expect(companies.length).toBeGreaterThan(20);
    expect(companies.every((c) => c.company_name !== '')).toBe(true);
    expect(companies.filter((c) => c.country !== 'SE' && EU_COUNTRIES.has(c.country)).length).toBeGreaterThan(0);
    expect(view.customers.some((c) => /[åäö]/i.test(c.full_name))).toBe(true);
  });

  it('has orders in SEK, EUR and NOK, tax-free and tax-on-top, discounts, free and paid shipping, Klarna/Swish/card', () => {
    const orders = view.orders;
    expect(orders).toHaveLength(400);
    const currencies = new Set(orders.map((o) => o.currency));
    expect(currencies).toEqual(new Set(['SEK', 'EUR', 'NOK']));
    expect(orders.filter((o) => o.currency !== 'SEK').length).toBeLessThan(80);
    const taxfree = orders.filter((o) => o.is_taxfree === '1');
    expect(taxfree.length).toBeGreaterThan(5);
    for (const o of taxfree) {
      const c = o.customer;
      expect(!EU_COUNTRIES.has(c.country) || (c.country !== 'SE' && c.customer_type === 'company')).toBe(true);
      expect(o.tax_amount).toBe('0.00');
    }
    expect(orders.some((o) => o.is_taxontop === '1')).toBe(true);
    expect(orders.filter((o) => num(o.discount_amount) > 0).length).toBeGreaterThan(20);
    expect(orders.some((o) => o.shipping_amount === '0.00')).toBe(true);
    expect(orders.some((o) => num(o.shipping_amount) > 0)).toBe(true);
    const methods = new Set(orders.map((o) => o.paymethod.method));
    for (const m of ['klarna', 'swish', 'card']) expect(methods).toContain(m);
    expect(orders.some((o) => o.products.some((r) => 'app' in r))).toBe(true);
    expect(orders.every((o) => o.status === '1' || o.status === '2')).toBe(true);
    expect(orders.every((o) => o.date_paid !== null && o.date_paid >= o.date_created)).toBe(true);
  });

  it('has self-consistent amounts in every order', () => {
    const rates = taxRates(shop);
    for (const o of view.orders) checkAmounts(o, rates);
  });

  it('prices SEK rows at the product price (gross) or its net price (tax-on-top, tax-free)', () => {
    const price = new Map<string, number>();
    for (const p of view.products) {
      price.set(p.sku, num(p.price));
      for (const v of p.variants) price.set(v.sku, num(v.price));
    }
    const rates = taxRates(shop);
    for (const o of view.orders.filter((x) => x.currency === 'SEK')) {
      for (const r of o.products) {
        const gross = price.get(r.sku)!;
        const expected = o.is_taxfree === '1' || o.is_taxontop === '1' ? round2(gross / (1 + rates.get(r.sku)! / 100)) : gross;
        expect(num(r.price)).toBeCloseTo(expected, 2);
      }
    }
  });
});

describe('quickbutik sim: generateOrders', () => {
  it('generates N more consistent orders; returning customers reuse the customer base', () => {
    const shop = createSeededShop('g', 'k', { seed: 4, products: 30, customers: 100, orders: 0, now: NOW });
    const returning = generateOrders(shop, { count: 200, seed: 1, returningCustomers: true, now: NOW });
    expect(returning).toHaveLength(200);
    expect(shop.customers.size).toBe(100);
    expect(returning.every((o) => o.status === 'unpaid' && o.paidAt === null)).toBe(true);
    generateOrders(shop, { count: 50, seed: 2, returningCustomers: false, now: NOW });
    expect(shop.customers.size).toBe(150);
    const rates = taxRates(shop);
    for (const o of shopStateView(shop, BASE).orders) checkAmounts(o, rates);
  });

  it('scales to a few thousand orders', () => {
    const shop = createShopState('big', 'k', null);
    generateCatalog(shop, { count: 60, seed: 3, now: NOW });
    const started = Date.now();
    const orders = generateOrders(shop, { count: 3000, seed: 3, now: NOW });
    expect(orders).toHaveLength(3000);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(new Set(orders.map((o) => o.orderId)).size).toBe(3000);
  });

  it('re-seeding replaces the shop data', () => {
    const shop = createSeededShop('r', 'k', { seed: 1, products: 10, customers: 10, orders: 10, now: NOW });
    const summary = seedShop(shop, { seed: 1, products: 5, customers: 5, orders: 0, now: NOW });
    expect(summary).toMatchObject({ products: 5, customers: 5, orders: 0 });
    expect([...shop.products.keys()]).toEqual([1, 2, 3, 4, 5]);
  });

  it('leaves unpaid orders unpaid when seeding with paid: false', () => {
    const shop = createSeededShop('u', 'k', { seed: 1, products: 10, customers: 10, orders: 10, paid: false, now: NOW });
    expect([...shop.orders.values()].every((o) => o.status === 'unpaid')).toBe(true);
  });
});

describe('quickbutik sim: dates and CLI', () => {
  it('formats and parses Swedish local time across daylight saving time', () => {
    expect(formatSwedish(Date.UTC(2025, 0, 15, 12, 0, 0))).toBe('2025-01-15 13:00:00');
    expect(formatSwedish(Date.UTC(2025, 6, 15, 12, 0, 0))).toBe('2025-07-15 14:00:00');
    expect(parseSwedish('2025-07-15 14:00:00')).toBe(Date.UTC(2025, 6, 15, 12, 0, 0));
    expect(parseSwedish('2025-01-15')).toBe(Date.UTC(2025, 0, 14, 23, 0, 0));
    expect(parseSwedish('15/01/2025')).toBeNull();
  });

  it('parses --shop <id>:<apiKey>[:<webhookUrl>] with a URL that has colons', () => {
    expect(parseShopArg('s1:key')).toEqual({ shopId: 's1', apiKey: 'key', webhookUrl: undefined });
    expect(parseShopArg('s1:key:http://127.0.0.1:3000/webhooks/quickbutik/s1?token=a:b')).toEqual({
      shopId: 's1',
      apiKey: 'key',
      webhookUrl: 'http://127.0.0.1:3000/webhooks/quickbutik/s1?token=a:b',
    });
    expect(() => parseShopArg('nokey')).toThrow();
  });

  it('listens on port 0 and prints the real port', async () => {
    const root = path.resolve(__dirname, '../..');
    const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'sim/quickbutik/cli.ts', '--port', '0', '--shop', 'c:ck', '--seed'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /quickbutik-sim listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      expect(url).not.toMatch(/:0$/);
      const res = await fetch(`${url}/v1/products/count`, { headers: { Authorization: `Basic ${Buffer.from('ck:ck').toString('base64')}` } });
      expect(await res.json()).toEqual({ count: '40' });
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);
});
