// peer-pattern: the baseline. The same orders as steady-repeat (same seeds, so the same customers, rows and amounts)
// pushed the way a typical shop plugin does it: read the order, search the customer by e-mail, update the customer,
// look up every article, create the invoice — one call after another, 250 ms apart, straight against the Fortnox
// simulator with the real rate limit (25 per 5 s). No Temporal, no database: the plugin's own loop.
import {
  BusyWatcher, fortnoxCounters, http, log, percentiles, placeOrders, resetFortnoxCounters, round, sleep, sumCounters, utilisation,
  warmCustomers, type BenchOptions, type ScenarioContext, type ShopSpec,
} from './harness';
import { STEADY, sizes, type Baseline } from './orders';
import { ProcSampler } from './procstat';
import { check, finalize, rssChecks, type ScenarioResult } from './result';

const SPACING_MS = 250;
const BACKOFF_429_MS = 5000;

interface QbOrder {
  order_id: string;
  currency: string;
  is_taxfree: string;
  is_taxontop: string;
  shipping_amount: string;
  customer: { email: string; phone: string; customer_type: string; company_name: string; full_name: string; address: string; city: string; zipcode: string; country: string };
  products: { sku: string; title: string; qty: string; price: string }[];
}

/** What Fortnox refuses in text fields (quotes, brackets, …): a plugin strips it. */
const clean = (s: string | undefined, max = 100) => (s ?? '').replace(/["'<>[\]{}~|]/g, '').replace(/\p{Extended_Pictographic}/gu, '').slice(0, max);

class PeerPlugin {
  private lastStart = 0;
  calls = 0;
  rateLimited = 0;

  constructor(private readonly fortnoxUrl: string, private readonly token: string) {}

  /** One Fortnox call, at least 250 ms after the previous one started; a 429 waits 5 s and tries again. */
  async fortnox(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
    for (;;) {
      const wait = this.lastStart + SPACING_MS - Date.now();
      if (wait > 0) await sleep(wait);
      this.lastStart = Date.now();
      this.calls++;
      const res = await fetch(`${this.fortnoxUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status === 429) {
        this.rateLimited++;
        await sleep(BACKOFF_429_MS);
        continue;
      }
      return { status: res.status, json: text ? JSON.parse(text) : null };
    }
  }

  customerBody(o: QbOrder) {
    const c = o.customer;
    return {
      Name: clean(c.customer_type === 'company' && c.company_name ? c.company_name : c.full_name || c.email),
      Email: c.email,
      Phone1: clean(c.phone, 50),
      Address1: clean(c.address),
      ZipCode: clean(c.zipcode, 10),
      City: clean(c.city),
      CountryCode: c.country || 'SE',
    };
  }

  async findCustomer(email: string): Promise<string | null> {
    const r = await this.fortnox('GET', `/3/customers?email=${encodeURIComponent(email)}`);
    const hit = (r.json?.Customers ?? []).find((x: { Email?: string }) => (x.Email ?? '').toLowerCase() === email.toLowerCase());
    return hit ? String(hit.CustomerNumber) : null;
  }

  /** The plugin's steady state for one order: search, update, every article, invoice. Returns true when invoiced. */
  async push(o: QbOrder, shopId: string): Promise<boolean> {
    let number = await this.findCustomer(o.customer.email);
    if (number) await this.fortnox('PUT', `/3/customers/${number}`, { Customer: this.customerBody(o) });
    else number = String((await this.fortnox('POST', '/3/customers', { Customer: this.customerBody(o) })).json?.Customer?.CustomerNumber);
    for (const row of o.products) {
      const a = await this.fortnox('GET', `/3/articles/${encodeURIComponent(row.sku)}`);
      if (a.status === 404) await this.fortnox('POST', '/3/articles', { Article: { ArticleNumber: row.sku, Description: clean(row.title, 200) } });
    }
    const vatIncluded = o.is_taxfree !== '1' && o.is_taxontop !== '1';
    const r = await this.fortnox('POST', '/3/invoices', {
      Invoice: {
        CustomerNumber: number,
        ExternalInvoiceReference1: `peer:${shopId}:${o.order_id}`,
        YourOrderNumber: o.order_id,
        Currency: o.currency,
        VATIncluded: vatIncluded,
        Freight: Number(o.shipping_amount),
        InvoiceRows: o.products.map((p) => ({ ArticleNumber: p.sku, DeliveredQuantity: Number(p.qty), Price: Number(p.price) })),
      },
    });
    return r.status === 201 || r.status === 200;
  }
}

export async function peerPattern(ctx: ScenarioContext, o: BenchOptions, baseline: () => Baseline): Promise<ScenarioResult> {
  const steady = sizes(o.quick).steady;
  const count = o.quick ? 20 : 100;
  const shopId = 'peer';
  const tenant = 'peer-co';
  const apiKey = 'bench-key-peer';
  // The same Quickbutik data and the same generated orders as steady-repeat (no webhooks: the plugin is the reader).
  const spec: ShopSpec = { id: shopId, tenant, seed: STEADY.seed, products: steady.products, customers: steady.customers };
  await http('POST', `${ctx.qb}/__sim/shops`, { shopId, apiKey });
  await http('POST', `${ctx.qb}/__sim/shops/${shopId}/seed`, { seed: spec.seed, products: spec.products, customers: spec.customers, orders: 0 });
  await warmCustomers(ctx, spec, STEADY.warmSeed, false);
  const orderIds = (await placeOrders(ctx, shopId, { count: steady.orders, seed: STEADY.orderSeed, returningCustomers: true, pay: false })).slice(0, count);

  await http('POST', `${ctx.fx}/__sim/tenants`, { tenantId: tenant });
  const { access_token } = await http<{ access_token: string }>('POST', `${ctx.fx}/__sim/tenants/${tenant}/tokens`, {});
  const plugin = new PeerPlugin(ctx.fx, access_token);
  const basic = `Basic ${Buffer.from(`${apiKey}:${apiKey}`).toString('base64')}`;
  const readOrder = async (id: string) =>
    (await http<QbOrder[]>('GET', `${ctx.qb}/v1/orders?order_id=${id}&include_details=true`, undefined, { headers: { authorization: basic } }))[0]!;

  // Warm-up (not measured): the plugin's first sight of these customers and articles creates them, as it would have
  // on earlier orders; afterwards every order finds its customer and articles, like steady-repeat's warm state.
  log.line(`  warm-up: the plugin creates the customers and articles of the ${count} orders`);
  const orders = await Promise.all(orderIds.map(readOrder));
  const seenCustomers = new Set<string>();
  const seenSkus = new Set<string>();
  for (const order of orders) {
    if (!seenCustomers.has(order.customer.email)) {
      seenCustomers.add(order.customer.email);
      if (!(await plugin.findCustomer(order.customer.email))) await plugin.fortnox('POST', '/3/customers', { Customer: plugin.customerBody(order) });
    }
    for (const row of order.products) {
      if (seenSkus.has(row.sku)) continue;
      seenSkus.add(row.sku);
      const a = await plugin.fortnox('GET', `/3/articles/${encodeURIComponent(row.sku)}`);
      if (a.status === 404) await plugin.fortnox('POST', '/3/articles', { Article: { ArticleNumber: row.sku, Description: clean(row.title, 200) } });
    }
  }
  await sleep(5200); // a fresh rate window, as steady-repeat starts with one
  await resetFortnoxCounters(ctx);

  log.line(`  measuring ${count} orders the plugin way (${SPACING_MS} ms between calls)`);
  plugin.calls = 0;
  plugin.rateLimited = 0;
  const watcher = new BusyWatcher(ctx.fx).start();
  const a = ctx.sampler.mark();
  const t0 = Date.now();
  let done = 0;
  let failures = 0;
  const perOrder: number[] = [];
  let lastAt = t0;
  for (const id of orderIds) {
    const start = Date.now();
    const ok = await plugin.push(await readOrder(id), shopId);
    lastAt = Date.now();
    perOrder.push(lastAt - start);
    if (ok) done++;
    else failures++;
    log.progress(`  peer-pattern: ${done}/${count} invoices, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  log.progress('');
  const b = ctx.sampler.mark();
  const busy = await watcher.stop();
  const counters = await fortnoxCounters(ctx.fx);
  const calls = sumCounters(counters, [tenant]);
  const util = utilisation(counters, busy, [tenant]);
  const wall = (lastAt - t0) / 1000;
  const perMinute = (done / wall) * 60;
  const base = baseline();
  const ratio = base ? base.ordersPerMinute / perMinute : null;
  const { rss } = rssChecks(ctx, false);
  return finalize({
    orders: count,
    wallSeconds: round(wall, 1),
    ordersPerMinute: round(perMinute, 1),
    fortnoxCallsPerOrder: round(calls.total / Math.max(1, done), 3),
    rateLimited429: calls.rateLimited,
    utilisation: util.utilisation === null ? null : round(util.utilisation, 3),
    failures,
    duplicates: null,
    latencyMs: null,
    rssMaxMB: { worker: null, api: rss.api },
    target: { oursVsPeer: '>= 3 (steady-repeat orders/min ÷ peer orders/min)' },
    checks: { oursVsPeer: check(ratio, '>=', 3) },
    quick: o.quick,
    notes: [
      `The first ${count} of steady-repeat's orders (same seeds), customers and articles already in Fortnox; per order: read it from Quickbutik, GET customers?email, PUT customer, GET every article, POST invoice; ${SPACING_MS} ms between Fortnox calls, a 429 waits ${BACKOFF_429_MS / 1000} s.`,
      base ? `Ours (steady-repeat): ${base.ordersPerMinute} orders/min (${base.source}).` : 'No steady-repeat figure available for the comparison.',
      'latencyMs is not reported (the plugin has no webhook time); details.perOrderMs is the time to push one order.',
      'rssMaxMB.api is the idle API of this scenario\'s stack (the plugin runs in the bench process).',
    ],
    cpu: ProcSampler.report(a, b),
    details: {
      oursOrdersPerMinute: base?.ordersPerMinute ?? null,
      oursVsPeer: ratio === null ? null : round(ratio, 2),
      perOrderMs: percentiles(perOrder),
      fortnoxRequests: calls.total,
      fortnoxByEndpoint: calls.byEndpoint,
      acceptedRequests: util.accepted,
      allowedRequestsInBusyPeriod: util.allowed,
      maxInWindow: calls.maxInWindow,
    },
  });
}
