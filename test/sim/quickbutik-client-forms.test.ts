// The product's Quickbutik client against every form the reference tells clients to accept (*unverified* there),
// each served by the simulator over HTTP: refunds, cancelled's status code, an unpaid order's date_paid, integer or
// string ids, address names, product lookup envelopes and where a buyer's VAT number lives.
import { createQuickbutikClient, type QuickbutikApi } from '../../src/quickbutik/client';
import { createQuickbutikSim, type QuickbutikSim } from '../../sim/quickbutik/app';
import { FORM_CHOICES, type ResponseForms } from '../../sim/quickbutik/model';
import { listen, type Listening } from './http';

const KEY = 'forms-key';

/** Every accepted form, one at a time (the rest at their defaults). Cancelled's code is open: a few guesses. */
const VARIANTS: Partial<ResponseForms>[] = Object.entries(FORM_CHOICES).flatMap(([key, choices]) =>
  (choices === 'any' ? ['0', 'cancelled', '-2'] : choices).map((value) => ({ [key]: value }) as Partial<ResponseForms>),
);

describe('Quickbutik client reads every accepted form', () => {
  let sim: QuickbutikSim;
  let server: Listening;
  let api: QuickbutikApi;
  /** Orders placed once; the forms only change how they are served. */
  const ids = { unpaid: 0, refunded: 0, whole: 0, cancelled: 0, company: 0 };
  const companyVat = 'DE123456789';

  beforeAll(async () => {
    const qb = createQuickbutikSim();
    sim = qb.sim;
    server = await listen(qb.app);
    sim.createShop({ shopId: 'f', apiKey: KEY });
    sim.seed('f', { seed: 9, products: 12, customers: 10, orders: 5 });
    const sku = sim.shop('f').products.get(3)!.sku;
    const customer = { email: 'kim@example.se', firstname: 'Kim', lastname: 'Berg', country: 'SE' };
    const place = (over: object = {}, pay = true) =>
      sim.placeOrder('f', { customer: { type: 'person', email: customer.email, phone: '', billing: { ...customer, companyName: '', address: 'Gatan 1', address2: '', zipcode: '111 22', city: 'Stockholm', phone: '' }, shipping: null, notes: '', orgNumber: '', vatNumber: '' }, rows: [{ sku, qty: 2 }], ...over }, { pay }).orderId;
    ids.unpaid = place({}, false);
    ids.whole = place();
    ids.refunded = place();
    sim.refundOrder('f', ids.refunded, 40);
    sim.refundOrder('f', ids.refunded, 10);
    ids.cancelled = place();
    sim.setOrderStatus('f', ids.cancelled, 'cancelled');
    ids.company = [...sim.shop('f').orders.values()].find((o) => o.orderId > 0)!.orderId;
    const company = sim.shop('f').orders.get(ids.company)!;
    company.customer = { ...company.customer, type: 'company', vatNumber: companyVat };
    sim.shop('f').metadata.set(`order:${ids.company}`, new Map([['vat_number', companyVat]]));
    api = createQuickbutikClient({ config: { QUICKBUTIK_API_URL: server.url }, apiKeyFor: async () => KEY, requestsPerSecond: 1000 }).forShop('f');
  });
  afterAll(async () => {
    sim.close();
    await server.close();
  });

  it.each(VARIANTS.map((v) => [JSON.stringify(v), v] as const))('form %s', async (_name, forms) => {
    sim.updateShop('f', { forms });

    const unpaid = (await api.getOrder(ids.unpaid))!;
    expect(unpaid).toMatchObject({ orderId: String(ids.unpaid), status: 'unpaid', datePaid: null });
    expect(unpaid.refunds.refunded).toBe(false);
    expect(unpaid.rows[0]).toMatchObject({ id: expect.stringMatching(/^\d+$/), qty: 2, productId: '3' });
    expect(unpaid.customer.billing?.fullName).toBe('Kim Berg');

    const whole = (await api.getOrder(ids.whole))!;
    expect(whole.status).toBe('paid');
    expect(whole.refunds).toMatchObject({ refunded: false, entries: [] });

    const refunded = (await api.getOrder(ids.refunded))!;
    expect(refunded.refunds.refunded).toBe(true);
    expect(refunded.refunds.entries.map((e) => e.amount)).toEqual([40, 10]);
    expect(refunded.totalPayAmount).toBe(refunded.totalAmount);

    // Cancelled's code is unverified: the client may not recognise it, but must never read it as paid.
    const cancelled = (await api.getOrder(ids.cancelled))!;
    expect(['cancelled', 'unknown']).toContain(cancelled.status);
    const summaries = await api.listAllOrders();
    expect(summaries.find((o) => o.orderId === String(ids.cancelled))!.status).toBe(cancelled.status);
    expect(summaries.find((o) => o.orderId === String(ids.unpaid))!.datePaid).toBeNull();

    const company = (await api.getOrder(ids.company))!;
    const metadata = await api.getOrderMetadata(ids.company);
    expect(company.customer.vatNumber ?? metadata.vat_number).toBe(companyVat);
    expect(metadata).toEqual({ vat_number: companyVat });

    const withVariants = [...sim.shop('f').products.values()].find((p) => p.variants.length > 0)!;
    const byId = (await api.getProduct(withVariants.id))!;
    expect(byId.id).toBe(String(withVariants.id));
    expect(byId.variants.map((v) => v.id)).toEqual(withVariants.variants.map((v) => String(v.id)));
    expect((await api.findProductBySku(withVariants.variants[1]!.sku))!.id).toBe(String(withVariants.id));
    expect(await api.listAllProducts(5)).toHaveLength(sim.shop('f').products.size);
  });

  it('an order without metadata reads as {}, an unknown order\'s metadata as {} (404)', async () => {
    await expect(api.getOrderMetadata(ids.whole)).resolves.toEqual({});
    await expect(api.getOrderMetadata(987654)).resolves.toEqual({});
  });
});
