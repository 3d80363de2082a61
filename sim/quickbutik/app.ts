import express, { type NextFunction, type Request, type Response } from 'express';
import { adminRouter } from './admin';
import { apiRouter } from './api';
import { asSimError } from './errors';
import { pngFor } from './png';
import { QuickbutikSim, type QuickbutikSimOptions } from './sim';

export { QuickbutikSim } from './sim';
export type { QuickbutikSimOptions, ShopInput, GenerateRequest } from './sim';

/** The Quickbutik simulator: the real API under /v1, product images under /images, the admin API under /__sim. */
export function createQuickbutikSim(options: QuickbutikSimOptions = {}): { app: express.Express; sim: QuickbutikSim } {
  const sim = new QuickbutikSim(options);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(express.json({ limit: '20mb' }));

  app.use('/v1', apiRouter(sim));
  app.use('/__sim', adminRouter(sim));
  app.get('/images/:file', (req, res) => {
    const file = String(req.params.file);
    if (!/^[A-Za-z0-9_-]{1,100}\.png$/.test(file)) {
      res.status(404).json({ code: 404, error: 'Image not found' });
      return;
    }
    res.type('png').set('Cache-Control', 'public, max-age=86400').send(pngFor(file));
  });
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ code: 404, error: 'Not found' });
  });

  // One error handler: the API's error shape for everything, a 500 only for the simulator's own bugs.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const parseFailure = (err as { type?: string })?.type === 'entity.parse.failed';
    const known = parseFailure ? { status: 400, message: 'Invalid JSON body' } : asSimError(err);
    if (known) {
      res.status(known.status).json({ code: known.status, error: known.message });
      return;
    }
    console.error('quickbutik-sim: unexpected error', err);
    res.status(500).json({ code: 500, error: 'Internal simulator error' });
  });
  return { app, sim };
}
