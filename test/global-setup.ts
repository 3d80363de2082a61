// One Temporal dev server, one fresh migrated database and one workflow bundle for the integration run.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { createDb, ensureDatabase } from '../src/db/connection';
import { migrateToLatest } from '../src/db/migrate';
import { freePort } from '../scripts/lib/stack';
import { startTemporalDevServer, temporalBinary } from '../scripts/lib/temporal-dev';

export default async function globalSetup() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'qbfx-test-'));
  const base = process.env.TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
  const databaseUrl = `${base}/qbfx_test_${Date.now()}_${process.pid}`;
  await ensureDatabase(databaseUrl);
  const db = createDb(databaseUrl, 1);
  await migrateToLatest(db);
  await db.destroy();

  process.env.TEMPORAL_CLI_PATH = temporalBinary();
  const port = await freePort();
  const server = await startTemporalDevServer({ port, logFile: path.join(tmp, 'temporal.log') });

  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../src/workflows'),
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error } as never,
  });
  const bundlePath = path.join(tmp, 'workflow-bundle.js');
  writeFileSync(bundlePath, code);

  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: server.address,
    QBFX_WORKFLOW_BUNDLE: bundlePath,
    QBFX_TEST_TMP: tmp,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  });
  (globalThis as Record<string, unknown>).__qbfx = { server, databaseUrl };
}
