// Shop settings: defaults, strictness, patches.
import {
  defaultShopSettings,
  mergeSettings,
  paymentModeFor,
  resolveAccounts,
  shopSettingsPatchSchema,
  shopSettingsSchema,
} from '../../src/domain';

describe('shopSettingsSchema', () => {
  it('fills every default', () => {
    expect(defaultShopSettings()).toEqual({
      documentType: 'invoice', bookkeep: false, syncProducts: false, syncOrderArticles: false, costCenter: null,
      stockMaster: 'none', stockIntervalMinutes: 10, catchupIntervalMinutes: 5, accounts: {}, oss: {}, wayOfDelivery: {},
      paymentMethods: {}, priceList: 'A',
      onCancel: 'reverse', onRefund: 'credit', registerPayments: false, refundFallback: {}, dryRun: false,
    });
  });

  it('after-sale keys: accepted, merged by PATCH, and a misspelt one still rejected by name', () => {
    const merged = mergeSettings(defaultShopSettings(), shopSettingsPatchSchema.parse({
      onCancel: 'log', registerPayments: true, paymentMethods: { Klarna: 'KL', '*': 'BG' }, refundFallback: { articleNumber: 'RETUR', account: 3090 },
    }));
    expect(merged).toMatchObject({ onCancel: 'log', onRefund: 'credit', registerPayments: true, refundFallback: { articleNumber: 'RETUR', account: 3090 } });
    expect(paymentModeFor(merged.paymentMethods, 'KLARNA')).toBe('KL');
    const bad = shopSettingsSchema.safeParse({ onRefnd: 'log' });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('onRefnd');
    expect(shopSettingsSchema.safeParse({ onCancel: 'delete' }).success).toBe(false);
    expect(shopSettingsSchema.safeParse({ refundFallback: { account: 12 } }).success).toBe(false);
  });

  it.each([
    ['an unknown key, naming it', { documentTyp: 'order' }, 'documentTyp'],
    ['an unknown account key, naming it', { accounts: { sales26: 3001 } }, 'sales26'],
    ['a document type that does not exist', { documentType: 'receipt' }, 'documentType'],
    ['a cost center longer than 6 characters', { costCenter: 'ABCDEFG' }, 'costCenter'],
    ['an account that is not 4 digits', { accounts: { freight: 352 } }, '4-digit'],
    ['an interval outside 1–1440', { stockIntervalMinutes: 0 }, 'stockIntervalMinutes'],
    ['a stock master that does not exist', { stockMaster: 'both' }, 'stockMaster'],
  ])('rejects %s', (_rule, input, mentioned) => {
    const res = shopSettingsSchema.safeParse(input);
    expect(res.success).toBe(false);
    expect(JSON.stringify(res.error?.issues)).toContain(mentioned);
  });

  it('accepts a full configuration', () => {
    const s = shopSettingsSchema.parse({
      documentType: 'order', bookkeep: true, costCenter: 'WEB', stockMaster: 'fortnox', accounts: { sales25: 3001, freight: 3521 },
      wayOfDelivery: { '3': 'PN' }, paymentMethods: { Klarna: 'KL' }, termsOfPayment: '0',
    });
    expect(s).toMatchObject({ documentType: 'order', accounts: { sales25: 3001, freight: 3521 }, termsOfPayment: '0' });
  });
});

describe('mergeSettings', () => {
  const current = shopSettingsSchema.parse({ costCenter: 'WEB', accounts: { sales25: 3001, freight: 3520 }, wayOfDelivery: { '3': 'PN' }, termsOfPayment: '30' });

  it.each([
    ['a scalar replaces', { bookkeep: true }, { bookkeep: true, costCenter: 'WEB' }],
    ['null clears the cost center', { costCenter: null }, { costCenter: null }],
    ['maps merge key by key', { accounts: { freight: 3521 } }, { accounts: { sales25: 3001, freight: 3521 } }],
    ['null removes a map key', { wayOfDelivery: { '3': null, '4': 'DHL' } }, { wayOfDelivery: { '4': 'DHL' } }],
  ])('%s', (_rule, patch, expected) => {
    expect(mergeSettings(current, shopSettingsPatchSchema.parse(patch))).toMatchObject(expected);
  });
  it('null clears termsOfPayment', () => {
    expect(mergeSettings(current, { termsOfPayment: null })).not.toHaveProperty('termsOfPayment');
  });
  it('patch schema is strict and applies no defaults', () => {
    expect(shopSettingsPatchSchema.parse({})).toEqual({});
    expect(shopSettingsPatchSchema.safeParse({ colour: 'red' }).error?.issues[0].message).toContain('colour');
  });
});

describe('resolveAccounts', () => {
  it('settings first, then the company’s predefined accounts', () => {
    const predefined = { SALES_25_SE: '3001', SALES_12_SE: 3002, SALES_6_SE: 3003, SALES_0_SE: 3004, FREIGHT: 3520, SALESEUREV: 3308, SALESEXPORT: null };
    expect(resolveAccounts({ freight: 3521, export: 3105 }, predefined)).toEqual({
      sales25: 3001, sales12: 3002, sales6: 3003, sales0: 3004, freight: 3521, euReversedVat: 3308, export: 3105,
    });
  });
});
