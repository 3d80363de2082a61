// The order scenarios: steady-repeat, new-customers, multi-tenant and unlimited. Every order is a real paid order in
// the Quickbutik simulator whose `order.new` webhook reaches our API; the figures come from our database
// (order_documents) and from the Fortnox simulator's counters and state.
import {
  BusyWatcher, createShop, duplicates, http, fortnoxCounters, historyStats, historySummary, latencies, log, percentiles, placeOrders, resetFortnoxCounters,
  round, RATE, sleep, sumCounters, syncAllProducts, utilisation, waitForOrders, warmCustomers, webhookCounts,
  type BenchOptions, type OrderOutcome, type ScenarioContext, type ShopSpec,
} from './harness';
import { check, finalize, rssChecks, type ScenarioResult } from './result';
import { ProcSampler, type CpuReport } from './procstat';

export interface OrderSizes {
  steady: { orders: number; customers: number; products: number };
  newCustomers: { orders: number; products: number };
  multi: { shops: number; ordersPerShop: number; customers: number; products: number };
  unlimited: { shops: number; burstPerShop: number; fixedRate: number; fixedSeconds: number; customers: number; products: number };
}

export const sizes = (quick: boolean): OrderSizes =>
  quick
    ? {
        steady: { orders: 120, customers: 12, products: 12 },
        newCustomers: { orders: 60, products: 12 },
        multi: { shops: 5, ordersPerShop: 12, customers: 6, products: 6 },
        unlimited: { shops: 4, burstPerShop: 30, fixedRate: 10, fixedSeconds: 10, customers: 6, products: 6 },
      }
    : {
        steady: { orders: 600, customers: 40, products: 25 },
        newCustomers: { orders: 300, products: 25 },
        multi: { shops: 20, ordersPerShop: 50, customers: 10, products: 10 },
        unlimited: { shops: 16, burstPerShop: 75, fixedRate: 10, fixedSeconds: 30, customers: 10, products: 10 },
      };

/** The steady-repeat shop; peer-pattern generates the very same orders from these seeds. */
export const STEADY = { shop: 'steady', tenant: 'steady-co', seed: 7, warmSeed: 1000, orderSeed: 2000 } as const;

const ref = (shop: string, order: string) => `qb:${shop}:${order}`;

interface Batch {
  outcomes: OrderOutcome[];
  placed: number;
  created: number;
  failures: number;
  parkedCodes: Record<string, number>;
  wallSeconds: number | null;
  latency: number[];
  calls: ReturnType<typeof sumCounters>;
  utilisation: ReturnType<typeof utilisation>;
  maxInWindowByTenant: Record<string, number>;
  duplicates: Awaited<ReturnType<typeof duplicates>>;
  webhooks: Record<string, number>;
  cpu: CpuReport;
  lastDocumentAt: number | null;
  /** The slowest orders (and any not synced) with their workflow history. */
  slowest: { order: string; latencyMs: number | null; state: string; history: string[] }[];
  workflows: Awaited<ReturnType<typeof historyStats>>;
  /** Documents stored per 5 s from the first placement: the pace over time (gaps show stalls). */
  documentsPer5s: number[];
}

/**
 * One measured batch: counters reset, orders placed (`place` fires the webhooks), waited for, then the figures. The
 * wall clock runs from just before the first order is placed to the last document stored.
 */
async function measureBatch(
  ctx: ScenarioContext,
  label: string,
  tenants: string[],
  place: () => Promise<Map<string, string[]>>,
): Promise<Batch> {
  await resetFortnoxCounters(ctx);
  const watcher = new BusyWatcher(ctx.fx).start();
  const a = ctx.sampler.mark();
  const t0 = Date.now();
  const ids = await place();
  const outcomes = await waitForOrders(ctx, ids, { label });
  const b = ctx.sampler.mark();
  const busy = await watcher.stop();
  const counters = await fortnoxCounters(ctx.fx);
  const created = outcomes.filter((o) => o.state === 'created');
  const lastDocumentAt = created.length ? Math.max(...created.map((o) => o.documentAt!)) : null;
  const parkedCodes: Record<string, number> = {};
  for (const o of outcomes) if (o.state !== 'created') parkedCodes[o.parkedCode ?? o.state] = (parkedCodes[o.parkedCode ?? o.state] ?? 0) + 1;
  const wanted = new Set([...ids].flatMap(([s, l]) => l.map((id) => ref(s, id))));
  const lat = (x: OrderOutcome) => (x.documentAt !== undefined && x.receivedAt !== undefined ? x.documentAt - x.receivedAt : null);
  const tail = [
    ...outcomes.filter((x) => x.state !== 'created').slice(0, 2),
    ...created.filter((x) => lat(x) !== null).sort((p, q) => lat(q)! - lat(p)!).slice(0, 2),
  ];
  const slowest = await Promise.all(tail.map(async (x) => ({
    order: `${x.shopId}:${x.orderId}`, latencyMs: lat(x), state: x.state, history: await historySummary(ctx, `order:${x.shopId}:${x.orderId}`),
  })));
  const workflows = await historyStats(ctx, [...ids].flatMap(([s, l]) => l.map((id) => `order:${s}:${id}`)));
  const documentsPer5s: number[] = [];
  for (const x of created) {
    const i = Math.max(0, Math.floor((x.documentAt! - t0) / 5000));
    while (documentsPer5s.length <= i) documentsPer5s.push(0);
    documentsPer5s[i]! += 1;
  }
  return {
    documentsPer5s,
    slowest,
    workflows,
    outcomes,
    placed: wanted.size,
    created: created.length,
    failures: outcomes.length - created.length,
    parkedCodes,
    wallSeconds: lastDocumentAt ? (lastDocumentAt - t0) / 1000 : null,
    latency: latencies(outcomes),
    calls: sumCounters(counters, tenants),
    utilisation: utilisation(counters, busy, tenants),
    maxInWindowByTenant: Object.fromEntries(tenants.map((t) => [t, counters[t]?.maxInWindow ?? 0])),
    duplicates: await duplicates(ctx, tenants, wanted),
    webhooks: await webhookCounts(ctx, [...ids.keys()]),
    cpu: ProcSampler.report(a, b),
    lastDocumentAt,
  };
}

function common(ctx: ScenarioContext, o: BenchOptions, batch: Batch) {
  const { rss, checks } = rssChecks(ctx);
  const perOrder = batch.created > 0 ? batch.calls.total / batch.created : null;
  return {
    orders: batch.placed,
    wallSeconds: batch.wallSeconds === null ? null : round(batch.wallSeconds, 1),
    ordersPerMinute: batch.wallSeconds ? round((batch.created / batch.wallSeconds) * 60, 1) : null,
    fortnoxCallsPerOrder: perOrder === null ? null : round(perOrder, 3),
    rateLimited429: batch.calls.rateLimited,
    failures: batch.failures,
    duplicates: batch.duplicates.duplicates,
    latencyMs: percentiles(batch.latency),
    rssMaxMB: rss,
    rssChecks: checks,
    quick: o.quick,
    cpu: batch.cpu,
  };
}

/** CPU time each process spent per synced order in the batch: what an order costs the machine, by process. */
function cpuPerOrder(batch: Batch) {
  if (!batch.created) return null;
  const per: Record<string, number> = {};
  let total = 0;
  for (const [name, v] of Object.entries(batch.cpu.processes)) {
    if (name === 'bench') continue;
    per[name] = round((v.cpuSeconds * 1000) / batch.created, 1);
    total += v.cpuSeconds;
  }
  const totalMs = (total * 1000) / batch.created;
  return {
    ...per,
    total: round(totalMs, 1),
    /** An estimate, not a measurement: cores ÷ CPU seconds per order, as if nothing else ran on the machine. */
    estimatedOrdersPerSecondIfStackHadAllCores: round((batch.cpu.cores * 1000) / totalMs, 1),
  };
}

function batchDetails(batch: Batch) {
  return {
    created: batch.created,
    cpuMsPerOrder: cpuPerOrder(batch),
    notSynced: batch.parkedCodes,
    fortnoxRequests: batch.calls.total,
    fortnoxByEndpoint: batch.calls.byEndpoint,
    acceptedRequests: batch.utilisation.accepted,
    allowedRequestsInBusyPeriod: batch.utilisation.allowed,
    maxInWindow: batch.calls.maxInWindow,
    documentsFound: batch.duplicates.withDocument,
    duplicateExamples: batch.duplicates.examples,
    webhooks: batch.webhooks,
    workflows: batch.workflows,
    documentsPer5s: batch.documentsPer5s,
    slowestOrders: batch.slowest,
  };
}

/** Shops created side by side, a few at a time (each is several API + simulator calls). */
async function createShops(ctx: ScenarioContext, specs: ShopSpec[], parallel = 5): Promise<void> {
  for (let i = 0; i < specs.length; i += parallel) await Promise.all(specs.slice(i, i + parallel).map((s) => createShop(ctx, s)));
}

/** Articles synced (sync-all) and every customer's card created by a warm-up pass, for each shop; then idle. */
async function warmShops(ctx: ScenarioContext, specs: ShopSpec[], seedBase: number) {
  const started = Date.now();
  const products = await Promise.all(specs.map((s) => syncAllProducts(ctx, s.id)));
  const warm = await Promise.all(specs.map((s, i) => warmCustomers(ctx, s, seedBase + 100 * i)));
  const ids = new Map(specs.map((s, i) => [s.id, warm[i]!.orders]));
  const outcomes = await waitForOrders(ctx, ids, { label: 'warm-up' });
  const mapped = await ctx.db
    .selectFrom('customer_map').select(['shop_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('shop_id', 'in', specs.map((s) => s.id)).groupBy('shop_id').execute();
  const articles = await ctx.db
    .selectFrom('article_map').select(['shop_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('shop_id', 'in', specs.map((s) => s.id)).groupBy('shop_id').execute();
  const customersMapped = mapped.reduce((s, r) => s + Number(r.n), 0);
  // Customers of the shops that have no Fortnox card mapping after the warm-up (should be none).
  const keys = new Set((await ctx.db.selectFrom('customer_map').select(['shop_id', 'customer_key']).where('shop_id', 'in', specs.map((s) => s.id)).execute())
    .map((r) => `${r.shop_id}\u0000${r.customer_key}`));
  const unmapped: string[] = [];
  for (const spec of specs) {
    const state = await http<{ customers: { email: string }[] }>('GET', `${ctx.qb}/__sim/shops/${spec.id}/state`);
    for (const c of state.customers) if (!keys.has(`${spec.id}\u0000${c.email.trim().toLowerCase()}`)) unmapped.push(`${spec.id}:${c.email}`);
  }
  const customersInShops = specs.reduce((s, x) => s + x.customers, 0);
  return {
    seconds: round((Date.now() - started) / 1000, 1),
    productsSynced: products.reduce((s, p) => s + p.products, 0),
    productParked: products.flatMap((p) => p.parked),
    warmupOrders: outcomes.length,
    warmupNotSynced: outcomes.filter((o) => o.state !== 'created').length,
    customersMapped,
    customersInShops,
    customersUnmapped: unmapped.slice(0, 10),
    articlesMapped: articles.reduce((s, r) => s + Number(r.n), 0),
  };
}

// ---------------------------------------------------------------------------------------------------- scenarios

export async function steadyRepeat(ctx: ScenarioContext, o: BenchOptions): Promise<ScenarioResult> {
  const z = sizes(o.quick).steady;
  const spec: ShopSpec = { id: STEADY.shop, tenant: STEADY.tenant, seed: STEADY.seed, products: z.products, customers: z.customers };
  await createShop(ctx, spec);
  log.line(`  warm-up: sync all products, then orders until each of the ${z.customers} customers has a Fortnox card`);
  const warmup = await warmShops(ctx, [spec], STEADY.warmSeed);
  log.line(`  warm-up done in ${warmup.seconds} s (${warmup.warmupOrders} orders, ${warmup.customersMapped} customers, ${warmup.articlesMapped} articles); measuring ${z.orders} orders`);
  const batch = await measureBatch(ctx, 'steady-repeat', [spec.tenant], async () =>
    new Map([[spec.id, await placeOrders(ctx, spec.id, { count: z.orders, seed: STEADY.orderSeed, returningCustomers: true, pay: true, spreadMs: 5000 })]]));
  const c = common(ctx, o, batch);
  return finalize({
    ...c,
    utilisation: batch.utilisation.utilisation === null ? null : round(batch.utilisation.utilisation, 3),
    target: { ordersPerMinute: '>= 250', fortnoxCallsPerOrder: '<= 1.05', utilisation: '>= 0.85', failures: '== 0', duplicates: '== 0', workerRssMB: '< 400', apiRssMB: '< 200' },
    checks: {
      ordersPerMinute: check(c.ordersPerMinute, '>=', 250),
      fortnoxCallsPerOrder: check(c.fortnoxCallsPerOrder, '<=', 1.05),
      utilisation: check(batch.utilisation.utilisation, '>=', 0.85),
      failures: check(c.failures, '==', 0),
      duplicates: check(c.duplicates, '==', 0),
      ...c.rssChecks,
    },
    notes: [
      `${z.orders} paid orders by ${z.customers} returning customers placed within 5 s (a backlog), ${z.products} products; warm-up (articles + every customer's card) not measured.`,
      ...(warmup.customersUnmapped.length ? [`warm-up left customers without a Fortnox card: ${warmup.customersUnmapped.join(', ')}`] : []),
      `Utilisation = accepted Fortnox requests ÷ ${RATE.limit} × (⌊busy period / ${RATE.windowMs / 1000} s⌋ + 1).`,
    ],
    details: { ...batchDetails(batch), warmup },
  });
}

export async function newCustomers(ctx: ScenarioContext, o: BenchOptions): Promise<ScenarioResult> {
  const z = sizes(o.quick).newCustomers;
  const spec: ShopSpec = { id: 'newcust', tenant: 'newcust-co', seed: 11, products: z.products, customers: 0 };
  await createShop(ctx, spec);
  log.line('  warm-up: sync all products, 10 orders (company registers cached)');
  const started = Date.now();
  const products = await syncAllProducts(ctx, spec.id);
  const warmIds = await placeOrders(ctx, spec.id, { count: 10, seed: 500, returningCustomers: false, pay: true, spreadMs: 500 });
  await waitForOrders(ctx, new Map([[spec.id, warmIds]]), { label: 'warm-up' });
  const warmup = { seconds: round((Date.now() - started) / 1000, 1), productsSynced: products.products, warmupOrders: warmIds.length };
  log.line(`  warm-up done in ${warmup.seconds} s; measuring ${z.orders} orders from new customers`);
  const batch = await measureBatch(ctx, 'new-customers', [spec.tenant], async () =>
    new Map([[spec.id, await placeOrders(ctx, spec.id, { count: z.orders, seed: 600, returningCustomers: false, pay: true, spreadMs: 5000 })]]));
  const c = common(ctx, o, batch);
  const ep = batch.calls.byEndpoint;
  const per = (n: number) => (batch.created ? round(n / batch.created, 3) : null);
  const sumOf = (re: RegExp) => Object.entries(ep).filter(([k]) => re.test(k)).reduce((s, [, n]) => s + n, 0);
  return finalize({
    ...c,
    utilisation: batch.utilisation.utilisation === null ? null : round(batch.utilisation.utilisation, 3),
    target: { fortnoxCallsPerOrder: '<= 3', duplicates: '== 0', workerRssMB: '< 400', apiRssMB: '< 200' },
    checks: { fortnoxCallsPerOrder: check(c.fortnoxCallsPerOrder, '<=', 3), duplicates: check(c.duplicates, '==', 0), ...c.rssChecks },
    notes: [
      `${z.orders} paid orders, each by a new customer, placed within 5 s; article sync on with the catalog synced first (sync-all, not measured).`,
      'A new customer costs an e-mail search and a create; failures here are orders parked for their data (see details.notSynced).',
    ],
    details: {
      ...batchDetails(batch),
      callsPerOrderBy: { customers: per(sumOf(/\/3\/customers/)), articles: per(sumOf(/\/3\/(articles|prices|archive|articlefileconnections)/)), documents: per(sumOf(/\/3\/(invoices|orders)/)) },
      warmup,
    },
  });
}

/** The one-shop figure to compare with (steady-repeat of this run, else of the previous run's JSON). */
export type Baseline = { ordersPerMinute: number; source: string } | null;

export async function multiTenant(ctx: ScenarioContext, o: BenchOptions, baseline: () => Baseline): Promise<ScenarioResult> {
  const z = sizes(o.quick).multi;
  const specs: ShopSpec[] = Array.from({ length: z.shops }, (_, i) => {
    const id = `mt-${String(i + 1).padStart(2, '0')}`;
    return { id, tenant: `${id}-co`, seed: 100 + i, products: z.products, customers: z.customers };
  });
  log.line(`  ${z.shops} shops: create, connect, sync all products, warm every customer`);
  await createShops(ctx, specs);
  const warmup = await warmShops(ctx, specs, 3000);
  log.line(`  warm-up done in ${warmup.seconds} s; measuring ${z.shops} × ${z.ordersPerShop} orders at once`);
  const batch = await measureBatch(ctx, 'multi-tenant', specs.map((s) => s.tenant), async () => {
    const placed = await Promise.all(specs.map((s, i) =>
      placeOrders(ctx, s.id, { count: z.ordersPerShop, seed: 4000 + i, returningCustomers: true, pay: true, spreadMs: 2000 })));
    return new Map(specs.map((s, i) => [s.id, placed[i]!]));
  });
  const c = common(ctx, o, batch);
  const base = baseline();
  const ratio = base && c.ordersPerMinute ? c.ordersPerMinute / base.ordersPerMinute : null;
  // Each shop's own pace: its orders over the time until its last document.
  const t0 = batch.lastDocumentAt !== null && batch.wallSeconds !== null ? batch.lastDocumentAt - batch.wallSeconds * 1000 : 0;
  const perShop = specs.map((s) => {
    const docs = batch.outcomes.filter((x) => x.shopId === s.id && x.state === 'created');
    const last = docs.length ? Math.max(...docs.map((d) => d.documentAt!)) : null;
    return last ? (docs.length / ((last - t0) / 1000)) * 60 : 0;
  }).sort((a, b) => a - b);
  return finalize({
    ...c,
    utilisation: batch.utilisation.utilisation === null ? null : round(batch.utilisation.utilisation, 3),
    target: { aggregateVsOneShop: '>= 10', duplicates: '== 0', workerRssMB: '< 400', apiRssMB: '< 200' },
    checks: { aggregateVsOneShop: check(ratio, '>=', 10), duplicates: check(c.duplicates, '==', 0), ...c.rssChecks },
    notes: [
      `${z.shops} shops, each its own Fortnox company (own 25/5 s budget), ${z.ordersPerShop} orders each by returning customers, all placed within 2 s.`,
      base ? `One shop = ${base.ordersPerMinute} orders/min (${base.source}).` : 'No one-shop figure available: run steady-repeat in the same run for the ratio.',
    ],
    details: {
      ...batchDetails(batch),
      aggregateOrdersPerMinute: c.ordersPerMinute,
      oneShopOrdersPerMinute: base?.ordersPerMinute ?? null,
      oneShopSource: base?.source ?? null,
      aggregateVsOneShop: ratio === null ? null : round(ratio, 2),
      perShopOrdersPerMinute: { min: round(perShop[0] ?? 0, 1), median: round(perShop[Math.floor(perShop.length / 2)] ?? 0, 1), max: round(perShop[perShop.length - 1] ?? 0, 1) },
      warmup,
    },
  });
}

export async function unlimited(ctx: ScenarioContext, o: BenchOptions): Promise<ScenarioResult> {
  const z = sizes(o.quick).unlimited;
  const specs: ShopSpec[] = Array.from({ length: z.shops }, (_, i) => {
    const id = `ul-${String(i + 1).padStart(2, '0')}`;
    return { id, tenant: `${id}-co`, seed: 200 + i, products: z.products, customers: z.customers };
  });
  const tenants = specs.map((s) => s.tenant);
  log.line(`  Fortnox simulator without rate limit; ${z.shops} shops (our own limiter stays 25/5 s per company): create, warm`);
  await createShops(ctx, specs);
  const warmup = await warmShops(ctx, specs, 5000);

  // Phase 1: the ceiling — a backlog far larger than the machine can clear at once.
  const burst = z.shops * z.burstPerShop;
  log.line(`  warm-up done in ${warmup.seconds} s; ceiling: ${burst} orders placed within 2 s`);
  const ceiling = await measureBatch(ctx, 'unlimited: ceiling', tenants, async () => {
    const placed = await Promise.all(specs.map((s, i) =>
      placeOrders(ctx, s.id, { count: z.burstPerShop, seed: 6000 + i, returningCustomers: true, pay: true, spreadMs: 2000 })));
    return new Map(specs.map((s, i) => [s.id, placed[i]!]));
  });
  const perSecond = ceiling.wallSeconds ? ceiling.created / ceiling.wallSeconds : null;
  await sleep(3000);

  // Phase 2: latency at a fixed arrival rate — one order every 1/rate s, round robin over the shops (open loop).
  const n = z.fixedRate * z.fixedSeconds;
  log.line(`  fixed rate: ${n} orders at ${z.fixedRate}/s`);
  const lateBy: number[] = [];
  const fixed = await measureBatch(ctx, 'unlimited: fixed rate', tenants, async () => {
    const ids = new Map(specs.map((s) => [s.id, [] as string[]]));
    const start = Date.now();
    const sends: Promise<void>[] = [];
    for (let i = 0; i < n; i++) {
      const due = start + (i * 1000) / z.fixedRate;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      lateBy.push(Date.now() - due);
      const shop = specs[i % specs.length]!.id;
      sends.push(placeOrders(ctx, shop, { count: 1, seed: 7000 + i, returningCustomers: true, pay: true }).then((l) => void ids.get(shop)!.push(...l)));
    }
    await Promise.all(sends);
    return ids;
  });
  const received = fixed.outcomes.filter((x) => x.receivedAt !== undefined).map((x) => x.receivedAt!);
  const arrivalRate = received.length > 1 ? (received.length - 1) / ((Math.max(...received) - Math.min(...received)) / 1000) : null;
  const { rss, checks } = rssChecks(ctx);
  const lat = percentiles(fixed.latency);
  const maxWin = Math.max(0, ...Object.values(ceiling.maxInWindowByTenant));
  return finalize({
    orders: ceiling.placed,
    wallSeconds: ceiling.wallSeconds === null ? null : round(ceiling.wallSeconds, 1),
    ordersPerMinute: perSecond === null ? null : round(perSecond * 60, 1),
    fortnoxCallsPerOrder: ceiling.created ? round(ceiling.calls.total / ceiling.created, 3) : null,
    rateLimited429: ceiling.calls.rateLimited + fixed.calls.rateLimited,
    utilisation: null,
    failures: ceiling.failures + fixed.failures,
    duplicates: ceiling.duplicates.duplicates + fixed.duplicates.duplicates,
    latencyMs: lat,
    rssMaxMB: rss,
    target: { ordersPerSecond: '>= 20', p99LatencyAt10PerSecondMs: '< 2000', duplicates: '== 0', workerRssMB: '< 400', apiRssMB: '< 200' },
    checks: {
      ordersPerSecond: check(perSecond, '>=', 20),
      p99LatencyAt10PerSecondMs: check(lat?.p99 ?? null, '<', 2000),
      duplicates: check(ceiling.duplicates.duplicates + fixed.duplicates.duplicates, '==', 0),
      ...checks,
    },
    quick: o.quick,
    notes: [
      `Ceiling: ${burst} orders over ${z.shops} shops placed within 2 s; ordersPerMinute/ordersPerSecond = synced orders ÷ wall. latencyMs is from the fixed-rate phase (${n} orders at ${z.fixedRate}/s).`,
      `Fortnox simulator limit off. The product keeps its own per-company budget (25 per 5 s), so the load is spread over ${z.shops} companies` +
        ` (${z.shops} × 4.9 = ${round(z.shops * 4.9, 0)} orders/s of budget); highest requests in any 5 s window of one company during the ceiling phase: ${maxWin}` +
        (maxWin >= RATE.limit ? ' — that company was held by our own limiter for part of the time.' : ' — below 25, so our limiter never held anyone back.'),
    ],
    cpu: ceiling.cpu,
    details: {
      ordersPerSecond: perSecond === null ? null : round(perSecond, 2),
      ceiling: batchDetails(ceiling),
      ceilingLatencyMs: percentiles(ceiling.latency),
      fixedRate: {
        ordersPerSecond: z.fixedRate,
        orders: fixed.placed,
        measuredArrivalRate: arrivalRate === null ? null : round(arrivalRate, 2),
        placementLateByMsP99: percentiles(lateBy)?.p99 ?? null,
        latencyMs: lat,
        ...batchDetails(fixed),
        cpu: fixed.cpu,
      },
      warmup,
    },
  });
}

