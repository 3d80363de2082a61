// `npm run temporal`: a local Temporal dev server (SQLite under .data/, Web UI on :8233) until Ctrl-C.
import path from 'node:path';
import { REPO_ROOT, startTemporalDevServer } from './lib/temporal-dev';

async function main() {
  const port = Number(process.env.TEMPORAL_PORT ?? 7233);
  const server = await startTemporalDevServer({
    port,
    uiPort: Number(process.env.TEMPORAL_UI_PORT ?? port + 1000),
    dbFile: path.join(REPO_ROOT, '.data/temporal.sqlite'),
    logFile: path.join(REPO_ROOT, '.data/temporal.log'),
  });
  console.log(`Temporal ${server.address}, Web UI ${server.uiUrl}`);
  const stop = () => server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.process.on('exit', (code) => process.exit(code ?? 1));
}
main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
