import express, { type NextFunction, type Request, type Response } from 'express';
import { asSimError, SimError } from './errors';
import { METADATA_SCOPES, metadataKey, writeMetadata, type MetadataScope, type OrderStatus, type ShopState } from './model';
import { apiOrderSchema, fromApiOrder } from './order-input';
import type { ProductFields } from './products';
import { queryOrders, queryProducts, type Query } from './queries';
import { SHIPPING_OPTIONS } from './seed-data';
import { orderDetails, orderSummary, productDetails, productSummary, STATUS_CODE, statusCode } from './serialize';
import type { QuickbutikSim } from './sim';

/**
 * The real API under /v1: Basic auth with the shop's key, string numbers, 404 for an empty list, array bodies for
 * writes. Envelopes as the reference (Products) documents them:
 *   GET /v1/products                → {"product": [...]} (short items; include_details=true → full)
 *   GET /v1/products?search=…       → bare array
 *   GET /v1/products?product_id=N   → {"product": {...}} (full; the shop's `productLookup` form may make it bare)
 *   GET /v1/products?sku=S          → the same (a variant's sku answers its product)
 *   GET /v1/orders[?order_id=N]     → bare array (order_id: one element)
 * Where the reference leaves a form open, each shop serves the one its `forms` name (model.ts, ResponseForms).
 */
const shopOf = (res: Response): ShopState => res.locals.shop as ShopState;

function query(req: Request): Query {
  const q: Query = {};
  for (const [k, v] of Object.entries(req.query)) q[k] = Array.isArray(v) ? String(v[0]) : v === undefined ? undefined : String(v);
  return q;
}

const truthy = (v: string | undefined) => v === 'true' || v === '1';

/** Basic auth: user name and password are both the shop's API key. */
function authenticate(sim: QuickbutikSim) {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const match = /^Basic\s+(.+)$/i.exec(header);
    const [user, password] = match ? Buffer.from(match[1]!, 'base64').toString('utf8').split(/:(.*)/s) : [];
    const shop = user ? sim.shopByApiKey(user) : undefined;
    if (!shop || password !== shop.apiKey) {
      res.set('WWW-Authenticate', 'Basic realm="Quickbutik API"');
      res.status(401).json({ code: 401, error: match ? 'Invalid API key' : 'Missing API key (HTTP Basic auth)' });
      return;
    }
    res.locals.shop = shop;
    next();
  };
}

/** Per-shop injected failures, decided after auth so they count against the right shop. */
function injectFaults(sim: QuickbutikSim) {
  const codes = [500, 502, 503] as const;
  let turn = 0;
  return (_req: Request, res: Response, next: NextFunction) => {
    const shop = shopOf(res);
    if (sim.faults.roll(shop.id, 'error429')) {
      res.set('Retry-After', '1').status(429).json({ code: 429, error: 'Too Many Requests' });
      return;
    }
    if (sim.faults.roll(shop.id, 'error5xx')) {
      const code = codes[turn++ % codes.length]!;
      res.status(code).json({ code, error: code === 503 ? 'Service Unavailable' : 'Internal Server Error' });
      return;
    }
    next();
  };
}

function arrayBody(req: Request): unknown[] {
  if (!Array.isArray(req.body)) throw new SimError(400, 'Body must be a JSON array');
  if (req.body.length === 0) throw new SimError(400, 'Body must not be an empty array');
  return req.body as unknown[];
}

/** Runs one element of a write; a failure becomes that element's result instead of failing the whole call. */
function attempt<T extends object>(work: () => T): T | { success: 0; error: string } {
  try {
    return work();
  } catch (err) {
    const known = asSimError(err);
    if (!known) throw err;
    return { success: 0, error: known.message };
  }
}

/** PUT /v1/orders `status`: the documented words (codes accepted as a courtesy). */
function statusOf(shop: ShopState, raw: unknown): OrderStatus | undefined {
  const words: Record<string, OrderStatus> = {
    unpaid: 'unpaid', paid: 'paid', done: 'done', cancelled: 'cancelled', canceled: 'cancelled',
    [STATUS_CODE.unpaid]: 'unpaid', [STATUS_CODE.paid]: 'paid', [STATUS_CODE.done]: 'done',
    [shop.forms.cancelledStatus]: 'cancelled',
  };
  return words[String(raw ?? '').toLowerCase()];
}

const PAYMENT_METHODS = [
  { id: '1', method: 'klarna', name: 'Klarna' },
  { id: '2', method: 'swish', name: 'Swish' },
  { id: '3', method: 'card', name: 'Kortbetalning' },
  { id: '4', method: 'invoice', name: 'Faktura' },
  { id: '5', method: 'paypal', name: 'PayPal' },
];
const SHIPPING_COUNTRIES: Record<string, string[]> = { '5': ['DE', 'FI', 'DK', 'NL', 'FR', 'NO', 'GB', 'US'] };

/** `{key, value}` (or an array of them) → the entries to write. */
function metadataEntries(body: unknown): Record<string, string> {
  const items = Array.isArray(body) ? body : [body];
  const out: Record<string, string> = {};
  for (const item of items) {
    const { key, value } = (item ?? {}) as { key?: unknown; value?: unknown };
    if (typeof key !== 'string' || key === '') throw new SimError(400, 'Body must be {"key": "...", "value": "..."}');
    out[key] = value === null || value === undefined ? '' : String(value);
  }
  return out;
}

export function apiRouter(sim: QuickbutikSim): express.Router {
  const router = express.Router();
  const base = (req: Request) => sim.baseUrl(`${req.protocol}://${req.get('host')}`);

  router.use((req, res, next) => {
    res.on('finish', () => {
      const path = req.route ? `/v1${req.route.path as string}` : req.originalUrl.split('?')[0];
      const endpoint = `${req.method} ${path}`;
      sim.counters.request((res.locals.shop as ShopState | undefined)?.id ?? null, endpoint, res.statusCode);
    });
    next();
  });
  router.use(authenticate(sim));
  router.use(injectFaults(sim));

  router.get('/products/count', (_req, res) => {
    res.json({ count: String(shopOf(res).products.size) });
  });

  router.get('/products', (req, res) => {
    const shop = shopOf(res);
    const q = query(req);
    const lookup = (product: Parameters<typeof productDetails>[0]) => {
      const full = productDetails(product, base(req), shop.forms);
      res.json(shop.forms.productLookup === 'bare' ? full : { product: full });
    };
    if (q.product_id !== undefined) {
      const product = shop.products.get(Number(q.product_id));
      if (!product) throw new SimError(404, `Product ${q.product_id} not found`);
      lookup(product);
      return;
    }
    if (q.sku !== undefined) {
      const product = [...shop.products.values()].find((p) => p.sku === q.sku || p.variants.some((v) => v.sku === q.sku));
      if (!product) throw new SimError(404, `No product with sku ${q.sku}`);
      lookup(product);
      return;
    }
    const products = queryProducts(shop, q);
    if (products.length === 0) throw new SimError(404, 'No products found');
    const items = products.map((p) => (truthy(q.include_details) ? productDetails(p, base(req), shop.forms) : productSummary(p, shop.forms)));
    res.json(q.search !== undefined ? items : { product: items });
  });

  router.post('/products', (req, res) => {
    const shop = shopOf(res);
    const results: Record<string, object> = {};
    arrayBody(req).forEach((item, i) => {
      const fields = (item ?? {}) as ProductFields;
      const key = typeof fields.sku === 'string' && fields.sku ? fields.sku : String(i);
      results[key] = attempt(() => ({ success: 1, product_id: String(sim.createProduct(shop.id, fields).id) }));
    });
    res.json({ results });
  });

  router.put('/products', (req, res) => {
    const shop = shopOf(res);
    const results: Record<string, object> = {};
    arrayBody(req).forEach((item, i) => {
      const fields = (item ?? {}) as ProductFields;
      const key = String(fields.sku ?? (fields.product_id !== undefined ? `${fields.product_id}${fields.variant_id ? `:${fields.variant_id}` : ''}` : i));
      results[key] = attempt(() => {
        const { product, variant } = sim.updateProduct(shop.id, fields);
        return { success: 1, product_id: String(product.id), variant_id: variant ? String(variant.id) : '' };
      });
    });
    const allOk = Object.values(results).every((r) => (r as { success: number }).success === 1);
    res.json({ success: allOk ? 1 : 0, results });
  });

  router.get('/orders', (req, res) => {
    const shop = shopOf(res);
    const q = query(req);
    const details = truthy(q.include_details);
    const view = (o: Parameters<typeof orderSummary>[0]) =>
      details ? orderDetails(o, base(req), shop.forms, truthy(q.apps_load)) : orderSummary(o, shop.forms);
    if (q.order_id !== undefined) {
      const order = shop.orders.get(Number(q.order_id));
      if (!order) throw new SimError(404, `Order ${q.order_id} not found`);
      res.json([view(order)]);
      return;
    }
    const orders = queryOrders(shop, q);
    if (orders.length === 0) throw new SimError(404, 'No orders found');
    res.json(orders.map(view));
  });

  router.post('/orders', (req, res) => {
    const shop = shopOf(res);
    const results: Record<string, object> = {};
    // Answer keys as documented: create_1, create_2, … in the order of the body.
    arrayBody(req).forEach((item, i) => {
      results[`create_${i + 1}`] = attempt(() => {
        const order = sim.placeOrder(shop.id, fromApiOrder(apiOrderSchema.parse(item)));
        return { success: 1, order_id: String(order.orderId), status: statusCode(order.status, shop.forms) };
      });
    });
    res.json({ results });
  });

  router.put('/orders', (req, res) => {
    const shop = shopOf(res);
    const results: Record<string, object> = {};
    arrayBody(req).forEach((item, i) => {
      const fields = (item ?? {}) as Record<string, unknown>;
      const key = fields.order_id !== undefined ? String(fields.order_id) : String(i);
      results[key] = attempt(() => {
        const orderId = Number(fields.order_id);
        if (!Number.isInteger(orderId)) throw new SimError(400, 'order_id is required');
        const status = statusOf(shop, fields.status);
        if (!status) throw new SimError(400, `Invalid status ${String(fields.status)} (paid, done, cancelled, unpaid)`);
        const skipWebhook = [true, 1, '1', 'true'].includes(fields.skip_webhook as never);
        const order = sim.setOrderStatus(shop.id, orderId, status, { skipWebhook, viaApi: true });
        return { success: 1, order_id: String(order.orderId), status: statusCode(order.status, shop.forms) };
      });
    });
    const allOk = Object.values(results).every((r) => (r as { success: number }).success === 1);
    res.json({ success: allOk ? 1 : 0, results });
  });

  router.get('/paymentmethods', (req, res) => {
    const id = query(req).method_id;
    const list = PAYMENT_METHODS.filter((m) => id === undefined || m.id === id);
    if (list.length === 0) throw new SimError(404, `Payment method ${id} not found`);
    res.json(list);
  });

  router.get('/shippingmethods', (req, res) => {
    const id = query(req).shipping_id;
    const list = Object.values(SHIPPING_OPTIONS)
      .filter((o) => id === undefined || o.id === id)
      .map((o) => ({ id: o.id, name: o.name, price: o.sek.toFixed(2), countries: SHIPPING_COUNTRIES[o.id] ?? ['SE'] }));
    if (list.length === 0) throw new SimError(404, `Shipping method ${id} not found`);
    res.json(list);
  });

  // Metadata of an order, product or customer: a flat object of key → string value.
  const metadataTarget = (req: Request, res: Response): { shop: ShopState; scope: MetadataScope; id: number } => {
    const shop = shopOf(res);
    const scope = String(req.params.scope) as MetadataScope;
    if (!METADATA_SCOPES.includes(scope)) throw new SimError(404, `Unknown metadata scope ${scope} (order, product, customer)`);
    const id = Number(req.params.id);
    const store = { order: shop.orders, product: shop.products, customer: shop.customers }[scope];
    if (!Number.isInteger(id) || !store.has(id)) throw new SimError(404, `No ${scope} ${String(req.params.id)}`);
    return { shop, scope, id };
  };
  router.get('/metadata/:scope/:id', (req, res) => {
    const { shop, scope, id } = metadataTarget(req, res);
    res.json(Object.fromEntries(shop.metadata.get(metadataKey(scope, id)) ?? []));
  });
  router.post('/metadata/:scope/:id', (req, res) => {
    const { shop, scope, id } = metadataTarget(req, res);
    const entries = metadataEntries(req.body);
    const existing = shop.metadata.get(metadataKey(scope, id));
    const taken = Object.keys(entries).find((k) => existing?.has(k));
    if (taken) throw new SimError(409, `Metadata key ${taken} exists: update it with PUT`);
    writeMetadata(shop, scope, id, entries);
    res.json({ success: 1 });
  });
  router.put('/metadata/:scope/:id', (req, res) => {
    const { shop, scope, id } = metadataTarget(req, res);
    const entries = metadataEntries(req.body);
    const existing = shop.metadata.get(metadataKey(scope, id));
    const missing = Object.keys(entries).find((k) => !existing?.has(k));
    if (missing) throw new SimError(404, `No metadata key ${missing}: create it with POST`);
    writeMetadata(shop, scope, id, entries);
    res.json({ success: 1 });
  });

  router.use((_req, _res) => {
    throw new SimError(404, 'Not found');
  });
  return router;
}
