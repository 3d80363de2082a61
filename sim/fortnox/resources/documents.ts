// The document model shared by /3/invoices and /3/orders: validation, customer defaults, rows, totals
// and stock effects. The JSON shapes are in document-shapes.ts.
import { errors, type FortnoxError } from '../errors';
import { s } from '../http';
import { salesAccountFor, termDays, VAT_BY_CODE } from '../seed';
import type { Tenant } from '../tenant';
import type { Doc, DocRow, Json, JsonObject, Rec, VatReport } from '../types';
import { computeTotals } from '../totals';
import { addDays, isObject, ocrFor, r2, todayStockholm } from '../util';
import { bool, date, int, num, readOnly, str, validateFields, type FieldSpecs } from '../validation';
import { adjustStock } from './articles';
import { priceFor } from './prices';

export type DocKind = 'invoice' | 'order';

const SWEDISH_RATES = [25, 12, 6, 0];

export interface KindInfo {
  kind: DocKind;
  root: 'Invoice' | 'Order';
  plural: 'Invoices' | 'Orders';
  path: 'invoices' | 'orders';
  rowsKey: 'InvoiceRows' | 'OrderRows';
  dateKey: 'InvoiceDate' | 'OrderDate';
  notFound: () => FortnoxError;
}

export const INVOICE: KindInfo = {
  kind: 'invoice',
  root: 'Invoice',
  plural: 'Invoices',
  path: 'invoices',
  rowsKey: 'InvoiceRows',
  dateKey: 'InvoiceDate',
  notFound: errors.invoiceNotFound,
};

export const ORDER: KindInfo = {
  kind: 'order',
  root: 'Order',
  plural: 'Orders',
  path: 'orders',
  rowsKey: 'OrderRows',
  dateKey: 'OrderDate',
  notFound: errors.orderNotFound,
};

export const docsOf = (t: Tenant, k: KindInfo): Map<number, Doc> => (k.kind === 'invoice' ? t.invoices : t.orders);

const COMMON_HEADER: FieldSpecs = {
  CustomerNumber: str(1024),
  CustomerName: str(1024),
  AdministrationFee: num,
  Address1: str(1024),
  Address2: str(1024),
  City: str(1024),
  ZipCode: str(10),
  Country: str(1024),
  Comments: str(1024),
  CostCenter: str(6),
  Currency: str(3),
  CurrencyRate: num,
  CurrencyUnit: num,
  DeliveryAddress1: str(1024),
  DeliveryAddress2: str(1024),
  DeliveryCity: str(1024),
  DeliveryCountry: str(1024),
  DeliveryDate: date,
  DeliveryName: str(1024),
  DeliveryZipCode: str(10),
  DocumentNumber: { type: 'integer', createOnly: true },
  EmailInformation: { type: 'object' },
  ExternalInvoiceReference1: str(80),
  ExternalInvoiceReference2: str(80),
  Freight: num,
  HouseWork: bool,
  Labels: { type: 'array' },
  Language: str(2, { enum: ['SV', 'EN'] }),
  NotCompleted: bool,
  OrganisationNumber: str(30),
  OurReference: str(50),
  OutboundDate: date,
  Phone1: str(1024),
  Phone2: str(1024),
  PriceList: str(10),
  PrintTemplate: str(20),
  Project: str(20),
  Remarks: str(1024),
  TermsOfDelivery: str(10),
  TermsOfPayment: str(10),
  VATIncluded: bool,
  WayOfDelivery: str(10),
  YourOrderNumber: str(75),
  YourReference: str(50),
  TaxReductionType: str(20),
  // Computed by Fortnox: sending them is an error, not silently ignored.
  Total: readOnly,
  TotalVAT: readOnly,
  TotalToPay: readOnly,
  RoundOff: readOnly,
  Gross: readOnly,
  Net: readOnly,
  FreightVAT: readOnly,
  AdministrationFeeVAT: readOnly,
  Cancelled: readOnly,
  Sent: readOnly,
  ContributionPercent: readOnly,
  ContributionValue: readOnly,
};

const INVOICE_HEADER: FieldSpecs = {
  ...COMMON_HEADER,
  InvoiceDate: date,
  DueDate: date,
  InvoiceType: str(20, { enum: ['INVOICE', 'AGREEMENTINVOICE', 'INTRESTINVOICE', 'SUMMARYINVOICE', 'CASHINVOICE'] }),
  OCR: { type: 'string', max: 25, createOnly: true },
  PaymentWay: str(10, { enum: ['CASH', 'CARD', 'AG'] }),
  EUQuarterlyReport: bool,
  AccountingMethod: str(10, { enum: ['ACCRUAL', 'CASH'] }),
  EDIInformation: { type: 'object' },
  InvoicePeriodStart: date,
  InvoicePeriodEnd: date,
  Balance: readOnly,
  Booked: readOnly,
  Credit: readOnly,
  CreditInvoiceReference: readOnly,
  FinalPayDate: readOnly,
  VoucherNumber: readOnly,
  VoucherSeries: readOnly,
  VoucherYear: readOnly,
};

const ORDER_HEADER: FieldSpecs = {
  ...COMMON_HEADER,
  OrderDate: date,
  CopyRemarks: bool,
  DeliveryState: str(20),
  InvoiceReference: readOnly,
};

const COMMON_ROW: FieldSpecs = {
  ArticleNumber: str(50, { anyChars: true }),
  AccountNumber: int,
  CostCenter: str(6),
  DeliveredQuantity: num,
  Description: str(255),
  Discount: num,
  DiscountType: str(10, { enum: ['AMOUNT', 'PERCENT'] }),
  HouseWork: bool,
  HouseWorkHoursToReport: int,
  HouseWorkType: str(30),
  Price: num,
  Project: str(20),
  StockPointCode: str(100),
  Unit: str(10),
  VAT: num,
  Total: readOnly,
  TotalExcludingVAT: readOnly,
  PriceExcludingVAT: readOnly,
  ContributionPercent: readOnly,
  ContributionValue: readOnly,
};

const ORDER_ROW: FieldSpecs = { ...COMMON_ROW, OrderedQuantity: num, ReservedQuantity: readOnly };

const headerFields = (k: KindInfo) => (k.kind === 'invoice' ? INVOICE_HEADER : ORDER_HEADER);
const rowFields = (k: KindInfo) => (k.kind === 'invoice' ? COMMON_ROW : ORDER_ROW);

/** The header a new document gets before the request's fields are applied: copied from the customer card. */
function headerDefaults(k: KindInfo, c: Rec, number: number, docDate: string): JsonObject {
  const terms = s(c.TermsOfPayment) || '30';
  const common = {
    Address1: s(c.Address1),
    Address2: s(c.Address2),
    City: s(c.City),
    Comments: '',
    ContributionPercent: 0,
    ContributionValue: 0,
    CostCenter: s(c.CostCenter),
    Country: s(c.Country),
    Currency: s(c.Currency) || 'SEK',
    CurrencyRate: 1,
    CurrencyUnit: 1,
    CustomerName: s(c.Name),
    CustomerNumber: s(c.CustomerNumber),
    DeliveryAddress1: s(c.DeliveryAddress1),
    DeliveryAddress2: s(c.DeliveryAddress2),
    DeliveryCity: s(c.DeliveryCity),
    DeliveryCountry: s(c.DeliveryCountry),
    DeliveryDate: null,
    DeliveryName: s(c.DeliveryName),
    DeliveryZipCode: s(c.DeliveryZipCode),
    ExternalInvoiceReference1: '',
    ExternalInvoiceReference2: '',
    Freight: 0,
    FreightVAT: 0,
    Gross: 0,
    HouseWork: false,
    Labels: [],
    Language: 'SV',
    Net: 0,
    NotCompleted: false,
    OrganisationNumber: s(c.OrganisationNumber),
    OurReference: s(c.OurReference),
    OutboundDate: docDate,
    Phone1: s(c.Phone1),
    Phone2: s(c.Phone2),
    PriceList: s(c.PriceList) || 'A',
    Project: s(c.Project),
    Remarks: '',
    RoundOff: 0,
    Sent: false,
    TaxReduction: null,
    TaxReductionType: 'none',
    TermsOfDelivery: s(c.TermsOfDelivery),
    TermsOfPayment: terms,
    TimeBasisReference: null,
    Total: 0,
    TotalToPay: 0,
    TotalVAT: 0,
    VATIncluded: c.ShowPriceVATIncluded === true,
    WarehouseReady: true,
    WayOfDelivery: s(c.WayOfDelivery),
    YourOrderNumber: '',
    YourReference: s(c.YourReference),
    ZipCode: s(c.ZipCode),
    AdministrationFee: 0,
    AdministrationFeeVAT: 0,
    BasisTaxReduction: 0,
    Cancelled: false,
  };
  const emailTo = s(c.EmailInvoice) || s(c.Email);
  if (k.kind === 'invoice') {
    return {
      ...common,
      AccountingMethod: 'ACCRUAL',
      Balance: 0,
      Booked: false,
      ContractReference: 0,
      Credit: 'false',
      CreditInvoiceReference: '0',
      DueDate: addDays(docDate, termDays(terms)),
      EDIInformation: {
        EDIGlobalLocationNumber: null,
        EDIGlobalLocationNumberDelivery: null,
        EDIInvoiceExtra1: null,
        EDIInvoiceExtra2: null,
        EDIOurElectronicReference: null,
        EDIYourElectronicReference: null,
        EDIStatus: '',
      },
      EUQuarterlyReport: false,
      EmailInformation: {
        EmailAddressFrom: null,
        EmailAddressTo: emailTo,
        EmailAddressCC: null,
        EmailAddressBCC: null,
        EmailSubject: 'Faktura {no} bifogas',
        EmailBody: ' ',
      },
      FinalPayDate: null,
      InvoiceDate: docDate,
      InvoicePeriodEnd: '',
      InvoicePeriodStart: '',
      InvoiceReference: '0',
      InvoiceType: 'INVOICE',
      LastRemindDate: null,
      NoxFinans: false,
      OCR: ocrFor(number),
      OfferReference: '0',
      OrderReference: '0',
      PaymentWay: '',
      PrintTemplate: 'st',
      Reminders: 0,
      VoucherNumber: null,
      VoucherSeries: null,
      VoucherYear: null,
    };
  }
  return {
    ...common,
    CopyRemarks: false,
    DeliveryState: 'delivery',
    EmailInformation: {
      EmailAddressFrom: null,
      EmailAddressTo: emailTo,
      EmailAddressCC: null,
      EmailAddressBCC: null,
      EmailSubject: 'Order {no} bifogas',
      EmailBody: ' ',
    },
    InvoiceReference: '0',
    OfferReference: '0',
    OrderDate: docDate,
    OrderType: 'Order',
    PrintTemplate: 'oc',
    StockPointCode: null,
    StockPointId: null,
  };
}

function checkHeaderReferences(t: Tenant, v: Record<string, Json>): void {
  if (typeof v.Currency === 'string') {
    v.Currency = v.Currency.toUpperCase();
    if (!t.currencies.has(v.Currency)) throw errors.currencyNotFound(v.Currency);
  }
  if (typeof v.CostCenter === 'string' && v.CostCenter && !t.costCenters.has(v.CostCenter)) {
    throw errors.costCenterNotFound(v.CostCenter);
  }
  if (typeof v.WayOfDelivery === 'string' && v.WayOfDelivery && !t.waysOfDelivery.has(v.WayOfDelivery)) {
    throw errors.wayOfDeliveryNotFound(v.WayOfDelivery);
  }
  if (typeof v.TermsOfPayment === 'string' && v.TermsOfPayment && !t.termsOfPayments.has(v.TermsOfPayment)) {
    throw errors.termsNotFoundOnWrite(v.TermsOfPayment);
  }
  if (typeof v.PriceList === 'string' && v.PriceList && !t.priceLists.has(v.PriceList)) {
    throw errors.priceListNotFound(v.PriceList);
  }
}

function rowInputs(k: KindInfo, body: Record<string, unknown>): Array<Record<string, Json>> | undefined {
  const raw = body[k.rowsKey];
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw errors.invalidValue(k.rowsKey, String(raw));
  if (raw.length > 500) throw errors.tooManyRows();
  return raw.map((row) => {
    if (!isObject(row)) throw errors.invalidValue(k.rowsKey, JSON.stringify(row));
    return validateFields(row, rowFields(k), 'create', ['RowId']);
  });
}

interface RowContext {
  currency: string;
  currencyRate: number;
  vatIncluded: boolean;
  priceList: string;
  vatType: string;
}

/** Fills a row from its article and the customer's VAT type, and checks every reference it makes. */
function buildRow(t: Tenant, k: KindInfo, v: Record<string, Json>, rc: RowContext): DocRow {
  const articleNumber = typeof v.ArticleNumber === 'string' ? v.ArticleNumber : '';
  const article = articleNumber ? t.articles.get(articleNumber) : undefined;
  if (articleNumber && !article) throw errors.articleNotFoundOnRow(articleNumber);

  const reversed = rc.vatType === 'EUREVERSEDVAT' || rc.vatType === 'EXPORT' || rc.vatType === 'SEREVERSEDVAT';
  let vat: number;
  if (typeof v.VAT === 'number') {
    if (!t.vatRates.includes(v.VAT)) throw errors.vatNotFound(String(v.VAT));
    // A rate beyond the Swedish ones (OSS) has no predefined account to fall back to.
    if (!SWEDISH_RATES.includes(v.VAT) && typeof v.AccountNumber !== 'number') throw errors.customVatNeedsAccount(String(v.VAT));
    vat = v.VAT;
  } else vat = reversed ? 0 : article ? Number(article.VAT ?? 25) : 25;

  let account: number;
  if (typeof v.AccountNumber === 'number') {
    if (!t.accounts.get(String(v.AccountNumber))?.Active) throw errors.accountNotFoundOnRow(String(v.AccountNumber));
    account = v.AccountNumber;
  } else {
    const pre = (name: string, fallback: number) => Number(t.predefinedAccounts.get(name)?.Account ?? fallback);
    if (rc.vatType === 'EUREVERSEDVAT') account = Number(article?.EUAccount ?? pre('SALESEUREV', 3108));
    else if (rc.vatType === 'EUVAT') account = Number(article?.EUVATAccount ?? pre('SALESEUVAT', 3106));
    else if (rc.vatType === 'EXPORT') account = Number(article?.ExportAccount ?? pre('SALESEXPORT', 3105));
    else account = article ? Number(article.SalesAccount ?? salesAccountFor(t, vat)) : salesAccountFor(t, vat);
  }

  if (typeof v.CostCenter === 'string' && v.CostCenter && !t.costCenters.has(v.CostCenter)) {
    throw errors.costCenterNotFound(v.CostCenter);
  }
  if (typeof v.Unit === 'string' && v.Unit && !t.units.has(v.Unit)) throw errors.unitNotFoundOnWrite(v.Unit);

  const delivered = typeof v.DeliveredQuantity === 'number' ? v.DeliveredQuantity : 0;
  const ordered = typeof v.OrderedQuantity === 'number' ? v.OrderedQuantity : 0;
  const description = typeof v.Description === 'string' && v.Description !== '' ? v.Description : s(article?.Description);
  if (!description && (delivered !== 0 || ordered !== 0)) throw errors.rowWithoutDescription();

  let price: number;
  if (typeof v.Price === 'number') price = v.Price;
  else if (article) {
    // Price lists hold SEK prices excluding VAT; convert to the document's currency and price mode.
    const listPrice = priceFor(t, articleNumber, rc.priceList, Math.max(delivered, ordered)) ?? 0;
    price = r2((listPrice * (rc.vatIncluded ? 1 + vat / 100 : 1)) / (rc.currency === 'SEK' ? 1 : rc.currencyRate));
  } else price = 0;

  const row: DocRow = {
    RowId: t.next('row'),
    AccountNumber: account,
    ArticleNumber: articleNumber,
    ContributionPercent: 0,
    ContributionValue: 0,
    Cost: 0,
    CostCenter: typeof v.CostCenter === 'string' ? v.CostCenter : '',
    DeliveredQuantity: delivered,
    Description: description,
    Discount: typeof v.Discount === 'number' ? v.Discount : 0,
    DiscountType: typeof v.DiscountType === 'string' && v.DiscountType ? v.DiscountType : 'PERCENT',
    HouseWork: typeof v.HouseWork === 'boolean' ? v.HouseWork : false,
    HouseWorkHoursToReport: typeof v.HouseWorkHoursToReport === 'number' ? v.HouseWorkHoursToReport : null,
    HouseWorkType: typeof v.HouseWorkType === 'string' ? v.HouseWorkType : null,
    Price: price,
    PriceExcludingVAT: price,
    Project: typeof v.Project === 'string' ? v.Project : '',
    StockPointCode: typeof v.StockPointCode === 'string' ? v.StockPointCode : null,
    Total: 0,
    TotalExcludingVAT: 0,
    Unit: typeof v.Unit === 'string' ? v.Unit : s(article?.Unit),
    VAT: vat,
    VATCode: null,
  };
  if (k.kind === 'order') {
    row.OrderedQuantity = ordered;
    row.ReservedQuantity = 0;
    row.StockPointId = null;
  }
  return row;
}

/** With Lager on, a row for an article without stock silently delivers 0 (unless negative stock is allowed). */
function applyLagerDelivery(t: Tenant, rows: DocRow[]): void {
  if (!t.lager || t.allowNegativeStock) return;
  const left = new Map<string, number>();
  for (const row of rows) {
    const a = row.ArticleNumber ? t.articles.get(row.ArticleNumber) : undefined;
    if (!a || a.StockGoods !== true || row.DeliveredQuantity <= 0) continue;
    const stock = left.get(row.ArticleNumber) ?? t.stockOf(row.ArticleNumber);
    if (stock <= 0) row.DeliveredQuantity = 0;
    left.set(row.ArticleNumber, stock - row.DeliveredQuantity);
  }
}

/** Stock moves for invoices only, and only for stock articles. `sign` −1 takes, +1 gives back. */
export function moveStock(t: Tenant, d: Doc, sign: 1 | -1, now: number): void {
  for (const row of d.Rows) {
    const a = row.ArticleNumber ? t.articles.get(row.ArticleNumber) : undefined;
    if (a && a.StockGoods === true) adjustStock(t, row.ArticleNumber, sign * row.DeliveredQuantity, now);
  }
}

/** The rate an account's VAT code books at: '' → 0, MP1/2/3, the company's own codes; other codes → null (not judged). */
function accountVatRate(t: Tenant, account: number): number | null {
  const code = String(t.accounts.get(String(account))?.VATCode ?? '').toUpperCase();
  if (code === '') return 0;
  return VAT_BY_CODE[code] ?? t.vatCodes.get(code) ?? null;
}

/** Fortnox's VAT view of a document, kept per document for the admin API (`GET /__sim/tenants/:id/vat`). */
function recordVat(t: Tenant, k: KindInfo, d: Doc, vatByRate: Record<string, number>): void {
  const deviations: VatReport['deviations'] = [];
  d.Rows.forEach((row, i) => {
    if (row.AccountNumber === null) return;
    const accountVat = accountVatRate(t, row.AccountNumber);
    if (accountVat !== null && accountVat !== row.VAT) deviations.push({ row: i, AccountNumber: row.AccountNumber, VAT: row.VAT, accountVat });
  });
  t.vatReports.set(`${k.kind}:${d.DocumentNumber}`, { vatByRate, deviations });
}

export function recompute(d: Doc): Record<string, number> {
  const totals = computeTotals({
    rows: d.Rows.map((r) => ({
      quantity: r.DeliveredQuantity,
      price: r.Price,
      discount: r.Discount,
      discountType: r.DiscountType,
      vat: r.VAT,
    })),
    freight: d.Freight,
    administrationFee: d.AdministrationFee,
    vatIncluded: d.VATIncluded,
    currency: d.Currency,
  });
  d.Rows.forEach((row, i) => {
    const rt = totals.rows[i];
    row.Total = rt.total;
    row.TotalExcludingVAT = rt.totalExcludingVAT;
    row.PriceExcludingVAT = rt.priceExcludingVAT;
    const cost = Number(row.Cost ?? 0) * row.DeliveredQuantity;
    row.ContributionValue = r2(rt.totalExcludingVAT - cost);
    row.ContributionPercent = rt.totalExcludingVAT ? r2((100 * (rt.totalExcludingVAT - cost)) / rt.totalExcludingVAT) : 0;
  });
  d.Net = totals.net;
  d.Gross = totals.gross;
  d.TotalVAT = totals.totalVAT;
  d.FreightVAT = totals.freightVAT;
  d.AdministrationFeeVAT = totals.administrationFeeVAT;
  d.RoundOff = totals.roundOff;
  d.Total = totals.total;
  d.TotalToPay = totals.total;
  d.ContributionValue = r2(d.Rows.reduce((a, r) => a + Number(r.ContributionValue), 0));
  d.ContributionPercent = d.Net ? r2((100 * Number(d.ContributionValue)) / d.Net) : 0;
  return totals.vatByRate;
}

/** Partial EmailInformation/EDIInformation objects update the fields they name. */
function mergeObjects(d: Doc, previous: Record<string, Json | undefined>, v: Record<string, Json>): void {
  for (const f of ['EmailInformation', 'EDIInformation']) {
    const prev = previous[f];
    const next = v[f];
    if (isObject(prev) && isObject(next)) d[f] = { ...(prev as JsonObject), ...(next as JsonObject) };
  }
}

function customerOf(t: Tenant, number: string): Rec {
  const c = t.customers.get(number);
  if (!c) throw errors.customerNotFoundOnDocument(number);
  return c;
}

function rowContext(t: Tenant, d: Doc): RowContext {
  return {
    currency: d.Currency,
    currencyRate: Number(d.CurrencyRate ?? 1),
    vatIncluded: d.VATIncluded,
    priceList: s(d.PriceList) || 'A',
    vatType: s(t.customers.get(d.CustomerNumber)?.VATType) || 'SEVAT',
  };
}

export function createDocument(t: Tenant, k: KindInfo, body: Record<string, unknown>, now: number): Doc {
  const v = validateFields(body, headerFields(k), 'create', [k.rowsKey]);
  const rows = rowInputs(k, body) ?? [];
  if (typeof v.CustomerNumber !== 'string' || v.CustomerNumber === '') throw errors.required('CustomerNumber');
  const customer = customerOf(t, v.CustomerNumber);
  checkHeaderReferences(t, v);

  const docDate = typeof v[k.dateKey] === 'string' ? (v[k.dateKey] as string) : todayStockholm(now);
  if (k.kind === 'invoice' && t.isLocked(docDate)) throw errors.lockedPeriod(String(t.lockedUntil));

  const docs = docsOf(t, k);
  let number: number;
  if (typeof v.DocumentNumber === 'number') {
    number = v.DocumentNumber;
    if (docs.has(number)) throw errors.documentNumberUsed(String(number));
    t.bump(k.kind, number);
  } else {
    number = t.next(k.kind, (n) => docs.has(Number(n)));
  }

  const header = headerDefaults(k, customer, number, docDate);
  const d = { ...header, ...v, DocumentNumber: number, Rows: [] as DocRow[] } as unknown as Doc;
  mergeObjects(d, header, v);
  if (v.Currency === undefined && !t.currencies.has(d.Currency)) throw errors.currencyNotFound(d.Currency);
  if (v.CurrencyRate === undefined) d.CurrencyRate = t.currencyRate(d.Currency);
  if (k.kind === 'invoice' && v.DueDate === undefined) {
    d.DueDate = addDays(docDate, termDays(String(d.TermsOfPayment)));
  }
  if (v.OutboundDate === undefined) d.OutboundDate = docDate;
  const rc = rowContext(t, d);
  d.Rows = rows.map((r) => buildRow(t, k, r, rc));
  if (k.kind === 'invoice') applyLagerDelivery(t, d.Rows);
  recordVat(t, k, d, recompute(d));
  if (k.kind === 'invoice') d.Balance = d.Total;

  docs.set(number, d);
  if (k.kind === 'invoice') moveStock(t, d, -1, now);
  t.touch(k.kind, number, now);
  return d;
}

export function updateDocument(t: Tenant, k: KindInfo, number: number, body: Record<string, unknown>, now: number): Doc {
  const d = docsOf(t, k).get(number);
  if (!d) throw k.notFound();
  if (d.Booked === true) throw errors.bookedInvoiceLocked();
  if (d.Cancelled) throw errors.cancelledDocument();
  const v = validateFields(body, headerFields(k), 'update', [k.rowsKey]);
  const rows = rowInputs(k, body);
  if (typeof v.CustomerNumber === 'string' && v.CustomerNumber !== d.CustomerNumber) {
    const c = customerOf(t, v.CustomerNumber);
    if (v.CustomerName === undefined) v.CustomerName = s(c.Name);
  }
  checkHeaderReferences(t, v);
  const newDate = typeof v[k.dateKey] === 'string' ? (v[k.dateKey] as string) : String(d[k.dateKey]);
  if (k.kind === 'invoice' && t.isLocked(newDate)) throw errors.lockedPeriod(String(t.lockedUntil));

  if (k.kind === 'invoice') moveStock(t, d, 1, now);
  const before = { EmailInformation: d.EmailInformation, EDIInformation: d.EDIInformation };
  Object.assign(d, v);
  mergeObjects(d, before, v);
  if (k.kind === 'invoice' && v.DueDate === undefined && (v.InvoiceDate !== undefined || v.TermsOfPayment !== undefined)) {
    d.DueDate = addDays(newDate, termDays(String(d.TermsOfPayment)));
  }
  if (v.Currency !== undefined && v.CurrencyRate === undefined) d.CurrencyRate = t.currencyRate(d.Currency);
  if (rows) {
    const rc = rowContext(t, d);
    d.Rows = rows.map((r) => buildRow(t, k, r, rc));
    if (k.kind === 'invoice') applyLagerDelivery(t, d.Rows);
  }
  const paid = k.kind === 'invoice' ? Number(d.TotalToPay) - Number(d.Balance) : 0;
  recordVat(t, k, d, recompute(d));
  if (k.kind === 'invoice') {
    d.Balance = r2(d.Total - paid);
    moveStock(t, d, -1, now);
  }
  t.touch(k.kind, number, now);
  return d;
}

function blankRow(t: Tenant, k: KindInfo): DocRow {
  const row: DocRow = {
    RowId: t.next('row'),
    AccountNumber: salesAccountFor(t, 25),
    ArticleNumber: '',
    ContributionPercent: 0,
    ContributionValue: 0,
    Cost: 0,
    CostCenter: '',
    DeliveredQuantity: 0,
    Description: '',
    Discount: 0,
    DiscountType: 'PERCENT',
    HouseWork: false,
    HouseWorkHoursToReport: null,
    HouseWorkType: null,
    Price: 0,
    PriceExcludingVAT: 0,
    Project: '',
    StockPointCode: null,
    Total: 0,
    TotalExcludingVAT: 0,
    Unit: '',
    VAT: 25,
    VATCode: null,
  };
  if (k.kind === 'order') Object.assign(row, { OrderedQuantity: 0, ReservedQuantity: 0, StockPointId: null });
  return row;
}

/** Numeric strings become numbers where the field is numeric ("1" → 1 for CurrencyRate, "1.12" quantities). */
function coerceLike(template: Json | undefined, value: unknown): Json {
  if (typeof template === 'number' && typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) {
    return Number(value);
  }
  return value as Json;
}

/**
 * Stores a document as given (no validation, no stock moves): for seeding a tenant with existing records,
 * e.g. the ones the recordings refer to. Read-only state (Booked, Cancelled, Balance, …) may be set.
 */
export function importDocument(t: Tenant, k: KindInfo, fields: Record<string, unknown>, now: number): Doc {
  const docs = docsOf(t, k);
  const number = fields.DocumentNumber !== undefined ? Number(fields.DocumentNumber) : t.next(k.kind, (n) => docs.has(Number(n)));
  t.bump(k.kind, number);
  const customer = customerOf(t, String(fields.CustomerNumber ?? ''));
  const docDate = typeof fields[k.dateKey] === 'string' ? (fields[k.dateKey] as string) : todayStockholm(now);
  const header = headerDefaults(k, customer, number, docDate);
  const d = { ...header, DocumentNumber: number, Rows: [] as DocRow[] } as unknown as Doc;
  for (const [key, value] of Object.entries(fields)) {
    if (key.startsWith('@') || key === k.rowsKey || key === 'DocumentNumber' || value === undefined) continue;
    d[key] = coerceLike(header[key], value);
  }
  const rows = fields[k.rowsKey];
  if (Array.isArray(rows)) {
    d.Rows = rows.filter(isObject).map((r) => {
      const row = blankRow(t, k);
      for (const [key, value] of Object.entries(r)) if (key !== 'RowId') row[key] = coerceLike(row[key], value);
      return row;
    });
    recompute(d);
  }
  if (k.kind === 'invoice') {
    if (fields.Balance === undefined) d.Balance = d.Total;
    if (d.Booked === true && d.VoucherNumber === null) {
      d.VoucherNumber = t.next('voucher');
      d.VoucherSeries = 'B';
      d.VoucherYear = 1;
    }
    if (fields.FinalPayDate === undefined && d.Booked === true && Number(d.Balance) === 0) d.FinalPayDate = docDate;
  }
  docs.set(number, d);
  t.touch(k.kind, number, now);
  return d;
}
