// One authorised Fortnox company: its registers, records, number series and stock.
import type { Doc, FinancialYear, Rec, StockBalance, TenantOptions, VatReport } from './types';
import { seedTenant, CURRENCY_RATES, costCenterRecord, currencyRecord } from './seed';

export type SeriesName = 'customer' | 'article' | 'invoice' | 'order' | 'payment' | 'voucher' | 'row';

export interface StoredFile {
  meta: Rec;
  data: Buffer;
  contentType: string;
}

export class Tenant {
  lager = false;
  allowNegativeStock = false;
  lockedUntil: string | null = null;
  companyName: string;
  /** The VAT rates set up in the company: the Swedish ones and any added (OSS). */
  vatRates = [25, 12, 6, 0];
  /** Company-defined account VAT codes → rate (MP1/MP2/MP3 are built in, see seed.ts). */
  readonly vatCodes = new Map<string, number>();
  /** Per document (`invoice:12`, `order:3`): Fortnox's VAT per rate and VAT deviations. */
  readonly vatReports = new Map<string, VatReport>();
  financialYears: FinancialYear[] = defaultFinancialYears();

  readonly customers = new Map<string, Rec>();
  readonly articles = new Map<string, Rec>();
  /** Key: `${list}|${article}|${fromQuantity}`. */
  readonly prices = new Map<string, Rec>();
  readonly priceLists = new Map<string, Rec>();
  readonly invoices = new Map<number, Doc>();
  readonly orders = new Map<number, Doc>();
  readonly payments = new Map<number, Rec>();
  readonly files = new Map<string, StoredFile>();
  /** Keyed by FileId (a file is connected to one article). */
  readonly fileConnections = new Map<string, Rec>();
  /** Warehouse (Lager) stock per article number. */
  readonly stock = new Map<string, StockBalance>();

  readonly accounts = new Map<string, Rec>();
  readonly predefinedAccounts = new Map<string, Rec>();
  readonly costCenters = new Map<string, Rec>();
  readonly modesOfPayments = new Map<string, Rec>();
  readonly waysOfDelivery = new Map<string, Rec>();
  readonly currencies = new Map<string, Rec>();
  readonly termsOfPayments = new Map<string, Rec>();
  readonly units = new Map<string, Rec>();

  /** Customer numbers stay reserved after delete (Fortnox error 2000637). */
  readonly usedCustomerNumbers = new Set<string>();
  /** Last-modified time per `kind:id`, for the `lastmodified` filter. */
  readonly modified = new Map<string, number>();
  private readonly series: Record<SeriesName, number> = {
    customer: 1,
    article: 1,
    invoice: 1,
    order: 1,
    payment: 1,
    voucher: 1,
    row: 1,
  };

  constructor(
    readonly id: string,
    options: TenantOptions = {},
  ) {
    this.companyName = options.companyName ?? `Simulerat Företag ${id} AB`;
    seedTenant(this, options);
    this.configure(options);
  }

  /** Applies the admin-settable options (used on create and PATCH). */
  configure(options: TenantOptions): void {
    if (options.lager !== undefined) {
      // Activating Lager starts the warehouse from the articles' current stock, as an initial stock-taking would.
      if (options.lager && !this.lager) {
        for (const [number, article] of this.articles) {
          if (!this.stock.has(number)) {
            const q = Number(article.QuantityInStock ?? 0);
            this.stock.set(number, { inStock: q, availableStock: q });
          }
        }
      }
      this.lager = options.lager;
    }
    if (options.allowNegativeStock !== undefined) this.allowNegativeStock = options.allowNegativeStock;
    if (options.lockedUntil !== undefined) this.lockedUntil = options.lockedUntil || null;
    if (options.companyName !== undefined) this.companyName = options.companyName;
    if (options.financialYears !== undefined) this.financialYears = options.financialYears.map((y) => ({ ...y }));
    if (options.bookkeepingMethod !== undefined) {
      // Shorthand for tests: every financial year keeps the company's one bookkeeping method.
      const method = options.bookkeepingMethod === 'cash' ? 'CASH' : 'ACCRUAL';
      this.financialYears = this.financialYears.map((y) => ({ ...y, accountingMethod: method }));
    }
    if (options.currencies !== undefined) {
      const wanted = new Set(['SEK', ...options.currencies.map((c) => c.toUpperCase())]);
      for (const code of [...this.currencies.keys()]) if (!wanted.has(code)) this.currencies.delete(code);
      for (const code of wanted) if (!this.currencies.has(code)) this.currencies.set(code, currencyRecord(code));
    }
    if (options.vatRates !== undefined) this.vatRates = [...new Set([25, 12, 6, 0, ...options.vatRates])];
    if (options.vatCodes !== undefined) {
      for (const [code, rate] of Object.entries(options.vatCodes)) this.vatCodes.set(code.toUpperCase(), rate);
    }
    if (options.costCenters !== undefined) {
      this.costCenters.clear();
      for (const code of options.costCenters) this.costCenters.set(code, costCenterRecord(code));
    }
  }

  /** Next free number in a series; `taken` skips numbers already used (e.g. set explicitly by a client). */
  next(name: SeriesName, taken: (n: string) => boolean = () => false): number {
    let n = this.series[name];
    while (taken(String(n))) n++;
    this.series[name] = n + 1;
    return n;
  }

  /** Moves a series forward past an explicitly chosen number. */
  bump(name: SeriesName, used: number): void {
    if (Number.isInteger(used) && used >= this.series[name]) this.series[name] = used + 1;
  }

  touch(kind: string, id: string | number, at: number): void {
    this.modified.set(`${kind}:${id}`, at);
  }

  modifiedAt(kind: string, id: string | number): number {
    return this.modified.get(`${kind}:${id}`) ?? 0;
  }

  isLocked(date: string): boolean {
    return this.lockedUntil !== null && date <= this.lockedUntil;
  }

  currencyRate(code: string): number {
    return Number(this.currencies.get(code)?.SellRate ?? CURRENCY_RATES[code] ?? 1);
  }

  /** The truth about stock: the warehouse with Lager on, the article card otherwise. */
  stockOf(articleNumber: string): number {
    if (this.lager) return this.stock.get(articleNumber)?.inStock ?? 0;
    return Number(this.articles.get(articleNumber)?.QuantityInStock ?? 0);
  }

  summary() {
    return {
      tenantId: this.id,
      lager: this.lager,
      allowNegativeStock: this.allowNegativeStock,
      currencies: [...this.currencies.keys()],
      lockedUntil: this.lockedUntil,
      costCenters: [...this.costCenters.keys()],
      companyName: this.companyName,
      financialYears: this.financialYears,
      records: {
        customers: this.customers.size,
        articles: this.articles.size,
        invoices: this.invoices.size,
        orders: this.orders.size,
        payments: this.payments.size,
        files: this.files.size,
      },
    };
  }
}

/** Calendar years: the previous and the current one (a company created a while ago, on the accrual method). */
function defaultFinancialYears(now = new Date()): FinancialYear[] {
  const year = now.getUTCFullYear();
  return [year - 1, year].map((y) => ({ fromDate: `${y}-01-01`, toDate: `${y}-12-31`, accountingMethod: 'ACCRUAL' }));
}
