// Support status, the sync log and operator actions against real Temporal + PostgreSQL. No worker runs on this test's
// task queue: workflows started by type name stay RUNNING, which is what the status page must cope with.
import request from 'supertest';
import { createApiDeps, createApp } from '../../src/api/app';
import { createCoreDeps } from '../../src/deps';
import { searchAttributes } from '../../src/workflows/definitions';
import { testConfig } from '../helpers/stack';

const config = testConfig();
const deps = createApiDeps(config, createCoreDeps(config, 'test-api-status', 3));
const app = createApp(deps);
const admin = { Authorization: `Bearer ${config.ADMIN_API_KEY}` };
const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
const run = `${Date.now() % 1_000_000}`;
const started = new Set<string>();

let shop: { id: string; supportApiKey: string };
let other: { id: string; supportApiKey: string };

async function createShop(id: string) {
  const res = await request(app).post('/shops').set(admin).send({ id, name: `Shop ${id}`, quickbutikApiKey: 'k' }).expect(201);
  return res.body as { id: string; supportApiKey: string };
}

beforeAll(async () => {
  shop = await createShop(`st-${run}`);
  other = await createShop(`st-other-${run}`);
});

afterAll(async () => {
  for (const id of started) await deps.temporal.workflow.getHandle(id).terminate('test done').catch(() => undefined);
  await deps.temporal.connection.close();
  await deps.db.destroy();
});

const describeWf = (id: string) => deps.temporal.workflow.getHandle(id).describe();

describe('GET /shops/:shopId/orders/:orderId', () => {
  it('says not_seen for an order nobody has heard of, with the workflow id and UI link', async () => {
    const res = await request(app).get(`/shops/${shop.id}/orders/9001`).set(bearer(shop.supportApiKey)).expect(200);
    expect(res.body).toMatchObject({
      shopId: shop.id,
      orderId: '9001',
      state: 'not_seen',
      step: null,
      lastError: null,
      fortnox: { documentType: null, documentNumber: null },
      workflow: {
        id: `order:${shop.id}:9001`,
        exists: false,
        uiUrl: `http://127.0.0.1:8233/namespaces/default/workflows/order:${shop.id}:9001`,
      },
      temporal: 'up',
      log: [],
    });
  });

  it('answers from the database when there is no workflow: document, log, explanation', async () => {
    const orderId = '9002';
    await deps.db
      .insertInto('order_documents')
      .values({
        shop_id: shop.id, order_id: orderId, state: 'created', document_type: 'invoice', document_number: '1042',
        reference: `qb:${shop.id}:${orderId}`, attempts: 2, fortnox_total: '125.00', quickbutik_total: '125.00',
        received_at: new Date(Date.now() - 60_000),
      })
      .execute();
    await deps.syncLog.write({
      shopId: shop.id, entityType: 'order', entityId: orderId, outcome: 'needs_attention', errorCode: 'INVALID_ARTICLE_NUMBER',
      errorParams: { sku: 'ÅÄÖ 1' }, fortnoxCode: 2000166, fortnoxMessage: 'Ogiltigt artikelnummer',
    });
    await deps.syncLog.write({ shopId: shop.id, entityType: 'order', entityId: orderId, outcome: 'synced', messageEn: 'invoice 1042 created' });

    const res = await request(app).get(`/shops/${shop.id}/orders/${orderId}`).set(admin).expect(200);
    expect(res.body).toMatchObject({
      state: 'synced',
      attempts: 2,
      lastError: null,
      fortnox: { documentType: 'invoice', documentNumber: '1042', reference: `qb:${shop.id}:${orderId}`, booked: false },
      workflow: { exists: false },
    });
    expect(res.body.log).toHaveLength(2);
    expect(res.body.log[0]).toMatchObject({ outcome: 'synced', messageEn: 'invoice 1042 created' });
    expect(res.body.log[1]).toMatchObject({
      outcome: 'needs_attention',
      error: { code: 'INVALID_ARTICLE_NUMBER', titleSv: 'Ogiltigt artikelnummer', titleEn: 'Invalid article number', fortnoxCode: '2000166' },
    });
    expect(res.body.log[1].messageEn).toContain('ÅÄÖ 1');
  });

  it('shows the last error explained (sv + en) for an order that failed', async () => {
    const orderId = '9003';
    await deps.syncLog.write({
      shopId: shop.id, entityType: 'order', entityId: orderId, outcome: 'failed', errorCode: 'ACCOUNT_NOT_FOUND', errorParams: { account: 3999 },
    });
    const res = await request(app).get(`/shops/${shop.id}/orders/${orderId}`).set(admin).expect(200);
    expect(res.body.state).toBe('failed');
    expect(res.body.lastError).toMatchObject({ code: 'ACCOUNT_NOT_FOUND', titleEn: 'Account not found in Fortnox' });
    expect(res.body.lastError.explanationSv).toEqual(expect.any(String));
    expect(res.body.lastError.explanationEn).toEqual(expect.any(String));
  });

  it('shows a webhook waiting in the inbox as running/queued', async () => {
    await deps.db.insertInto('inbox').values({ shop_id: shop.id, event_type: 'order.new', entity_id: '9004' }).execute();
    const res = await request(app).get(`/shops/${shop.id}/orders/9004`).set(admin).expect(200);
    expect(res.body).toMatchObject({ state: 'running', step: 'queued', receivedAt: expect.any(String) });
  });

  it('follows a running workflow from describe + search attributes when no worker answers the query', async () => {
    const sync = await request(app).post(`/shops/${shop.id}/orders/9005/sync`).set(bearer(shop.supportApiKey)).expect(202);
    expect(sync.body).toEqual({ workflowId: `order:${shop.id}:9005` });
    started.add(sync.body.workflowId);
    const t0 = Date.now();
    const res = await request(app).get(`/shops/${shop.id}/orders/9005`).set(admin).expect(200);
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(res.body).toMatchObject({
      state: 'running',
      temporal: 'up',
      workflow: { id: `order:${shop.id}:9005`, exists: true, temporalStatus: 'RUNNING', runId: expect.any(String) },
    });
    expect(res.body.notes.join(' ')).toMatch(/No worker answered/);

    // Parked, as the workflow would mark itself: the status page reads the search attribute.
    await deps.temporal.workflow.getHandle(sync.body.workflowId).terminate('test: replaced by a parked run').catch(() => undefined);
    const parked = await deps.temporal.workflow.start('orderSyncWorkflow', {
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowId: `order:${shop.id}:9006`,
      args: [{ shopId: shop.id, orderId: '9006', source: 'manual' }],
      typedSearchAttributes: [
        { key: searchAttributes.ShopId, value: shop.id },
        { key: searchAttributes.SyncStatus, value: 'needs_attention' },
        { key: searchAttributes.FortnoxDocument, value: 'invoice:77' },
      ],
    });
    started.add(parked.workflowId);
    const p = await request(app).get(`/shops/${shop.id}/orders/9006`).set(admin).expect(200);
    expect(p.body).toMatchObject({ state: 'needs_attention', fortnox: { documentType: 'invoice', documentNumber: '77' } });
  });

  it('validates the order id and enforces shop isolation', async () => {
    await request(app).get(`/shops/${shop.id}/orders/bad:id`).set(admin).expect(400);
    await request(app).get(`/shops/${shop.id}/orders/1`).set(bearer(other.supportApiKey)).expect(404);
    await request(app).get(`/shops/${shop.id}/orders/1`).expect(401);
    await request(app).get(`/shops/nope-${run}/orders/1`).set(admin).expect(404);
  });
});

describe('GET /shops/:shopId/products/:productId', () => {
  it('answers from the article map and log, and from Temporal once a sync runs', async () => {
    const none = await request(app).get(`/shops/${shop.id}/products/501`).set(admin).expect(200);
    expect(none.body).toMatchObject({ productId: '501', state: 'not_seen', fortnox: { articles: [] }, workflow: { id: `product:${shop.id}:501`, exists: false } });

    await deps.db.insertInto('article_map').values({ shop_id: shop.id, sku: 'SKU-501', product_id: '501', content_hash: 'h' }).execute();
    const mapped = await request(app).get(`/shops/${shop.id}/products/501`).set(bearer(shop.supportApiKey)).expect(200);
    expect(mapped.body).toMatchObject({ state: 'synced', fortnox: { articles: ['SKU-501'], lastSyncedAt: expect.any(String) } });

    const sync = await request(app).post(`/shops/${shop.id}/products/502/sync`).set(admin).expect(202);
    expect(sync.body).toEqual({ workflowId: `product:${shop.id}:502` });
    started.add(sync.body.workflowId);
    const d = await describeWf(sync.body.workflowId);
    expect(d.type).toBe('productSyncWorkflow');
    const running = await request(app).get(`/shops/${shop.id}/products/502`).set(admin).expect(200);
    expect(running.body).toMatchObject({ state: 'running', workflow: { exists: true, temporalStatus: 'RUNNING' } });
    await request(app).get(`/shops/${shop.id}/products/502`).set(bearer(other.supportApiKey)).expect(404);
  });
});

describe('GET /shops/:shopId/log', () => {
  const logShop = `log-${run}`;
  beforeAll(async () => {
    await createShop(logShop);
    for (let i = 0; i < 7; i++) {
      await deps.syncLog.write({
        shopId: logShop, entityType: i % 2 ? 'product' : 'order', entityId: String(100 + i),
        outcome: i === 3 ? 'needs_attention' : 'synced', errorCode: i === 3 ? 'MISSING_SKU' : undefined, messageEn: `entry ${i}`,
      });
    }
  });

  it('pages newest first with nextBefore', async () => {
    const first = await request(app).get(`/shops/${logShop}/log?limit=3`).set(admin).expect(200);
    const ids = (page: { body: { entries: Array<{ entityId: string }> } }) => page.body.entries.map((e) => e.entityId);
    expect(ids(first)).toEqual(['106', '105', '104']);
    expect(first.body.nextBefore).toBe(first.body.entries[2].id);
    const second = await request(app).get(`/shops/${logShop}/log`).query({ limit: 3, before: first.body.nextBefore }).set(admin).expect(200);
    expect(ids(second)).toEqual(['103', '102', '101']);
    expect(second.body.entries[0].error).toMatchObject({ code: 'MISSING_SKU', titleEn: 'Article number missing' });
    // The shop's creation wrote nothing; the last page is short and ends the paging.
    const third = await request(app).get(`/shops/${logShop}/log`).query({ limit: 3, before: second.body.nextBefore }).set(admin).expect(200);
    expect(ids(third)).toEqual(['100']);
    expect(third.body.nextBefore).toBeNull();
  });

  it('filters by entity, entity id, outcome and since', async () => {
    const products = await request(app).get(`/shops/${logShop}/log?entity=product`).set(admin).expect(200);
    expect(products.body.entries).toHaveLength(3);
    expect(products.body.entries.every((e: { entity: string }) => e.entity === 'product')).toBe(true);
    const one = await request(app).get(`/shops/${logShop}/log?entity=order&entityId=102`).set(admin).expect(200);
    expect(one.body.entries.map((e: { entityId: string }) => e.entityId)).toEqual(['102']);
    const parked = await request(app).get(`/shops/${logShop}/log?outcome=needs_attention`).set(admin).expect(200);
    expect(parked.body.entries).toHaveLength(1);
    const future = await request(app).get(`/shops/${logShop}/log`).query({ since: new Date(Date.now() + 3600_000).toISOString() }).set(admin).expect(200);
    expect(future.body.entries).toEqual([]);
    const past = await request(app).get(`/shops/${logShop}/log`).query({ since: '2020-01-01T00:00:00Z' }).set(admin).expect(200);
    expect(past.body.entries).toHaveLength(7);
  });

  it.each([
    ['entity=foo', /entity/],
    ['outcome=great', /outcome/],
    ['since=yesterday', /since/],
    ['limit=0', /limit/],
    ['limit=1000', /limit/],
    ['before=abc', /before/],
    ['colour=red', /colour/],
  ])('rejects %s', async (query, pattern) => {
    const res = await request(app).get(`/shops/${logShop}/log?${query}`).set(admin).expect(400);
    expect(res.body.message).toMatch(pattern);
  });

  it('shows a shop only its own log', async () => {
    await request(app).get(`/shops/${logShop}/log`).set(bearer(shop.supportApiKey)).expect(404);
    await request(app).get(`/shops/${logShop}/log`).expect(401);
  });
});

describe('actions', () => {
  it('manual sync starts or joins the one order workflow (source manual)', async () => {
    const url = `/shops/${shop.id}/orders/9100/sync`;
    const a = await request(app).post(url).set(admin).expect(202);
    started.add(a.body.workflowId);
    const first = await describeWf(a.body.workflowId);
    const b = await request(app).post(url).set(admin).send({}).expect(202);
    expect(b.body.workflowId).toBe(a.body.workflowId);
    const second = await describeWf(a.body.workflowId);
    expect(second.runId).toBe(first.runId);
    expect(first.type).toBe('orderSyncWorkflow');
    expect(first.typedSearchAttributes.get(searchAttributes.ShopId)).toBe(shop.id);
    expect(first.taskQueue).toBe(config.TEMPORAL_TASK_QUEUE);
    const history = await deps.temporal.workflow.getHandle(a.body.workflowId).fetchHistory();
    const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
    expect(JSON.parse(Buffer.from(input!).toString())).toMatchObject({ shopId: shop.id, orderId: '9100', source: 'manual' });
    await request(app).post(url).set(admin).send({ now: true }).expect(400);
    await request(app).post(url).set(bearer(other.supportApiKey)).expect(404);
    await request(app).post(url).expect(401);
  });

  it('sync-all starts sync-all-products:<shop>', async () => {
    const res = await request(app).post(`/shops/${shop.id}/products/sync-all`).set(bearer(shop.supportApiKey)).expect(202);
    expect(res.body).toEqual({ workflowId: `sync-all-products:${shop.id}` });
    started.add(res.body.workflowId);
    const d = await describeWf(res.body.workflowId);
    expect(d.type).toBe('syncAllProductsWorkflow');
    expect(d.status.name).toBe('RUNNING');
    await request(app).post(`/shops/${shop.id}/products/sync-all`).set(admin).expect(202); // joins
    await request(app).post(`/shops/${shop.id}/products/sync-all`).set(bearer(other.supportApiKey)).expect(404);
  });

  it('resend starts resend:<shop>:<from>:<to> for at most 92 days', async () => {
    const res = await request(app).post(`/shops/${shop.id}/orders/resend`).set(admin).send({ from: '2026-07-01', to: '2026-09-30' }).expect(202);
    expect(res.body).toEqual({ workflowId: `resend:${shop.id}:2026-07-01:2026-09-30` });
    started.add(res.body.workflowId);
    const d = await describeWf(res.body.workflowId);
    expect(d.type).toBe('resendOrdersWorkflow');
  });

  it.each([
    [{ from: '2026-01-01', to: '2026-04-03' }, /at most 92 days/],
    [{ from: '2026-02-01', to: '2026-01-01' }, /"from" must not be after "to"/],
    [{ from: '2026-02-30', to: '2026-03-01' }, /from/],
    [{ from: '2026-01-01' }, /to/],
    [{ from: '2026-01-01', to: '2026-01-02', all: true }, /all/],
  ])('resend rejects %j', async (body, pattern) => {
    const res = await request(app).post(`/shops/${shop.id}/orders/resend`).set(admin).send(body).expect(400);
    expect(res.body.message).toMatch(pattern);
  });

  it('retry/skip answer 404 when there is no workflow, 202 with the signal when it runs, 404 when it ended', async () => {
    for (const entity of ['orders', 'products']) {
      const missing = await request(app).post(`/shops/${shop.id}/${entity}/424242/retry`).set(admin).expect(404);
      expect(missing.body.message).toMatch(/Nothing to retry.*has no workflow.*\/sync sends it again/);
      await request(app).post(`/shops/${shop.id}/${entity}/424242/skip`).set(admin).send({ reason: 'x' }).expect(404);
    }

    const orderWf = (await request(app).post(`/shops/${shop.id}/orders/9200/sync`).set(admin).expect(202)).body.workflowId;
    started.add(orderWf);
    const retry = await request(app).post(`/shops/${shop.id}/orders/9200/retry`).set(bearer(shop.supportApiKey)).expect(202);
    expect(retry.body).toMatchObject({ workflowId: orderWf, signal: 'retry', syncStatus: 'running' });
    const skip = await request(app).post(`/shops/${shop.id}/orders/9200/skip`).set(admin).send({ reason: 'booked by hand' }).expect(202);
    expect(skip.body).toMatchObject({ workflowId: orderWf, signal: 'skip' });
    // Both signals are in the history, with the names the Temporal UI sends, the reason as skip's argument.
    const history = await deps.temporal.workflow.getHandle(orderWf).fetchHistory();
    const signals = (history.events ?? [])
      .map((e) => e.workflowExecutionSignaledEventAttributes)
      .filter((s): s is NonNullable<typeof s> => !!s);
    expect(signals.map((s) => s.signalName)).toEqual(['retry', 'skip']);
    expect(JSON.parse(Buffer.from(signals[1]!.input!.payloads![0]!.data!).toString())).toBe('booked by hand');

    const productWf = (await request(app).post(`/shops/${shop.id}/products/9201/sync`).set(admin).expect(202)).body.workflowId;
    started.add(productWf);
    await request(app).post(`/shops/${shop.id}/products/9201/retry`).set(admin).expect(202);
    await request(app).post(`/shops/${shop.id}/products/9201/skip`).set(admin).expect(202);

    await deps.temporal.workflow.getHandle(orderWf).terminate('test');
    const ended = await request(app).post(`/shops/${shop.id}/orders/9200/retry`).set(admin).expect(404);
    expect(ended.body.message).toMatch(/not running or parked \(it ended: terminated/);
    const afterEnd = await request(app).get(`/shops/${shop.id}/orders/9200`).set(admin).expect(200);
    expect(afterEnd.body.state).toBe('failed');
  });

  it('retry/skip validate the body and guard the shop', async () => {
    await request(app).post(`/shops/${shop.id}/orders/1/skip`).set(admin).send({ reason: 'x', extra: 1 }).expect(400);
    await request(app).post(`/shops/${shop.id}/orders/1/skip`).set(admin).send({ reason: 'x'.repeat(501) }).expect(400);
    await request(app).post(`/shops/${shop.id}/orders/1/retry`).set(bearer(other.supportApiKey)).expect(404);
    await request(app).post(`/shops/${shop.id}/orders/1/retry`).expect(401);
  });
});
