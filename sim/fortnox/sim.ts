// The simulator's state and programmatic API: tenants, tokens, rate limiter, counters, faults, config.
// The admin endpoints (/__sim) are a thin JSON layer over this class.
import { CounterStore } from './counters';
import { FaultRegistry } from './faults';
import { DEFAULT_SCOPE, TokenStore } from './oauth';
import { SlidingWindowLimiter } from './ratelimit';
import { articleDefaults, articleFull } from './resources/articles';
import { customerDefaults, customerFull } from './resources/customers';
import { documentFull } from './resources/document-shapes';
import { INVOICE, ORDER, importDocument } from './resources/documents';
import { paymentFull } from './resources/payments';
import { priceFull } from './resources/prices';
import { Tenant } from './tenant';
import type { Counters, Fault, FaultSpec, FortnoxSimOptions, JsonObject, Rec, SimConfig, TenantOptions, TokenResponse, VatReport } from './types';
import { isObject, isValidDate, type Json } from './util';

export interface ImportRecords {
  customers?: Array<Record<string, unknown>>;
  articles?: Array<Record<string, unknown>>;
  prices?: Array<{ ArticleNumber: string; PriceList?: string; FromQuantity?: number; Price: number }>;
  invoices?: Array<Record<string, unknown>>;
  orders?: Array<Record<string, unknown>>;
  termsOfPayments?: Array<Record<string, unknown>>;
  units?: Array<Record<string, unknown>>;
}

export interface TenantState {
  customers: JsonObject[];
  articles: JsonObject[];
  prices: JsonObject[];
  invoices: JsonObject[];
  orders: JsonObject[];
  payments: JsonObject[];
  files: JsonObject[];
  fileConnections: JsonObject[];
  /** Current stock per article: the warehouse with Lager on, QuantityInStock otherwise. */
  stock: Record<string, number>;
}

export class SimInputError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const NUMERIC_ARTICLE_FIELDS = new Set([
  'PurchasePrice', 'QuantityInStock', 'ReservedQuantity', 'DisposableQuantity', 'StockValue', 'Weight', 'Width',
  'Height', 'Depth', 'SalesAccount', 'PurchaseAccount', 'EUAccount', 'EUVATAccount', 'ExportAccount', 'VAT',
  'StockWarning', 'ConstructionAccount',
]);

export class FortnoxSim {
  readonly config: SimConfig;
  readonly tokens: TokenStore;
  readonly limiter = new SlidingWindowLimiter();
  readonly counterStore = new CounterStore();
  readonly faults: FaultRegistry;
  readonly now: () => number;
  private readonly tenants = new Map<string, Tenant>();
  private tenantSeq = 1;

  constructor(options: FortnoxSimOptions = {}) {
    this.config = {
      rateLimit: options.rateLimit === undefined ? { limit: 25, windowMs: 5000 } : options.rateLimit,
      tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
      clientId: options.clientId ?? 'sim-client',
      clientSecret: options.clientSecret ?? 'sim-secret',
    };
    this.now = options.now ?? Date.now;
    this.tokens = new TokenStore(() => this.config.tokenTtlSeconds, this.now);
    this.faults = new FaultRegistry(options.random ?? Math.random);
  }

  // --- tenants -------------------------------------------------------------------------------------------

  createTenant(options: TenantOptions = {}): Tenant {
    validateTenantOptions(options);
    let id = options.tenantId;
    if (id !== undefined) {
      if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id)) throw new SimInputError(400, 'tenantId: 1-64 of [A-Za-z0-9_.-]');
      if (this.tenants.has(id)) throw new SimInputError(409, `tenant ${id} already exists`);
    } else {
      do id = String(1000000 + this.tenantSeq++);
      while (this.tenants.has(id));
    }
    const tenant = new Tenant(id, options);
    this.tenants.set(id, tenant);
    return tenant;
  }

  getTenant(id: string): Tenant | undefined {
    return this.tenants.get(id);
  }

  requireTenant(id: string): Tenant {
    const t = this.tenants.get(id);
    if (!t) throw new SimInputError(404, `unknown tenant ${id}`);
    return t;
  }

  listTenants() {
    return [...this.tenants.values()].map((t) => t.summary());
  }

  updateTenant(id: string, options: TenantOptions) {
    validateTenantOptions(options);
    const t = this.requireTenant(id);
    t.configure(options);
    return t.summary();
  }

  state(id: string): TenantState {
    const t = this.requireTenant(id);
    const ctx = { base: '' };
    const stock: Record<string, number> = {};
    for (const number of t.articles.keys()) stock[number] = t.stockOf(number);
    if (t.lager) for (const [number, s] of t.stock) stock[number] = s.inStock;
    return {
      customers: [...t.customers.values()].map((c) => customerFull(ctx, c)),
      articles: [...t.articles.values()].map((a) => articleFull(ctx, t, a)),
      prices: [...t.prices.values()].map((p) => priceFull(ctx, p)),
      invoices: [...t.invoices.values()].map((d) => documentFull(ctx, INVOICE, d)),
      orders: [...t.orders.values()].map((d) => documentFull(ctx, ORDER, d)),
      payments: [...t.payments.values()].map((p) => paymentFull(ctx, p)),
      files: [...t.files.values()].map((f) => ({ ...f.meta })),
      fileConnections: [...t.fileConnections.values()].map((c) => ({ ...c })),
      stock,
    };
  }

  /** Fortnox's VAT view per document (`invoice:12`): VAT per rate and VAT deviations. */
  vatReports(id: string): Record<string, VatReport> {
    return Object.fromEntries(this.requireTenant(id).vatReports);
  }

  /** Sets warehouse stock (Lager) or, with Lager off, the articles' QuantityInStock. */
  setStock(id: string, stock: Record<string, number>): void {
    const t = this.requireTenant(id);
    for (const [article, qty] of Object.entries(stock)) {
      if (typeof qty !== 'number' || !Number.isFinite(qty)) throw new SimInputError(400, `stock for ${article} must be a number`);
      if (t.lager) t.stock.set(article, { inStock: qty, availableStock: qty });
      else {
        const a = t.articles.get(article);
        if (!a) throw new SimInputError(404, `unknown article ${article}`);
        a.QuantityInStock = qty;
        a.DisposableQuantity = qty - Number(a.ReservedQuantity ?? 0);
      }
    }
  }

  /** Stores records as given, without validation (ids kept, series moved past them). */
  importRecords(id: string, records: ImportRecords): void {
    const t = this.requireTenant(id);
    const now = this.now();
    for (const u of records.units ?? []) t.units.set(String(u.Code), { Code: '', CodeEnglish: '', Description: '', ...strip(u) });
    for (const top of records.termsOfPayments ?? []) t.termsOfPayments.set(String(top.Code), { ...strip(top) });
    for (const c of records.customers ?? []) {
      const fields = strip(c);
      if ('Phone' in fields) {
        fields.Phone1 = fields.Phone;
        delete fields.Phone;
      }
      const number = String(fields.CustomerNumber ?? t.next('customer', (n) => t.usedCustomerNumbers.has(n)));
      t.bump('customer', Number(number));
      t.customers.set(number, { ...customerDefaults(number, String(fields.Name ?? '')), ...fields, CustomerNumber: number });
      t.usedCustomerNumbers.add(number);
      t.touch('customer', number, now);
    }
    for (const a of records.articles ?? []) {
      const fields = strip(a);
      for (const k of ['SalesPrice', 'VAT']) if (fields[k] === null) delete fields[k];
      for (const k of Object.keys(fields)) {
        if (NUMERIC_ARTICLE_FIELDS.has(k) && typeof fields[k] === 'string' && fields[k] !== '') fields[k] = Number(fields[k]);
      }
      const number = String(fields.ArticleNumber ?? t.next('article', (n) => t.articles.has(n)));
      t.bump('article', Number(number));
      t.articles.set(number, { ...articleDefaults(t, number, String(fields.Description ?? '')), ...fields, ArticleNumber: number });
      if (t.lager && !t.stock.has(number)) {
        const q = Number(fields.QuantityInStock ?? 0);
        t.stock.set(number, { inStock: q, availableStock: q });
      }
      t.touch('article', number, now);
    }
    for (const p of records.prices ?? []) {
      const list = p.PriceList ?? 'A';
      const from = p.FromQuantity ?? 0;
      t.prices.set(`${list}|${p.ArticleNumber}|${from}`, {
        ArticleNumber: p.ArticleNumber,
        Date: '2024-01-01',
        FromQuantity: from,
        Percent: 0,
        Price: p.Price,
        PriceList: list,
      });
    }
    for (const d of records.invoices ?? []) importDocument(t, INVOICE, d, now);
    for (const d of records.orders ?? []) importDocument(t, ORDER, d, now);
  }

  // --- tokens --------------------------------------------------------------------------------------------

  /** Tokens for a tenant without the OAuth dance (tests, benchmark setup). */
  issueTokens(id: string, scope = DEFAULT_SCOPE): TokenResponse {
    this.requireTenant(id);
    return this.tokens.issue(id, scope, true);
  }

  expireTokens(id: string): number {
    this.requireTenant(id);
    return this.tokens.expireTenant(id);
  }

  // --- counters ------------------------------------------------------------------------------------------

  counters(): { tenants: Record<string, Counters> } {
    return { tenants: this.counterStore.all() };
  }

  tenantCounters(id: string): Counters {
    return structuredClone(this.counterStore.of(id));
  }

  resetCounters(): void {
    this.counterStore.reset();
  }

  // --- faults --------------------------------------------------------------------------------------------

  /** `expireTokens` acts at once (every access token of the tenant, or of all tenants, stops working). */
  addFault(spec: FaultSpec): Fault {
    let fault: Fault;
    try {
      fault = this.faults.add(spec);
    } catch (e) {
      throw new SimInputError(400, (e as Error).message);
    }
    if (spec.kind === 'expireTokens') {
      const ids = spec.tenantId !== undefined ? [this.requireTenant(spec.tenantId).id] : [...this.tenants.keys()];
      for (const id of ids) this.tokens.expireTenant(id);
      fault.fired = 1;
      this.faults.remove(fault.id);
    }
    return fault;
  }

  listFaults(): Fault[] {
    return this.faults.list();
  }

  removeFault(id: string): boolean {
    return this.faults.remove(id);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  // --- config --------------------------------------------------------------------------------------------

  setConfig(patch: { rateLimit?: { limit: number; windowMs: number } | false; tokenTtlSeconds?: number }): SimConfig {
    if (patch.rateLimit !== undefined) {
      const rl = patch.rateLimit;
      if (rl !== false && !(isObject(rl) && Number.isInteger(rl.limit) && rl.limit > 0 && Number.isInteger(rl.windowMs) && rl.windowMs > 0)) {
        throw new SimInputError(400, 'rateLimit must be false or {limit, windowMs} with positive integers');
      }
      this.config.rateLimit = rl === false ? false : { limit: rl.limit, windowMs: rl.windowMs };
    }
    if (patch.tokenTtlSeconds !== undefined) {
      if (!(typeof patch.tokenTtlSeconds === 'number' && patch.tokenTtlSeconds > 0)) {
        throw new SimInputError(400, 'tokenTtlSeconds must be a positive number');
      }
      this.config.tokenTtlSeconds = patch.tokenTtlSeconds;
    }
    return this.publicConfig();
  }

  publicConfig(): SimConfig {
    return { ...this.config, clientSecret: '***' };
  }
}

function strip(r: Record<string, unknown>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(r)) if (!k.startsWith('@') && v !== undefined) out[k] = v as Json;
  return out;
}

function validateTenantOptions(o: TenantOptions): void {
  if (o.lockedUntil !== undefined && o.lockedUntil !== null && o.lockedUntil !== '' && !isValidDate(o.lockedUntil)) {
    throw new SimInputError(400, 'lockedUntil must be YYYY-MM-DD');
  }
  if (o.currencies !== undefined && !(Array.isArray(o.currencies) && o.currencies.every((c) => /^[A-Za-z]{3}$/.test(c)))) {
    throw new SimInputError(400, 'currencies must be an array of ISO currency codes');
  }
  if (o.costCenters !== undefined && !(Array.isArray(o.costCenters) && o.costCenters.every((c) => typeof c === 'string' && /^.{1,6}$/.test(c)))) {
    throw new SimInputError(400, 'costCenters must be an array of 1-6 character codes');
  }
  if (o.lager !== undefined && typeof o.lager !== 'boolean') throw new SimInputError(400, 'lager must be a boolean');
  const isRate = (r: unknown) => typeof r === 'number' && r > 0 && r < 100;
  if (o.vatRates !== undefined && !(Array.isArray(o.vatRates) && o.vatRates.every(isRate))) {
    throw new SimInputError(400, 'vatRates must be an array of percentages, e.g. [19]');
  }
  if (o.vatCodes !== undefined && !(isObject(o.vatCodes) && Object.values(o.vatCodes).every((r) => r === 0 || isRate(r)))) {
    throw new SimInputError(400, 'vatCodes must map a VAT code to its rate, e.g. {"OSSDE19": 19}');
  }
  if (o.financialYears !== undefined && !(Array.isArray(o.financialYears) && o.financialYears.every((y) =>
    typeof y?.fromDate === 'string' && typeof y.toDate === 'string' && isValidDate(y.fromDate) && isValidDate(y.toDate) && y.fromDate <= y.toDate && ['ACCRUAL', 'CASH'].includes(y.accountingMethod)))) {
    throw new SimInputError(400, 'financialYears must be an array of {fromDate, toDate, accountingMethod: ACCRUAL|CASH}');
  }
}

export type { Rec };
