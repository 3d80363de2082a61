// Fortnox Lager (warehouse) endpoints. Unlike /3/, its errors use string keys (e.g. "missing.rights").
import express, { type Router } from 'express';
import { ctxOf, queryValue } from '../http';
import type { FortnoxSim } from '../sim';
import { databaseNumber } from './registers';

export const STOCK_POINT = 'LAGER';

export function warehouseRouter(sim: FortnoxSim): Router {
  const r = express.Router();
  r.get('/tenants-v4', (req, res) => {
    const { tenant } = ctxOf(sim, req, res);
    res.json({ tenantId: databaseNumber(tenant), activated: tenant.lager });
  });
  r.get('/status-v1/stockbalance', (req, res) => {
    const { tenant } = ctxOf(sim, req, res);
    if (!tenant.lager) {
      res.status(403).json({ code: 'missing.rights', message: 'Fortnox Lager är inte aktiverat för företaget.' });
      return;
    }
    const ids = (queryValue(req, 'itemIds') ?? '').split(',').map((x) => x.trim()).filter(Boolean);
    const wanted = ids.length ? ids : [...tenant.stock.keys()].filter((id) => tenant.stock.get(id)?.inStock !== 0);
    // Articles the warehouse has never seen are left out of the answer (callers treat missing as 0).
    const out = wanted
      .filter((id) => tenant.stock.has(id))
      .map((id) => {
        const s = tenant.stock.get(id)!;
        return { itemId: id, stockPointCode: STOCK_POINT, availableStock: s.availableStock, inStock: s.inStock };
      });
    res.json(out);
  });
  r.use((_req, res) => {
    res.status(404).json({ code: 'not.found', message: 'Resursen finns inte.' });
  });
  return r;
}
