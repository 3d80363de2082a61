// /3/articles — the article register. SalesPrice is read-only (prices live in /3/prices); QuantityInStock
// is writable only while Fortnox Lager is off.
import express, { type Router } from 'express';
import { errors } from '../errors';
import { ctxOf, paginate, param, selectList, url, type Ctx, type ListSpec } from '../http';
import { salesAccountFor, vatForAccount } from '../seed';
import type { FortnoxSim } from '../sim';
import type { Tenant } from '../tenant';
import type { Json, JsonObject, Rec } from '../types';
import { ARTICLE_NUMBER_RE, bool, int, num, readOnly, rootObject, str, validateFields, type FieldSpecs } from '../validation';
import { salesPriceOf } from './prices';

export const ARTICLE_FIELDS: FieldSpecs = {
  ArticleNumber: str(50, { anyChars: true }),
  Description: str(200),
  EAN: str(30),
  PurchasePrice: num,
  Weight: int,
  Width: int,
  Height: int,
  Depth: int,
  StockPlace: str(100),
  StockGoods: bool,
  QuantityInStock: num,
  StockWarning: num,
  SalesAccount: int,
  PurchaseAccount: int,
  EUAccount: int,
  EUVATAccount: int,
  ExportAccount: int,
  ConstructionAccount: int,
  StockAccount: int,
  StockChangeAccount: int,
  Unit: str(10),
  VAT: num,
  Type: str(10, { enum: ['STOCK', 'SERVICE'] }),
  Active: bool,
  Expired: bool,
  Bulky: bool,
  Housework: bool,
  HouseworkType: str(30),
  WebshopArticle: bool,
  Manufacturer: str(50),
  ManufacturerArticleNumber: str(100),
  Note: str(10000),
  SupplierNumber: str(1024),
  CostCalculationMethod: str(30),
  DirectCost: num,
  FreightCost: num,
  OtherCost: num,
  DefaultStockPoint: str(100),
  DefaultStockLocation: str(100),
  CommodityCode: str(20),
  SalesPrice: readOnly,
  DisposableQuantity: readOnly,
  ReservedQuantity: readOnly,
  StockValue: readOnly,
  SupplierName: readOnly,
};

const ACCOUNT_FIELDS = [
  'SalesAccount',
  'PurchaseAccount',
  'EUAccount',
  'EUVATAccount',
  'ExportAccount',
  'StockAccount',
  'StockChangeAccount',
] as const;

const predefined = (t: Tenant, name: string, fallback: number): number =>
  Number(t.predefinedAccounts.get(name)?.Account ?? fallback);

/** A new article as Fortnox answers it (articles_limits_quantity_in_stock_min_value.yml, the newest shape). */
export function articleDefaults(t: Tenant, articleNumber: string, description: string): Rec {
  return {
    ArticleNumber: articleNumber,
    Bulky: false,
    ConstructionAccount: 0,
    Depth: 0,
    Description: description,
    DisposableQuantity: 0,
    EAN: '',
    EUAccount: predefined(t, 'SALESEUREV', 3108),
    EUVATAccount: predefined(t, 'SALESEUVAT', 3106),
    ExportAccount: predefined(t, 'SALESEXPORT', 3105),
    Height: 0,
    Housework: false,
    HouseworkType: null,
    Active: true,
    Manufacturer: null,
    ManufacturerArticleNumber: '',
    Note: '',
    PurchaseAccount: 4000,
    PurchasePrice: 0,
    QuantityInStock: 0,
    ReservedQuantity: 0,
    SalesAccount: salesAccountFor(t, 25),
    StockGoods: false,
    StockPlace: null,
    StockValue: 0,
    StockWarning: null,
    SupplierName: null,
    SupplierNumber: null,
    Type: 'STOCK',
    Unit: null,
    VAT: 25,
    WebshopArticle: false,
    Weight: 0,
    Width: 0,
    Expired: false,
    SalesPrice: null,
    CostCalculationMethod: null,
    StockAccount: null,
    StockChangeAccount: null,
    DirectCost: null,
    FreightCost: null,
    OtherCost: null,
    DefaultStockPoint: null,
    DefaultStockLocation: null,
    CommodityCode: '',
  };
}

function check(t: Tenant, v: Record<string, Json>, existing?: Rec): void {
  if (typeof v.ArticleNumber === 'string' && v.ArticleNumber !== '' && !ARTICLE_NUMBER_RE.test(v.ArticleNumber)) {
    throw errors.articleNumberChars();
  }
  for (const f of ACCOUNT_FIELDS) {
    const a = v[f];
    if (typeof a === 'number' && a !== 0 && !t.accounts.get(String(a))?.Active) {
      throw errors.accountNotFoundOnCard(String(a));
    }
  }
  if (typeof v.VAT === 'number' && !t.vatRates.includes(v.VAT)) throw errors.vatNotFound(String(v.VAT));
  if (typeof v.Unit === 'string' && v.Unit !== '' && !t.units.has(v.Unit)) throw errors.unitNotFoundOnWrite(v.Unit);
  const stockChanges = v.QuantityInStock !== undefined && v.QuantityInStock !== (existing?.QuantityInStock ?? 0);
  if (t.lager && stockChanges) throw errors.stockNotWritable();
}

/** The sales account and VAT follow each other when only one is given (3001 ↔ 25 %, 1250 → 0 %). */
function deriveVatAndAccount(t: Tenant, v: Record<string, Json>): void {
  const hasVat = typeof v.VAT === 'number';
  const hasAccount = typeof v.SalesAccount === 'number';
  if (hasVat && !hasAccount) v.SalesAccount = salesAccountFor(t, v.VAT as number);
  if (hasAccount && !hasVat) v.VAT = vatForAccount(t, v.SalesAccount as number);
}

function recalcStock(a: Rec): void {
  const q = Number(a.QuantityInStock ?? 0);
  a.DisposableQuantity = q - Number(a.ReservedQuantity ?? 0);
  a.StockValue = Math.round(q * Number(a.PurchasePrice ?? 0) * 100) / 100 || 0;
}

export function createArticle(t: Tenant, body: Record<string, unknown>, now: number): Rec {
  const v = validateFields(body, ARTICLE_FIELDS, 'create');
  if (typeof v.Description !== 'string' || v.Description === '') throw errors.required('Description');
  check(t, v);
  deriveVatAndAccount(t, v);
  let number: string;
  if (typeof v.ArticleNumber === 'string' && v.ArticleNumber !== '') {
    number = v.ArticleNumber;
    if (t.articles.has(number)) throw errors.articleNumberUsed(number);
    t.bump('article', Number(number));
  } else {
    number = String(t.next('article', (n) => t.articles.has(n)));
  }
  const article: Rec = { ...articleDefaults(t, number, v.Description), ...v, ArticleNumber: number };
  recalcStock(article);
  t.articles.set(number, article);
  if (t.lager && !t.stock.has(number)) t.stock.set(number, { inStock: 0, availableStock: 0 });
  t.touch('article', number, now);
  return article;
}

export function updateArticle(t: Tenant, number: string, body: Record<string, unknown>, now: number): Rec {
  const existing = t.articles.get(number);
  if (!existing) throw errors.articleNotFound();
  const v = validateFields(body, ARTICLE_FIELDS, 'update');
  if (v.ArticleNumber !== undefined && v.ArticleNumber !== number) throw errors.readOnly('ArticleNumber');
  check(t, v, existing);
  deriveVatAndAccount(t, v);
  Object.assign(existing, v);
  recalcStock(existing);
  t.touch('article', number, now);
  return existing;
}

/** Moves article stock (the card without Lager, the warehouse with it). */
export function adjustStock(t: Tenant, articleNumber: string, delta: number, now: number): void {
  if (!delta) return;
  if (t.lager) {
    const s = t.stock.get(articleNumber) ?? { inStock: 0, availableStock: 0 };
    s.inStock = round4(s.inStock + delta);
    s.availableStock = round4(s.availableStock + delta);
    t.stock.set(articleNumber, s);
    return;
  }
  const a = t.articles.get(articleNumber);
  if (!a) return;
  a.QuantityInStock = round4(Number(a.QuantityInStock ?? 0) + delta);
  recalcStock(a);
  t.touch('article', articleNumber, now);
}

const round4 = (x: number) => Math.round(x * 10000) / 10000 || 0;

export function articleFull(ctx: Pick<Ctx, 'base'>, t: Tenant, a: Rec): JsonObject {
  return {
    '@url': url(ctx, 'articles', String(a.ArticleNumber)),
    ...a,
    SalesPrice: salesPriceOf(t, String(a.ArticleNumber)),
  };
}

/** List items: a short form with quantities and prices as strings and VAT null (articles_all.yml). */
export function articleListItem(ctx: Pick<Ctx, 'base'>, t: Tenant, a: Rec): JsonObject {
  const price = salesPriceOf(t, String(a.ArticleNumber));
  return {
    '@url': url(ctx, 'articles', String(a.ArticleNumber)),
    ArticleNumber: String(a.ArticleNumber),
    Description: a.Description,
    DisposableQuantity: String(a.DisposableQuantity ?? 0),
    EAN: a.EAN,
    Housework: a.Housework,
    PurchasePrice: String(a.PurchasePrice ?? 0),
    SalesPrice: price === null ? null : String(price),
    QuantityInStock: String(a.QuantityInStock ?? 0),
    ReservedQuantity: String(a.ReservedQuantity ?? 0),
    StockPlace: a.StockPlace,
    StockValue: String(a.StockValue ?? 0),
    Unit: a.Unit,
    VAT: null,
    WebshopArticle: a.WebshopArticle,
  };
}

export function articleListSpec(t: Tenant): ListSpec<Rec> {
  return {
    search: {
      articlenumber: (a) => a.ArticleNumber,
      description: (a) => a.Description,
      ean: (a) => a.EAN,
      suppliernumber: (a) => a.SupplierNumber,
      manufacturer: (a) => a.Manufacturer,
      manufacturerarticlenumber: (a) => a.ManufacturerArticleNumber,
    },
    filters: { active: (a) => a.Active === true, inactive: (a) => a.Active !== true },
    modified: (a) => t.modifiedAt('article', String(a.ArticleNumber)),
    sort: {
      articlenumber: (a) => String(a.ArticleNumber),
      description: (a) => String(a.Description ?? ''),
      quantityinstock: (a) => Number(a.QuantityInStock ?? 0),
    },
    order: (a) => String(a.ArticleNumber),
  };
}

export function articlesRouter(sim: FortnoxSim): Router {
  const r = express.Router();
  r.get('/', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const list = selectList(req, ctx.tenant.articles.values(), articleListSpec(ctx.tenant));
    res.json(paginate(req, list, 'Articles', (a) => articleListItem(ctx, ctx.tenant, a)));
  });
  r.get('/:number', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const a = ctx.tenant.articles.get(param(req, 'number'));
    if (!a) throw errors.articleNotFound();
    res.json({ Article: articleFull(ctx, ctx.tenant, a) });
  });
  r.post('/', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const a = createArticle(ctx.tenant, rootObject(req.body, 'Article'), ctx.now);
    res.status(201).location('articles').json({ Article: articleFull(ctx, ctx.tenant, a) });
  });
  r.put('/:number', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const a = updateArticle(ctx.tenant, param(req, 'number'), rootObject(req.body, 'Article'), ctx.now);
    res.json({ Article: articleFull(ctx, ctx.tenant, a) });
  });
  r.delete('/:number', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const number = param(req, 'number');
    if (!ctx.tenant.articles.delete(number)) throw errors.articleNotFound();
    for (const key of [...ctx.tenant.prices.keys()]) if (key.split('|')[1] === number) ctx.tenant.prices.delete(key);
    res.status(204).end();
  });
  return r;
}
