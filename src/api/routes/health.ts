import { Router } from 'express';
import { sql } from 'kysely';
import type { ApiDeps } from '../app';

/** `/health`: liveness plus what we depend on; `/ready`: 200 only when Temporal and PostgreSQL answer. */
export function healthRouter({ db, temporal }: ApiDeps): Router {
  const router = Router();
  const check = async () => {
    const [database, temporalOk] = await Promise.all([
      sql`select 1`.execute(db).then(() => true, () => false),
      withTimeout(temporal.connection.workflowService.getSystemInfo({}), 2000).then(() => true, () => false),
    ]);
    return { database: database ? 'up' : 'down', temporal: temporalOk ? 'up' : 'down' };
  };
  router.get('/health', async (_req, res) => {
    res.json({ status: 'ok', ...(await check()) });
  });
  router.get('/ready', async (_req, res) => {
    const deps = await check();
    const ready = deps.database === 'up' && deps.temporal === 'up';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', ...deps });
  });
  return router;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}
