// `npm run demo`: the whole local stack, a demo shop connected to the Fortnox simulator through the real OAuth
// flow, orders placed in the Quickbutik simulator so real webhooks arrive, a live progress line, then a summary.
// Runs until Ctrl-C; `-- --exit` stops after the summary (exit 0 only when every order ended as expected).
import path from 'node:path';
import { sql } from 'kysely';
import { createDb } from '../src/db/connection';
import { REPO_ROOT } from './lib/temporal-dev';
import { startStack, type Stack } from './lib/stack';

const ORDERS = Number(process.env.DEMO_ORDERS ?? 40);
const SHOP = 'demo-shop';
const ADMIN_KEY = 'dev-admin-key-change-me';
const exitAfterSummary = process.argv.includes('--exit');

async function json(url: string, init: RequestInit = {}, expect = [200, 201, 202]): Promise<any> {
  const res = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}`, ...(init.headers ?? {}) },
  });
  const text = await res.text();
  if (!expect.includes(res.status)) throw new Error(`${init.method ?? 'GET'} ${url} → ${res.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}
const post = (url: string, body: unknown) => json(url, { method: 'POST', body: JSON.stringify(body) });

/** The merchant's click on "Connect Fortnox": our API → Fortnox authorize (the simulator approves) → our callback. */
async function connectFortnox(stack: Stack) {
  const toFortnox = await fetch(`${stack.apiUrl}/shops/${SHOP}/fortnox/connect?tenant=demo-company`, {
    headers: { authorization: `Bearer ${ADMIN_KEY}` }, redirect: 'manual',
  });
  const approved = await fetch(toFortnox.headers.get('location')!, { redirect: 'manual' });
  const callback = await fetch(approved.headers.get('location')!, { headers: { accept: 'application/json', cookie: toFortnox.headers.get('set-cookie')!.split(';')[0]! } });
  if (callback.status !== 200) throw new Error(`Fortnox connect failed: ${callback.status} ${await callback.text()}`);
}

async function main() {
  const started = Date.now();
  console.log('» starting Temporal, PostgreSQL database, simulators, API and worker …');
  const stack = await startStack({
    dataDir: path.join(REPO_ROOT, '.data/demo'),
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/qbfx_demo',
    freshDatabase: true,
    temporalPort: 7233,
    temporalUiPort: 8233,
    apiPort: Number(process.env.PORT ?? 3000),
    workers: 1,
    logLevel: 'warn',
  });
  const db = createDb(stack.env.DATABASE_URL!, 2);
  const stopAll = async () => {
    await db.destroy();
    await stack.stop();
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(0)));

  try {
    // The shop as a merchant sets it up: our API first (it answers with the webhook URL), then Quickbutik.
    const shop = await post(`${stack.apiUrl}/shops`, {
      id: SHOP, name: 'Demobutiken AB', quickbutikApiKey: 'demo-quickbutik-key',
      settings: { documentType: 'invoice', syncOrderArticles: true, bookkeep: false },
    });
    await post(`${stack.quickbutikUrl}/__sim/shops`, { shopId: SHOP, apiKey: 'demo-quickbutik-key', webhookUrl: shop.webhookUrl });
    await post(`${stack.quickbutikUrl}/__sim/shops/${SHOP}/seed`, { seed: 7, products: 25, customers: 120, orders: 0 });
    await connectFortnox(stack);
    console.log(`» shop "${SHOP}" created, Fortnox connected through OAuth, ${ORDERS} orders on their way as webhooks`);

    const placedAt = Date.now();
    const { orderIds } = await post(`${stack.quickbutikUrl}/__sim/shops/${SHOP}/orders`, { count: ORDERS, seed: 11, pay: true, spreadMs: 5000 });
    const ids: string[] = orderIds.map(String);

    // Live progress until every order is synced or parked (or nothing moves for a long while).
    let last = '';
    let lastChange = Date.now();
    for (;;) {
      const p = await progress(db, ids);
      const line = `  synced ${p.synced}/${ids.length}  parked ${p.parked}  in flight ${ids.length - p.synced - p.parked}`;
      if (line !== last) {
        process.stdout.write(`\r${line}   `);
        last = line;
        lastChange = Date.now();
      }
      if (p.synced + p.parked >= ids.length || Date.now() - lastChange > 120_000) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    process.stdout.write('\n');
    const ok = await summary(stack, db, ids, placedAt);
    console.log(`\nAPI          ${stack.apiUrl}   (admin key: ${ADMIN_KEY}; try ${stack.apiUrl}/shops/${SHOP}/log)`);
    console.log(`Merchant page ${stack.apiUrl}/app   (log in with the shop's support key: ${shop.supportApiKey})`);
    console.log(`Temporal UI  ${stack.temporalUiUrl}/namespaces/default/workflows`);
    console.log(`Total time   ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (exitAfterSummary) {
      await stopAll();
      process.exit(ok ? 0 : 1);
    }
    console.log('\nRunning until Ctrl-C.');
  } catch (err) {
    console.error(`demo failed: ${(err as Error).message}\n(logs in .data/demo/logs/)`);
    await stopAll();
    process.exit(1);
  }
}

async function progress(db: ReturnType<typeof createDb>, ids: string[]) {
  const synced = await db.selectFrom('order_documents').select(sql<number>`count(*)::int`.as('n'))
    .where('shop_id', '=', SHOP).where('state', '=', 'created').where('order_id', 'in', ids).executeTakeFirstOrThrow();
  const parked = await db.selectFrom('sync_log').select(sql<number>`count(distinct entity_id)::int`.as('n'))
    .where('shop_id', '=', SHOP).where('entity_type', '=', 'order').where('outcome', '=', 'needs_attention')
    .where('entity_id', 'in', ids)
    .where('entity_id', 'not in', db.selectFrom('order_documents').select('order_id').where('shop_id', '=', SHOP).where('state', '=', 'created'))
    .executeTakeFirstOrThrow();
  return { synced: synced.n, parked: parked.n };
}

async function summary(stack: Stack, db: ReturnType<typeof createDb>, ids: string[], placedAt: number): Promise<boolean> {
  const docs = await db.selectFrom('order_documents').selectAll().where('shop_id', '=', SHOP).where('order_id', 'in', ids).execute();
  const parked = await db.selectFrom('sync_log').select(['entity_id', 'error_code', 'message_en']).where('shop_id', '=', SHOP)
    .where('outcome', '=', 'needs_attention').where('entity_id', 'in', ids).orderBy('id', 'desc').execute();
  const byOrder = new Map(docs.map((d) => [d.order_id, d]));
  const reason = new Map<string, { code: string | null; text: string | null }>();
  for (const p of parked) if (!reason.has(p.entity_id)) reason.set(p.entity_id, { code: p.error_code, text: p.message_en });

  console.log('\n order     Fortnox document         total     latency');
  let lost = 0;
  for (const id of ids) {
    const d = byOrder.get(id);
    if (d?.state === 'created') {
      const latency = d.received_at ? `${((d.updated_at.getTime() - d.received_at.getTime()) / 1000).toFixed(1)} s` : '';
      console.log(` ${id.padEnd(9)} ${`${d.document_type} ${d.document_number}`.padEnd(24)} ${String(d.fortnox_total).padStart(9)}   ${latency}`);
    } else if (reason.has(id)) {
      const r = reason.get(id)!;
      console.log(` ${id.padEnd(9)} parked: ${r.code} — ${r.text}`);
    } else {
      lost++;
      console.log(` ${id.padEnd(9)} not finished`);
    }
  }
  const counters = await json(`${stack.fortnoxUrl}/__sim/counters`);
  const calls = Object.values(counters.tenants as Record<string, { total: number }>).reduce((s, c) => s + c.total, 0);
  const synced = docs.filter((d) => d.state === 'created').length;
  console.log(`\n${synced} of ${ids.length} orders synced, ${reason.size} parked, ${lost} unfinished, in ${((Date.now() - placedAt) / 1000).toFixed(1)} s`);
  console.log(`Fortnox calls: ${calls} in all (OAuth, registers, customers, articles, documents) = ${(calls / Math.max(1, synced)).toFixed(2)} per synced order`);
  return lost === 0 && synced + reason.size === ids.length;
}

main();
