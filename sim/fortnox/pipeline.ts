// The request pipeline in front of /3 and /api/warehouse: counting, bearer auth, faults, rate limit,
// content negotiation and body parsing — in the order a request meets them at Fortnox.
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { normaliseEndpoint } from './counters';
import { errors } from './errors';
import { htmlErrorPage } from './faults';
import type { FortnoxSim } from './sim';
import { sleep } from './util';

const UNKNOWN_TENANT = 'unknown';

/** "METHOD /path" without query or trailing slash — what fault `match` regexes are tested against. */
export const methodPath = (req: Request): string =>
  `${req.method} ${(req.originalUrl.split('?')[0].replace(/\/+$/, '') || '/')}`;

function tooManyRequests(res: Response): void {
  // Fortnox documents no Retry-After or rate headers on 429.
  res.status(429).json({ message: 'Too many requests' });
}

export function apiPipeline(sim: FortnoxSim): RequestHandler[] {
  const count: RequestHandler = (req, res, next) => {
    const endpoint = normaliseEndpoint(req.method, req.originalUrl);
    res.on('close', () => {
      const tenantId = (res.locals.tenantId as string | undefined) ?? UNKNOWN_TENANT;
      // A connection destroyed by a fault never produced a status the client could see.
      const status = res.writableFinished ? String(res.statusCode) : 'destroyed';
      sim.counterStore.record(tenantId, endpoint, status);
    });
    next();
  };

  const authenticate: RequestHandler = (req, res, next) => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const resolved = m ? sim.tokens.resolve(m[1]) : undefined;
    if (resolved) res.locals.tenantId = resolved.tenantId;
    const tenant = resolved ? sim.getTenant(resolved.tenantId) : undefined;
    if (!resolved || !resolved.valid || !tenant) {
      res.status(401).json({ message: 'unauthorized' });
      return;
    }
    res.locals.tenant = tenant;
    next();
  };

  const limit: RequestHandler = (req, res, next) => {
    const tenantId = res.locals.tenantId as string;
    if (sim.faults.take(tenantId, methodPath(req), ['burst429'])) return tooManyRequests(res);
    const rl = sim.config.rateLimit;
    const { ok, inWindow } = sim.limiter.tryAcquire(tenantId, sim.now(), rl ? rl.limit : null, rl ? rl.windowMs : 5000);
    if (!ok) return tooManyRequests(res);
    sim.counterStore.window(tenantId, inWindow);
    next();
  };

  const faults: RequestHandler = async (req, res, next) => {
    const tenantId = res.locals.tenantId as string;
    const mp = methodPath(req);
    const slow = sim.faults.take(tenantId, mp, ['slow']);
    if (slow) await sleep(slow.delayMs ?? 1000);
    const failure = sim.faults.take(tenantId, mp, ['error5xx', 'html']);
    if (failure?.kind === 'html') {
      const status = failure.status ?? 503;
      res.status(status).type('text/html; charset=UTF-8').send(htmlErrorPage(status));
      return;
    }
    if (failure) {
      res.status(failure.status ?? 500).json(errors.system().body());
      return;
    }
    const commit = sim.faults.take(tenantId, mp, ['commitThenTimeout']);
    if (commit) {
      // The handler runs (the write happens), then the client never gets the answer.
      const delay = commit.delayMs ?? 0;
      res.send = function destroyInsteadOfSending() {
        setTimeout(() => req.socket.destroy(), delay);
        return res;
      } as Response['send'];
    }
    next();
  };

  const negotiate: RequestHandler = (req, _res, next) => {
    const accept = req.get('accept');
    if (accept && !/application\/json|\*\/\*|application\/\*/i.test(accept)) throw errors.wrongAccept();
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    const type = req.get('content-type') ?? '';
    const isArchiveUpload = /^\/3\/archive\/?$/i.test(req.path) || /^\/archive\/?$/i.test(req.path);
    if (hasBody && !isArchiveUpload && !/application\/json/i.test(type)) throw errors.wrongContentType();
    next();
  };

  return [count, authenticate, limit, faults, negotiate, express.json({ limit: '10mb' })];
}

/** Maps thrown errors to Fortnox-style answers. */
export function apiErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  const e = err as { status?: number; type?: string; body?: () => unknown } & Error;
  if (typeof e.body === 'function' && typeof e.status === 'number') {
    res.status(e.status).json(e.body());
    return;
  }
  if (e.type === 'entity.parse.failed') {
    res.status(400).json(errors.invalidJson().body());
    return;
  }
  if (e.type === 'entity.too.large') {
    res.status(413).json({ message: 'Request entity too large' });
    return;
  }
  res.status(500).json(errors.system().body());
}
