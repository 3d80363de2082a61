// Real product workflows (Temporal + PostgreSQL) against both simulators: every synced field in Fortnox, the
// never-sent ones absent, variants, bundles, images once, no Fortnox call for an unchanged product, parking on an
// invalid sku, a changed sku, a deleted product, and the order sync's ensureArticles.
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { createActivities } from '../../src/activities';
import type { Config } from '../../src/config';
import type { CoreDeps } from '../../src/deps';
import { startOrderSync, startProductSync } from '../../src/workflows/starters';
import { waitFor } from '../helpers/stack';
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
async function shop(settings: Record<string, unknown> = {}, tenant: Record<string, unknown> = {}) {
  const shopId = `ps${++seq}-${Date.now() % 100000}`;
  const { tenantId } = await createConnectedShop(deps, sims, shopId, { syncProducts: true, ...settings }, tenant);
  return { shopId, tenantId };
}

const create = (shopId: string, fields: Rec) => sims.quickbutik.createProduct(shopId, fields, { skipWebhook: true });
const update = (shopId: string, fields: Rec) => sims.quickbutik.updateProduct(shopId, fields, { skipWebhook: true });
const fx = (tenantId: string) => sims.fortnox.state(tenantId);
const article = (tenantId: string, sku: string) => fx(tenantId).articles.find((a) => a.ArticleNumber === sku) as Rec | undefined;
const price = (tenantId: string, sku: string) => (fx(tenantId).prices.find((p) => p.ArticleNumber === sku && p.PriceList === 'A') as Rec | undefined)?.Price;
const calls = (tenantId: string) => sims.fortnox.tenantCounters(tenantId);
/** Fortnox requests by endpoint made while `fn` ran. */
async function measure<T>(tenantId: string, fn: () => Promise<T>): Promise<{ result: T; total: number; byEndpoint: Record<string, number> }> {
  const before = calls(tenantId);
  const result = await fn();
  const after = calls(tenantId);
  const byEndpoint: Record<string, number> = {};
  for (const [e, statuses] of Object.entries(after.byEndpoint)) {
    const n = Object.values(statuses).reduce((s, x) => s + x, 0) - Object.values(before.byEndpoint[e] ?? {}).reduce((s, x) => s + x, 0);
    if (n) byEndpoint[e] = n;
  }
  return { result, total: after.total - before.total, byEndpoint };
}

async function syncProduct(shopId: string, productId: number | string, source: 'manual' | 'webhook' = 'webhook') {
  const { workflowId } = await startProductSync(client, config.TEMPORAL_TASK_QUEUE, { shopId, productId: String(productId), source });
  return client.workflow.getHandle(workflowId).result();
}
const logOf = (shopId: string, productId: number | string) =>
  deps.db.selectFrom('sync_log').selectAll().where('shop_id', '=', shopId).where('entity_id', '=', String(productId)).orderBy('id').execute();

describe('product → Fortnox article', () => {
  it('sends price, stock, purchase price, weight, title, stock location and image; never supplier or description', async () => {
    const { shopId, tenantId } = await shop({ stockMaster: 'quickbutik' });
    const p = create(shopId, {
      sku: 'MUG-1', title: 'Mugg "Stor" <blå> 🙂', price: 125, tax_rate: 25, purchase_price: 40, weight: 350, stock: 12,
      qty_location: 'Hylla A3', gtin: '7350000000012', supplier_name: 'Leverantören AB', supplier_sku: 'LEV-999',
      description: '<p>Marknadstext som inte ska till Fortnox</p>', images: [{}],
    });

    const first = await measure(tenantId, () => syncProduct(shopId, p.id));
    expect(first.result).toMatchObject({ status: 'synced', articles: ['MUG-1'], changed: ['MUG-1'] });
    const a = article(tenantId, 'MUG-1')!;
    expect(a).toMatchObject({
      Description: 'Mugg ’’Stor’’ (blå)', // sanitised: " → ’’, < > → ( ), emoji dropped
      PurchasePrice: 40, Weight: 350, StockPlace: 'Hylla A3', QuantityInStock: 12, EAN: '7350000000012', StockGoods: true,
    });
    expect(price(tenantId, 'MUG-1')).toBe(100); // 125 incl. 25 % VAT → 100.00 in price list A (excl. VAT)
    expect(a.SalesPrice).toBe(100);
    // Never sent: supplier name, supplier article number, description.
    expect(a.SupplierName).toBeNull();
    expect(a.ManufacturerArticleNumber).toBe('');
    expect(a.Note).toBe('');
    expect(JSON.stringify(a)).not.toMatch(/Leverantören|LEV-999|Marknadstext/);
    // Image: uploaded once and connected to the article.
    expect(fx(tenantId).files).toHaveLength(1);
    expect(fx(tenantId).fileConnections).toEqual([expect.objectContaining({ ArticleNumber: 'MUG-1' })]);
    // A new article: POST article, POST price, upload, connect — plus one look at Lager (cached for 10 minutes).
    expect(first.byEndpoint).toEqual({
      'GET /api/warehouse/tenants-v4': 1, 'POST /3/articles': 1, 'POST /3/prices': 1, 'POST /3/archive': 1, 'POST /3/articlefileconnections': 1,
    });

    // The same product again (e.g. a webhook for a change that is not ours to send): no Fortnox call at all.
    const again = await measure(tenantId, () => syncProduct(shopId, p.id));
    expect(again.result).toMatchObject({ status: 'synced', changed: [], fortnoxCalls: 0 });
    expect(again.total).toBe(0);
    expect(fx(tenantId).files).toHaveLength(1);
    // Even a manual sync (which re-checks the image bytes) uploads nothing for the same picture.
    const manual = await measure(tenantId, () => syncProduct(shopId, p.id, 'manual'));
    expect(manual.total).toBe(0);

    const log = await logOf(shopId, p.id);
    expect(log.map((r) => r.outcome)).toEqual(['synced', 'synced', 'synced']);
    expect(log[2]!.message_en).toMatch(/Unchanged: nothing was sent/);
  });

  it('a changed field costs only the call it needs', async () => {
    const { shopId, tenantId } = await shop({ stockMaster: 'quickbutik' });
    const p = create(shopId, { sku: 'LAMP-1', title: 'Lampa', price: 500, tax_rate: 25, stock: 4, images: [{}] });
    await syncProduct(shopId, p.id);

    update(shopId, { product_id: p.id, price: 625 });
    const priced = await measure(tenantId, () => syncProduct(shopId, p.id));
    expect(priced.byEndpoint).toEqual({ 'PUT /3/prices/:id/:id/:id': 1 });
    expect(price(tenantId, 'LAMP-1')).toBe(500);

    update(shopId, { product_id: p.id, title: 'Lampa (mässing)' });
    const titled = await measure(tenantId, () => syncProduct(shopId, p.id));
    expect(titled.byEndpoint).toEqual({ 'PUT /3/articles/:id': 1 });
    expect(article(tenantId, 'LAMP-1')!.Description).toBe('Lampa (mässing)');

    update(shopId, { product_id: p.id, stock: 9 });
    const stocked = await measure(tenantId, () => syncProduct(shopId, p.id));
    expect(stocked.byEndpoint).toEqual({ 'PUT /3/articles/:id': 1 });
    expect(article(tenantId, 'LAMP-1')!.QuantityInStock).toBe(9);

    // A new picture: uploaded, connected, and the old one disconnected.
    const oldFile = fx(tenantId).fileConnections[0]!.FileId;
    sims.quickbutik.shop(shopId).products.get(p.id)!.images = [{ file: `p${p.id}-new.png`, alt: '' }];
    const imaged = await measure(tenantId, () => syncProduct(shopId, p.id));
    expect(imaged.byEndpoint).toEqual({ 'POST /3/archive': 1, 'POST /3/articlefileconnections': 1, 'DELETE /3/articlefileconnections/:id': 1 });
    const connections = fx(tenantId).fileConnections;
    expect(connections).toHaveLength(1);
    expect(connections[0]!.FileId).not.toBe(oldFile);
  });

  it('variants are articles of their own; a bundle is only its own article', async () => {
    const { shopId, tenantId } = await shop({ stockMaster: 'quickbutik' });
    const tee = create(shopId, {
      sku: 'TEE', title: 'T-shirt', price: 200, tax_rate: 25, weight: 180,
      variants: [
        { sku: 'TEE-S', values: [{ name: 'Storlek', val: 'S' }], stock: 3 },
        { sku: 'TEE-M', price: 220, values: [{ name: 'Storlek', val: 'M' }], stock: 5, qty_location: 'B2' },
      ],
    });
    expect(await syncProduct(shopId, tee.id)).toMatchObject({ status: 'synced', articles: ['TEE', 'TEE-S', 'TEE-M'] });
    expect(article(tenantId, 'TEE-S')).toMatchObject({ Description: 'T-shirt - S', QuantityInStock: 3, Weight: 180 });
    expect(article(tenantId, 'TEE-M')).toMatchObject({ Description: 'T-shirt - M', QuantityInStock: 5, StockPlace: 'B2' });
    expect(article(tenantId, 'TEE')!.QuantityInStock).toBe(0); // stock lives on the variants
    expect([price(tenantId, 'TEE-S'), price(tenantId, 'TEE-M')]).toEqual([160, 176]);

    const coffee = create(shopId, { sku: 'COFFEE', title: 'Kaffe', price: 112, tax_rate: 12, stock: 50 });
    const box = create(shopId, { sku: 'GIFTBOX', title: 'Presentask', price: 300, tax_rate: 25, stock: 7 });
    sims.quickbutik.shop(shopId).products.get(box.id)!.packageProducts = [{ productId: coffee.id, variantId: null, sku: 'COFFEE', qty: 2, price: 112 }];
    expect(await syncProduct(shopId, box.id)).toMatchObject({ status: 'synced', articles: ['GIFTBOX'] });
    expect(article(tenantId, 'GIFTBOX')).toMatchObject({ QuantityInStock: 7 });
    expect(article(tenantId, 'COFFEE')).toBeUndefined(); // the components are not touched by the bundle
  });

  it('stock goes on the article only when Quickbutik is master and Lager is off', async () => {
    const lager = await shop({ stockMaster: 'quickbutik' }, { lager: true });
    const a = create(lager.shopId, { sku: 'BOX-1', title: 'Låda', price: 50, tax_rate: 25, stock: 12 });
    expect(await syncProduct(lager.shopId, a.id)).toMatchObject({ status: 'synced' });
    expect(article(lager.tenantId, 'BOX-1')!.QuantityInStock).toBe(0);
    expect(fx(lager.tenantId).stock['BOX-1']).toBe(0); // the warehouse owns it

    const fortnoxMaster = await shop({ stockMaster: 'fortnox' });
    const b = create(fortnoxMaster.shopId, { sku: 'BOX-2', title: 'Låda', price: 50, tax_rate: 25, stock: 12 });
    await syncProduct(fortnoxMaster.shopId, b.id);
    expect(article(fortnoxMaster.tenantId, 'BOX-2')!.QuantityInStock).toBe(0);
  });

  it('an invalid article number is not sent: parked with the explanation, then retried after the fix (or skipped)', async () => {
    const { shopId, tenantId } = await shop();
    const p = create(shopId, { sku: 'KOPP Å.1', title: 'Kopp', price: 80, tax_rate: 25 });
    const { workflowId } = await startProductSync(client, config.TEMPORAL_TASK_QUEUE, { shopId, productId: String(p.id), source: 'webhook' });
    const handle = client.workflow.getHandle(workflowId);
    const parked = await waitFor('parked', async () => {
      const s = await handle.query<Rec>('status');
      return s.status === 'needs_attention' && s;
    });
    expect(parked.lastError).toMatchObject({ code: 'INVALID_ARTICLE_NUMBER' });
    expect(parked.lastError.explanationSv).toContain('KOPP Å.1');
    const [entry] = await logOf(shopId, p.id);
    expect(entry).toMatchObject({ outcome: 'needs_attention', error_code: 'INVALID_ARTICLE_NUMBER' });
    expect(entry!.message_en).toMatch(/"KOPP Å\.1".*Change the product's article number/s);
    expect(fx(tenantId).articles).toHaveLength(0);

    update(shopId, { product_id: p.id, sku: 'KOPP-1' });
    await handle.signal('retry');
    expect(await handle.result()).toMatchObject({ status: 'synced', articles: ['KOPP-1'] });
    expect(article(tenantId, 'KOPP-1')).toBeDefined();

    const q = create(shopId, { sku: 'FEL#2', title: 'Fel', price: 80, tax_rate: 25 });
    const second = await startProductSync(client, config.TEMPORAL_TASK_QUEUE, { shopId, productId: String(q.id), source: 'manual' });
    const h2 = client.workflow.getHandle(second.workflowId);
    await waitFor('parked', async () => (await h2.query<Rec>('status')).status === 'needs_attention');
    await h2.signal('skip', 'not sold any more');
    expect(await h2.result()).toEqual({ status: 'skipped', reason: 'not sold any more' });
    expect((await logOf(shopId, q.id)).map((r) => r.outcome)).toEqual(['needs_attention', 'skipped']);
  });

  it('a changed sku creates a new article and logs that earlier orders keep the old one', async () => {
    const { shopId, tenantId } = await shop();
    const p = create(shopId, { sku: 'OLD-1', title: 'Vas', price: 90, tax_rate: 25 });
    await syncProduct(shopId, p.id);
    update(shopId, { product_id: p.id, sku: 'NEW-1' });
    expect(await syncProduct(shopId, p.id)).toMatchObject({ status: 'synced', articles: ['NEW-1'] });
    expect(article(tenantId, 'OLD-1')).toBeDefined();
    expect(article(tenantId, 'NEW-1')).toMatchObject({ Description: 'Vas' });
    const info = (await logOf(shopId, p.id)).find((r) => r.outcome === 'info')!;
    expect(info.message_en).toMatch(/OLD-1 is no longer used, now NEW-1.*earlier orders and invoices still refer to it/s);
    // Logged once, not on every later sync.
    await syncProduct(shopId, p.id);
    expect((await logOf(shopId, p.id)).filter((r) => r.outcome === 'info')).toHaveLength(1);
  });

  it('a deleted product is logged and its Fortnox article left alone', async () => {
    const { shopId, tenantId } = await shop();
    const p = create(shopId, { sku: 'GONE-1', title: 'Borta', price: 10, tax_rate: 25 });
    await syncProduct(shopId, p.id);
    sims.quickbutik.deleteProduct(shopId, p.id, { skipWebhook: true });
    const deleted = await measure(tenantId, () => syncProduct(shopId, p.id));
    expect(deleted.result).toEqual({ status: 'deleted' });
    expect(deleted.total).toBe(0);
    expect(article(tenantId, 'GONE-1')).toMatchObject({ Description: 'Borta' });
    const last = (await logOf(shopId, p.id)).at(-1)!;
    expect(last).toMatchObject({ outcome: 'info' });
    expect(last.message_en).toMatch(/no longer exists in Quickbutik.*GONE-1.*left unchanged in Fortnox/s);
  });
});

describe('ensureArticles (the order sync\'s article step)', () => {
  it('upserts the order\'s products with the same code; no Fortnox call when unchanged; invalid sku → SyncProblem', async () => {
    const { shopId, tenantId } = await shop();
    const acts = createActivities(deps);
    const a = create(shopId, { sku: 'PEN-1', title: 'Penna', price: 25, tax_rate: 25 });
    const b = create(shopId, { sku: 'PAD', title: 'Block', price: 40, tax_rate: 25, variants: [{ sku: 'PAD-A4', values: [{ name: 'Format', val: 'A4' }] }] });
    const first = await acts.ensureArticles({ shopId, orderId: '1001', productIds: [String(a.id), String(b.id)] });
    expect(first.articles).toEqual(['PEN-1', 'PAD', 'PAD-A4']);
    expect(first.fortnoxCalls).toBe(6); // 3 × (POST article + POST price)
    expect(article(tenantId, 'PAD-A4')).toMatchObject({ Description: 'Block - A4' });

    const second = await measure(tenantId, () => acts.ensureArticles({ shopId, orderId: '1002', productIds: [String(a.id), String(b.id)] }));
    expect(second.result.fortnoxCalls).toBe(0);
    expect(second.total).toBe(0);
    // …and the product workflow agrees: nothing to send either.
    expect(await syncProduct(shopId, a.id)).toMatchObject({ fortnoxCalls: 0 });

    const bad = create(shopId, { sku: 'PEN 2', title: 'Penna 2', price: 25, tax_rate: 25 });
    const err = await acts.ensureArticles({ shopId, orderId: '1003', productIds: [String(bad.id)] }).catch((e) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'SyncProblem', nonRetryable: true });
    expect(err.details[0]).toMatchObject({ code: 'INVALID_ARTICLE_NUMBER', params: { sku: 'PEN 2', orderId: '1003' } });
  });
});

describe('product images under the production image policy', () => {
  it('an image outside the allowed hosts (the simulator on 127.0.0.1) is refused: the article syncs without it and the log says why', async () => {
    const { shopId, tenantId } = await shop();
    // The production default: only https from cdn.quickbutik.com; the simulator's http://127.0.0.1 image is not fetched.
    const acts = createActivities({ ...deps, config: { ...config, IMAGE_DEV_HOSTS: '' } });
    const p = create(shopId, { sku: 'IMG-1', title: 'Bild', price: 100, tax_rate: 25, images: [{}] });
    const r = await measure(tenantId, () => acts.ensureArticles({ shopId, orderId: '2001', productIds: [String(p.id)] }));
    expect(r.result.articles).toEqual(['IMG-1']);
    expect(r.byEndpoint['POST /3/archive']).toBeUndefined();
    expect(article(tenantId, 'IMG-1')).toMatchObject({ Description: 'Bild' });
    const entry = (await logOf(shopId, p.id)).find((e) => /image/.test(e.message_en ?? ''))!;
    expect(entry).toMatchObject({ outcome: 'info' });
    expect(entry.message_en).toMatch(/The product image was not downloaded \(only https is allowed \(http:\)\)\. The article was synced without a new image/);
    expect(entry.message_sv).toMatch(/Produktbilden hämtades inte/);
    expect(entry.details).toMatchObject({ imageHost: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
  });
});

describe('the order sync with syncOrderArticles', () => {
  const billing = {
    firstname: 'Anna', lastname: 'Svensson', companyName: '', address: 'Storgatan 1', address2: '', zipcode: '11122', city: 'Stockholm',
    country: 'SE', phone: '0701234567', email: 'anna@example.se',
  };
  const customer = { type: 'person', email: billing.email, phone: billing.phone, billing, shipping: null, notes: '', orgNumber: '', vatNumber: '' };
  async function order(shopId: string, rows: Rec[]) {
    const placed = sims.quickbutik.placeOrder(shopId, { customer, rows } as never, { pay: true });
    const { workflowId } = await startOrderSync(client, config.TEMPORAL_TASK_QUEUE, { shopId, orderId: String(placed.orderId), source: 'manual' });
    const handle = client.workflow.getHandle(workflowId);
    return { result: await handle.result(), status: await handle.query<Rec>('status') };
  }

  it('creates the order\'s articles before the invoice; the next order costs no article call', async () => {
    const { shopId, tenantId } = await shop({ syncOrderArticles: true });
    create(shopId, { sku: 'CUP-1', title: 'Kopp', price: 80, tax_rate: 25 });
    create(shopId, { sku: 'TEA', title: 'Te', price: 56, tax_rate: 12, variants: [{ sku: 'TEA-G', values: [{ name: 'Sort', val: 'Grön' }] }] });
    const first = await order(shopId, [{ sku: 'CUP-1', qty: 1 }, { sku: 'TEA-G', qty: 2 }]);
    expect(first.result).toMatchObject({ status: 'synced' });
    expect(first.status.fortnox.articles).toEqual(['CUP-1', 'TEA', 'TEA-G']);
    expect(article(tenantId, 'TEA-G')).toMatchObject({ Description: 'Te - Grön' });
    expect(price(tenantId, 'TEA-G')).toBe(50); // 56 incl. 12 % VAT

    const second = await measure(tenantId, () => order(shopId, [{ sku: 'CUP-1', qty: 3 }]));
    expect(second.result.result).toMatchObject({ status: 'synced' });
    expect(Object.keys(second.byEndpoint).filter((e) => /articles|prices|archive/.test(e))).toEqual([]);
  });
});
