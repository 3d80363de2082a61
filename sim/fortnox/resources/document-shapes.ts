// The JSON shapes of invoices and orders (single object, row, list item) as the recordings show them.
import { url, type Ctx } from '../http';
import type { Doc, DocRow, Json, JsonObject } from '../types';
import type { KindInfo } from './documents';

/** Shapes: the invoice follows the newest recordings (2024), the order the 2023 ones (the only ones there are). */
function rowFull(k: KindInfo, r: DocRow): JsonObject {
  const common = {
    AccountNumber: r.AccountNumber,
    ArticleNumber: r.ArticleNumber,
    ContributionPercent: String(r.ContributionPercent ?? 0),
    ContributionValue: String(r.ContributionValue ?? 0),
    Cost: r.Cost ?? 0,
    CostCenter: r.CostCenter ?? '',
    DeliveredQuantity: String(r.DeliveredQuantity),
    Description: r.Description,
    Discount: r.Discount,
    DiscountType: r.DiscountType,
    HouseWork: r.HouseWork ?? false,
    HouseWorkHoursToReport: r.HouseWorkHoursToReport ?? null,
    HouseWorkType: r.HouseWorkType ?? null,
  };
  if (k.kind === 'invoice') {
    return {
      ...common,
      Price: r.Price,
      PriceExcludingVAT: r.PriceExcludingVAT ?? r.Price,
      Project: r.Project ?? '',
      RowId: r.RowId,
      StockPointCode: r.StockPointCode ?? null,
      Total: r.Total,
      TotalExcludingVAT: r.TotalExcludingVAT ?? r.Total,
      Unit: r.Unit ?? '',
      VAT: r.VAT,
      VATCode: r.VATCode ?? null,
    };
  }
  return {
    ...common,
    OrderedQuantity: String(r.OrderedQuantity ?? 0),
    Price: r.Price,
    Project: r.Project ?? '',
    ReservedQuantity: String(r.ReservedQuantity ?? 0),
    RowId: r.RowId,
    StockPointCode: r.StockPointCode ?? null,
    StockPointId: r.StockPointId ?? null,
    Total: r.Total,
    Unit: r.Unit ?? '',
    VAT: r.VAT,
  };
}

export function documentFull(ctx: Pick<Ctx, 'base'>, k: KindInfo, d: Doc): JsonObject {
  const { Rows, ...header } = d;
  const n = String(d.DocumentNumber);
  const out: JsonObject = {
    '@url': url(ctx, k.path, n),
    '@urlTaxReductionList': `${ctx.base}/3/taxreductions?filter=${k.path}&referencenumber=${n}`,
    ...header,
    DocumentNumber: n,
    [k.rowsKey]: Rows.map((r) => rowFull(k, r)),
  };
  if (k.kind === 'invoice') out.ContractReference = String(header.ContractReference ?? 0);
  return out;
}

export function documentListItem(ctx: Pick<Ctx, 'base'>, k: KindInfo, d: Doc): JsonObject {
  const n = String(d.DocumentNumber);
  if (k.kind === 'invoice') {
    return {
      '@url': url(ctx, k.path, n),
      Balance: d.Balance as Json,
      Booked: d.Booked as Json,
      Cancelled: d.Cancelled,
      CostCenter: d.CostCenter as Json,
      Currency: d.Currency,
      CurrencyRate: String(d.CurrencyRate),
      CurrencyUnit: d.CurrencyUnit as Json,
      CustomerName: d.CustomerName as Json,
      CustomerNumber: d.CustomerNumber,
      DocumentNumber: n,
      DueDate: d.DueDate as Json,
      ExternalInvoiceReference1: d.ExternalInvoiceReference1 as Json,
      ExternalInvoiceReference2: d.ExternalInvoiceReference2 as Json,
      InvoiceDate: d.InvoiceDate as Json,
      InvoiceType: d.InvoiceType as Json,
      NoxFinans: d.NoxFinans as Json,
      OCR: d.OCR as Json,
      VoucherNumber: d.VoucherNumber as Json,
      VoucherSeries: d.VoucherSeries as Json,
      VoucherYear: d.VoucherYear as Json,
      WayOfDelivery: d.WayOfDelivery as Json,
      TermsOfPayment: d.TermsOfPayment as Json,
      Project: d.Project as Json,
      Sent: d.Sent as Json,
      Total: d.Total as Json,
      FinalPayDate: d.FinalPayDate as Json,
    };
  }
  return {
    '@url': url(ctx, k.path, n),
    Cancelled: d.Cancelled,
    Currency: d.Currency,
    CustomerName: d.CustomerName as Json,
    CustomerNumber: d.CustomerNumber,
    DeliveryDate: d.DeliveryDate as Json,
    DocumentNumber: n,
    ExternalInvoiceReference1: d.ExternalInvoiceReference1 as Json,
    ExternalInvoiceReference2: d.ExternalInvoiceReference2 as Json,
    OrderDate: d.OrderDate as Json,
    OrderType: d.OrderType as Json,
    Project: d.Project as Json,
    Sent: d.Sent as Json,
    Total: d.Total as Json,
  };
}
