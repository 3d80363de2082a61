// What a freshly created Fortnox company looks like: a Swedish BAS chart of accounts, the predefined
// accounts, VAT 25/12/6/0, currencies, price list A, modes of payment, ways of delivery, terms of payment,
// units and cost centers.
import type { Rec, TenantOptions } from './types';
import type { Tenant } from './tenant';

export const CURRENCY_RATES: Record<string, number> = {
  SEK: 1,
  EUR: 11.45,
  NOK: 0.98,
  DKK: 1.54,
  USD: 10.62,
  GBP: 13.35,
};

/** Number, description, VAT code (the rate an article booked to the account gets), SRU. */
const BAS_ACCOUNTS: Array<[number, string, string, number]> = [
  [1220, 'Inventarier och verktyg', '', 7215],
  [1250, 'Datorer', '', 7215],
  [1460, 'Lager av handelsvaror', '', 7241],
  [1510, 'Kundfordringar', '', 7251],
  [1580, 'Fordran för kontokort och kuponger', '', 7261],
  [1630, 'Avräkning för skatter och avgifter (skattekonto)', '', 7261],
  [1910, 'Kassa', '', 7281],
  [1920, 'PlusGiro', '', 7281],
  [1930, 'Företagskonto/checkkonto/affärskonto', '', 7281],
  [1940, 'Övriga bankkonton', '', 7281],
  [2081, 'Aktiekapital', '', 7301],
  [2099, 'Årets resultat', '', 7302],
  [2440, 'Leverantörsskulder', '', 7365],
  [2611, 'Utgående moms på försäljning inom Sverige, 25 %', 'MP1', 7369],
  [2614, 'Utgående moms omvänd skattskyldighet, 25 %', '', 7369],
  [2621, 'Utgående moms på försäljning inom Sverige, 12 %', 'MP2', 7369],
  [2631, 'Utgående moms på försäljning inom Sverige, 6 %', 'MP3', 7369],
  [2641, 'Debiterad ingående moms', '', 7369],
  [2650, 'Redovisningskonto för moms', '', 7369],
  [2710, 'Personalskatt', '', 7369],
  [3001, 'Försäljning inom Sverige, 25 % moms', 'MP1', 7410],
  [3002, 'Försäljning inom Sverige, 12 % moms', 'MP2', 7410],
  [3003, 'Försäljning inom Sverige, 6 % moms', 'MP3', 7410],
  [3004, 'Försäljning inom Sverige, momsfri', '', 7410],
  [3105, 'Försäljning varor till land utanför EU', '', 7410],
  [3106, 'Försäljning varor till annat EU-land, momspliktig', 'MP1', 7410],
  [3108, 'Försäljning varor till annat EU-land, momsfri', '', 7410],
  [3520, 'Fakturerade frakter', 'MP1', 7410],
  [3540, 'Faktureringsavgifter', 'MP1', 7410],
  [3740, 'Öres- och kronutjämning', '', 7410],
  [3960, 'Valutakursvinster på fordringar och skulder av rörelsekaraktär', '', 7410],
  [4000, 'Inköp av varor från Sverige', 'I', 7511],
  [4010, 'Inköp material och varor', 'I', 7511],
  [5010, 'Lokalhyra', 'I', 7513],
  [6570, 'Bankkostnader', '', 7513],
  [7960, 'Valutakursförluster på fordringar och skulder av rörelsekaraktär', '', 7513],
];

export const VAT_BY_CODE: Record<string, number> = { MP1: 25, MP2: 12, MP3: 6 };

const PREDEFINED: Array<[string, number]> = [
  ['SALES_25_SE', 3001],
  ['SALES_12_SE', 3002],
  ['SALES_6_SE', 3003],
  ['SALES_0_SE', 3004],
  ['SALESEUVAT', 3106],
  ['SALESEUREV', 3108],
  ['SALESEXPORT', 3105],
  ['FREIGHT', 3520],
  ['ADMINFEE', 3540],
  ['ROUNDOFF', 3740],
  ['OUTVAT_MP1', 2611],
  ['OUTVAT_MP2', 2621],
  ['OUTVAT_MP3', 2631],
  ['INVAT', 2641],
  ['CUSTCLAIMS', 1510],
  ['CASH', 1910],
  ['BANK', 1930],
  ['CURRENCYGAIN', 3960],
  ['CURRENCYLOSS', 7960],
];

const MODES_OF_PAYMENT: Array<[string, string, number]> = [
  ['KORT', 'Kortbetalning', 1580],
  ['SWISH', 'Swish', 1930],
  ['KLARNA', 'Klarna', 1580],
  ['BG', 'Bankgiro', 1930],
  ['PG', 'PlusGiro', 1920],
  ['K', 'Kontant', 1910],
];

const WAYS_OF_DELIVERY: Array<[string, string, string]> = [
  ['P', 'Post', 'Mail'],
  ['DHL', 'DHL', 'DHL'],
  ['SCH', 'DB Schenker', 'DB Schenker'],
  ['BUD', 'Bud', 'Courier'],
  ['HAMT', 'Hämtas', 'Pick-up'],
];

const TERMS_OF_PAYMENT: Array<[string, string, number]> = [
  ['0', '0 dagar', 0],
  ['10', '10 dagar', 10],
  ['15', '15 dagar', 15],
  ['20', '20 dagar', 20],
  ['30', '30 dagar', 30],
  ['AG', 'Autogiro', 0],
  ['K', 'Kontant', 0],
  ['PF', 'Postförskott', 0],
];

const UNITS: Array<[string, string, string]> = [
  ['förp', 'pack', 'förpackning'],
  ['h', 'h', 'timmar'],
  ['km', 'km', 'Kilometer'],
  ['st', 'pcs', 'styck'],
  ['utl', 'exp', 'Utlägg'],
];

/** Days to add for a terms-of-payment code (digits in the code, else 0). */
export function termDays(code: string): number {
  const m = /^(\d+)/.exec(code);
  return m ? Number(m[1]) : 0;
}

export function accountRecord(number: number, description: string, vatCode = '', sru: number | null = null): Rec {
  return {
    Active: true,
    BalanceBroughtForward: 0,
    BalanceCarriedForward: 0,
    CostCenter: null,
    CostCenterSettings: 'ALLOWED',
    Description: description,
    Number: number,
    Project: '',
    ProjectSettings: 'ALLOWED',
    QuantitySettings: 'OFF',
    QuantityUnit: '',
    SRU: sru,
    TransactionInformation: '',
    TransactionInformationSettings: 'ALLOWED',
    VATCode: vatCode,
    Year: 1,
  };
}

export function seedTenant(t: Tenant, options: TenantOptions): void {
  for (const [n, d, vat, sru] of BAS_ACCOUNTS) t.accounts.set(String(n), accountRecord(n, d, vat, sru));
  for (const [name, account] of PREDEFINED) t.predefinedAccounts.set(name, { Account: account, Name: name });
  for (const code of ['SEK', 'EUR', 'NOK', 'DKK', 'USD']) t.currencies.set(code, currencyRecord(code));
  t.priceLists.set('A', { Code: 'A', Description: 'Standard', Comments: '', PreSelected: true });
  for (const [code, description, account] of MODES_OF_PAYMENT) {
    t.modesOfPayments.set(code, { AccountNumber: String(account), Code: code, Description: description });
  }
  for (const [code, description, english] of WAYS_OF_DELIVERY) {
    t.waysOfDelivery.set(code, { Code: code, Description: description, DescriptionEnglish: english });
  }
  for (const [code, description] of TERMS_OF_PAYMENT) t.termsOfPayments.set(code, { Code: code, Description: description });
  for (const [code, english, description] of UNITS) {
    t.units.set(code, { Code: code, CodeEnglish: english, Description: description });
  }
  const costCenters = options.costCenters ?? ['BUTIK', 'WEBB'];
  for (const code of costCenters) t.costCenters.set(code, costCenterRecord(code));
}

/** Sales account for a VAT rate, read from the tenant's predefined accounts (never hard-coded). */
export function salesAccountFor(t: Tenant, vat: number): number {
  const name = vat === 25 ? 'SALES_25_SE' : vat === 12 ? 'SALES_12_SE' : vat === 6 ? 'SALES_6_SE' : 'SALES_0_SE';
  return Number(t.predefinedAccounts.get(name)?.Account ?? 3001);
}

/** The VAT rate that follows from an account's VAT code (3001 → 25, 1250 → 0). */
export function vatForAccount(t: Tenant, account: number): number {
  const code = String(t.accounts.get(String(account))?.VATCode ?? '');
  return VAT_BY_CODE[code] ?? 0;
}

export function currencyRecord(code: string): Rec {
  const rate = CURRENCY_RATES[code] ?? 1;
  return {
    BuyRate: rate,
    Code: code,
    Date: '2024-01-02',
    Description: CURRENCY_NAMES[code] ?? code,
    SellRate: rate,
    Unit: 1,
    IsAutomatic: code !== 'SEK',
  };
}

export function costCenterRecord(code: string, description?: string): Rec {
  return { Code: code, Description: description ?? `Kostnadsställe ${code}`, Note: '', Active: true };
}

const CURRENCY_NAMES: Record<string, string> = {
  SEK: 'Svensk krona',
  EUR: 'Euro',
  NOK: 'Norsk krona',
  DKK: 'Dansk krona',
  USD: 'Amerikansk dollar',
  GBP: 'Brittiskt pund',
};
