// /3/prices and /3/pricelists — article prices per price list and from-quantity.
import express, { type Router } from 'express';
import { errors } from '../errors';
import { ctxOf, paginate, param, url, type Ctx } from '../http';
import type { FortnoxSim } from '../sim';
import type { Tenant } from '../tenant';
import type { JsonObject, Rec } from '../types';
import { todayStockholm } from '../util';
import { num, rootObject, str, validateFields, type FieldSpecs } from '../validation';

const PRICE_FIELDS: FieldSpecs = {
  ArticleNumber: str(50, { anyChars: true }),
  PriceList: str(10),
  FromQuantity: num,
  Price: num,
  Percent: num,
  Date: { type: 'date' },
};

const key = (list: string, article: string, from: number) => `${list}|${article}|${from}`;

/** The preselected price list (usually A). */
export function defaultPriceList(t: Tenant): string {
  for (const [code, pl] of t.priceLists) if (pl.PreSelected === true) return code;
  return 'A';
}

/** Price for a quantity: the row with the highest FromQuantity not above it. Null when the article has none. */
export function priceFor(t: Tenant, article: string, list: string, quantity = 0): number | null {
  let best: Rec | undefined;
  for (const p of t.prices.values()) {
    if (p.ArticleNumber !== article || p.PriceList !== list) continue;
    if (Number(p.FromQuantity) > quantity) continue;
    if (!best || Number(p.FromQuantity) > Number(best.FromQuantity)) best = p;
  }
  return best ? Number(best.Price) : null;
}

export const salesPriceOf = (t: Tenant, article: string): number | null =>
  priceFor(t, article, defaultPriceList(t), 0);

export function upsertPrice(t: Tenant, body: Record<string, unknown>, mode: 'create' | 'update', target?: { list: string; article: string; from: number }): Rec {
  const v = validateFields(body, PRICE_FIELDS, 'create');
  const list = target?.list ?? (typeof v.PriceList === 'string' ? v.PriceList : '');
  const article = target?.article ?? (typeof v.ArticleNumber === 'string' ? v.ArticleNumber : '');
  const from = target?.from ?? (typeof v.FromQuantity === 'number' ? v.FromQuantity : 0);
  if (!article) throw errors.required('ArticleNumber');
  if (!list) throw errors.required('PriceList');
  if (!t.articles.has(article)) throw errors.articleNotFoundOnWrite();
  if (!t.priceLists.has(list)) throw errors.priceListNotFound(list);
  const k = key(list, article, from);
  const existing = t.prices.get(k);
  if (mode === 'create' && existing) throw errors.alreadyExists(`Priset för ${article} i prislista ${list} från antal ${from}`);
  if (mode === 'update' && !existing) throw errors.priceNotFound();
  if (mode === 'create' && typeof v.Price !== 'number') throw errors.required('Price');
  const price: Rec = existing ?? { ArticleNumber: article, Date: todayStockholm(), FromQuantity: from, Percent: 0, Price: 0, PriceList: list };
  if (typeof v.Price === 'number') price.Price = v.Price;
  if (typeof v.Percent === 'number') price.Percent = v.Percent;
  if (typeof v.Date === 'string') price.Date = v.Date;
  t.prices.set(k, price);
  return price;
}

export const priceFull = (ctx: Pick<Ctx, 'base'>, p: Rec): JsonObject => ({
  '@url': url(ctx, 'prices', String(p.PriceList), String(p.ArticleNumber), String(p.FromQuantity)),
  ArticleNumber: p.ArticleNumber,
  Date: p.Date,
  FromQuantity: p.FromQuantity,
  Percent: p.Percent,
  Price: p.Price,
  PriceList: p.PriceList,
});

function target(req: express.Request) {
  const from = Number(param(req, 'from') || 0);
  if (!Number.isFinite(from)) throw errors.notNumeric('FromQuantity');
  return { list: param(req, 'list'), article: param(req, 'article'), from };
}

export function pricesRouter(sim: FortnoxSim): Router {
  const r = express.Router();
  r.get('/sublist/:list/:article', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const { list, article } = target(req);
    const prices = [...ctx.tenant.prices.values()]
      .filter((p) => p.PriceList === list && p.ArticleNumber === article)
      .sort((a, b) => Number(a.FromQuantity) - Number(b.FromQuantity));
    res.json(paginate(req, prices, 'Prices', (p) => priceFull(ctx, p)));
  });
  const get: express.RequestHandler = (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const { list, article, from } = target(req);
    const p = ctx.tenant.prices.get(key(list, article, from));
    if (!p) throw errors.priceNotFound();
    res.json({ Price: priceFull(ctx, p) });
  };
  const put: express.RequestHandler = (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const p = upsertPrice(ctx.tenant, rootObject(req.body, 'Price'), 'update', target(req));
    ctx.tenant.touch('article', String(p.ArticleNumber), ctx.now);
    res.json({ Price: priceFull(ctx, p) });
  };
  r.get('/:list/:article/:from', get);
  r.get('/:list/:article', get);
  r.put('/:list/:article/:from', put);
  r.put('/:list/:article', put);
  r.post('/', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const p = upsertPrice(ctx.tenant, rootObject(req.body, 'Price'), 'create');
    ctx.tenant.touch('article', String(p.ArticleNumber), ctx.now);
    res.status(201).json({ Price: priceFull(ctx, p) });
  });
  r.delete('/:list/:article/:from', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const { list, article, from } = target(req);
    if (!ctx.tenant.prices.delete(key(list, article, from))) throw errors.priceNotFound();
    res.status(204).end();
  });
  return r;
}
