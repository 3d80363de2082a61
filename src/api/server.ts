import type { Server } from 'node:http';
import { loadConfigOrExit, type Config } from '../config';
import { ensureDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { startDispatcher } from '../inbox/dispatcher';
import { createApiDeps, createApp } from './app';

/** Starts the API (and its background loops) and resolves once it listens. */
export async function startApi(config: Config): Promise<{ server: Server; close(): Promise<void> }> {
  await ensureDatabase(config.DATABASE_URL);
  const deps = createApiDeps(config);
  await migrateToLatest(deps.db);
  const app = createApp(deps);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.PORT, () => resolve(s));
  });
  // Inbox → workflow starts; every API process runs one (rows are claimed with SKIP LOCKED).
  const dispatcher = startDispatcher(deps);
  deps.logger.info({ port: config.PORT, publicUrl: config.PUBLIC_URL }, 'api listening');
  return {
    server,
    async close() {
      await new Promise((r) => server.close(r));
      await dispatcher.stop();
      await deps.temporal.connection.close();
      await deps.db.destroy();
    },
  };
}

if (require.main === module) {
  const config = loadConfigOrExit();
  startApi(config)
    .then(({ close }) => {
      const stop = () => close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((err) => {
      console.error(`api failed: ${err?.message ?? err}`);
      process.exit(1);
    });
}
