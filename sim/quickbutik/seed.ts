import { convertFromSek, netOf, round2 } from './money';
import {
  createShopState,
  resetShopData,
  type Currency,
  type OrderStatus,
  type ShopState,
  type SimAddress,
  type SimCustomer,
  type SimOrder,
  type SimProduct,
  type SimVariant,
  type TaxRate,
} from './model';
import { changeOrderStatus, createOrder, type OrderInput, type OrderRowInput } from './orders';
import { createRng, type Rng } from './prng';
import {
  CATEGORY_SUPPLIERS,
  CATEGORY_TAX,
  COLOURS,
  EDITIONS,
  FOREIGN_COUNTRIES,
  FREE_SHIPPING_FROM_SEK,
  ORDER_NOTES,
  PRODUCT_TEMPLATES,
  SHIPPING_OPTIONS,
  SIZES,
  SWEDISH_CITIES,
  SWEDISH_COMPANY_KINDS,
  SWEDISH_COMPANY_WORDS,
  SWEDISH_FIRST_NAMES,
  SWEDISH_LAST_NAMES,
  SWEDISH_STREETS,
  type ForeignCountry,
  type ProductTemplate,
} from './seed-data';

/**
 * A deterministic demo shop: the same seed gives the same catalog, customers and orders (ids, amounts, names),
 * whatever the wall clock; only the dates follow `now`.
 */

const DAY = 86_400_000;
export const EU_COUNTRIES = new Set(['SE', 'DE', 'FI', 'DK', 'NL', 'FR', 'AT', 'BE', 'EE', 'ES', 'IE', 'IT', 'PL']);

/** ASCII for e-mail addresses and SKUs (article numbers may not contain å, ä, ö). */
export function ascii(text: string): string {
  const map: Record<string, string> = { å: 'a', ä: 'a', ö: 'o', é: 'e', ü: 'u', ø: 'o', æ: 'ae', è: 'e', ß: 'ss' };
  return text
    .toLowerCase()
    .replace(/[åäöéüøæèß]/g, (c) => map[c] ?? c)
    .replace(/[^a-z0-9]/g, '');
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const hex = (rng: Rng, length: number) => Array.from({ length }, () => rng.int(0, 15).toString(16)).join('');
const priceEnding9 = (n: number) => Math.max(9, Math.round(n / 10) * 10 - 1);

function ean13(rng: Rng): string {
  const digits = [7, 3, 5, ...Array.from({ length: 9 }, () => rng.int(0, 9))];
  const sum = digits.reduce((s, d, i) => s + d * (i % 2 === 0 ? 1 : 3), 0);
  return digits.join('') + ((10 - (sum % 10)) % 10);
}

// ---------------------------------------------------------------------------------------------------- catalog

export interface CatalogOptions {
  count?: number;
  seed?: number;
  now?: number;
}

function makeVariants(shop: ShopState, rng: Rng, base: Omit<SimProduct, 'variants'>, kind: 'size' | 'size-colour') {
  const colours = kind === 'size-colour' ? rng.sample(COLOURS, 2) : [null];
  const variants: SimVariant[] = [];
  for (const colour of colours) {
    for (const size of SIZES) {
      const suffix = colour ? `${ascii(colour).slice(0, 3).toUpperCase()}-${size}` : size;
      const values = colour ? [{ name: 'Färg', val: colour }, { name: 'Storlek', val: size }] : [{ name: 'Storlek', val: size }];
      variants.push({
        id: shop.nextVariantId++,
        sku: `${base.sku}-${suffix}`,
        price: size === 'XL' ? base.price + 20 : base.price,
        beforePrice: null,
        purchasePrice: base.purchasePrice,
        qty: rng.int(0, 60),
        qtyLocation: base.qtyLocation,
        weight: base.weight + (size === 'XL' ? 30 : 0),
        gtin: base.gtin ? ean13(rng) : '',
        supplierSku: base.supplierSku ? `${base.supplierSku}-${suffix}` : '',
        hidden: false,
        preorder: false,
        disableMinusQty: base.disableMinusQty,
        minPurchaseQuantity: null,
        maxPurchaseQuantity: null,
        preselected: size === 'M',
        values,
      });
    }
  }
  return variants;
}

function makeProduct(shop: ShopState, rng: Rng, template: ProductTemplate, index: number, now: number): SimProduct {
  const round = Math.floor(index / PRODUCT_TEMPLATES.length);
  const edition = EDITIONS[round % EDITIONS.length]!;
  const title = `${template.title} ${edition}${round >= EDITIONS.length ? ` ${round + 1}` : ''}`;
  const id = shop.nextProductId++;
  const taxRate = CATEGORY_TAX[template.category];
  const price = priceEnding9(rng.int(template.price[0], template.price[1]));
  const supplierName = rng.pick(CATEGORY_SUPPLIERS[template.category]);
  const imageCount = rng.weighted([[0, 1], [1, 5], [2, 3], [3, 1]] as const);
  const base: Omit<SimProduct, 'variants'> = {
    id,
    sku: `${template.code}-${1000 + index}`,
    title,
    price,
    beforePrice: rng.chance(0.2) ? priceEnding9(price * 1.25) : null,
    purchasePrice: rng.chance(0.9) ? round2(netOf(price, taxRate) * (0.35 + rng.next() * 0.25)) : null,
    taxRate,
    weight: rng.int(template.weight[0], template.weight[1]),
    qty: rng.chance(0.05) ? 0 : rng.int(20, 400),
    qtyLocation: rng.chance(0.85) ? `${rng.pick(['A', 'B', 'C'])}${rng.int(1, 9)}-${pad(rng.int(1, 20), 2)}` : '',
    gtin: rng.chance(0.8) ? ean13(rng) : '',
    visible: rng.chance(0.95),
    disableMinusQty: rng.chance(0.2),
    supplierName,
    supplierSku: rng.chance(0.85) ? `${ascii(supplierName).slice(0, 3).toUpperCase()}${rng.int(10000, 99999)}` : '',
    description: `<p>${title} – ${template.category === 'books' ? 'inbunden' : 'noga utvald'} kvalitet.</p>` +
      `<ul><li>Art.nr ${template.code}-${1000 + index}</li><li>Levereras inom 1–3 dagar</li></ul>`,
    isGiftcard: false,
    preorder: false,
    modifiedAt: now - rng.int(1, 90) * DAY,
    images: Array.from({ length: imageCount }, (_, n) => ({ file: `p${id}-${n + 1}.png`, alt: n === 0 ? title : '' })),
    packageProducts: [],
  };
  return { ...base, variants: template.variants ? makeVariants(shop, rng, base, template.variants) : [] };
}

/** A gift box of food products: the shop's one bundle ("produktpaket"), 12 % VAT like its contents. */
function makeBundle(shop: ShopState, rng: Rng, now: number): SimProduct | null {
  const food = [...shop.products.values()].filter((p) => p.taxRate === 12 && p.variants.length === 0).slice(0, 3);
  if (food.length < 2) return null;
  const id = shop.nextProductId++;
  const price = priceEnding9(food.reduce((sum, p) => sum + p.price, 0) * 0.9);
  return {
    id, sku: 'PK-FIKA', title: 'Presentkit Fika', price, beforePrice: null,
    purchasePrice: round2(food.reduce((sum, p) => sum + (p.purchasePrice ?? 0), 0)), taxRate: 12,
    weight: food.reduce((sum, p) => sum + p.weight, 0) + 150, qty: rng.int(10, 40), qtyLocation: 'P1-01', gtin: '',
    visible: true, disableMinusQty: true, supplierName: '', supplierSku: '',
    description: '<p>Allt för en fikastund, fint förpackat.</p>', isGiftcard: false, preorder: false, modifiedAt: now - 5 * DAY,
    images: [{ file: `p${id}-1.png`, alt: 'Presentkit Fika' }], variants: [],
    packageProducts: food.map((p) => ({ productId: p.id, variantId: null, sku: p.sku, qty: 1, price: p.price })),
  };
}

export function generateCatalog(shop: ShopState, options: CatalogOptions = {}): SimProduct[] {
  const { count = 40, seed = 1, now = Date.now() } = options;
  const rng = createRng(seed * 7919 + 1);
  const created: SimProduct[] = [];
  const add = (product: SimProduct) => {
    shop.products.set(product.id, product);
    created.push(product);
  };
  for (let i = 0; i < count - 1; i++) add(makeProduct(shop, rng, PRODUCT_TEMPLATES[i % PRODUCT_TEMPLATES.length]!, i, now));
  // The last one is the bundle when there are food products to put in it (catalogs of 10 or more).
  if (count > 0) add(makeBundle(shop, rng, now) ?? makeProduct(shop, rng, PRODUCT_TEMPLATES[(count - 1) % PRODUCT_TEMPLATES.length]!, count - 1, now));
  return created;
}

// ---------------------------------------------------------------------------------------------------- customers

export interface CustomerOptions {
  count?: number;
  seed?: number;
}

function swedishAddress(rng: Rng, first: string, last: string, company: string, email: string): SimAddress {
  const [city, zipPrefix] = rng.pick(SWEDISH_CITIES);
  return {
    firstname: first, lastname: last, companyName: company,
    address: `${rng.pick(SWEDISH_STREETS)} ${rng.int(1, 120)}`,
    address2: rng.chance(0.1) ? `lgh ${rng.int(1001, 1503)}` : '',
    zipcode: `${zipPrefix} ${pad(rng.int(10, 99), 2)}`, city, country: 'SE',
    phone: rng.chance(0.5) ? `07${rng.int(0, 9)}-${rng.int(1000000, 9999999)}` : `+46 7${rng.int(0, 9)} ${rng.int(100, 999)} ${pad(rng.int(0, 99), 2)} ${pad(rng.int(0, 99), 2)}`,
    email,
  };
}

function foreignAddress(rng: Rng, c: ForeignCountry, first: string, last: string, company: string, email: string): SimAddress {
  const [city, zipcode] = rng.pick(c.cities);
  return {
    firstname: first, lastname: last, companyName: company,
    address: c.country === 'US' || c.country === 'GB' ? `${rng.int(1, 400)} ${rng.pick(c.streets)}` : `${rng.pick(c.streets)} ${rng.int(1, 90)}`,
    address2: '', zipcode, city, country: c.country, phone: `${c.phonePrefix} ${rng.int(100000000, 999999999)}`, email,
  };
}

const digits = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.int(0, 9)).join('');

/** Luhn check digit, as in Swedish organisation numbers. */
function luhn(body: string): number {
  const sum = [...body].reduce((s, ch, i) => {
    const d = Number(ch) * (i % 2 === 0 ? 2 : 1);
    return s + (d > 9 ? d - 9 : d);
  }, 0);
  return (10 - (sum % 10)) % 10;
}

/** Organisation and VAT numbers of the right shape per country (not registered ones). */
function companyIds(rng: Rng, country: string): { orgNumber: string; vatNumber: string } {
  switch (country) {
    case 'SE': {
      const body = `55${digits(rng, 7)}`;
      const org = `${body}${luhn(body)}`;
      return { orgNumber: `${org.slice(0, 6)}-${org.slice(6)}`, vatNumber: `SE${org}01` };
    }
    case 'NL':
      return { orgNumber: digits(rng, 8), vatNumber: `NL${digits(rng, 9)}B01` };
    case 'FR':
      return { orgNumber: digits(rng, 9), vatNumber: `FR${digits(rng, 11)}` };
    case 'DE':
    case 'GB':
      return { orgNumber: '', vatNumber: `${country}${digits(rng, 9)}` };
    case 'FI':
    case 'DK':
      return { orgNumber: '', vatNumber: `${country}${digits(rng, 8)}` };
    case 'NO': {
      const org = digits(rng, 9);
      return { orgNumber: org, vatNumber: `NO${org}MVA` };
    }
    default:
      return { orgNumber: `${digits(rng, 2)}-${digits(rng, 7)}`, vatNumber: '' };
  }
}

function makeCustomer(rng: Rng, id: number): SimCustomer {
  const kind = rng.weighted([['se-person', 72], ['se-company', 10], ['eu', 10], ['non-eu', 8]] as const);
  const foreign = kind === 'eu' || kind === 'non-eu' ? rng.pick(FOREIGN_COUNTRIES.filter((c) => c.eu === (kind === 'eu'))) : null;
  const isCompany = kind === 'se-company' || (foreign !== null && rng.chance(foreign.eu ? 0.4 : 0.25));
  const first = rng.pick(foreign?.firstNames ?? SWEDISH_FIRST_NAMES);
  const last = rng.pick(foreign?.lastNames ?? SWEDISH_LAST_NAMES);
  const company = !isCompany
    ? ''
    : foreign
      ? `${last} ${rng.pick(['Trading', 'Design', 'Consulting', 'Retail'])} ${foreign.companySuffix}`
      : `${rng.pick(SWEDISH_COMPANY_WORDS)} ${rng.pick(SWEDISH_COMPANY_KINDS)} AB`;
  const domain = foreign ? `example.${foreign.country.toLowerCase()}` : 'example.se';
  const email = isCompany ? `order${id}@${ascii(company).slice(0, 16)}.${domain}` : `${ascii(first)}.${ascii(last)}${id}@${domain}`;
  const billing = foreign ? foreignAddress(rng, foreign, first, last, company, email) : swedishAddress(rng, first, last, company, email);
  const shipsElsewhere = rng.chance(0.12);
  const shipping = !shipsElsewhere
    ? null
    : foreign
      ? foreignAddress(rng, foreign, first, last, company, email)
      : swedishAddress(rng, first, last, company, email);
  const ids = isCompany ? companyIds(rng, foreign?.country ?? 'SE') : { orgNumber: '', vatNumber: '' };
  return { id, type: isCompany ? 'company' : 'person', email, phone: billing.phone, billing, shipping, notes: '', ...ids };
}

export function generateCustomers(shop: ShopState, options: CustomerOptions = {}): SimCustomer[] {
  const { count = 300, seed = 1 } = options;
  const rng = createRng(seed * 104729 + 2);
  const created: SimCustomer[] = [];
  for (let i = 0; i < count; i++) {
    const customer = makeCustomer(rng, shop.nextCustomerId++);
    shop.customers.set(customer.id, customer);
    created.push(customer);
  }
  return created;
}

// ---------------------------------------------------------------------------------------------------- orders

export interface GenerateOrdersOptions {
  count: number;
  seed?: number;
  /** true: every order by an existing customer; false: every order by a new one; unset: about a third returning. */
  returningCustomers?: boolean;
  /** Creation times spread over [from, to]; both unset → all at `now`. */
  from?: number;
  to?: number;
  now?: number;
}

interface Sellable {
  sku: string;
  grossSek: number;
  taxRate: TaxRate;
  stock: () => number;
  /** Sold only while in stock (`disable_minusqty`). */
  strict: boolean;
}

function sellables(shop: ShopState): { items: Sellable[]; bundles: Sellable[] } {
  const items: Sellable[] = [];
  const bundles: Sellable[] = [];
  for (const p of shop.products.values()) {
    if (!p.visible) continue;
    const common = { taxRate: p.taxRate, strict: p.disableMinusQty };
    if (p.variants.length === 0) {
      const s: Sellable = { ...common, sku: p.sku, grossSek: p.price, stock: () => p.qty };
      (p.packageProducts.length > 0 ? bundles : items).push(s);
    } else {
      for (const v of p.variants) items.push({ ...common, sku: v.sku, grossSek: v.price, stock: () => v.qty });
    }
  }
  return { items, bundles };
}

function paymethodFor(rng: Rng, customer: SimCustomer): { method: string; transactionId: string } {
  const se = customer.billing.country === 'SE';
  const method = se
    ? customer.type === 'company'
      ? rng.weighted([['invoice', 4], ['card', 3], ['klarna', 3]] as const)
      : rng.weighted([['klarna', 45], ['swish', 30], ['card', 25]] as const)
    : rng.weighted([['card', 55], ['klarna', 35], ['paypal', 10]] as const);
  const transactionIds: Record<string, () => string> = {
    klarna: () => `${hex(rng, 8)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 12)}`,
    swish: () => hex(rng, 32).toUpperCase(),
    card: () => `ch_${hex(rng, 24)}`,
    paypal: () => `PAYID-${hex(rng, 20).toUpperCase()}`,
    invoice: () => '',
  };
  return { method, transactionId: transactionIds[method]!() };
}

function pickRows(rng: Rng, stock: ReturnType<typeof sellables>): { item: Sellable; qty: number }[] {
  const wanted = rng.weighted([[1, 50], [2, 30], [3, 15], [4, 5]] as const);
  const candidates = rng.sample(stock.items, wanted + 6);
  if (stock.bundles.length > 0 && rng.chance(0.05)) candidates.unshift(rng.pick(stock.bundles));
  const rows: { item: Sellable; qty: number }[] = [];
  for (const item of candidates) {
    if (rows.length >= wanted) break;
    const qty = rng.weighted([[1, 70], [2, 22], [3, 8]] as const);
    if (!item.strict || item.stock() >= qty) rows.push({ item, qty });
  }
  // Everything sampled was sold out: sell something that allows back-orders.
  if (rows.length === 0) rows.push({ item: stock.items.find((i) => !i.strict) ?? stock.items[0]!, qty: 1 });
  return rows;
}

/** The customer as the order keeps it: later edits of the customer do not change placed orders. */
function snapshotOf({ id: _id, ...customer }: SimCustomer): OrderInput['customer'] {
  return { ...customer, billing: { ...customer.billing }, shipping: customer.shipping && { ...customer.shipping } };
}

/** Decides what one customer buys and how it is priced, shipped, discounted and paid. */
function composeOrder(rng: Rng, customer: SimCustomer, stock: ReturnType<typeof sellables>, createdAt: number): OrderInput {
  const country = customer.billing.country;
  const se = country === 'SE';
  const eu = EU_COUNTRIES.has(country);
  const currency: Currency = country === 'NO' ? (rng.chance(0.7) ? 'NOK' : 'SEK') : eu && !se && rng.chance(0.5) ? 'EUR' : 'SEK';
  // Export outside the EU, or an EU business buying with reverse charge, pays no Swedish VAT.
  const isTaxfree = !eu || (!se && customer.type === 'company');
  const isTaxontop = !isTaxfree && se && customer.type === 'company' && rng.chance(0.3);
  const priced = (grossSek: number, rate: TaxRate) => {
    const gross = convertFromSek(grossSek, currency);
    return isTaxfree || isTaxontop ? netOf(gross, rate) : gross;
  };

  const picked = pickRows(rng, stock);
  const rows: OrderRowInput[] = picked.map(({ item, qty }) => ({ sku: item.sku, qty, price: priced(item.grossSek, item.taxRate) }));
  const goodsSek = picked.reduce((sum, { item, qty }) => sum + item.grossSek * qty, 0);
  const items = round2(rows.reduce((sum, r) => sum + r.price! * r.qty, 0));

  const option = !se
    ? SHIPPING_OPTIONS.international
    : rng.chance(0.1)
      ? SHIPPING_OPTIONS.pickup
      : rng.pick([SHIPPING_OPTIONS.collect, SHIPPING_OPTIONS.servicePoint, SHIPPING_OPTIONS.home]);
  const free = option.sek === 0 || goodsSek >= (se ? FREE_SHIPPING_FROM_SEK : 2 * FREE_SHIPPING_FROM_SEK);
  const shipping = { id: option.id, name: option.name, amount: free ? 0 : priced(option.sek, 25) };

  let discountAmount = 0;
  if (rng.chance(0.2)) discountAmount = rng.chance(0.5) ? round2(items * 0.1) : Math.min(priced(50, 25), round2(items * 0.5));

  return {
    customer: snapshotOf(customer),
    customerId: customer.id,
    rows,
    currency,
    shipping,
    discountAmount,
    isTaxfree,
    isTaxontop,
    paymethod: paymethodFor(rng, customer),
    notes: rng.pick(ORDER_NOTES),
    createdAt,
  };
}

function pickCustomer(shop: ShopState, rng: Rng, returning: boolean | undefined, existing: SimCustomer[]): SimCustomer {
  const reuse = existing.length > 0 && (returning === true || (returning === undefined && rng.chance(0.35)));
  if (reuse) return rng.pick(existing);
  const customer = makeCustomer(rng, shop.nextCustomerId++);
  shop.customers.set(customer.id, customer);
  return customer;
}

/**
 * Creates `count` unpaid orders (status -1) in the shop and returns them; paying them (and so firing `order.new`) is
 * the caller's move. The shop needs products: call generateCatalog first.
 */
export function generateOrders(shop: ShopState, options: GenerateOrdersOptions): SimOrder[] {
  const { count, seed = shop.nextOrderId, returningCustomers, now = Date.now() } = options;
  const stock = sellables(shop);
  if (stock.items.length === 0) throw new Error(`shop ${shop.id} has no products to sell: seed a catalog first`);
  const rng = createRng(seed * 1299709 + 3);
  const existing = [...shop.customers.values()];
  const from = options.from ?? now;
  const to = options.to ?? from;
  const times = Array.from({ length: count }, () => Math.floor(from + rng.next() * (to - from))).sort((a, b) => a - b);
  const orders: SimOrder[] = [];
  for (const createdAt of times) {
    const customer = pickCustomer(shop, rng, returningCustomers, existing);
    orders.push(createOrder(shop, composeOrder(rng, customer, stock, createdAt), now));
  }
  return orders;
}

// ---------------------------------------------------------------------------------------------------- whole shop

export interface SeedOptions {
  seed?: number;
  products?: number;
  customers?: number;
  orders?: number;
  /** true (default): every seeded order is paid (status 1) or, when older than a few days, done (2); false: all unpaid. */
  paid?: boolean;
  now?: number;
}

export interface SeedSummary {
  shopId: string;
  products: number;
  variants: number;
  bundles: number;
  customers: number;
  orders: number;
  byStatus: Record<OrderStatus, number>;
  byCurrency: Record<Currency, number>;
  taxfree: number;
  taxontop: number;
}

export function summarize(shop: ShopState): SeedSummary {
  const products = [...shop.products.values()];
  const orders = [...shop.orders.values()];
  const byStatus: Record<OrderStatus, number> = { unpaid: 0, paid: 0, done: 0, cancelled: 0 };
  const byCurrency: Record<Currency, number> = { SEK: 0, EUR: 0, NOK: 0 };
  for (const o of orders) {
    byStatus[o.status]++;
    byCurrency[o.currency]++;
  }
  return {
    shopId: shop.id,
    products: products.length,
    variants: products.reduce((sum, p) => sum + p.variants.length, 0),
    bundles: products.filter((p) => p.packageProducts.length > 0).length,
    customers: shop.customers.size,
    orders: orders.length,
    byStatus,
    byCurrency,
    taxfree: orders.filter((o) => o.isTaxfree).length,
    taxontop: orders.filter((o) => o.isTaxontop).length,
  };
}

/**
 * Replaces the shop's data with a demo shop: catalog, customers and the last 60 days of orders. Fires no webhooks
 * (the caller simply does not emit any): seeding is history, not news.
 */
export function seedShop(shop: ShopState, options: SeedOptions = {}): SeedSummary {
  const { seed = 1, products = 40, customers = 300, orders = 200, paid = true, now = Date.now() } = options;
  resetShopData(shop);
  generateCatalog(shop, { count: products, seed, now });
  generateCustomers(shop, { count: customers, seed });
  if (orders > 0) {
    // Seeded history is bought by the seeded customers, so `customers` is the size of the customer base.
    const returningCustomers = customers > 0 ? true : undefined;
    const placed = generateOrders(shop, { count: orders, seed, returningCustomers, from: now - 60 * DAY, to: now - 10 * 60_000, now });
    if (paid) {
      const rng = createRng(seed * 15485863 + 4);
      for (const order of placed) {
        const paidAt = Math.min(order.createdAt + rng.int(1, 30) * 60_000, now - 60_000);
        changeOrderStatus(shop, order, 'paid', paidAt);
        if (now - order.createdAt > 5 * DAY && rng.chance(0.8)) {
          changeOrderStatus(shop, order, 'done', Math.min(paidAt + rng.int(1, 72) * 3_600_000, now - 60_000));
        }
      }
    }
  }
  return summarize(shop);
}

/** A shop state, seeded: handy for tests and the bench, which need no HTTP. */
export function createSeededShop(id: string, apiKey: string, options: SeedOptions = {}): ShopState {
  const shop = createShopState(id, apiKey, null);
  seedShop(shop, options);
  return shop;
}
