// Builds the Fortnox simulator as an Express app; `cli.ts` listens, tests use the app with supertest.
import express from 'express';
import { adminRouter } from './admin';
import { errors } from './errors';
import { oauthRouter } from './oauth';
import { apiErrorHandler, apiPipeline } from './pipeline';
import { archiveRouter, fileConnectionsRouter } from './resources/archive';
import { articlesRouter } from './resources/articles';
import { customersRouter } from './resources/customers';
import { invoicesRouter } from './resources/invoices';
import { ordersRouter } from './resources/orders';
import { paymentsRouter } from './resources/payments';
import { pricesRouter } from './resources/prices';
import { financialYearsRouter, lockedPeriodRouter } from './resources/company';
import { companyInformationRouter, registerRouters, settingsRouter } from './resources/registers';
import { warehouseRouter } from './resources/warehouse';
import { FortnoxSim } from './sim';
import type { FortnoxSimOptions } from './types';

export { FortnoxSim } from './sim';
export type { FortnoxSimOptions } from './types';

export function createFortnoxSim(options: FortnoxSimOptions = {}): { app: express.Express; sim: FortnoxSim } {
  const sim = new FortnoxSim(options);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((_req, res, next) => {
    res.set('Server', 'Fortnox');
    next();
  });

  app.use('/oauth-v1', oauthRouter(sim));
  app.use('/__sim', adminRouter(sim));

  app.use(['/3', '/api/warehouse'], ...apiPipeline(sim));
  app.use('/3/customers', customersRouter(sim));
  app.use('/3/articles', articlesRouter(sim));
  app.use('/3/prices', pricesRouter(sim));
  app.use('/3/archive', archiveRouter(sim));
  app.use('/3/articlefileconnections', fileConnectionsRouter(sim));
  app.use('/3/invoices', invoicesRouter(sim));
  app.use('/3/orders', ordersRouter(sim));
  app.use('/3/invoicepayments', paymentsRouter(sim));
  for (const [path, router] of Object.entries(registerRouters(sim))) app.use(`/3/${path}`, router);
  app.use('/3/financialyears', financialYearsRouter(sim));
  app.use('/3/settings/lockedperiod', lockedPeriodRouter(sim));
  app.use('/3/settings', settingsRouter(sim));
  app.use('/3/companyinformation', companyInformationRouter(sim));
  app.use('/api/warehouse', warehouseRouter(sim));
  app.use('/3', () => {
    throw errors.unknownPath();
  });
  app.use(apiErrorHandler);
  return { app, sim };
}
