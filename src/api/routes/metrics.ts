import { Router } from 'express';
import { sql } from 'kysely';
import { SyncStatuses } from '../../workflows/definitions';
import type { ApiDeps } from '../app';
import { requireAdmin } from '../auth';

/** Buckets of the order sync latency histogram, in seconds (webhook received → document row written). */
export const LATENCY_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 900, 3600, 14400, 86400];
const TEMPORAL_COUNT_TIMEOUT_MS = 2000;

type Labels = Record<string, string>;
interface Sample {
  name?: string; // defaults to the family name (histograms use _bucket/_sum/_count)
  labels?: Labels;
  value: number;
}

/** The Prometheus text exposition format (version 0.0.4), written by hand: a few families, no client library. */
export class Exposition {
  private readonly out: string[] = [];

  family(name: string, type: 'gauge' | 'counter' | 'histogram', help: string, samples: Sample[]): this {
    this.out.push(`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} ${type}`);
    for (const s of samples) this.out.push(`${s.name ?? name}${formatLabels(s.labels)} ${formatValue(s.value)}`);
    return this;
  }

  histogram(name: string, help: string, buckets: number[], counts: number[], sum: number, count: number, labels: Labels = {}): this {
    const samples: Sample[] = buckets.map((le, i) => ({ name: `${name}_bucket`, labels: { ...labels, le: String(le) }, value: counts[i] ?? 0 }));
    samples.push({ name: `${name}_bucket`, labels: { ...labels, le: '+Inf' }, value: count });
    samples.push({ name: `${name}_sum`, labels, value: sum }, { name: `${name}_count`, labels, value: count });
    return this.family(name, 'histogram', help, samples);
  }

  toString(): string {
    return `${this.out.join('\n')}\n`;
  }
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
function formatLabels(labels?: Labels): string {
  const entries = Object.entries(labels ?? {});
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
}
function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  return String(v);
}

async function collect(deps: ApiDeps): Promise<string> {
  const { db, temporal } = deps;
  const started = process.hrtime.bigint();
  const m = new Exposition();
  let dbUp = 1;
  const guarded = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (err) {
      dbUp = 0;
      deps.logger.warn({ err: { message: (err as Error)?.message } }, 'metrics query failed');
      return undefined;
    }
  };

  // Temporal: one visibility count per SyncStatus, all together under one short deadline.
  const counts = await Promise.all(
    SyncStatuses.map((s) =>
      temporal.connection
        .withDeadline(Date.now() + TEMPORAL_COUNT_TIMEOUT_MS, () => temporal.workflow.count(`SyncStatus = '${s}'`))
        .then((r) => r.count, () => undefined),
    ),
  );
  const temporalUp = counts.every((c) => c !== undefined);
  m.family('qbfx_temporal_visibility_up', 'gauge', 'Whether the Temporal visibility count queries answered within 2 s.', [{ value: temporalUp ? 1 : 0 }]);
  if (temporalUp) {
    m.family(
      'qbfx_workflows',
      'gauge',
      'Sync workflows by their SyncStatus search attribute (open and closed, within Temporal retention).',
      SyncStatuses.map((s, i) => ({ labels: { sync_status: s }, value: counts[i]! })),
    );
  }

  const [requests, inbox, synced, latency] = await Promise.all([
    // The rate limiter keeps a ring of its last `limit` request times per tenant: the 5-minute count is exact up to
    // `limit` (25) and a lower bound above it; the 5-second count is the share of the current Fortnox window in use.
    guarded(() =>
      sql<{ tenant_key: string; last5m: string; window5s: string }>`
        select tenant_key,
               count(*) filter (where at > now() - interval '5 minutes') as last5m,
               count(*) filter (where at > now() - interval '5 seconds') as window5s
        from fortnox_requests group by tenant_key order by tenant_key`.execute(db).then((r) => r.rows),
    ),
    guarded(() =>
      sql<{ backlog: string; failing: string; oldest: number | null }>`
        select count(*) as backlog,
               count(*) filter (where last_error is not null) as failing,
               extract(epoch from now() - min(received_at))::float8 as oldest
        from inbox where dispatched_at is null`.execute(db).then((r) => r.rows[0]),
    ),
    guarded(() =>
      db.selectFrom('order_documents').select(['shop_id', db.fn.countAll<string>().as('n')]).where('state', '=', 'created').groupBy('shop_id').orderBy('shop_id').execute(),
    ),
    guarded(() => {
      const latencySec = sql`greatest(0, extract(epoch from (created_at - received_at)))`;
      const buckets = LATENCY_BUCKETS.map((b, i) => sql`count(*) filter (where ${latencySec} <= ${b}) as ${sql.ref(`b${i}`)}`);
      return sql<Record<string, string>>`
        select count(*) as n, coalesce(sum(${latencySec}), 0)::float8 as total, ${sql.join(buckets)}
        from order_documents where state = 'created' and received_at is not null`.execute(db).then((r) => r.rows[0]);
    }),
  ]);

  m.family('qbfx_database_up', 'gauge', 'Whether every PostgreSQL query of this scrape succeeded.', [{ value: dbUp }]);
  if (requests) {
    m.family('qbfx_fortnox_requests_5m', 'gauge', 'Fortnox requests per tenant in the last 5 minutes (from the shared rate limiter; exact up to its per-tenant limit, a lower bound above).',
      requests.map((r) => ({ labels: { tenant: r.tenant_key }, value: Number(r.last5m) })));
    m.family('qbfx_fortnox_requests_window', 'gauge', 'Fortnox requests per tenant in the last 5 seconds (Fortnox allows 25 per 5 s).',
      requests.map((r) => ({ labels: { tenant: r.tenant_key }, value: Number(r.window5s) })));
  }
  if (inbox) {
    m.family('qbfx_inbox_backlog', 'gauge', 'Received webhooks not yet handed to Temporal.', [{ value: Number(inbox.backlog) }]);
    m.family('qbfx_inbox_failing', 'gauge', 'Undispatched webhooks whose last dispatch attempt failed.', [{ value: Number(inbox.failing) }]);
    m.family('qbfx_inbox_oldest_age_seconds', 'gauge', 'Age of the oldest undispatched webhook (0 when the inbox is empty).', [{ value: inbox.oldest ?? 0 }]);
  }
  if (synced) {
    m.family('qbfx_orders_synced_total', 'counter', 'Orders with a Fortnox document, per shop.',
      synced.map((r) => ({ labels: { shop_id: r.shop_id }, value: Number(r.n) })));
  }
  if (latency) {
    m.histogram(
      'qbfx_order_sync_latency_seconds',
      'Time from receiving an order (webhook or poll) to its Fortnox document row (order_documents.created_at - received_at).',
      LATENCY_BUCKETS,
      LATENCY_BUCKETS.map((_, i) => Number(latency[`b${i}`] ?? 0)),
      Number(latency.total ?? 0),
      Number(latency.n ?? 0),
    );
  }
  m.family('qbfx_metrics_scrape_duration_seconds', 'gauge', 'Time spent collecting these metrics.', [
    { value: Number(process.hrtime.bigint() - started) / 1e9 },
  ]);
  return m.toString();
}

/**
 * `GET /metrics` needs the admin key (Prometheus: `authorization: {credentials: <ADMIN_API_KEY>}`): the series name
 * shops and Fortnox tenants, which one merchant must not learn about another.
 */
export function metricsRouter(deps: ApiDeps): Router {
  const router = Router();
  router.get('/metrics', requireAdmin(deps), async (_req, res) => {
    res.type('text/plain; version=0.0.4; charset=utf-8').send(await collect(deps));
  });
  return router;
}
