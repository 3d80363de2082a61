// Shared request helpers: the tenant context, Fortnox list answers (pagination, filters, sorting).
import type { Request, Response } from 'express';
import { errors } from './errors';
import type { FortnoxSim } from './sim';
import type { Tenant } from './tenant';
import type { Json, JsonObject } from './types';
import { compareIds, contains, parseStockholmDateTime } from './util';

export interface Ctx {
  sim: FortnoxSim;
  tenant: Tenant;
  /** `http://host:port` as the client called us, for `@url` fields. */
  base: string;
  now: number;
}

export function ctxOf(sim: FortnoxSim, req: Request, res: Response): Ctx {
  const tenant = res.locals.tenant as Tenant | undefined;
  if (!tenant) throw new Error('tenant missing: authentication middleware did not run');
  return { sim, tenant, base: `${req.protocol}://${req.get('host') ?? 'localhost'}`, now: sim.now() };
}

export const param = (req: Request, name: string): string => {
  const v = (req.params as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v.join('/') : (v ?? '');
};

export function queryValue(req: Request, name: string): string | undefined {
  const v = (req.query as Record<string, unknown>)[name];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : undefined;
  return typeof v === 'string' ? v : undefined;
}

export interface ListSpec<T> {
  /** Query parameter → the value it is matched against (case-insensitive substring). */
  search: Record<string, (r: T) => unknown>;
  /** `filter=<name>` predicates. */
  filters?: Record<string, (r: T) => boolean>;
  /** The date `fromdate`/`todate` compare against. */
  date?: (r: T) => string;
  /** Last modification time (ms) for `lastmodified`. */
  modified?: (r: T) => number;
  /** `sortby` fields. */
  sort?: Record<string, (r: T) => string | number>;
  /** Default order. */
  order: (r: T) => string | number;
}

function cmp(a: string | number, b: string | number): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : compareIds(String(a), String(b));
}

/**
 * Applies Fortnox's list semantics. Several search parameters are combined with AND (the recordings show
 * `city`+`zipcode` and `articlenumber`+`description` narrowing together); unknown parameters are ignored.
 */
export function selectList<T>(req: Request, records: Iterable<T>, spec: ListSpec<T>): T[] {
  let list = [...records];
  for (const [name, get] of Object.entries(spec.search)) {
    const needle = queryValue(req, name);
    if (needle !== undefined && needle !== '') list = list.filter((r) => contains(get(r), needle));
  }
  const filter = queryValue(req, 'filter');
  if (filter !== undefined && filter !== '') {
    const pred = spec.filters?.[filter.toLowerCase()];
    if (!pred) throw errors.invalidFilter();
    list = list.filter(pred);
  }
  if (spec.date) {
    const from = queryValue(req, 'fromdate');
    const to = queryValue(req, 'todate');
    const dateOf = spec.date;
    if (from) list = list.filter((r) => dateOf(r) >= from);
    if (to) list = list.filter((r) => dateOf(r) <= to);
  }
  const lastModified = queryValue(req, 'lastmodified');
  if (lastModified && spec.modified) {
    const since = parseStockholmDateTime(lastModified);
    if (since === null) throw errors.invalidFilter();
    const mod = spec.modified;
    list = list.filter((r) => mod(r) >= since);
  }
  const sortBy = queryValue(req, 'sortby');
  let key = spec.order;
  if (sortBy) {
    const k = spec.sort?.[sortBy.toLowerCase()];
    if (!k) throw errors.invalidSort();
    key = k;
  }
  list.sort((a, b) => cmp(key(a), key(b)));
  if ((queryValue(req, 'sortorder') ?? '').toLowerCase() === 'descending') list.reverse();
  return list;
}

/** `limit` (default 100, max 500) and `page` (from 1), with Fortnox's MetaInformation. */
export function paginate<T>(req: Request, list: T[], plural: string, render: (r: T) => JsonObject): JsonObject {
  const rawLimit = Number(queryValue(req, 'limit') ?? 100);
  const limit = Number.isInteger(rawLimit) && rawLimit > 0 ? Math.min(rawLimit, 500) : 100;
  const rawPage = Number(queryValue(req, 'page') ?? 1);
  const page = Number.isInteger(rawPage) && rawPage > 0 ? rawPage : 1;
  const items = list.slice((page - 1) * limit, page * limit).map(render);
  return {
    MetaInformation: {
      '@TotalResources': list.length,
      '@TotalPages': Math.ceil(list.length / limit),
      '@CurrentPage': page,
    },
    [plural]: items as Json,
  };
}

/** `null`/missing strings become `""`, as list items show them. */
export const s = (v: Json | undefined): string => (v === null || v === undefined ? '' : String(v));

export const url = (ctx: Pick<Ctx, 'base'>, ...parts: Array<string | number>): string =>
  `${ctx.base}/3/${parts.map((p) => encodeURIComponent(String(p))).join('/')}`;
