// /__sim — the admin API the tests, benchmark and chaos runs drive the simulator with (JSON in, JSON out).
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { FAULT_KINDS } from './faults';
import { SimInputError, type FortnoxSim, type ImportRecords } from './sim';
import type { FaultSpec, TenantOptions } from './types';
import { isObject } from './util';

const TENANT_KEYS = ['tenantId', 'lager', 'currencies', 'lockedUntil', 'costCenters', 'allowNegativeStock', 'companyName', 'vatRates', 'vatCodes', 'financialYears', 'bookkeepingMethod'];

function tenantOptions(body: unknown, allowId: boolean): TenantOptions {
  if (body === undefined || body === null) return {};
  if (!isObject(body)) throw new SimInputError(400, 'body must be a JSON object');
  for (const k of Object.keys(body)) {
    if (!TENANT_KEYS.includes(k) || (k === 'tenantId' && !allowId)) throw new SimInputError(400, `unknown field ${k}`);
  }
  if (body.bookkeepingMethod !== undefined && body.bookkeepingMethod !== 'accrual' && body.bookkeepingMethod !== 'cash') {
    throw new SimInputError(400, 'bookkeepingMethod must be accrual or cash');
  }
  return body as TenantOptions;
}

function faultSpec(body: unknown): FaultSpec {
  if (!isObject(body)) throw new SimInputError(400, 'body must be a JSON object');
  const { tenantId, match, kind, rate, count, delayMs, status } = body;
  if (typeof kind !== 'string' || !FAULT_KINDS.includes(kind as FaultSpec['kind'])) {
    throw new SimInputError(400, `kind must be one of ${FAULT_KINDS.join(', ')}`);
  }
  const optNum = (v: unknown, name: string) => {
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) {
      throw new SimInputError(400, `${name} must be a non-negative number`);
    }
    return v as number | undefined;
  };
  if (tenantId !== undefined && typeof tenantId !== 'string') throw new SimInputError(400, 'tenantId must be a string');
  if (match !== undefined && typeof match !== 'string') throw new SimInputError(400, 'match must be a string');
  return {
    tenantId,
    match,
    kind: kind as FaultSpec['kind'],
    rate: optNum(rate, 'rate'),
    count: optNum(count, 'count'),
    delayMs: optNum(delayMs, 'delayMs'),
    status: optNum(status, 'status'),
  };
}

const id = (req: Request): string => String((req.params as Record<string, string>).id);

export function adminRouter(sim: FortnoxSim): Router {
  const r = express.Router();
  r.use(express.json({ limit: '50mb' }));

  r.post('/tenants', (req, res) => {
    const t = sim.createTenant(tenantOptions(req.body, true));
    res.status(201).json({ tenantId: t.id });
  });
  r.get('/tenants', (_req, res) => {
    res.json(sim.listTenants());
  });
  r.get('/tenants/:id', (req, res) => {
    res.json(sim.requireTenant(id(req)).summary());
  });
  r.patch('/tenants/:id', (req, res) => {
    res.json(sim.updateTenant(id(req), tenantOptions(req.body, false)));
  });
  r.get('/tenants/:id/state', (req, res) => {
    res.json(sim.state(id(req)));
  });
  r.get('/tenants/:id/vat', (req, res) => {
    res.json(sim.vatReports(id(req)));
  });
  r.get('/tenants/:id/counters', (req, res) => {
    sim.requireTenant(id(req));
    res.json(sim.tenantCounters(id(req)));
  });
  // Extensions: tokens without the OAuth dance, stock, and seeding existing records.
  r.post('/tenants/:id/tokens', (req, res) => {
    res.status(201).json(sim.issueTokens(id(req)));
  });
  r.post('/tenants/:id/expire-tokens', (req, res) => {
    res.json({ expired: sim.expireTokens(id(req)) });
  });
  r.put('/tenants/:id/stock', (req, res) => {
    if (!isObject(req.body)) throw new SimInputError(400, 'body must be {"<articleNumber>": <quantity>}');
    sim.setStock(id(req), req.body as Record<string, number>);
    res.json(sim.state(id(req)).stock);
  });
  r.post('/tenants/:id/import', (req, res) => {
    if (!isObject(req.body)) throw new SimInputError(400, 'body must be a JSON object');
    sim.importRecords(id(req), req.body as ImportRecords);
    res.status(204).end();
  });

  r.get('/counters', (_req, res) => {
    res.json(sim.counters());
  });
  r.post('/counters/reset', (_req, res) => {
    sim.resetCounters();
    res.json(sim.counters());
  });

  r.post('/faults', (req, res) => {
    const f = sim.addFault(faultSpec(req.body));
    res.status(201).json({ id: f.id });
  });
  r.get('/faults', (_req, res) => {
    res.json(sim.listFaults());
  });
  r.delete('/faults', (_req, res) => {
    sim.clearFaults();
    res.status(204).end();
  });
  r.delete('/faults/:id', (req, res) => {
    if (!sim.removeFault(id(req))) throw new SimInputError(404, `unknown fault ${id(req)}`);
    res.status(204).end();
  });

  r.get('/config', (_req, res) => {
    res.json(sim.publicConfig());
  });
  r.patch('/config', (req, res) => {
    if (!isObject(req.body)) throw new SimInputError(400, 'body must be a JSON object');
    for (const k of Object.keys(req.body)) {
      if (k !== 'rateLimit' && k !== 'tokenTtlSeconds') throw new SimInputError(400, `unknown field ${k}`);
    }
    res.json(sim.setConfig(req.body as Parameters<FortnoxSim['setConfig']>[0]));
  });

  r.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  r.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    if (err instanceof SimInputError) {
      res.status(err.status).json({ error: err.message });
      return;
    }
    const e = err as { type?: string; message?: string };
    if (e.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'invalid JSON' });
      return;
    }
    res.status(500).json({ error: e.message ?? 'internal error' });
  });
  return r;
}
