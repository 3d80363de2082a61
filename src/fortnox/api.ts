import type { z } from 'zod';
import { stockholmDateTime } from '../domain/format';
import { FortnoxError, hasFortnoxCode, isFortnoxError, LICENCE_CODES, NOT_FOUND_CODES } from './errors';
import {
  accountSchema, archiveFileSchema, articleFileConnectionSchema, articleSchema, companySettingsSchema, costCenterSchema,
  currencySchema, customerSchema, invoiceSchema, modeOfPaymentSchema, orderSchema, parseList, parseSingle, pickKey,
  predefinedAccountSchema, priceListSchema, priceSchema, stockBalanceSchema, termsOfPaymentSchema, unitSchema,
  wayOfDeliverySchema,
  type Account, type ArchiveFile, type Article, type ArticleFileConnection, type CompanySettings, type CostCenter,
  type Currency, type Customer, type Invoice, type ModeOfPayment, type Order, type Page, type Price, type PriceList,
  type StockBalance, type WayOfDelivery,
} from './schemas';
import { wrapDocument, type FortnoxDocument } from '../domain/fortnox-document';
import type { FortnoxRequest, FortnoxResponse } from './transport';

/** Request bodies: the fields the sync writes are typed; anything else Fortnox accepts may be added. */
export interface CustomerInput {
  CustomerNumber?: string;
  Name?: string;
  Email?: string;
  Phone1?: string;
  Address1?: string;
  Address2?: string;
  ZipCode?: string;
  City?: string;
  CountryCode?: string;
  OrganisationNumber?: string;
  VATNumber?: string;
  Type?: 'PRIVATE' | 'COMPANY';
  VATType?: 'SEVAT' | 'SEREVERSEDVAT' | 'EUREVERSEDVAT' | 'EUVAT' | 'EXPORT';
  [field: string]: unknown;
}

export interface ArticleInput {
  ArticleNumber?: string;
  Description?: string;
  PurchasePrice?: number;
  Weight?: number;
  StockPlace?: string;
  EAN?: string;
  StockGoods?: boolean;
  QuantityInStock?: number;
  SalesAccount?: number;
  [field: string]: unknown;
}

export interface ListArticlesOptions {
  page?: number;
  limit?: number;
  /** Only articles changed since then (a Date is sent as Swedish local time, as Fortnox expects). */
  lastModified?: Date | string;
}

export interface FortnoxApi {
  getCompanySettings(): Promise<CompanySettings>;
  /** Predefined account name (`SALES_25_SE`, `FREIGHT`, …) → account number. */
  getPredefinedAccounts(): Promise<Record<string, number>>;
  getAccounts(): Promise<Account[]>;
  getCostCenters(): Promise<CostCenter[]>;
  getCurrencies(): Promise<Currency[]>;
  getModesOfPayment(): Promise<ModeOfPayment[]>;
  getWaysOfDelivery(): Promise<WayOfDelivery[]>;
  getPriceLists(): Promise<PriceList[]>;
  getTermsOfPayments(): Promise<Array<z.output<typeof termsOfPaymentSchema>>>;
  getUnits(): Promise<Array<z.output<typeof unitSchema>>>;

  /** Customers whose e-mail equals `email` (trimmed, case-insensitive); Fortnox's filter is a substring match. */
  findCustomersByEmail(email: string): Promise<Customer[]>;
  getCustomer(customerNumber: string): Promise<Customer>;
  createCustomer(body: CustomerInput): Promise<Customer>;
  updateCustomer(customerNumber: string, body: CustomerInput): Promise<Customer>;

  /** null when the article does not exist. */
  getArticle(articleNumber: string): Promise<Article | null>;
  createArticle(body: ArticleInput): Promise<Article>;
  updateArticle(articleNumber: string, body: ArticleInput): Promise<Article>;
  listArticles(opts?: ListArticlesOptions): Promise<Page<Article>>;

  /** null when the article has no price in that list for that quantity. */
  getPrice(priceList: string, articleNumber: string, fromQuantity?: number): Promise<Price | null>;
  /** Updates the price, or creates it when it does not exist yet. */
  setPrice(priceList: string, articleNumber: string, price: number, fromQuantity?: number): Promise<Price>;

  uploadToArchive(fileName: string, bytes: Uint8Array, contentType: string): Promise<ArchiveFile>;
  connectArticleFile(fileId: string, articleNumber: string): Promise<ArticleFileConnection>;
  listArticleFileConnections(articleNumber: string): Promise<ArticleFileConnection[]>;

  /** POSTs the document as the domain mapped it (`{"Invoice": {..., "InvoiceRows": [...]}}`). */
  createInvoice(document: FortnoxDocument): Promise<Invoice>;
  getInvoice(documentNumber: string): Promise<Invoice>;
  /** Invoices whose ExternalInvoiceReference1 equals `reference` exactly (all pages; the filter is a substring match). */
  findInvoicesByReference(reference: string): Promise<Invoice[]>;
  bookkeepInvoice(documentNumber: string): Promise<Invoice>;

  createOrder(document: FortnoxDocument): Promise<Order>;
  getOrder(documentNumber: string): Promise<Order>;
  findOrdersByReference(reference: string): Promise<Order[]>;

  /** Whether Fortnox Lager (warehouse) is active for the company. */
  warehouseActive(): Promise<boolean>;
  /** Stock per item and stock point; asks in batches. */
  getStockBalance(itemIds: string[]): Promise<StockBalance[]>;
}

export type Send = (req: FortnoxRequest) => Promise<FortnoxResponse>;

const seg = (s: string | number) => encodeURIComponent(String(s));
const PAGE_SIZE = 500; // Fortnox's maximum
const MAX_PAGES = 200; // a runaway guard: 100 000 records
export const STOCK_BATCH = 50;

/** `YYYY-MM-DD HH:MM` in Swedish local time (Fortnox's lastmodified). */
export const fortnoxDateTime = stockholmDateTime;

export const isNotFound = (e: unknown): boolean =>
  isFortnoxError(e) && e.kind === 'data' && (e.status === 404 || hasFortnoxCode(e, ...NOT_FOUND_CODES));

const sameText = (a: string | null | undefined, b: string) => (a ?? '').trim().toLowerCase() === b.trim().toLowerCase();

function unexpected(req: FortnoxRequest, err: unknown): FortnoxError {
  // The answer was 2xx but not what the reference says: for a write the change happened.
  return new FortnoxError({
    kind: 'data', code: 'unexpected_response', endpoint: `${req.method} ${req.path}`,
    message: `answer did not match the expected shape: ${(err as Error).message}`.slice(0, 500),
    outcomeUnknown: req.method !== 'GET', cause: err,
  });
}

export function createFortnoxApi(send: Send): FortnoxApi {
  async function single<T extends z.ZodTypeAny>(req: FortnoxRequest, root: string, schema: T): Promise<z.output<T>> {
    const { body } = await send(req);
    try {
      return parseSingle(body, root, schema);
    } catch (err) {
      throw unexpected(req, err);
    }
  }

  async function page<T extends z.ZodTypeAny>(req: FortnoxRequest, root: string, schema: T): Promise<Page<z.output<T>>> {
    const { body } = await send(req);
    try {
      return parseList(body, root, schema);
    } catch (err) {
      throw unexpected(req, err);
    }
  }

  /** Every page of a list (Fortnox pages from 1; an empty list reports 0 pages). */
  async function all<T extends z.ZodTypeAny>(
    path: string, root: string, schema: T, query: FortnoxRequest['query'] = {},
  ): Promise<Array<z.output<T>>> {
    const items: Array<z.output<T>> = [];
    for (let p = 1; p <= MAX_PAGES; p++) {
      const res = await page({ method: 'GET', path, query: { ...query, limit: PAGE_SIZE, page: p } }, root, schema);
      items.push(...res.items);
      if (p >= res.totalPages || res.items.length === 0) return items;
    }
    return items;
  }

  const orNull = async <T>(p: Promise<T>): Promise<T | null> => {
    try {
      return await p;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  };

  const api: FortnoxApi = {
    getCompanySettings: () => single({ method: 'GET', path: '/3/settings/company' }, 'CompanySettings', companySettingsSchema),
    async getPredefinedAccounts() {
      const list = await all('/3/predefinedaccounts', 'PreDefinedAccounts', predefinedAccountSchema);
      const out: Record<string, number> = {};
      for (const a of list) if (a.Account !== null) out[a.Name] = a.Account;
      return out;
    },
    getAccounts: () => all('/3/accounts', 'Accounts', accountSchema),
    getCostCenters: () => all('/3/costcenters', 'CostCenters', costCenterSchema),
    getCurrencies: () => all('/3/currencies', 'Currencies', currencySchema),
    getModesOfPayment: () => all('/3/modesofpayments', 'ModesOfPayments', modeOfPaymentSchema),
    getWaysOfDelivery: () => all('/3/wayofdeliveries', 'WayOfDeliveries', wayOfDeliverySchema),
    getPriceLists: () => all('/3/pricelists', 'PriceLists', priceListSchema),
    getTermsOfPayments: () => all('/3/termsofpayments', 'TermsOfPayments', termsOfPaymentSchema),
    getUnits: () => all('/3/units', 'Units', unitSchema),

    async findCustomersByEmail(email) {
      if (email.trim() === '') return [];
      const list = await all('/3/customers', 'Customers', customerSchema, { email: email.trim() });
      return list.filter((c) => sameText(c.Email, email));
    },
    getCustomer: (n) => single({ method: 'GET', path: `/3/customers/${seg(n)}` }, 'Customer', customerSchema),
    createCustomer: (body) => single({ method: 'POST', path: '/3/customers', json: { Customer: body } }, 'Customer', customerSchema),
    updateCustomer: (n, body) =>
      single({ method: 'PUT', path: `/3/customers/${seg(n)}`, json: { Customer: body } }, 'Customer', customerSchema),

    getArticle: (n) => orNull(single({ method: 'GET', path: `/3/articles/${seg(n)}` }, 'Article', articleSchema)),
    createArticle: (body) => single({ method: 'POST', path: '/3/articles', json: { Article: body } }, 'Article', articleSchema),
    updateArticle: (n, body) =>
      single({ method: 'PUT', path: `/3/articles/${seg(n)}`, json: { Article: body } }, 'Article', articleSchema),
    listArticles: (opts = {}) => {
      const lm = opts.lastModified;
      return page(
        {
          method: 'GET', path: '/3/articles',
          query: {
            page: opts.page ?? 1, limit: Math.min(opts.limit ?? 100, PAGE_SIZE),
            lastmodified: lm === undefined ? undefined : typeof lm === 'string' ? lm : fortnoxDateTime(lm),
          },
        },
        'Articles', articleSchema,
      );
    },

    getPrice: (list, article, fromQty = 0) =>
      orNull(single({ method: 'GET', path: `/3/prices/${seg(list)}/${seg(article)}/${seg(fromQty)}` }, 'Price', priceSchema)),
    async setPrice(list, article, price, fromQty = 0) {
      const put = () => single(
        { method: 'PUT', path: `/3/prices/${seg(list)}/${seg(article)}/${seg(fromQty)}`, json: { Price: { Price: price } } },
        'Price', priceSchema,
      );
      try {
        return await put();
      } catch (err) {
        // One call in the common case (the price row exists); a missing row is created instead.
        if (!isNotFound(err)) throw err;
      }
      try {
        return await single(
          { method: 'POST', path: '/3/prices', json: { Price: { ArticleNumber: article, PriceList: list, Price: price, FromQuantity: fromQty } } },
          'Price', priceSchema,
        );
      } catch (err) {
        // Someone created the row between our PUT and POST (another process): it exists now, so update it.
        if (isFortnoxError(err) && err.kind === 'data') return put();
        throw err;
      }
    },

    uploadToArchive(fileName, bytes, contentType) {
      const form = new FormData();
      form.append('file', new Blob([bytes], { type: contentType }), fileName);
      return single({ method: 'POST', path: '/3/archive', form }, 'File', archiveFileSchema);
    },
    connectArticleFile: (fileId, articleNumber) =>
      single(
        { method: 'POST', path: '/3/articlefileconnections', json: { ArticleFileConnection: { FileId: fileId, ArticleNumber: articleNumber } } },
        'ArticleFileConnection', articleFileConnectionSchema,
      ),
    async listArticleFileConnections(articleNumber) {
      const list = await all('/3/articlefileconnections', 'ArticleFileConnections', articleFileConnectionSchema, { articlenumber: articleNumber });
      return list.filter((c) => c.ArticleNumber === articleNumber);
    },

    createInvoice: (document) => single({ method: 'POST', path: '/3/invoices', json: wrapDocument('invoice', document) }, 'Invoice', invoiceSchema),
    getInvoice: (n) => single({ method: 'GET', path: `/3/invoices/${seg(n)}` }, 'Invoice', invoiceSchema),
    async findInvoicesByReference(ref) {
      const list = await all('/3/invoices', 'Invoices', invoiceSchema, { externalinvoicereference1: ref });
      return list.filter((d) => d.ExternalInvoiceReference1 === ref);
    },
    bookkeepInvoice: (n) => single({ method: 'PUT', path: `/3/invoices/${seg(n)}/bookkeep` }, 'Invoice', invoiceSchema),

    createOrder: (document) => single({ method: 'POST', path: '/3/orders', json: wrapDocument('order', document) }, 'Order', orderSchema),
    getOrder: (n) => single({ method: 'GET', path: `/3/orders/${seg(n)}` }, 'Order', orderSchema),
    async findOrdersByReference(ref) {
      const list = await all('/3/orders', 'Orders', orderSchema, { externalinvoicereference1: ref });
      return list.filter((d) => d.ExternalInvoiceReference1 === ref);
    },

    async warehouseActive() {
      let body: unknown;
      try {
        ({ body } = await send({ method: 'GET', path: '/api/warehouse/tenants-v4' }));
      } catch (err) {
        // No Lager licence / rights: the warehouse is not ours to use.
        if (isFortnoxError(err) && (err.status === 403 || err.status === 404 || hasFortnoxCode(err, ...LICENCE_CODES, 'missing.rights'))) return false;
        throw err;
      }
      return warehouseFlag(body);
    },
    async getStockBalance(itemIds) {
      const unique = [...new Set(itemIds)];
      const out: StockBalance[] = [];
      for (let i = 0; i < unique.length; i += STOCK_BATCH) {
        const req: FortnoxRequest = {
          method: 'GET', path: '/api/warehouse/status-v1/stockbalance', query: { itemIds: unique.slice(i, i + STOCK_BATCH).join(',') },
        };
        const { body } = await send(req);
        try {
          out.push(...stockRows(body).map((r) => stockBalanceSchema.parse(r)));
        } catch (err) {
          throw unexpected(req, err);
        }
      }
      return out;
    },
  };
  return api;
}

/** The warehouse answers with a list, or an object wrapping one. */
function stockRows(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (body && typeof body === 'object') {
    const list = Object.values(body).find(Array.isArray);
    if (list) return list;
  }
  throw new Error('expected a list of stock balances');
}

/** tenants-v4 reports activation under one of a few names; an answer without any flag means active. */
export function warehouseFlag(body: unknown): boolean {
  for (const key of ['active', 'activated', 'isActive', 'isActivated', 'warehouseActivated', 'warehouseActive']) {
    const v = pickKey(body, key);
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string') return v.toLowerCase() === 'true';
  }
  const status = pickKey(body, 'status');
  if (typeof status === 'string') return /^(active|activated)$/i.test(status);
  return body !== null && body !== undefined;
}
