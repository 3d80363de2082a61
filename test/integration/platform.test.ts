import request from 'supertest';
import { createApiDeps, createApp } from '../../src/api/app';
import { createCoreDeps } from '../../src/deps';
import { spawnWorkerProcess, startInProcessWorker, testConfig, waitFor } from '../helpers/stack';

describe('platform wiring (real Temporal + PostgreSQL)', () => {
  const config = testConfig();
  const deps = createApiDeps(config, createCoreDeps(config, 'test-api', 3));
  const app = createApp(deps);
  const admin = { Authorization: `Bearer ${config.ADMIN_API_KEY}` };

  afterAll(async () => {
    await deps.temporal.connection.close();
    await deps.db.destroy();
  });

  it('reports Temporal and the database in /health and /ready', async () => {
    const res = await request(app).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', temporal: 'up' });
    await request(app).get('/ready').expect(200);
  });

  it('an API call starts a workflow whose activity writes to PostgreSQL; the API reports its status', async () => {
    await request(app).post('/admin/ping').send({ shopId: 's1', note: 'hello' }).expect(401);
    const started = await request(app).post('/admin/ping').set(admin).send({ shopId: 's1', note: 'hello', delayMs: 1500 }).expect(202);
    const { workflowId } = started.body;
    expect((await request(app).get(`/admin/ping/${workflowId}`).set(admin).expect(200)).body.status).toBe('running');

    const worker = await startInProcessWorker(config);
    try {
      await waitFor('completed', async () =>
        (await request(app).get(`/admin/ping/${workflowId}`).set(admin)).body.status === 'completed');
    } finally {
      await worker.stop();
    }
    const rows = await deps.db.selectFrom('sync_log').selectAll().where('workflow_id', '=', workflowId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ shop_id: 's1', message_en: 'hello' });
  });

  it('rejects a bad body with a message that says what to fix', async () => {
    const res = await request(app).post('/admin/ping').set(admin).send({ shopId: '', extra: 1 }).expect(400);
    expect(res.body.message).toMatch(/shopId/);
  });

  it('a workflow survives its worker being killed mid-activity', async () => {
    const handle = await deps.temporal.workflow.start('pingWorkflow', {
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowId: `ping:kill:${Date.now()}`,
      args: [{ shopId: 'kill', note: 'survived', delayMs: 8000 }],
    });
    const first = spawnWorkerProcess(config);
    await waitFor('activity running', async () => (await handle.describe()).raw.pendingActivities?.some((a) => a.attempt === 1 && a.lastStartedTime), 60_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect((await handle.describe()).status.name).toBe('RUNNING');

    const second = spawnWorkerProcess(config);
    try {
      const rowId = await handle.result();
      expect(rowId).toBeTruthy();
    } finally {
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));
    }
    const rows = await deps.db.selectFrom('sync_log').selectAll().where('workflow_id', '=', handle.workflowId).execute();
    expect(rows).toHaveLength(1);
  });
});
