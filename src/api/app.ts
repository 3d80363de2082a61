import express from 'express';
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import { createCoreDeps, type CoreDeps } from '../deps';
import { createFortnoxClient, type FortnoxClient } from '../fortnox';
import { createShopRepository, type ShopRepository } from '../shops/repository';
import { createSyncLog, type SyncLog } from '../sync-log';
import { createTemporalClient } from '../temporal';
import { pathOnly } from '../logger';
import { errorHandler, HttpError } from './http-error';
import { healthRouter } from './routes/health';
import { pingRouter } from './routes/ping';

export interface ApiDeps extends CoreDeps {
  temporal: Client;
  shops: ShopRepository;
  syncLog: SyncLog;
  fortnox: FortnoxClient;
}

/** Everything the API needs, built once per process. */
export function createApiDeps(config: Config, core: CoreDeps = createCoreDeps(config, 'api', 10)): ApiDeps {
  return {
    ...core,
    temporal: createTemporalClient(config),
    shops: createShopRepository(core.db, core.box),
    syncLog: createSyncLog(core.db),
    fortnox: createFortnoxClient({ db: core.db, box: core.box, config, logger: core.logger }),
  };
}

/** The Express app (listened to in server.ts; tested with supertest). */
export function createApp(deps: ApiDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use(express.json({ limit: '100kb' }));
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Path only: webhook tokens travel in the query string.
      deps.logger.debug({ method: req.method, path: pathOnly(req.originalUrl), status: res.statusCode, ms: Math.round(ms) }, 'request');
    });
    next();
  });
  app.use(healthRouter(deps));
  app.use(pingRouter(deps));
  app.use((req, _res, next) => next(new HttpError(404, `No route ${req.method} ${pathOnly(req.path)}`)));
  app.use(errorHandler(deps.logger));
  return app;
}
