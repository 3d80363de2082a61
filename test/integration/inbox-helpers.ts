// Helpers for the inbox / webhook / catch-up integration tests (not a test file itself).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type express from 'express';
import { createDb, dropDatabase, ensureDatabase, type Db } from '../../src/db/connection';
import { migrateToLatest } from '../../src/db/migrate';
import type { SecretBox } from '../../src/crypto';
import type { ShopSettingsInput } from '../../src/domain/settings';
import { createShopRepository } from '../../src/repositories/shops';

/** A database of its own (another suite's dispatcher must not claim this suite's inbox rows). */
export async function freshDatabase(tag: string): Promise<{ url: string; db: Db; drop(): Promise<void> }> {
  const base = new URL(process.env.DATABASE_URL!);
  base.pathname = `/${base.pathname.slice(1)}_${tag}_${randomUUID().slice(0, 8)}`;
  const url = base.toString();
  await ensureDatabase(url);
  const db = createDb(url, 10);
  await migrateToLatest(db);
  return {
    url,
    db,
    async drop() {
      await db.destroy();
      if (!process.env.KEEP_TEST_DB) await dropDatabase(url).catch(() => undefined);
    },
  };
}

export async function listen(app: express.Express): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  server.keepAliveTimeout = 30_000;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

export async function createTestShop(db: Db, box: SecretBox, opts: { apiKey?: string; settings?: ShopSettingsInput } = {}) {
  const id = `t-${randomUUID().slice(0, 8)}`;
  const created = await createShopRepository(db, box).create({ id, name: `Test ${id}`, quickbutikApiKey: opts.apiKey ?? `key-${id}`, settings: opts.settings });
  return { shopId: id, secret: created.webhookSecret };
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** GETs every URL with `concurrency` lanes; latency figures in ms. */
export async function fire(urls: string[], concurrency: number) {
  const latencies: number[] = [];
  const statuses: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < urls.length) {
        const url = urls[next++]!;
        const t = performance.now();
        const res = await fetch(url, { headers: { 'User-Agent': 'Quickbutik-Webhooks/1.0' } });
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        statuses.push(res.status);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    statuses,
    perSecond: Math.round(urls.length / seconds),
    p50: +percentile(sorted, 50).toFixed(1),
    p99: +percentile(sorted, 99).toFixed(1),
    max: +sorted[sorted.length - 1]!.toFixed(1),
  };
}

/** Every execution (each run) of the shop's workflows whose id starts with `prefix`. */
export async function executionsOf(client: Client, shopId: string, prefix: string) {
  const out: { workflowId: string; runId: string; type: string }[] = [];
  for await (const wf of client.workflow.list({ query: `ShopId = '${shopId}'` })) {
    if (wf.workflowId.startsWith(prefix)) out.push({ workflowId: wf.workflowId, runId: wf.runId, type: wf.type });
  }
  return out;
}

/** Terminates what a test left running (best effort). */
export async function terminateAll(client: Client, shopId: string) {
  for await (const wf of client.workflow.list({ query: `ShopId = '${shopId}' AND ExecutionStatus = 'Running'` })) {
    await client.workflow.getHandle(wf.workflowId, wf.runId).terminate('test cleanup').catch(() => undefined);
  }
}
