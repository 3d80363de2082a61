import { defaultShopSettings, mergeSettings } from '../../src/domain/settings';
import { requiredScopes, runPreflight, type CompanyFacts, type PreflightInput } from '../../src/domain/preflight';

/** A correct company: the BAS chart as a fresh Fortnox company has it. */
const company = (): CompanyFacts => ({
  accounts: [
    { number: 3001, active: true, vatCode: 'MP1' }, { number: 3002, active: true, vatCode: 'MP2' },
    { number: 3003, active: true, vatCode: 'MP3' }, { number: 3004, active: true, vatCode: '' },
    { number: 3105, active: true, vatCode: '' }, { number: 3106, active: true, vatCode: 'MP1' },
    { number: 3108, active: true, vatCode: '' }, { number: 3520, active: true, vatCode: 'MP1' },
    { number: 3740, active: true, vatCode: '' }, { number: 1580, active: true, vatCode: '' },
  ],
  predefinedAccounts: { SALES_25_SE: 3001, SALES_12_SE: 3002, SALES_6_SE: 3003, SALES_0_SE: 3004, SALESEUVAT: 3106, SALESEUREV: 3108, SALESEXPORT: 3105, FREIGHT: 3520, ROUNDOFF: 3740 },
  currencies: ['SEK', 'EUR'],
  financialYears: [{ from: '2026-01-01', to: '2026-12-31', accountingMethod: 'ACCRUAL' }],
  lockedUntil: '2026-06-30',
  modesOfPayment: [{ code: 'KORT', accountNumber: 1580 }],
  costCenters: [{ code: 'WEB', active: true }, { code: 'OLD', active: false }],
  priceLists: ['A'],
  waysOfDelivery: ['P'],
});

const settings = mergeSettings(defaultShopSettings(), {
  bookkeep: true, costCenter: 'WEB', syncProducts: true, paymentMethods: { card: 'KORT' }, wayOfDelivery: { postnord: 'P' },
});

const base = (): PreflightInput => ({
  today: '2026-12-03',
  settings,
  connection: { status: 'connected', scopes: requiredScopes(settings), serviceAccount: true, refreshTokenDaysLeft: null },
  company: company(),
  sellingCurrencies: ['SEK', 'EUR'],
});

const failed = (input: PreflightInput) => runPreflight(input).checks.filter((c) => !c.ok);

describe('preflight', () => {
  it('passes a correct company: every check ok, every message in both languages', () => {
    const result = runPreflight(base());
    expect(failed(base())).toEqual([]);
    expect(result.ok).toBe(true);
    // 4 connection checks… no token-health (service account): connection, service-account, scopes
    // + 11 accounts + financial year, locked period, method + currencies, cost center, price list, 1 mode, 1 way = 22
    expect(result.checks).toHaveLength(22);
    for (const c of result.checks) expect(c.messageSv && c.messageEn).toBeTruthy();
  });

  const cases: Array<[string, (i: PreflightInput) => void, string | string[], 'error' | 'warning', boolean]> = [
    ['not connected', (i) => { i.connection.status = 'not_connected'; i.company = null; }, 'connection', 'error', false],
    ['reconnect needed', (i) => { i.connection.status = 'reconnect_needed'; i.company = null; }, 'connection', 'error', false],
    ['refresh token near expiry', (i) => { i.connection.refreshTokenDaysLeft = 5; }, 'token-health', 'warning', true],
    ['personal account', (i) => { i.connection.serviceAccount = false; i.connection.refreshTokenDaysLeft = 40; }, 'service-account', 'warning', true],
    ['bookkeeping scope missing', (i) => { i.connection.scopes = requiredScopes(settings).filter((s) => s !== 'bookkeeping'); }, 'scopes', 'error', false],
    ['order scope missing in order mode', (i) => { i.settings = { ...settings, documentType: 'order' }; i.connection.scopes = requiredScopes(settings); }, 'scopes', 'error', false],
    ['sales account missing from the chart', (i) => { i.company!.accounts = i.company!.accounts.filter((a) => a.number !== 3001); }, 'account:sales25', 'error', false],
    ['sales account inactive', (i) => { i.company!.accounts.find((a) => a.number === 3002)!.active = false; }, ['account:sales12', 'account:freight12'], 'error', false], // 12 % freight defaults to the 12 % sales account
    ['6 % account with the 25 % VAT code', (i) => { i.company!.accounts.find((a) => a.number === 3003)!.vatCode = 'MP1'; }, ['account:sales6', 'account:freight6'], 'error', false], // 6 % freight defaults to the 6 % sales account
    ['VAT-free account with output VAT', (i) => { i.company!.accounts.find((a) => a.number === 3004)!.vatCode = 'MP1'; }, 'account:sales0', 'error', false],
    ['freight account without output VAT', (i) => { i.company!.accounts.find((a) => a.number === 3520)!.vatCode = ''; }, 'account:freight', 'error', false],
    ['no export account at all (only a warning)', (i) => { delete i.company!.predefinedAccounts.SALESEXPORT; }, 'account:export', 'warning', true],
    ['no rounding account', (i) => { delete i.company!.predefinedAccounts.ROUNDOFF; }, 'account:roundOff', 'error', false],
    ['no financial year for today', (i) => { i.company!.financialYears = [{ from: '2025-01-01', to: '2025-12-31', accountingMethod: 'ACCRUAL' }]; }, 'financial-year', 'error', false],
    ['period locked through today', (i) => { i.company!.lockedUntil = '2026-12-03'; }, 'locked-period', 'error', false],
    ['cash method with invoices', (i) => { i.company!.financialYears[0]!.accountingMethod = 'CASH'; }, 'bookkeeping-method', 'warning', true],
    ['currency not enabled', (i) => { i.sellingCurrencies = ['SEK', 'EUR', 'nok']; }, 'currencies', 'error', false],
    ['cost center missing', (i) => { i.settings = { ...settings, costCenter: 'SHOP' }; }, 'cost-center', 'error', false],
    ['cost center inactive', (i) => { i.settings = { ...settings, costCenter: 'OLD' }; }, 'cost-center', 'error', false],
    ['price list missing', (i) => { i.settings = { ...settings, priceList: 'B' }; }, 'price-list', 'error', false],
    ['mode of payment missing', (i) => { i.company!.modesOfPayment = []; }, 'mode-of-payment:card', 'error', false],
    ['mode of payment on an inactive account', (i) => { i.company!.accounts.find((a) => a.number === 1580)!.active = false; }, 'mode-of-payment:card', 'error', false],
    ['way of delivery missing', (i) => { i.company!.waysOfDelivery = []; }, 'way-of-delivery:postnord', 'error', false],
  ];

  it.each(cases.map(([name, breakIt, id, severity, ok]) => ({ name, breakIt, id, severity, ok })))('$name → $id fails ($severity)', ({ breakIt, id, severity, ok: overallOk }) => {
    const input = base();
    breakIt(input);
    const result = runPreflight(input);
    const bad = result.checks.filter((c) => !c.ok);
    expect(bad.map((c) => c.id)).toEqual([id].flat());
    expect(bad[0]!.severity).toBe(severity);
    expect(bad[0]!.fix).not.toBe('');
    expect(result.ok).toBe(overallOk);
  });

  it('the scopes follow the settings', () => {
    expect(requiredScopes(defaultShopSettings()).sort()).toEqual(['companyinformation', 'currency', 'customer', 'invoice', 'settings']);
    expect(requiredScopes(settings)).toEqual(expect.arrayContaining(['bookkeeping', 'costcenter', 'article', 'price', 'payment']));
  });
});
