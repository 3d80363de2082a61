// GET /shops/:shopId/preflight against the Fortnox simulator: a correct company passes; each kind of problem the
// simulator can be given is found, with its fix. No worker: the preflight only reads.
import request from 'supertest';
import { createApiDeps, createApp } from '../../src/api/app';
import type { PreflightCheck } from '../../src/domain/preflight';
import { createCoreDeps, type CoreDeps } from '../../src/deps';
import { customOrderSchema, fromCustomOrder } from '../../sim/quickbutik/order-input';
import { testConfig } from '../helpers/stack';
import { createConnectedShop, simConfig, startSims, type Sims } from '../helpers/world';

let sims: Sims;
let core: CoreDeps;
let app: ReturnType<typeof createApp>;
let closeApi: () => Promise<void>;
const admin = () => ({ Authorization: `Bearer ${core.config.ADMIN_API_KEY}` });

beforeAll(async () => {
  sims = await startSims();
  const config = simConfig(testConfig(), sims);
  core = createCoreDeps(config, 'test-preflight', 3);
  const deps = createApiDeps(config, core);
  app = createApp(deps);
  closeApi = async () => {
    await deps.temporal.connection.close();
    await core.db.destroy();
  };
});
afterAll(async () => {
  await closeApi();
  await sims.close();
});

let seq = 0;
async function connectedShop(settings: Record<string, unknown> = {}, tenant: Record<string, unknown> = {}) {
  const shopId = `pf${++seq}-${Date.now() % 100000}`;
  const { tenantId } = await createConnectedShop(core, sims, shopId, settings, tenant);
  return { shopId, tenantId, t: sims.fortnox.requireTenant(tenantId) };
}

async function preflight(shopId: string) {
  const res = await request(app).get(`/shops/${shopId}/preflight?fresh=true`).set(admin()).expect(200);
  return res.body as { ok: boolean; checks: PreflightCheck[] };
}
const failedIds = (r: { checks: PreflightCheck[] }) => r.checks.filter((c) => !c.ok).map((c) => c.id);

// Every connection made through the authorization-code flow is tied to a person: that warning is always there.
const PERSONAL = 'service-account';

describe('preflight against the Fortnox simulator', () => {
  it('passes a correct company (only the personal-connection warning remains)', async () => {
    const { shopId } = await connectedShop({ bookkeep: true, costCenter: 'WEB', syncProducts: true, paymentMethods: { card: 'KORT' }, wayOfDelivery: { postnord: 'P' } }, { costCenters: ['WEB'] });
    const r = await preflight(shopId);
    expect(failedIds(r)).toEqual([PERSONAL]);
    expect(r.ok).toBe(true);
    expect(r.checks.map((c) => c.id)).toEqual(expect.arrayContaining([
      'connection', 'token-health', 'scopes', 'account:sales25', 'account:freight', 'account:roundOff', 'financial-year',
      'locked-period', 'bookkeeping-method', 'currencies', 'cost-center', 'price-list', 'mode-of-payment:card', 'way-of-delivery:postnord',
    ]));
    const health = r.checks.find((c) => c.id === 'token-health')!;
    expect(health.messageEn).toMatch(/4[45] days left/); // a fresh refresh token: 45 days
  });

  it('finds an account problem: inactive, wrong VAT code, missing', async () => {
    const { shopId, t } = await connectedShop();
    t.accounts.get('3002')!.Active = false;
    t.accounts.get('3003')!.VATCode = 'MP1';
    t.accounts.delete('3520');
    const r = await preflight(shopId);
    // 12 % and 6 % freight default to the (broken) 12 % and 6 % sales accounts, so they fail with them.
    expect(failedIds(r).sort()).toEqual(['account:freight', 'account:freight12', 'account:freight6', 'account:sales12', 'account:sales6', PERSONAL]);
    expect(r.ok).toBe(false);
    const sales6 = r.checks.find((c) => c.id === 'account:sales6')!;
    expect(sales6).toMatchObject({ severity: 'error', messageEn: 'Account 3003 for sales at 6 % VAT has VAT code MP1; it needs MP3.' });
    expect(sales6.messageSv).toContain('momskod MP1');
  });

  it('finds a missing financial year, a locked period and the cash method', async () => {
    const year = new Date().getUTCFullYear();
    const { shopId } = await connectedShop({}, { lockedUntil: `${year + 1}-01-31` });
    const cash = await connectedShop({}, { financialYears: [{ fromDate: `${year - 5}-01-01`, toDate: `${year + 5}-12-31`, accountingMethod: 'CASH' }] });
    sims.fortnox.updateTenant(`t-${shopId}`, { financialYears: [{ fromDate: `${year - 1}-01-01`, toDate: `${year - 1}-12-31`, accountingMethod: 'ACCRUAL' }] });
    expect(failedIds(await preflight(shopId)).sort()).toEqual(['financial-year', 'locked-period', PERSONAL]);
    expect(failedIds(await preflight(cash.shopId)).sort()).toEqual(['bookkeeping-method', PERSONAL]);
  });

  it('finds registers the settings name that Fortnox lacks: cost center, price list, mode of payment, way of delivery', async () => {
    const { shopId } = await connectedShop(
      { costCenter: 'SHOP', syncProducts: true, priceList: 'B', paymentMethods: { swish: 'SWSH' }, wayOfDelivery: { dhl: 'DHLX' } },
      { costCenters: ['WEB'] },
    );
    expect(failedIds(await preflight(shopId)).sort()).toEqual(['cost-center', 'mode-of-payment:swish', 'price-list', PERSONAL, 'way-of-delivery:dhl'].sort());
  });

  it('finds a currency the shop sells in that Fortnox lacks', async () => {
    const { shopId } = await connectedShop({}, { currencies: ['EUR'] });
    sims.quickbutik.placeOrder(shopId, fromCustomOrder(customOrderSchema.parse({
      currency: 'NOK', customer: { firstname: 'Ola', lastname: 'Nordmann', email: 'ola@example.no', country: 'NO' },
      rows: [{ sku: 'X', title: 'Tröja', qty: 1, price: 100, taxRate: 25 }],
    })), { pay: true });
    const r = await preflight(shopId);
    expect(failedIds(r).sort()).toEqual(['currencies', PERSONAL]);
    expect(r.checks.find((c) => c.id === 'currencies')!.messageEn).toBe('Currency not enabled in Fortnox: NOK.');
  });

  it('finds a missing scope, and a connection that needs a reconnect', async () => {
    const { shopId } = await connectedShop({ bookkeep: true });
    await core.db.updateTable('fortnox_connections').set({ scope: 'companyinformation settings customer currency invoice' }).where('shop_id', '=', shopId).execute();
    const scoped = await preflight(shopId);
    expect(failedIds(scoped).sort()).toEqual([PERSONAL, 'scopes'].sort());
    expect(scoped.checks.find((c) => c.id === 'scopes')!.messageEn).toBe('Fortnox scopes missing: bookkeeping.');

    await core.db.updateTable('fortnox_connections').set({ status: 'reconnect_needed' }).where('shop_id', '=', shopId).execute();
    const dead = await preflight(shopId);
    expect(dead).toMatchObject({ ok: false, checks: [{ id: 'connection', ok: false, severity: 'error' }] });
  });

  it('warns when the refresh token has been idle for weeks', async () => {
    const { shopId } = await connectedShop();
// 45 − (40 days − 1 h) → 5 whole days left
    await core.db.updateTable('fortnox_connections').set({ updated_at: new Date(Date.now() - 40 * 86_400_000 + 3_600_000) }).where('shop_id', '=', shopId).execute();
    const r = await preflight(shopId);
    expect(failedIds(r).sort()).toEqual([PERSONAL, 'token-health'].sort());
    expect(r.checks.find((c) => c.id === 'token-health')!.messageEn).toBe('The Fortnox connection expires in 5 days unless renewed.');
  });

  it('answers 404 for an unknown shop and 400 for an unknown query parameter', async () => {
    await request(app).get('/shops/nope/preflight').set(admin()).expect(404);
    const { shopId } = await connectedShop();
    await request(app).get(`/shops/${shopId}/preflight?frsh=1`).set(admin()).expect(400);
  });
});
