// Which account each kind of amount is booked to.
//
// The shop may name accounts in its settings; otherwise the Fortnox company's own predefined accounts apply (read
// per tenant — never hard-coded BAS numbers, companies change them).
import { domainError, type DomainError } from './errors';
import type { AccountKey, AccountSettings, OssSettings } from './settings';
import type { VatType } from './vat';

/** Account numbers for this shop + Fortnox company. Missing = neither configured nor predefined. */
export type ResolvedAccounts = Partial<Record<AccountKey, number>> & {
  /** OSS sales accounts per destination country and rate (`oss["DE"]["19"]`), from the settings only. */
  oss?: OssSettings;
};

/**
 * Fortnox `/3/predefinedaccounts` names per settings key, first match wins. Companies with simplified VAT handling
 * ("förenklad momshantering") expose `SALES_25_SE`, `SALES_12_SE`, `SALES_6_SE`, `SALES_0_SE`; companies without it
 * expose `SALES` (MP1, 25 %), `SALES_MP2`, `SALES_MP3` and `SALES_MP0` / `SALES_NOVAT`. Freight at 12 %/6 % has no
 * predefined account: it falls back to the sales account of its rate (see accountPlan).
 */
export const PREDEFINED_ACCOUNT_NAMES: Record<AccountKey, readonly string[]> = {
  sales25: ['SALES_25_SE', 'SALES'],
  sales12: ['SALES_12_SE', 'SALES_MP2'],
  sales6: ['SALES_6_SE', 'SALES_MP3'],
  sales0: ['SALES_0_SE', 'SALES_MP0', 'SALES_NOVAT'],
  freight: ['FREIGHT'],
  freight12: [],
  freight6: [],
  euVat: ['SALESEUVAT'],
  euReversedVat: ['SALESEUREV'],
  export: ['SALESEXPORT'],
  roundOff: ['ROUNDOFF'],
};

const PURPOSE: Record<AccountKey, { en: string; sv: string }> = {
  sales25: { en: 'sales at 25 % VAT', sv: 'försäljning med 25 % moms' },
  sales12: { en: 'sales at 12 % VAT', sv: 'försäljning med 12 % moms' },
  sales6: { en: 'sales at 6 % VAT', sv: 'försäljning med 6 % moms' },
  sales0: { en: 'VAT-free sales', sv: 'momsfri försäljning' },
  freight: { en: 'freight at 25 % VAT', sv: 'frakt med 25 % moms' },
  freight12: { en: 'freight at 12 % VAT', sv: 'frakt med 12 % moms' },
  freight6: { en: 'freight at 6 % VAT', sv: 'frakt med 6 % moms' },
  euVat: { en: 'sales to EU consumers with Swedish VAT', sv: 'försäljning till EU-konsumenter med svensk moms' },
  euReversedVat: { en: 'EU sales with reverse charge', sv: 'EU-försäljning med omvänd skattskyldighet' },
  export: { en: 'export sales outside the EU', sv: 'export utanför EU' },
  roundOff: { en: 'öre rounding', sv: 'öresavrundning' },
};

const asAccount = (x: unknown): number | undefined => {
  const n = Number(x);
  return x !== null && x !== undefined && x !== '' && Number.isInteger(n) && n >= 1000 && n <= 9999 ? n : undefined;
};

/** Settings first, then the company's predefined accounts. `predefined` is name → number as Fortnox returns it. */
export function resolveAccounts(
  configured: AccountSettings,
  predefined: Record<string, number | string | null | undefined>,
  oss: OssSettings = {},
): ResolvedAccounts {
  const out: ResolvedAccounts = {};
  for (const key of Object.keys(PREDEFINED_ACCOUNT_NAMES) as AccountKey[]) {
    const fromSettings = configured[key];
    const fromFortnox = PREDEFINED_ACCOUNT_NAMES[key].map((name) => asAccount(predefined[name])).find((n) => n !== undefined);
    if (fromSettings !== undefined) out[key] = fromSettings;
    else if (fromFortnox !== undefined) out[key] = fromFortnox;
  }
  if (Object.keys(oss).length > 0) out.oss = oss;
  return out;
}

export const accountNotConfigured = (key: AccountKey): DomainError =>
  domainError('ACCOUNT_NOT_CONFIGURED', { setting: key, purpose: PURPOSE[key].en, purposeSv: PURPOSE[key].sv });

const SALES_BY_RATE: Record<number, AccountKey> = { 25: 'sales25', 12: 'sales12', 6: 'sales6', 0: 'sales0' };
const FREIGHT_BY_RATE: Record<number, AccountKey> = { 25: 'freight', 12: 'freight12', 6: 'freight6' };

/**
 * How an order is taxed, from the customer's VAT type and whether Quickbutik charged VAT:
 *
 * | VAT charged? | customer VAT type | goods (and discount) account | VAT on rows | freight account |
 * |---|---|---|---|---|
 * | yes | SEVAT            | sales per rate                  | product rate | freight per rate |
 * | yes | EUVAT            | 25 %: euVat if set, else sales25; 12/6/0 %: sales per rate | product rate | freight per rate |
 * | no  | SEVAT            | sales0                          | 0 | sales0 |
 * | no  | EUREVERSEDVAT    | euReversedVat                   | 0 | euReversedVat |
 * | no  | EXPORT           | export                          | 0 | export |
 * | no  | EUVAT            | — TAXFREE_WITHOUT_VAT_NUMBER (reverse charge needs the buyer's VAT number) |
 * | yes | EUREVERSEDVAT / EXPORT / SEREVERSEDVAT, or no + SEREVERSEDVAT | — VAT_TYPE_MISMATCH |
 *
 * Freight per rate: 25 % → `freight`; 12 %/6 % → `freight12`/`freight6`, else the sales account of that rate (its VAT
 * code matches the rate; the predefined FREIGHT account carries 25 %); 0 % → the goods' account of 0 %. Freight charged
 * by the seller is part of the taxable amount of the goods it ships (ML 2023:200 7 kap., art. 78 b
 * mervärdesskattedirektivet: incidental costs such as transport), so it takes their rate and their box of the VAT
 * return — on a VAT-free order it follows the goods' reverse-charge/export/exempt account.
 *
 * `euVat` (BAS 3106, VAT code MP1) is an account for 25 % only: a 12 %/6 % row on it would put the VAT in the wrong
 * box, so the reduced rates use the Swedish sales account of their rate.
 */
export interface AccountPlan {
  taxed: boolean;
  goods(rate: number): number | DomainError;
  freight(rate: number): number | DomainError;
}

export function accountPlan(
  vatType: VatType,
  isTaxFree: boolean,
  accounts: ResolvedAccounts,
  order: { orderId: string; country: string | null },
): AccountPlan | DomainError {
  const get = (key: AccountKey): number | DomainError => accounts[key] ?? accountNotConfigured(key);
  const salesFor = (rate: number) => get(SALES_BY_RATE[rate] ?? 'sales25');
  const freightFor = (goods: (rate: number) => number | DomainError) => (rate: number) => {
    if (rate === 0) return goods(0);
    const key = FREIGHT_BY_RATE[rate] ?? 'freight';
    return accounts[key] ?? (key === 'freight' ? get('freight') : salesFor(rate));
  };
  const mismatch = () =>
    domainError('VAT_TYPE_MISMATCH', { vatType, orderId: order.orderId, taxFree: isTaxFree ? 'yes' : 'no' });

  if (!isTaxFree) {
    if (vatType === 'SEVAT') return { taxed: true, goods: salesFor, freight: freightFor(salesFor) };
    if (vatType === 'EUVAT') {
      const goods = (rate: number) => (rate === 25 && accounts.euVat !== undefined ? accounts.euVat : salesFor(rate));
      return { taxed: true, goods, freight: freightFor(goods) };
    }
    return mismatch();
  }
  const zeroRated = (key: AccountKey): AccountPlan => ({ taxed: false, goods: () => get(key), freight: () => get(key) });
  if (vatType === 'SEVAT') return zeroRated('sales0');
  if (vatType === 'EUREVERSEDVAT') return zeroRated('euReversedVat');
  if (vatType === 'EXPORT') return zeroRated('export');
  if (vatType === 'EUVAT') {
    return domainError('TAXFREE_WITHOUT_VAT_NUMBER', { orderId: order.orderId, country: order.country ?? undefined });
  }
  return mismatch();
}

/**
 * OSS booking plan: every row (goods, freight, discount) at the destination country's `rate` on the OSS account
 * configured for that country and rate. The account's own VAT code keeps the VAT out of the Swedish return.
 */
export function ossAccountPlan(accounts: ResolvedAccounts, country: string, rate: number, orderId: string): AccountPlan | DomainError {
  const account = accounts.oss?.[country]?.[String(rate)];
  if (account === undefined) {
    return domainError('OSS_NOT_CONFIGURED', { orderId, country, rate });
  }
  return { taxed: true, goods: () => account, freight: () => account };
}

// -- The settings check: an account whose VAT code contradicts its use ---------------------------------------------

/** Fortnox account VAT codes of Swedish output VAT per rate (the codes a Swedish sales account carries). */
export const SWEDISH_VAT_CODE_RATE: Readonly<Record<string, number>> = { MP1: 25, MP2: 12, MP3: 6 };

/** What a chart-of-accounts entry tells us (`/3/accounts/{n}`: `VATCode`, `Active`). */
export interface ChartAccount {
  vatCode: string | null;
  active: boolean;
}

/** The rate a settings key books at: a number, 0 (no Swedish VAT), or 'oss' (foreign VAT). */
const RATE_OF_KEY: Partial<Record<AccountKey, number>> = {
  sales25: 25, sales12: 12, sales6: 6, sales0: 0, freight: 25, freight12: 12, freight6: 6, euVat: 25,
  euReversedVat: 0, export: 0,
};

/**
 * Every resolved account checked against the company's chart: it must exist and be active, and its VAT code must fit
 * its use — an account for Swedish VAT at r % must carry the code of r % (MP1 25, MP2 12, MP3 6), an account for 0 %
 * (VAT-free, reverse charge, export) must carry none of them, an OSS account must carry none of them either (foreign
 * VAT booked on a Swedish code lands in the Swedish VAT return). Fortnox's own guidance for simplified VAT handling
 * is the same: choose per rate only accounts whose VAT code matches it, or the VAT report shows deviations.
 */
export function checkAccountVatCodes(accounts: ResolvedAccounts, chart: Record<string, ChartAccount | undefined>): DomainError[] {
  const errors: DomainError[] = [];
  const check = (setting: string, account: number, rate: number | 'oss') => {
    const entry = chart[String(account)];
    if (!entry || !entry.active) {
      errors.push(domainError('ACCOUNT_NOT_FOUND', { account, setting }));
      return;
    }
    const code = (entry.vatCode ?? '').trim().toUpperCase();
    const codeRate = SWEDISH_VAT_CODE_RATE[code];
    const fits = rate === 'oss' || rate === 0 ? codeRate === undefined : codeRate === rate;
    if (!fits) {
      errors.push(domainError('ACCOUNT_VAT_CODE_MISMATCH', {
        setting, account, vatCode: code || '—', expected: rate === 'oss' ? 'oss' : `${rate}`,
      }));
    }
  };
  for (const [key, rate] of Object.entries(RATE_OF_KEY) as [AccountKey, number][]) {
    const account = accounts[key];
    if (account !== undefined) check(key, account, rate);
  }
  for (const [country, rates] of Object.entries(accounts.oss ?? {})) {
    for (const [rate, account] of Object.entries(rates)) check(`oss.${country}.${rate}`, account, 'oss');
  }
  return errors;
}
