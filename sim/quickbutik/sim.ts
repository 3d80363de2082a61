import { Counters } from './counters';
import { SimError } from './errors';
import { FaultRegistry } from './faults';
import {
  createShopState,
  FORM_CHOICES,
  type OrderStatus,
  type ResponseForms,
  type ShopState,
  type SimOrder,
  type SimProduct,
  type SimRefund,
} from './model';
import { changeOrderStatus, createOrder, refundOrder, type OrderInput } from './orders';
import { createProduct, updateProduct, type ProductFields } from './products';
import { createRng } from './prng';
import { generateCatalog, generateOrders, seedShop, type SeedOptions, type SeedSummary } from './seed';
import { shopStateView } from './serialize';
import { Tracker } from './tracker';
import { WEBHOOK_TIMEOUT_MS, WebhookDispatcher, type WebhookLogEntry } from './webhooks';

export interface ShopInput {
  shopId?: string;
  apiKey: string;
  webhookUrl?: string | null;
  /** The forms this shop serves where the reference accepts several (default: DEFAULT_FORMS). */
  forms?: Partial<ResponseForms>;
}

export interface QuickbutikSimOptions {
  /** Base of image URLs; default: the address each request came in on. */
  publicUrl?: string;
  /** The simulator's clock (epoch ms); default Date.now. */
  now?: () => number;
  /** Seed of the dice that decide which calls/webhooks a fault with rate < 1 hits. */
  faultSeed?: number;
  /** Webhook timeout; the real shop gives up after 10 s. */
  webhookTimeoutMs?: number;
  shops?: ShopInput[];
  /** Seed every shop given in `shops` (true: defaults). */
  seed?: boolean | SeedOptions;
}

export interface GenerateRequest {
  count: number;
  seed?: number;
  returningCustomers?: boolean;
  /** Pay the orders through the same path as PUT /v1/orders, so `order.new` fires. */
  pay?: boolean;
  /** Spread the payments (and so the webhooks) evenly over this many ms; 0 pays them all at once. */
  spreadMs?: number;
}

export interface ShopInfo {
  shopId: string;
  apiKey: string;
  webhookUrl: string | null;
  products: number;
  customers: number;
  orders: number;
}

function checkUrl(url: string | null | undefined): string | null {
  if (url === undefined || url === null || url === '') return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
    return url;
  } catch {
    throw new SimError(400, `Invalid webhookUrl ${url}`);
  }
}

function checkForms(forms: Partial<ResponseForms> | undefined): Partial<ResponseForms> {
  for (const [key, value] of Object.entries(forms ?? {})) {
    const choices = FORM_CHOICES[key as keyof ResponseForms];
    if (!choices) throw new SimError(400, `Unknown form ${key} (${Object.keys(FORM_CHOICES).join(', ')})`);
    if (typeof value !== 'string' || (choices !== 'any' && !choices.includes(value))) {
      throw new SimError(400, `Invalid ${key} ${String(value)}${choices === 'any' ? '' : ` (${choices.join(', ')})`}`);
    }
  }
  return forms ?? {};
}

/** Everything the admin API does, callable in-process. The HTTP layers (api.ts, admin.ts) only translate. */
export class QuickbutikSim {
  readonly now: () => number;
  readonly publicUrl: string | undefined;
  readonly faults: FaultRegistry;
  readonly counters = new Counters();
  readonly tracker = new Tracker();
  readonly webhooks: WebhookDispatcher;
  private shops = new Map<string, ShopState>();
  private shopSeq = 0;

  constructor(options: QuickbutikSimOptions = {}) {
    this.now = options.now ?? Date.now;
    this.publicUrl = options.publicUrl?.replace(/\/+$/, '');
    this.faults = new FaultRegistry(createRng(options.faultSeed ?? 42));
    this.webhooks = new WebhookDispatcher({
      faults: this.faults,
      counters: this.counters,
      tracker: this.tracker,
      timeoutMs: options.webhookTimeoutMs ?? WEBHOOK_TIMEOUT_MS,
      now: this.now,
    });
    for (const input of options.shops ?? []) {
      const shop = this.createShop(input);
      if (options.seed) this.seed(shop.id, options.seed === true ? {} : options.seed);
    }
  }

  // ------------------------------------------------------------------------------------------------ shops

  createShop(input: ShopInput): ShopState {
    if (!input.apiKey) throw new SimError(400, 'apiKey is required');
    if (this.shopByApiKey(input.apiKey)) throw new SimError(409, 'Another shop already has this apiKey');
    let id = input.shopId;
    if (id === undefined) do id = `shop${++this.shopSeq}`; while (this.shops.has(id));
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id)) throw new SimError(400, 'shopId: 1-64 of A-Z a-z 0-9 _ . -');
    if (this.shops.has(id)) throw new SimError(409, `Shop ${id} exists`);
    const shop = createShopState(id, input.apiKey, checkUrl(input.webhookUrl), checkForms(input.forms));
    this.shops.set(id, shop);
    return shop;
  }

  updateShop(shopId: string, patch: { webhookUrl?: string | null; forms?: Partial<ResponseForms> }): ShopState {
    const shop = this.shop(shopId);
    if (patch.webhookUrl !== undefined) shop.webhookUrl = checkUrl(patch.webhookUrl);
    if (patch.forms !== undefined) shop.forms = { ...shop.forms, ...checkForms(patch.forms) };
    return shop;
  }

  deleteShop(shopId: string): void {
    this.shop(shopId);
    this.shops.delete(shopId);
  }

  shop(shopId: string): ShopState {
    const shop = this.shops.get(shopId);
    if (!shop) throw new SimError(404, `Shop ${shopId} not found`);
    return shop;
  }

  shopByApiKey(apiKey: string): ShopState | undefined {
    for (const shop of this.shops.values()) if (shop.apiKey === apiKey) return shop;
    return undefined;
  }

  listShops(): ShopInfo[] {
    return [...this.shops.values()].map((s) => ({
      shopId: s.id,
      apiKey: s.apiKey,
      webhookUrl: s.webhookUrl,
      products: s.products.size,
      customers: s.customers.size,
      orders: s.orders.size,
    }));
  }

  // ------------------------------------------------------------------------------------------------ data

  /** Replaces the shop's data with a demo shop. No webhooks. */
  seed(shopId: string, options: SeedOptions = {}): SeedSummary {
    return seedShop(this.shop(shopId), { ...options, now: options.now ?? this.now() });
  }

  /**
   * N new orders from the demo generator; with `pay` they are paid like PUT /v1/orders pays (firing `order.new`),
   * spread over `spreadMs`. A shop without products gets the demo catalog first.
   */
  generateOrders(shopId: string, request: GenerateRequest): number[] {
    const shop = this.shop(shopId);
    const now = this.now();
    if (shop.products.size === 0) generateCatalog(shop, { seed: request.seed, now });
    const orders = generateOrders(shop, { count: request.count, seed: request.seed, returningCustomers: request.returningCustomers, now });
    if (request.pay) this.payLater(shop, orders, request.spreadMs ?? 0);
    return orders.map((o) => o.orderId);
  }

  private payLater(shop: ShopState, orders: SimOrder[], spreadMs: number): void {
    if (spreadMs <= 0) {
      for (const o of orders) this.setOrderStatus(shop.id, o.orderId, 'paid');
      return;
    }
    orders.forEach((o, i) => {
      const at = Math.floor((i * spreadMs) / orders.length);
      this.tracker.later(at, () => {
        if (this.shops.get(shop.id) === shop) this.setOrderStatus(shop.id, o.orderId, 'paid');
      });
    });
  }

  /** Places one order as described (unpaid), and pays it when asked. */
  placeOrder(shopId: string, input: OrderInput, options: { pay?: boolean } = {}): SimOrder {
    const shop = this.shop(shopId);
    const order = createOrder(shop, input, this.now());
    if (options.pay) this.setOrderStatus(shopId, order.orderId, 'paid');
    return order;
  }

  /**
   * Changes an order's status and fires the matching webhook unless skipped. Through the API (`viaApi`), done and
   * cancelled fire only when the shop's `statusWebhooks` form is `fire` (the reference leaves it open).
   */
  setOrderStatus(shopId: string, orderId: number, status: OrderStatus, options: { skipWebhook?: boolean; viaApi?: boolean } = {}): SimOrder {
    const shop = this.shop(shopId);
    const order = shop.orders.get(orderId);
    if (!order) throw new SimError(404, `Order ${orderId} not found`);
    const event = changeOrderStatus(shop, order, status, this.now());
    const silent = options.viaApi && shop.forms.statusWebhooks === 'silent' && event !== 'order.new';
    if (event && !options.skipWebhook && !silent) this.webhooks.emit(shop, event, order.orderId);
    return order;
  }

  /** A refund made in the shop's admin. Fires nothing: refunds are only seen by re-reading the order. */
  refundOrder(shopId: string, orderId: number, amount: number): SimRefund {
    const shop = this.shop(shopId);
    const order = shop.orders.get(orderId);
    if (!order) throw new SimError(404, `Order ${orderId} not found`);
    return refundOrder(shop, order, amount, this.now());
  }

  createProduct(shopId: string, fields: ProductFields, options: { skipWebhook?: boolean } = {}): SimProduct {
    const shop = this.shop(shopId);
    const product = createProduct(shop, fields, this.now());
    if (!options.skipWebhook) this.webhooks.emit(shop, 'product.add', product.id);
    return product;
  }

  /** Updates a product or variant (any PUT /v1/products item). Fires `product.update` even for a stock-only change. */
  updateProduct(shopId: string, fields: ProductFields, options: { skipWebhook?: boolean } = {}): ReturnType<typeof updateProduct> {
    const shop = this.shop(shopId);
    const target = updateProduct(shop, fields, this.now());
    if (!options.skipWebhook) this.webhooks.emit(shop, 'product.update', target.product.id);
    return target;
  }

  deleteProduct(shopId: string, productId: number, options: { skipWebhook?: boolean } = {}): void {
    const shop = this.shop(shopId);
    if (!shop.products.delete(productId)) throw new SimError(404, `Product ${productId} not found`);
    if (!options.skipWebhook) this.webhooks.emit(shop, 'product.delete', productId);
  }

  // ------------------------------------------------------------------------------------------------ views

  /** Base URL for links in answers (images). */
  baseUrl(requestBase?: string): string {
    return this.publicUrl ?? requestBase ?? 'http://127.0.0.1';
  }

  state(shopId: string, requestBase?: string): ReturnType<typeof shopStateView> {
    return shopStateView(this.shop(shopId), this.baseUrl(requestBase));
  }

  webhookLog(shopId: string): WebhookLogEntry[] {
    this.shop(shopId);
    return this.webhooks.log(shopId);
  }

  /** Resolves once no webhook delivery or scheduled payment is pending. */
  idle(): Promise<void> {
    return this.tracker.idle();
  }

  /** Cancels scheduled work (held webhooks, spread payments). */
  close(): void {
    this.tracker.close();
  }
}
