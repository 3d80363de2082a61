import express, { type Request } from 'express';
import { z } from 'zod';
import { SimError } from './errors';
import { FAULT_KINDS } from './faults';
import { customOrderSchema, fromCustomOrder } from './order-input';
import { productDetails } from './serialize';
import type { QuickbutikSim } from './sim';

/**
 * The admin API under /__sim (JSON, no auth: a test tool on loopback). Tests, demo, bench and chaos depend on these
 * exact paths and shapes; README.md documents them.
 */
const int = (min: number, max: number) => z.number().int().min(min).max(max);
const url = z.string().url().nullable();

/** Validated against the choices by the sim (FORM_CHOICES), so the message lists them. */
const forms = z.record(z.string(), z.string());
const shopCreate = z.strictObject({ shopId: z.string().optional(), apiKey: z.string().min(1), webhookUrl: url.optional(), forms: forms.optional() });
const shopPatch = z.strictObject({ webhookUrl: url.optional(), forms: forms.optional() });
const refundBody = z.strictObject({ amount: z.number().positive() });
const seedBody = z.strictObject({
  seed: int(0, 2 ** 31).optional(),
  products: int(0, 10_000).optional(),
  customers: int(0, 200_000).optional(),
  orders: int(0, 200_000).optional(),
  paid: z.boolean().optional(),
});
const generateBody = z.strictObject({
  count: int(1, 100_000),
  seed: int(0, 2 ** 31).optional(),
  returningCustomers: z.boolean().optional(),
  pay: z.boolean().optional(),
  spreadMs: int(0, 3_600_000).optional(),
});
const faultBody = z.strictObject({
  shopId: z.string().nullable().optional(),
  kind: z.enum(FAULT_KINDS),
  rate: z.number().min(0).max(1).optional(),
  delayMs: int(0, 600_000).optional(),
});
const productBody = z.record(z.string(), z.unknown());

const body = <T extends z.ZodTypeAny>(schema: T, req: Request): z.output<T> => schema.parse(req.body ?? {});

export function adminRouter(sim: QuickbutikSim): express.Router {
  const router = express.Router();
  const base = (req: Request) => sim.baseUrl(`${req.protocol}://${req.get('host')}`);
  const id = (req: Request) => String(req.params.id);

  router.get('/health', (_req, res) => {
    res.json({ ok: true });
  });

  // ---------------------------------------------------------------------------------------------- shops
  router.post('/shops', (req, res) => {
    const shop = sim.createShop(body(shopCreate, req));
    res.status(201).json({ shopId: shop.id });
  });
  router.get('/shops', (_req, res) => {
    res.json(sim.listShops());
  });
  router.patch('/shops/:id', (req, res) => {
    const shop = sim.updateShop(id(req), body(shopPatch, req));
    res.json({ shopId: shop.id, webhookUrl: shop.webhookUrl, forms: shop.forms });
  });
  router.delete('/shops/:id', (req, res) => {
    sim.deleteShop(id(req));
    res.status(204).end();
  });
  router.post('/shops/:id/seed', (req, res) => {
    res.json(sim.seed(id(req), body(seedBody, req)));
  });
  router.get('/shops/:id/state', (req, res) => {
    res.json(sim.state(id(req), base(req)));
  });
  router.get('/shops/:id/webhooks', (req, res) => {
    res.json(sim.webhookLog(id(req)));
  });
  router.delete('/shops/:id/webhooks', (req, res) => {
    sim.shop(id(req));
    sim.webhooks.clearLog(id(req));
    res.status(204).end();
  });

  // ---------------------------------------------------------------------------------------------- orders
  router.post('/shops/:id/orders', (req, res) => {
    res.status(201).json({ orderIds: sim.generateOrders(id(req), body(generateBody, req)) });
  });
  router.post('/shops/:id/orders/custom', (req, res) => {
    const parsed = body(customOrderSchema, req);
    const order = sim.placeOrder(id(req), fromCustomOrder(parsed), { pay: parsed.pay });
    res.status(201).json({ orderId: order.orderId });
  });
  router.post('/shops/:id/orders/:orderId/refunds', (req, res) => {
    const refund = sim.refundOrder(id(req), Number(req.params.orderId), body(refundBody, req).amount);
    res.status(201).json({ refundId: refund.id, amount: refund.amount });
  });

  // ---------------------------------------------------------------------------------------------- products
  // The shop owner's edits in the control panel: each fires its product webhook.
  router.post('/shops/:id/products', (req, res) => {
    const product = sim.createProduct(id(req), body(productBody, req));
    res.status(201).json({ productId: product.id, product: productDetails(product, base(req), sim.shop(id(req)).forms) });
  });
  router.patch('/shops/:id/products/:productId', (req, res) => {
    const { product } = sim.updateProduct(id(req), { ...body(productBody, req), product_id: req.params.productId });
    res.json({ productId: product.id, product: productDetails(product, base(req), sim.shop(id(req)).forms) });
  });
  router.delete('/shops/:id/products/:productId', (req, res) => {
    sim.deleteProduct(id(req), Number(req.params.productId));
    res.status(204).end();
  });

  // ---------------------------------------------------------------------------------------------- faults, counters
  router.post('/faults', (req, res) => {
    const input = body(faultBody, req);
    if (input.shopId) sim.shop(input.shopId);
    res.status(201).json(sim.faults.add(input));
  });
  router.get('/faults', (_req, res) => {
    res.json(sim.faults.list());
  });
  router.delete('/faults', (req, res) => {
    const shopId = typeof req.query.shopId === 'string' ? req.query.shopId : undefined;
    const kind = typeof req.query.kind === 'string' ? z.enum(FAULT_KINDS).parse(req.query.kind) : undefined;
    res.json({ cleared: sim.faults.clear({ shopId, kind }) });
  });
  router.get('/counters', (_req, res) => {
    res.json(sim.counters.snapshot());
  });
  router.delete('/counters', (_req, res) => {
    sim.counters.reset();
    res.status(204).end();
  });

  /** Waits until no webhook or scheduled payment is pending (or the timeout passes). */
  router.get('/idle', async (req, res) => {
    const timeoutMs = Math.min(Number(req.query.timeoutMs ?? 30_000) || 30_000, 300_000);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const idle = await Promise.race([sim.idle().then(() => true), timedOut]);
    clearTimeout(timer);
    res.json({ idle, pending: sim.tracker.busy });
  });

  router.use(() => {
    throw new SimError(404, 'Not found');
  });
  return router;
}
