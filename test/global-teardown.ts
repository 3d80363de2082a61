import { dropDatabase } from '../src/db/connection';
import type { DevServer } from '../scripts/lib/temporal-dev';

export default async function globalTeardown() {
  const state = (globalThis as Record<string, unknown>).__qbfx as { server: DevServer; databaseUrl: string } | undefined;
  if (!state) return;
  await state.server.stop();
  if (!process.env.KEEP_TEST_DB) await dropDatabase(state.databaseUrl).catch(() => undefined);
}
