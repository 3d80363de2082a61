// Financial years (`/3/financialyears`, with the company's accounting method) and the locked period
// (`/3/settings/lockedperiod`). Read-only here: tests shape them per tenant through the admin API
// (`financialYears`, `lockedUntil`).
import express, { type Router } from 'express';
import { errors } from '../errors';
import { ctxOf, paginate, param, queryValue, url } from '../http';
import type { FortnoxSim } from '../sim';
import type { FinancialYear } from '../types';

export function financialYearsRouter(sim: FortnoxSim): Router {
  const r = express.Router();
  const full = (base: string, y: FinancialYear, id: number) => ({
    '@url': url({ base }, 'financialyears', id),
    Id: id,
    FromDate: y.fromDate,
    ToDate: y.toDate,
    AccountChartType: `BAS ${y.fromDate.slice(0, 4)}`,
    AccountingMethod: y.accountingMethod,
  });
  r.get('/', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const date = queryValue(req, 'date');
    const years = ctx.tenant.financialYears
      .map((y, i) => ({ y, id: i + 1 }))
      .filter(({ y }) => !date || (y.fromDate <= date && date <= y.toDate));
    res.json(paginate(req, years, 'FinancialYears', ({ y, id }) => full(ctx.base, y, id)));
  });
  r.get('/:id', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const id = Number(param(req, 'id'));
    const y = ctx.tenant.financialYears[id - 1];
    if (!y) throw errors.resourceNotFound('räkenskapsåret');
    res.json({ FinancialYear: full(ctx.base, y, id) });
  });
  return r;
}

export function lockedPeriodRouter(sim: FortnoxSim): Router {
  const r = express.Router();
  r.get('/', (req, res) => {
    const { tenant } = ctxOf(sim, req, res);
    res.json({ LockedPeriod: { EndDate: tenant.lockedUntil ?? '' } });
  });
  return r;
}
