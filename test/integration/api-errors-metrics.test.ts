// The public error catalog and the admin-only Prometheus metrics against the real stack.
import { sql } from 'kysely';
import request from 'supertest';
import { createApiDeps, createApp } from '../../src/api/app';
import { createCoreDeps } from '../../src/deps';
import { ERROR_CODES } from '../../src/domain/errors';
import { testConfig } from '../helpers/stack';

const config = testConfig();
const deps = createApiDeps(config, createCoreDeps(config, 'test-api-metrics', 2));
const app = createApp(deps);
const admin = { Authorization: `Bearer ${config.ADMIN_API_KEY}` };
const run = `${Date.now() % 1_000_000}`;

afterAll(async () => {
  await deps.temporal.connection.close();
  await deps.db.destroy();
});

describe('GET /errors', () => {
  it('lists every catalog code with sv + en title, explanation and fix, without auth', async () => {
    const res = await request(app).get('/errors').expect(200);
    expect(res.body.errors.map((e: { code: string }) => e.code)).toEqual(ERROR_CODES);
    for (const e of res.body.errors) {
      for (const key of ['titleSv', 'titleEn', 'explanationSv', 'explanationEn', 'fixSv', 'fixEn']) expect(e[key]).toEqual(expect.any(String));
      expect(e.titleSv.length).toBeGreaterThan(3);
    }
  });

  it('explains one code, facts shown as {placeholders}; unknown → 404, malformed → 400', async () => {
    const res = await request(app).get('/errors/INVALID_ARTICLE_NUMBER').expect(200);
    expect(res.body).toMatchObject({ code: 'INVALID_ARTICLE_NUMBER', titleSv: 'Ogiltigt artikelnummer', titleEn: 'Invalid article number' });
    expect(res.body.explanationEn).toContain('{sku}');
    expect(res.body.fixSv).toMatch(/Quickbutik/);
    await request(app).get('/errors/invalid_article_number').expect(200);
    const missing = await request(app).get('/errors/NO_SUCH_CODE').expect(404);
    expect(missing.body.message).toMatch(/GET \/errors/);
    await request(app).get('/errors/not-a-code!').expect(400);
  });
});

describe('GET /metrics', () => {
  const shopId = `metrics-${run}`;
  const tenant = `tenant-${run}`;
  beforeAll(async () => {
    await request(app).post('/shops').set(admin).send({ id: shopId, name: 'Metrics', quickbutikApiKey: 'k' }).expect(201);
    const now = Date.now();
    await deps.db
      .insertInto('order_documents')
      .values([
        { shop_id: shopId, order_id: '1', state: 'created', document_type: 'invoice', document_number: '1', reference: 'r1', received_at: new Date(now - 3000), created_at: new Date(now) },
        { shop_id: shopId, order_id: '2', state: 'created', document_type: 'invoice', document_number: '2', reference: 'r2', received_at: new Date(now - 40_000), created_at: new Date(now) },
        { shop_id: shopId, order_id: '3', state: 'creating', document_type: 'invoice', reference: 'r3', received_at: new Date(now) },
      ])
      .execute();
    await deps.db.insertInto('fortnox_requests').values([
      { tenant_key: tenant, at: new Date(now - 1000) },
      { tenant_key: tenant, at: new Date(now - 60_000) },
      { tenant_key: tenant, at: new Date(now - 3600_000) },
    ]).execute();
    await deps.db.insertInto('inbox').values({ shop_id: shopId, event_type: 'order.new', entity_id: '77', received_at: new Date(now - 120_000) }).execute();
  });

  it('needs the admin key', async () => {
    await request(app).get('/metrics').expect(401);
    const created = await request(app).post('/shops').set(admin).send({ id: `metrics-key-${run}`, name: 'x', quickbutikApiKey: 'k' }).expect(201);
    await request(app).get('/metrics').set({ Authorization: `Bearer ${created.body.supportApiKey}` }).expect(401);
  });

  it('answers valid Prometheus text with workflows, Fortnox requests, inbox, synced orders and latency', async () => {
    const res = await request(app).get('/metrics').set(admin).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text: string = res.text;
    const lines = text.trimEnd().split('\n');
    const sample = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*"(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*")*\})? (-?\d+(\.\d+)?(e[+-]?\d+)?|NaN|[+-]Inf)$/;
    const typed = new Set<string>();
    for (const line of lines) {
      if (line.startsWith('# TYPE ')) typed.add(line.split(' ')[2]!);
      else if (!line.startsWith('# HELP ')) expect(line).toMatch(sample);
    }
    for (const name of lines.filter((l) => !l.startsWith('#')).map((l) => l.split(/[{ ]/)[0]!)) {
      expect(typed.has(name) || typed.has(name.replace(/_(bucket|sum|count)$/, ''))).toBe(true);
    }

    const value = (series: string) => {
      const line = lines.find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
    expect(value('qbfx_temporal_visibility_up')).toBe(1);
    expect(value('qbfx_database_up')).toBe(1);
    for (const s of ['running', 'needs_attention', 'synced', 'skipped', 'failed']) expect(value(`qbfx_workflows{sync_status="${s}"}`)).toEqual(expect.any(Number));
    expect(value(`qbfx_fortnox_requests_5m{tenant="${tenant}"}`)).toBe(2);
    expect(value(`qbfx_fortnox_requests_window{tenant="${tenant}"}`)).toBe(1);
    expect(value('qbfx_inbox_backlog')).toBeGreaterThanOrEqual(1);
    expect(value('qbfx_inbox_oldest_age_seconds')).toBeGreaterThanOrEqual(119);
    expect(value(`qbfx_orders_synced_total{shop_id="${shopId}"}`)).toBe(2);
    const count = value('qbfx_order_sync_latency_seconds_count')!;
    expect(count).toBeGreaterThanOrEqual(2);
    expect(value('qbfx_order_sync_latency_seconds_bucket{le="+Inf"}')).toBe(count);
    expect(value('qbfx_order_sync_latency_seconds_sum')).toBeGreaterThanOrEqual(43);
    // Buckets are cumulative.
    const buckets = lines.filter((l) => l.startsWith('qbfx_order_sync_latency_seconds_bucket')).map((l) => Number(l.split(' ')[1]));
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]).toBeGreaterThanOrEqual(buckets[i - 1]!);
    // 429s are not counted anywhere: no series rather than a made-up zero.
    expect(text).not.toContain('qbfx_fortnox_rate_limited_5m');
  });
});
