// `npm start`: API and worker in one process (production config). Scale out by running more
// `npm run worker` processes against the same Temporal cluster and PostgreSQL.
import { startApi } from './api/server';
import { loadConfigOrExit } from './config';
import { runWorker } from './worker';

async function main() {
  const config = loadConfigOrExit();
  const api = await startApi(config);
  await runWorker(config); // returns after SIGINT/SIGTERM once in-flight tasks are handed back
  await api.close();
  process.exit(0);
}
main().catch((err) => {
  console.error(`start failed: ${err?.message ?? err}`);
  process.exit(1);
});
