import { loadConfigOrExit } from '../src/config';
import { createDb, ensureDatabase } from '../src/db/connection';
import { migrateToLatest } from '../src/db/migrate';

async function main() {
  const config = loadConfigOrExit();
  await ensureDatabase(config.DATABASE_URL);
  const db = createDb(config.DATABASE_URL, 1);
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  await db.destroy();
}
main().catch((err) => {
  console.error(`migrate failed: ${err.message}`);
  process.exit(1);
});
