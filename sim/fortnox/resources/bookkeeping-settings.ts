// Bookkeeping facts the after-sale sync reads: the locked period (`/3/settings/lockedperiod`, manual or automatic
// lock) and the financial years with their bookkeeping method (`AccountingMethod`: ACCRUAL = faktureringsmetoden,
// CASH = kontantmetoden).
import express, { type Router } from 'express';
import { ctxOf, paginate, url } from '../http';
import type { FortnoxSim } from '../sim';
import { todayStockholm } from '../util';

export function lockedPeriodRouter(sim: FortnoxSim): Router {
  const r = express.Router();
  r.get('/', (req, res) => {
    const { tenant } = ctxOf(sim, req, res);
    res.json({ LockedPeriod: { EndDate: tenant.lockedUntil ?? '' } });
  });
  return r;
}

export function financialYearsRouter(sim: FortnoxSim): Router {
  const r = express.Router();
  r.get('/', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const year = Number(todayStockholm(ctx.now).slice(0, 4));
    const years = [year - 1, year].map((y, i) => ({
      '@url': url(ctx, 'financialyears', String(i + 1)),
      Id: i + 1,
      FromDate: `${y}-01-01`,
      ToDate: `${y}-12-31`,
      AccountChartType: 'BAS 2024',
      AccountingMethod: ctx.tenant.bookkeepingMethod === 'cash' ? 'CASH' : 'ACCRUAL',
    }));
    res.json(paginate(req, years, 'FinancialYears', (y) => y));
  });
  return r;
}
