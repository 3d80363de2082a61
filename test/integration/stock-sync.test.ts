// Stock reconciliation (real Temporal + PostgreSQL, both simulators): both directions, Lager on and off, only
// changed quantities written, 2 000-article shops, and no sync loop through Quickbutik's product.update webhooks.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import type { Config } from '../../src/config';
import type { CoreDeps } from '../../src/deps';
import { searchAttributes, workflowIds } from '../../src/workflows/definitions';
import { startProductSync } from '../../src/workflows/starters';
import { createConnectedShop, startWorld, type Sims, type World } from '../helpers/world';

type Rec = Record<string, any>;

let sims: Sims;
let config: Config;
let deps: CoreDeps;
let client: Client;
let world: World;

beforeAll(async () => {
  world = await startWorld({ rateLimit: false });
  ({ sims, config, deps, client } = world);
});
afterAll(() => world?.stop());

let seq = 0;
async function shop(settings: Record<string, unknown>, tenant: Record<string, unknown> = {}) {
  const shopId = `ss${++seq}-${Date.now() % 100000}`;
  const { tenantId } = await createConnectedShop(deps, sims, shopId, settings, tenant);
  return { shopId, tenantId };
}

/** n simple products in Quickbutik and their articles in Fortnox (seeded directly: fast for thousands). */
function seed(shopId: string, tenantId: string, n: number, qbStock: (i: number) => number, fxStock: (i: number) => number) {
  const sku = (i: number) => `ART-${String(i).padStart(5, '0')}`;
  for (let i = 0; i < n; i++) {
    sims.quickbutik.createProduct(shopId, { sku: sku(i), title: `Artikel ${i}`, price: 100, tax_rate: 25, stock: qbStock(i) }, { skipWebhook: true });
  }
  sims.fortnox.importRecords(tenantId, {
    articles: Array.from({ length: n }, (_, i) => ({ ArticleNumber: sku(i), Description: `Artikel ${i}`, StockGoods: true, QuantityInStock: fxStock(i) })),
  });
  return sku;
}

async function runStock(shopId: string) {
  const handle = await client.workflow.start('stockSyncWorkflow', {
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowId: workflowIds.stock(shopId),
    args: [{ shopId }],
    typedSearchAttributes: [{ key: searchAttributes.ShopId, value: shopId }],
  });
  const started = Date.now();
  const result = await handle.result();
  return { result: result as Rec, ms: Date.now() - started, status: await handle.query<Rec>('status') };
}

const qbStock = (shopId: string) => {
  const out: Record<string, number> = {};
  for (const p of sims.quickbutik.shop(shopId).products.values()) {
    if (p.variants.length) for (const v of p.variants) out[v.sku] = v.qty;
    else out[p.sku] = p.qty;
  }
  return out;
};
const qbPuts = (shopId: string) => sims.quickbutik.counters.snapshot().shops[shopId]?.requests['PUT /v1/products']?.['200'] ?? 0;
const fxCalls = (tenantId: string, endpoint?: string) => {
  const c = sims.fortnox.tenantCounters(tenantId);
  return endpoint ? Object.values(c.byEndpoint[endpoint] ?? {}).reduce((s, n) => s + n, 0) : c.total;
};
const stockLog = (shopId: string) =>
  deps.db.selectFrom('sync_log').selectAll().where('shop_id', '=', shopId).where('entity_type', '=', 'stock').orderBy('id').execute();

describe('Fortnox → Quickbutik (stockMaster fortnox)', () => {
  it('Lager off: articles\' QuantityInStock; only differing quantities are written; a second run writes nothing', async () => {
    const { shopId, tenantId } = await shop({ stockMaster: 'fortnox' });
    const sku = seed(shopId, tenantId, 30, () => 10, (i) => (i % 6 === 0 ? 3 + i : 10)); // i = 0, 6, 12, 18, 24 differ
    sims.quickbutik.createProduct(shopId, {
      sku: 'TEE', title: 'T-shirt', price: 200, tax_rate: 25,
      variants: [{ sku: 'TEE-S', stock: 1, values: [{ name: 'Storlek', val: 'S' }] }, { sku: 'TEE-M', stock: 2, values: [{ name: 'Storlek', val: 'M' }] }],
    }, { skipWebhook: true });
    sims.fortnox.importRecords(tenantId, { articles: [{ ArticleNumber: 'TEE-S', Description: 'T-shirt S', QuantityInStock: 4.5 }, { ArticleNumber: 'TEE-M', Description: 'T-shirt M', QuantityInStock: 2 }] });
    sims.quickbutik.createProduct(shopId, { sku: 'ONLY-QB', title: 'Inte i Fortnox', price: 10, tax_rate: 25, stock: 5 }, { skipWebhook: true });

    const first = await runStock(shopId);
    expect(first.result).toMatchObject({ status: 'synced', action: 'pull', totals: { products: 32, checked: 32, written: 6, failed: 0, missing: 1 } });
    const stock = qbStock(shopId);
    expect([0, 6, 12, 18, 24].map((i) => stock[sku(i)])).toEqual([3, 9, 15, 21, 27]);
    expect(stock[sku(1)]).toBe(10);
    expect(stock['TEE-S']).toBe(4); // 4.5 in Fortnox: rounded down, never oversold
    expect(stock['ONLY-QB']).toBe(5);
    expect(qbPuts(shopId)).toBe(1); // one batch
    expect(first.status).toMatchObject({ status: 'synced', progress: { done: 32, total: 32 } });
    const mapped = await deps.db.selectFrom('article_map').select(['sku', 'stock']).where('shop_id', '=', shopId).where('sku', '=', sku(6)).executeTakeFirst();
    expect(mapped).toEqual({ sku: sku(6), stock: 9 });
    expect((await stockLog(shopId)).map((r) => r.message_en)).toEqual([expect.stringMatching(/32 articles compared, 6 changed in Quickbutik, 1 missing in Fortnox/)]);

    const second = await runStock(shopId);
    expect(second.result.totals).toMatchObject({ checked: 32, written: 0 });
    expect(qbPuts(shopId)).toBe(1);
    expect(await stockLog(shopId)).toHaveLength(1); // a quiet steady state
  });

  it('Lager on: the warehouse\'s available stock', async () => {
    const { shopId, tenantId } = await shop({ stockMaster: 'fortnox' }, { lager: true });
    const sku = seed(shopId, tenantId, 10, () => 5, () => 5);
    sims.fortnox.setStock(tenantId, { [sku(2)]: 12, [sku(7)]: 0 });
    const run = await runStock(shopId);
    expect(run.result).toMatchObject({ action: 'pull', totals: { checked: 10, written: 2 } });
    expect(qbStock(shopId)).toMatchObject({ [sku(2)]: 12, [sku(7)]: 0, [sku(3)]: 5 });
    expect(fxCalls(tenantId, 'GET /api/warehouse/status-v1/stockbalance')).toBe(1);
  });
});

describe('Quickbutik → Fortnox (stockMaster quickbutik)', () => {
  it('Lager off: only the changed articles are written', async () => {
    const { shopId, tenantId } = await shop({ stockMaster: 'quickbutik' });
    const sku = seed(shopId, tenantId, 20, (i) => (i < 3 ? 50 + i : 7), () => 7);
    const run = await runStock(shopId);
    expect(run.result).toMatchObject({ action: 'push', totals: { checked: 20, written: 3 } });
    expect(fxCalls(tenantId, 'PUT /3/articles/:id')).toBe(3);
    const articles = sims.fortnox.state(tenantId).articles as Rec[];
    expect([0, 1, 2, 3].map((i) => articles.find((a) => a.ArticleNumber === sku(i))!.QuantityInStock)).toEqual([50, 51, 52, 7]);
    expect(qbPuts(shopId)).toBe(0);
    expect((await runStock(shopId)).result.totals.written).toBe(0);
  });

  it('Lager on: nothing is written, and the log explains why (once, not on every run)', async () => {
    const { shopId, tenantId } = await shop({ stockMaster: 'quickbutik' }, { lager: true });
    seed(shopId, tenantId, 5, () => 9, () => 1);
    expect((await runStock(shopId)).result).toEqual({ status: 'lager-active' });
    expect((await runStock(shopId)).result).toEqual({ status: 'lager-active' });
    const log = await stockLog(shopId);
    expect(log).toHaveLength(1);
    expect(log[0]!.message_en).toMatch(/Fortnox Lager .* is active and then owns stock.*stockMaster fortnox/);
    expect(sims.fortnox.state(tenantId).stock['ART-00000']).toBe(1);
    expect(fxCalls(tenantId, 'PUT /3/articles/:id')).toBe(0);
  });

  it('stockMaster none: nothing at all', async () => {
    const { shopId, tenantId } = await shop({ stockMaster: 'none' });
    seed(shopId, tenantId, 3, () => 9, () => 1);
    const before = fxCalls(tenantId);
    expect((await runStock(shopId)).result).toEqual({ status: 'off' });
    expect(fxCalls(tenantId)).toBe(before);
  });
});

describe('a shop with 2 000 articles', () => {
  const N = 2000;
  it.each([
    ['fortnox', false],
    ['fortnox', true],
    ['quickbutik', false],
  ] as const)('stockMaster %s, Lager %s: pages through, writes only the 40 changed', async (master, lager) => {
    const { shopId, tenantId } = await shop({ stockMaster: master }, { lager });
    const changed = (i: number) => i % 50 === 7; // 40 articles
    const sku = seed(shopId, tenantId, N, (i) => (master === 'quickbutik' && changed(i) ? 100 + i : 20), (i) => (master === 'fortnox' && changed(i) ? 3 : 20));
    const before = fxCalls(tenantId);
    const run = await runStock(shopId);
    expect(run.result).toMatchObject({ status: 'synced', totals: { products: N, checked: N, written: 40, failed: 0, missing: 0 } });
    expect(run.status.progress).toEqual({ done: N, total: N });
    if (master === 'fortnox') {
      expect(qbStock(shopId)[sku(7)]).toBe(3);
      expect(qbPuts(shopId)).toBe(8); // 40 changes spread over 8 pages of 250 products: one batch each
    } else {
      const articles = sims.fortnox.state(tenantId).articles as Rec[];
      expect(articles.find((a) => a.ArticleNumber === sku(57))!.QuantityInStock).toBe(157);
      expect(fxCalls(tenantId, 'PUT /3/articles/:id')).toBe(40);
    }
    const calls = fxCalls(tenantId) - before;
    // 1 Lager check + 4 register pages (500 each) [+ 40 warehouse batches of 50 with Lager] [+ 40 PUTs when pushing]
    expect(calls).toBe(1 + 4 + (lager ? 40 : 0) + (master === 'quickbutik' ? 40 : 0));
    console.log(`stock ${master}${lager ? '+lager' : ''} ${N} articles: ${run.ms} ms, ${calls} Fortnox calls`);

    const again = await runStock(shopId);
    expect(again.result.totals.written).toBe(0);
    console.log(`stock ${master}${lager ? '+lager' : ''} ${N} articles, nothing changed: ${again.ms} ms`);
  });
});

describe('no sync loop', () => {
  /** Stands in for the webhook intake + dispatcher: every product webhook starts the product workflow. */
  async function webhookReceiver(shopId: string) {
    const runs: Promise<unknown>[] = [];
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const productId = url.searchParams.get('product_id');
      if (productId) {
        runs.push(startProductSync(client, config.TEMPORAL_TASK_QUEUE, { shopId, productId, source: 'webhook' })
          .then(({ workflowId }) => client.workflow.getHandle(workflowId).result()));
      }
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    sims.quickbutik.updateShop(shopId, { webhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` });
    return {
      /** Waits for every delivered webhook's product workflow. */
      async settle() {
        await sims.quickbutik.idle();
        const results = await Promise.all(runs.splice(0));
        return results as Rec[];
      },
      close: () => new Promise((r) => server.close(r)),
    };
  }

  it('Fortnox → Quickbutik: the stock write fires product.update, and the product sync it starts sends nothing', async () => {
    const { shopId, tenantId } = await shop({ stockMaster: 'fortnox', syncProducts: true });
    const hooks = await webhookReceiver(shopId);
    try {
      for (const s of ['A', 'B', 'C']) sims.quickbutik.createProduct(shopId, { sku: `LOOP-${s}`, title: `Produkt ${s}`, price: 100, tax_rate: 25, stock: 10 });
      const created = await hooks.settle(); // product.add → the articles are created in Fortnox
      expect(created.map((r) => r.status)).toEqual(['synced', 'synced', 'synced']);

      sims.fortnox.setStock(tenantId, { 'LOOP-A': 4, 'LOOP-B': 10, 'LOOP-C': 0 });
      const run = await runStock(shopId);
      expect(run.result.totals).toMatchObject({ checked: 3, written: 2 }); // B already agrees
      const callsAfterStock = fxCalls(tenantId);
      const echoes = await hooks.settle(); // product.update for A and C
      expect(echoes).toHaveLength(2);
      expect(echoes.every((r) => r.status === 'synced' && r.fortnoxCalls === 0)).toBe(true);
      expect(fxCalls(tenantId)).toBe(callsAfterStock); // the echo cost Fortnox nothing
      expect(qbStock(shopId)).toMatchObject({ 'LOOP-A': 4, 'LOOP-B': 10, 'LOOP-C': 0 });

      const second = await runStock(shopId);
      expect(second.result.totals.written).toBe(0);
      expect(await hooks.settle()).toHaveLength(0); // nothing written, no webhook, no product sync: the loop is closed
    } finally {
      await hooks.close();
    }
  });

  it('Quickbutik → Fortnox: a stock change in the shop is pushed once, by the product sync or the schedule, not twice', async () => {
    const { shopId, tenantId } = await shop({ stockMaster: 'quickbutik', syncProducts: true });
    const hooks = await webhookReceiver(shopId);
    try {
      const id = sims.quickbutik.createProduct(shopId, { sku: 'PUSH-1', title: 'Push', price: 10, tax_rate: 25, stock: 6 }).id;
      await hooks.settle();
      const article = () => (sims.fortnox.state(tenantId).articles as Rec[]).find((a) => a.ArticleNumber === 'PUSH-1')!;
      expect(article().QuantityInStock).toBe(6);

      sims.quickbutik.updateProduct(shopId, { product_id: id, stock: 2 }); // e.g. a sale: product.update
      const [echo] = await hooks.settle();
      expect(echo).toMatchObject({ status: 'synced', changed: ['PUSH-1'], fortnoxCalls: 1 }); // just the stock
      expect(article().QuantityInStock).toBe(2);
      const run = await runStock(shopId);
      expect(run.result.totals).toMatchObject({ checked: 1, written: 0 });
    } finally {
      await hooks.close();
    }
  });
});
