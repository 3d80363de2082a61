import express from 'express';
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import { createCoreDeps, type CoreDeps } from '../deps';
import { createFortnoxClient, type FortnoxClient } from '../fortnox';
import { createShopRepository, type ShopRepository } from '../repositories/shops';
import { createSyncLog, type SyncLog } from '../repositories/sync-log';
import { createTemporalClient } from '../temporal';
import { pathOnly } from '../logger';
import { errorHandler, HttpError } from './http-error';
import { rejectMalformedUrls, requireJsonBodies } from './request-guards';
import { healthRouter } from './routes/health';
import { pingRouter } from './routes/ping';
import { actionsRouter } from './routes/actions';
import { errorsRouter } from './routes/errors';
import { fortnoxConnectRouter } from './routes/fortnox-connect';
import { logRouter } from './routes/log';
import { metricsRouter } from './routes/metrics';
import { shopsRouter } from './routes/shops';
import { shopAdminRouter } from './routes/shop-admin';
import { statusRouter } from './routes/status';
import { trustRouter } from './routes/trust';
import { openapiRouter } from './openapi';
import { webhooksRouter } from './routes/webhooks';
import { webRouter } from '../web/router';

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
  app.use(rejectMalformedUrls);
  app.use(requireJsonBodies);
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
  app.use(webhooksRouter(deps)); // first: the hot path
  app.use(healthRouter(deps));
  app.use(pingRouter(deps));
  app.use(shopsRouter(deps));
  app.use(fortnoxConnectRouter(deps));
  app.use(shopAdminRouter(deps));
  app.use(statusRouter(deps));
  app.use(logRouter(deps));
  app.use(actionsRouter(deps));
  app.use(errorsRouter(deps));
  app.use(trustRouter(deps));
  app.use(metricsRouter(deps));
  app.use(openapiRouter(deps));
  app.use(webRouter(deps)); // the merchant page, HTML under /app
  app.use((req, _res, next) => next(new HttpError(404, `No route ${req.method} ${pathOnly(req.path)}`)));
  app.use(errorHandler(deps.logger));
  return app;
}
