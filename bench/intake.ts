// webhook-intake: HTTP load on the webhook endpoint from a bounded, closed-loop load generator (a fixed number of
// keep-alive connections, each sending its next request when the previous answer came; a fixed number of requests;
// 127.0.0.1 only).
import http from 'node:http';
import { http as call, log, percentiles, round, type BenchOptions, type ScenarioContext } from './harness';
import { check, finalize, rssChecks, type ScenarioResult } from './result';

interface LoadResult {
  connections: number;
  requests: number;
  accepted: number;
  errors: number;
  statuses: Record<string, number>;
  seconds: number;
  acceptedPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number } | null;
  maxMs: number;
}

/** `requests` GETs over `connections` keep-alive sockets; `pathFor(i)` builds the i-th request's path. */
export async function load(port: number, connections: number, requests: number, pathFor: (i: number) => string): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const lat = new Float64Array(requests);
  const statuses: Record<string, number> = {};
  let next = 0;
  let errors = 0;
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const t0 = process.hrtime.bigint();
      const req = http.get({ host: '127.0.0.1', port, path: pathFor(i), agent, headers: { 'user-agent': 'Quickbutik-Webhooks/1.0' } }, (res) => {
        res.resume();
        res.on('end', () => {
          lat[i] = Number(process.hrtime.bigint() - t0) / 1e6;
          statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
          resolve();
        });
      });
      req.on('error', () => {
        lat[i] = Number(process.hrtime.bigint() - t0) / 1e6;
        errors++;
        resolve();
      });
    });
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: connections }, async () => {
    while (next < requests) await one(next++);
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  const all = Array.from(lat);
  const accepted = statuses['200'] ?? 0;
  return {
    connections, requests, accepted, errors, statuses, seconds: round(seconds, 2),
    acceptedPerSecond: round(accepted / seconds, 0), latencyMs: percentiles(all), maxMs: round(Math.max(...all), 1),
  };
}

export async function webhookIntake(ctx: ScenarioContext, o: BenchOptions): Promise<ScenarioResult> {
  const requests = o.quick ? 3000 : 20_000;
  const shop = await call<{ webhookUrl: string }>('POST', `${ctx.api}/shops`, {
    id: 'intake', name: 'Intake AB', quickbutikApiKey: 'bench-key-intake', settings: { documentType: 'invoice' },
  });
  const url = new URL(shop.webhookUrl);
  const port = Number(url.port);
  const base = `${url.pathname}${url.search}&event_type=order.done&order_id=`;
  // Every request a new event (a new inbox row), as real traffic is: order ids never repeat within the run.
  let id = 1_000_000;
  const pathFor = () => `${base}${id++}`;

  log.line(`  warm-up: 1000 requests; then ${requests} requests at 16 and at 32 connections`);
  const warm = await load(port, 16, 1000, pathFor);
  const m16 = await ctx.measureCpu(() => load(port, 16, requests, pathFor));
  const m32 = await ctx.measureCpu(() => load(port, 32, requests, pathFor));
  // Durability: every accepted request is an inbox row.
  const rows = await ctx.db.selectFrom('inbox').select((eb) => eb.fn.countAll<number>().as('n')).where('shop_id', '=', 'intake').executeTakeFirstOrThrow();
  const acceptedAll = warm.accepted + m16.value.accepted + m32.value.accepted;
  const main = m16.value;
  const { rss, checks } = rssChecks(ctx);
  return finalize({
    orders: main.requests,
    wallSeconds: main.seconds,
    ordersPerMinute: null,
    fortnoxCallsPerOrder: null,
    rateLimited429: null,
    utilisation: null,
    failures: main.requests - main.accepted,
    duplicates: null,
    latencyMs: main.latencyMs,
    rssMaxMB: rss,
    target: { acceptedPerSecond: '>= 1000', p99Ms: '< 50', workerRssMB: '< 400', apiRssMB: '< 200' },
    checks: {
      acceptedPerSecond: check(main.acceptedPerSecond, '>=', 1000),
      p99Ms: check(main.latencyMs?.p99 ?? null, '<', 50),
      ...checks,
    },
    quick: o.quick,
    notes: [
      `GET <webhookUrl>&event_type=order.done&order_id=<new id> — the same route, token check and inbox INSERT as order.new; order.done is recorded, not synced, so the dispatcher's follow-up work stays small and the figure is the intake's own.`,
      `Main figures at 16 keep-alive connections, ${main.requests} requests (closed loop: mean latency ≈ connections ÷ throughput). At 32 connections: ${m32.value.acceptedPerSecond} accepted/s, p99 ${m32.value.latencyMs?.p99} ms.`,
      `The load generator runs in the bench process on the same 2 cores as the API, PostgreSQL and the rest of the stack (see cpu).`,
      `orders = requests sent; failures = requests not answered 200.`,
    ],
    cpu: m16.cpu,
    details: {
      acceptedPerSecond: main.acceptedPerSecond,
      at16: main,
      at32: { ...m32.value, cpu: m32.cpu },
      inboxRows: Number(rows.n),
      acceptedIncludingWarmup: acceptedAll,
      everyAcceptedRequestStored: Number(rows.n) >= acceptedAll,
    },
  });
}

