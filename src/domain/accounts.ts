// Which account each kind of amount is booked to.
//
// The shop may name accounts in its settings; otherwise the Fortnox company's own predefined accounts apply (read
// per tenant — never hard-coded BAS numbers, companies change them).
import { domainError, type DomainError } from './errors';
import type { AccountKey, AccountSettings } from './settings';
import type { VatType } from './vat';

/** Account numbers for this shop + Fortnox company. Missing = neither configured nor predefined. */
export type ResolvedAccounts = Partial<Record<AccountKey, number>>;

/** Fortnox `/3/predefinedaccounts` names per settings key. */
export const PREDEFINED_ACCOUNT_NAMES: Record<AccountKey, string> = {
  sales25: 'SALES_25_SE',
  sales12: 'SALES_12_SE',
  sales6: 'SALES_6_SE',
  sales0: 'SALES_0_SE',
  freight: 'FREIGHT',
  euVat: 'SALESEUVAT',
  euReversedVat: 'SALESEUREV',
  export: 'SALESEXPORT',
  roundOff: 'ROUNDOFF',
};

const PURPOSE: Record<AccountKey, { en: string; sv: string }> = {
  sales25: { en: 'sales at 25 % VAT', sv: 'försäljning med 25 % moms' },
  sales12: { en: 'sales at 12 % VAT', sv: 'försäljning med 12 % moms' },
  sales6: { en: 'sales at 6 % VAT', sv: 'försäljning med 6 % moms' },
  sales0: { en: 'VAT-free sales', sv: 'momsfri försäljning' },
  freight: { en: 'freight', sv: 'frakt' },
  euVat: { en: 'sales to EU consumers with Swedish VAT', sv: 'försäljning till EU-konsumenter med svensk moms' },
  euReversedVat: { en: 'EU sales with reverse charge', sv: 'EU-försäljning med omvänd skattskyldighet' },
  export: { en: 'export sales outside the EU', sv: 'export utanför EU' },
  roundOff: { en: 'öre rounding', sv: 'öresavrundning' },
};

/** Settings first, then the company's predefined account. `predefined` is name → number as Fortnox returns it. */
export function resolveAccounts(
  configured: AccountSettings,
  predefined: Record<string, number | string | null | undefined>,
): ResolvedAccounts {
  const out: ResolvedAccounts = {};
  for (const key of Object.keys(PREDEFINED_ACCOUNT_NAMES) as AccountKey[]) {
    const fromSettings = configured[key];
    const fromFortnox = Number(predefined[PREDEFINED_ACCOUNT_NAMES[key]]);
    if (fromSettings !== undefined) out[key] = fromSettings;
    else if (Number.isInteger(fromFortnox) && fromFortnox >= 1000 && fromFortnox <= 9999) out[key] = fromFortnox;
  }
  return out;
}

export const accountNotConfigured = (key: AccountKey): DomainError =>
  domainError('ACCOUNT_NOT_CONFIGURED', { setting: key, purpose: PURPOSE[key].en, purposeSv: PURPOSE[key].sv });

const SALES_BY_RATE: Record<number, AccountKey> = { 25: 'sales25', 12: 'sales12', 6: 'sales6', 0: 'sales0' };

/**
 * How an order is taxed, from the customer's VAT type and whether Quickbutik charged VAT:
 *
 * | VAT charged? | customer VAT type | goods (and discount) account | VAT on rows | freight account |
 * |---|---|---|---|---|
 * | yes | SEVAT            | sales per rate                  | product rate | freight |
 * | yes | EUVAT            | euVat if set, else sales per rate | product rate | freight |
 * | no  | SEVAT            | sales0                          | 0 | sales0 |
 * | no  | EUREVERSEDVAT    | euReversedVat                   | 0 | euReversedVat |
 * | no  | EXPORT           | export                          | 0 | export |
 * | no  | EUVAT            | — TAXFREE_WITHOUT_VAT_NUMBER (reverse charge needs the buyer's VAT number) |
 * | yes | EUREVERSEDVAT / EXPORT / SEREVERSEDVAT, or no + SEREVERSEDVAT | — VAT_TYPE_MISMATCH |
 *
 * Freight on a VAT-free order follows the goods' account, not the freight account: the account decides the box of
 * the VAT return, and freight is part of the same reverse-charge/export/exempt supply as the goods.
 */
export interface AccountPlan {
  taxed: boolean;
  goods(rate: number): number | DomainError;
  freight(): number | DomainError;
}

export function accountPlan(
  vatType: VatType,
  isTaxFree: boolean,
  accounts: ResolvedAccounts,
  order: { orderId: string; country: string | null },
): AccountPlan | DomainError {
  const get = (key: AccountKey): number | DomainError => accounts[key] ?? accountNotConfigured(key);
  const salesFor = (rate: number) => get(SALES_BY_RATE[rate] ?? 'sales25');
  const mismatch = () =>
    domainError('VAT_TYPE_MISMATCH', { vatType, orderId: order.orderId, taxFree: isTaxFree ? 'yes' : 'no' });

  if (!isTaxFree) {
    if (vatType === 'SEVAT') return { taxed: true, goods: salesFor, freight: () => get('freight') };
    if (vatType === 'EUVAT') {
      return { taxed: true, goods: (rate) => accounts.euVat ?? salesFor(rate), freight: () => get('freight') };
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
