// The status page and operator signals with a real worker running the order workflow: the `status` query answers
// (step, attempts, last error explained), `skip` from the API ends the parked run. Quickbutik answers 401, a
// problem the workflow parks on (QUICKBUTIK_AUTH_FAILED) without needing Fortnox.
import express from 'express';
import request from 'supertest';
import { createApiDeps, createApp } from '../../src/api/app';
import { createCoreDeps } from '../../src/deps';
import { listen, type RunningServer } from '../fixtures/fortnox-fake-server';
import { startInProcessWorker, testConfig, waitFor } from '../helpers/stack';

let quickbutik: RunningServer;
beforeAll(async () => {
  const qb = express();
  qb.use((_req, res) => void res.status(401).json({ error: 'unauthorized' }));
  quickbutik = await listen(qb);
});
afterAll(() => quickbutik.close());

it('shows a parked order from the live query and skips it on request', async () => {
  const config = testConfig({ QUICKBUTIK_API_URL: quickbutik.url });
  const deps = createApiDeps(config, createCoreDeps(config, 'test-api-live', 3));
  const app = createApp(deps);
  const admin = { Authorization: `Bearer ${config.ADMIN_API_KEY}` };
  const shopId = `live-${Date.now() % 1_000_000}`;
  const created = await request(app).post('/shops').set(admin).send({ id: shopId, name: 'Live', quickbutikApiKey: 'revoked' }).expect(201);
  const support = { Authorization: `Bearer ${created.body.supportApiKey}` };
  const worker = await startInProcessWorker(config);
  try {
    await request(app).post(`/shops/${shopId}/orders/55/sync`).set(support).expect(202);
    const parked = await waitFor('parked', async () => {
      const r = await request(app).get(`/shops/${shopId}/orders/55`).set(support);
      // the workflow parks, then its log entry lands: wait for both
      return r.body.state === 'needs_attention' && r.body.log.length > 0 ? r.body : undefined;
    }, 60_000, 300);
    expect(parked).toMatchObject({
      step: expect.any(String),
      attempts: expect.any(Number),
      lastError: { code: 'QUICKBUTIK_AUTH_FAILED', titleEn: 'Quickbutik API key rejected', explanationSv: expect.any(String), explanationEn: expect.any(String) },
      workflow: { exists: true, temporalStatus: 'RUNNING' },
      notes: [], // the worker answered the query
    });
    expect(parked.log[0]).toMatchObject({ outcome: 'needs_attention', error: { code: 'QUICKBUTIK_AUTH_FAILED' } });
    // The shop page counts it as parked (Temporal visibility, eventually consistent).
    await waitFor('parked count', async () => (await request(app).get(`/shops/${shopId}`).set(support)).body.orders.parked === 1, 15_000, 300);

    await request(app).post(`/shops/${shopId}/orders/55/skip`).set(support).send({ reason: 'key revoked; booked by hand' }).expect(202);
    await waitFor('skipped', async () => (await request(app).get(`/shops/${shopId}/orders/55`).set(support)).body.state === 'skipped', 30_000, 300);
    await waitFor('closed', async () => (await deps.temporal.workflow.getHandle(`order:${shopId}:55`).describe()).status.name === 'COMPLETED', 30_000, 300);
    await request(app).post(`/shops/${shopId}/orders/55/retry`).set(support).expect(404);
  } finally {
    await worker.stop();
    await deps.temporal.connection.close();
    await deps.db.destroy();
  }
});
