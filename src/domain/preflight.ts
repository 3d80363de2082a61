// Preflight: everything about the Fortnox company that would stop or mis-book an order, found before the first one.
// Pure: the facts are gathered elsewhere (src/trust/preflight-service.ts); here they become a list of checks, each
// with a severity, a Swedish and an English message, and the fix. `error` = orders would park (or be booked wrong);
// `warning` = works today but a risk worth acting on; `info` = nothing to do.
import { PREDEFINED_ACCOUNT_NAMES, resolveAccounts } from './accounts';
import type { AccountKey, ShopSettings } from './settings';

export type Severity = 'error' | 'warning' | 'info';

export interface PreflightCheck {
  id: string;
  ok: boolean;
  severity: Severity;
  messageSv: string;
  messageEn: string;
  /** What to do (English; empty when ok). */
  fix: string;
}

export interface PreflightResult {
  /** False when any check of severity `error` failed. */
  ok: boolean;
  checks: PreflightCheck[];
}

export interface CompanyFacts {
  /** Chart of accounts of the current financial year. */
  accounts: Array<{ number: number; active: boolean; vatCode: string | null }>;
  /** `/3/predefinedaccounts`: name → account number. */
  predefinedAccounts: Record<string, number>;
  /** Currency codes in the company's currency register. */
  currencies: string[];
  financialYears: Array<{ from: string; to: string; accountingMethod: string | null }>;
  /** Bookkeeping is locked up to and including this date (null: nothing locked). */
  lockedUntil: string | null;
  modesOfPayment: Array<{ code: string; accountNumber: number | null }>;
  costCenters: Array<{ code: string; active: boolean }>;
  priceLists: string[];
  waysOfDelivery: string[];
}

export interface ConnectionFacts {
  status: 'connected' | 'reconnect_needed' | 'not_connected';
  /** Granted OAuth scopes (null: not known). */
  scopes: string[] | null;
  /** A Fortnox service account (client credentials, not tied to a person). */
  serviceAccount: boolean;
  /** Days until the refresh token expires unused (null: no refresh token, e.g. a service account). */
  refreshTokenDaysLeft: number | null;
}

export interface PreflightInput {
  /** YYYY-MM-DD, the company's local date. */
  today: string;
  settings: ShopSettings;
  connection: ConnectionFacts;
  /** Null when Fortnox could not be read (the connection checks say why). */
  company: CompanyFacts | null;
  /** Currencies the shop sells in (SEK always counts as enabled). */
  sellingCurrencies: string[];
}

/** A refresh token with fewer days left than this is worth a warning (token health refreshes idle ones at 30). */
export const REFRESH_WARN_DAYS = 14;

/** Output-VAT codes of the Swedish chart of accounts per rate. */
const VAT_CODE_BY_RATE: Record<number, string> = { 25: 'MP1', 12: 'MP2', 6: 'MP3' };
const OUTPUT_VAT_CODES = new Set(Object.values(VAT_CODE_BY_RATE));

/** Which VAT code each account's use needs: a specific one, any output-VAT code, none, or no requirement. */
type VatNeed = { code: string } | 'taxed' | 'untaxed' | 'any';
const ACCOUNT_NEEDS: Record<AccountKey, { vat: VatNeed; required: boolean; sv: string; en: string }> = {
  sales25: { vat: { code: 'MP1' }, required: true, sv: 'försäljning 25 % moms', en: 'sales at 25 % VAT' },
  sales12: { vat: { code: 'MP2' }, required: true, sv: 'försäljning 12 % moms', en: 'sales at 12 % VAT' },
  sales6: { vat: { code: 'MP3' }, required: true, sv: 'försäljning 6 % moms', en: 'sales at 6 % VAT' },
  sales0: { vat: 'untaxed', required: true, sv: 'momsfri försäljning', en: 'VAT-free sales' },
  // Freight is split pro rata over the goods' VAT rates, one account per rate (12 % and 6 % default to that rate's sales account).
  freight: { vat: { code: 'MP1' }, required: true, sv: 'frakt 25 % moms', en: 'freight at 25 % VAT' },
  freight12: { vat: { code: 'MP2' }, required: false, sv: 'frakt 12 % moms', en: 'freight at 12 % VAT' },
  freight6: { vat: { code: 'MP3' }, required: false, sv: 'frakt 6 % moms', en: 'freight at 6 % VAT' },
  euVat: { vat: 'taxed', required: false, sv: 'EU-försäljning med svensk moms', en: 'EU sales with Swedish VAT' },
  euReversedVat: { vat: 'untaxed', required: false, sv: 'EU-försäljning, omvänd skattskyldighet', en: 'EU sales, reverse charge' },
  export: { vat: 'untaxed', required: false, sv: 'export utanför EU', en: 'export outside the EU' },
  roundOff: { vat: 'any', required: true, sv: 'öresavrundning', en: 'öre rounding' },
};

/** OAuth scopes the shop's settings need (Fortnox scope names, see reference/fortnox.md). */
export function requiredScopes(settings: ShopSettings): string[] {
  const scopes = ['companyinformation', 'settings', 'customer', 'currency', settings.documentType];
  if (settings.syncProducts || settings.syncOrderArticles) scopes.push('article');
  if (settings.syncProducts) scopes.push('price');
  if (settings.bookkeep) scopes.push('bookkeeping');
  if (settings.costCenter) scopes.push('costcenter');
  if (Object.keys(settings.paymentMethods).length > 0) scopes.push('payment');
  return [...new Set(scopes)];
}

const pass = (id: string, severity: Severity, messageSv: string, messageEn: string): PreflightCheck =>
  ({ id, ok: true, severity, messageSv, messageEn, fix: '' });
const fail = (id: string, severity: Severity, messageSv: string, messageEn: string, fix: string): PreflightCheck =>
  ({ id, ok: false, severity, messageSv, messageEn, fix });

function connectionChecks(c: ConnectionFacts, settings: ShopSettings): PreflightCheck[] {
  const checks: PreflightCheck[] = [];
  if (c.status !== 'connected') {
    checks.push(fail('connection', 'error',
      c.status === 'not_connected' ? 'Fortnox är inte anslutet.' : 'Anslutningen till Fortnox har upphört och måste göras om.',
      c.status === 'not_connected' ? 'Fortnox is not connected.' : 'The Fortnox connection has ended and must be made again.',
      'Connect Fortnox again: GET /shops/:shopId/fortnox/connect (the merchant approves in Fortnox).'));
    return checks;
  }
  checks.push(pass('connection', 'error', 'Fortnox är anslutet.', 'Fortnox is connected.'));

  if (c.refreshTokenDaysLeft !== null) {
    checks.push(c.refreshTokenDaysLeft >= REFRESH_WARN_DAYS
      ? pass('token-health', 'warning', `Anslutningen är frisk (${c.refreshTokenDaysLeft} dagar kvar utan användning).`,
        `The connection is healthy (${c.refreshTokenDaysLeft} days left unused).`)
      : fail('token-health', 'warning', `Fortnox-anslutningen går ut om ${Math.max(0, c.refreshTokenDaysLeft)} dagar om den inte förnyas.`,
        `The Fortnox connection expires in ${Math.max(0, c.refreshTokenDaysLeft)} days unless renewed.`,
        'Nothing to do if the worker runs (token health renews it); otherwise start the worker or reconnect Fortnox.'));
  }
  checks.push(c.serviceAccount
    ? pass('service-account', 'warning', 'Anslutningen är ett servicekonto.', 'The connection is a service account.')
    : fail('service-account', 'warning',
      'Anslutningen är knuten till en person: den slutar fungera om personen lämnar företaget eller tas bort i Fortnox.',
      'The connection is tied to a person: it stops when that person leaves the company or is removed in Fortnox.',
      'Reconnect with a Fortnox service account (a Fortnox administrator approves the integration as a service account).'));

  if (c.scopes) {
    const missing = requiredScopes(settings).filter((s) => !c.scopes!.includes(s));
    checks.push(missing.length === 0
      ? pass('scopes', 'error', 'Alla behörigheter som inställningarna kräver är beviljade.', 'Every scope the settings need is granted.')
      : fail('scopes', 'error', `Behörighet saknas i Fortnox: ${missing.join(', ')}.`, `Fortnox scopes missing: ${missing.join(', ')}.`,
        `Make sure the Fortnox company has the licence for ${missing.join(', ')} (e.g. Order for order mode, Bokföring for bookkeeping), then reconnect Fortnox so the new scopes are granted.`));
  }
  return checks;
}

function accountChecks(company: CompanyFacts, settings: ShopSettings): PreflightCheck[] {
  const resolved = resolveAccounts(settings.accounts, company.predefinedAccounts);
  const chart = new Map(company.accounts.map((a) => [a.number, a]));
  return (Object.keys(ACCOUNT_NEEDS) as AccountKey[]).map((key) => {
    const need = ACCOUNT_NEEDS[key];
    const id = `account:${key}`;
    const severity: Severity = need.required ? 'error' : 'warning';
    // Freight at 12 % / 6 % without an account of its own goes to that rate's sales account (see accounts.ts).
    const number = resolved[key] ?? (key === 'freight12' ? resolved.sales12 : key === 'freight6' ? resolved.sales6 : undefined);
    if (number === undefined) {
      return fail(id, severity, `Inget konto för ${need.sv} (inställning accounts.${key} eller fördefinierat konto ${PREDEFINED_ACCOUNT_NAMES[key]}).`,
        `No account for ${need.en} (setting accounts.${key} or predefined account ${PREDEFINED_ACCOUNT_NAMES[key]}).`,
        `Set accounts.${key} in the shop settings, or set the predefined account ${PREDEFINED_ACCOUNT_NAMES[key]} in Fortnox.`);
    }
    const account = chart.get(number);
    if (!account) {
      return fail(id, severity, `Konto ${number} för ${need.sv} finns inte i kontoplanen.`,
        `Account ${number} for ${need.en} does not exist in the chart of accounts.`,
        `Create account ${number} in Fortnox (Inställningar → Bokföring → Kontoplan) or choose another with accounts.${key}.`);
    }
    if (!account.active) {
      return fail(id, severity, `Konto ${number} för ${need.sv} är inaktivt.`, `Account ${number} for ${need.en} is inactive.`,
        `Activate account ${number} in Fortnox's chart of accounts, or choose another with accounts.${key}.`);
    }
    const code = (account.vatCode ?? '').toUpperCase();
    const vatOk = need.vat === 'any'
      || (need.vat === 'taxed' && OUTPUT_VAT_CODES.has(code))
      || (need.vat === 'untaxed' && !OUTPUT_VAT_CODES.has(code))
      || (typeof need.vat === 'object' && code === need.vat.code);
    if (!vatOk) {
      const wanted = typeof need.vat === 'object' ? need.vat.code : need.vat === 'taxed' ? 'MP1, MP2 or MP3' : 'no output-VAT code';
      return fail(id, severity, `Konto ${number} för ${need.sv} har momskod ${code || '(ingen)'}; det behöver ${wanted}.`,
        `Account ${number} for ${need.en} has VAT code ${code || '(none)'}; it needs ${wanted}.`,
        `Change the VAT code of account ${number} in Fortnox's chart of accounts to ${wanted}, or choose another account with accounts.${key}.`);
    }
    return pass(id, severity, `Konto ${number} för ${need.sv} finns, är aktivt och har rätt momskod.`,
      `Account ${number} for ${need.en} exists, is active and has the right VAT code.`);
  });
}

function periodChecks(company: CompanyFacts, today: string, settings: ShopSettings): PreflightCheck[] {
  const checks: PreflightCheck[] = [];
  const year = company.financialYears.find((y) => y.from <= today && today <= y.to);
  checks.push(year
    ? pass('financial-year', 'error', `Räkenskapsåret ${year.from}–${year.to} är öppet för dagens datum.`, `Financial year ${year.from}–${year.to} covers today.`)
    : fail('financial-year', 'error', `Inget räkenskapsår i Fortnox omfattar ${today}.`, `No financial year in Fortnox covers ${today}.`,
      'Create the financial year in Fortnox (Inställningar → Räkenskapsår) before orders of this date arrive.'));

  if (company.lockedUntil && company.lockedUntil >= today) {
    checks.push(fail('locked-period', 'error', `Bokföringen är låst till och med ${company.lockedUntil}: dagens dokument kan inte skapas.`,
      `Bookkeeping is locked up to ${company.lockedUntil}: documents dated today cannot be created.`,
      'Move the locked period back in Fortnox (Inställningar → Bokföring → Låsning av period).'));
  } else {
    checks.push(pass('locked-period', 'error',
      company.lockedUntil ? `Bokföringen är låst till och med ${company.lockedUntil}; dagens datum är öppet.` : 'Ingen period är låst.',
      company.lockedUntil ? `Bookkeeping is locked up to ${company.lockedUntil}; today is open.` : 'No period is locked.'));
  }

  const method = (year?.accountingMethod ?? '').toUpperCase();
  if (method === 'CASH' && settings.documentType === 'invoice') {
    checks.push(fail('bookkeeping-method', 'warning', 'Företaget bokför enligt kontantmetoden: fakturor bokförs först när de betalas.',
      'The company uses the cash method: invoices are booked only when paid.',
      'Turn on registerPayments (paid orders get their payment registered) or switch Fortnox to the invoicing method (faktureringsmetoden).'));
  } else {
    checks.push(pass('bookkeeping-method', 'warning', method ? `Bokföringsmetod: ${method === 'CASH' ? 'kontantmetoden' : 'faktureringsmetoden'}.` : 'Bokföringsmetod okänd.',
      method ? `Bookkeeping method: ${method === 'CASH' ? 'cash' : 'accrual (invoicing)'}.` : 'Bookkeeping method unknown.'));
  }
  return checks;
}

function registerChecks(company: CompanyFacts, input: PreflightInput): PreflightCheck[] {
  const { settings } = input;
  const checks: PreflightCheck[] = [];
  const enabled = new Set(['SEK', ...company.currencies.map((c) => c.toUpperCase())]);
  const missing = [...new Set(input.sellingCurrencies.map((c) => c.toUpperCase()))].filter((c) => !enabled.has(c));
  checks.push(missing.length === 0
    ? pass('currencies', 'error', 'Alla valutor butiken säljer i finns i Fortnox.', 'Every currency the shop sells in is enabled in Fortnox.')
    : fail('currencies', 'error', `Valuta saknas i Fortnox: ${missing.join(', ')}.`, `Currency not enabled in Fortnox: ${missing.join(', ')}.`,
      `Add ${missing.join(', ')} in Fortnox (Inställningar → Bokföring → Valutor).`));

  if (settings.costCenter) {
    const cc = company.costCenters.find((c) => c.code === settings.costCenter);
    checks.push(cc?.active !== false && cc
      ? pass('cost-center', 'error', `Kostnadsställe ${settings.costCenter} finns.`, `Cost center ${settings.costCenter} exists.`)
      : fail('cost-center', 'error', `Kostnadsställe ${settings.costCenter} ${cc ? 'är inaktivt' : 'finns inte'} i Fortnox.`,
        `Cost center ${settings.costCenter} ${cc ? 'is inactive' : 'does not exist'} in Fortnox.`,
        `Create or activate cost center ${settings.costCenter} in Fortnox, or change the costCenter setting.`));
  }
  if (settings.syncProducts) {
    checks.push(company.priceLists.includes(settings.priceList)
      ? pass('price-list', 'error', `Prislista ${settings.priceList} finns.`, `Price list ${settings.priceList} exists.`)
      : fail('price-list', 'error', `Prislista ${settings.priceList} finns inte i Fortnox.`, `Price list ${settings.priceList} does not exist in Fortnox.`,
        `Create price list ${settings.priceList} in Fortnox or change the priceList setting.`));
  }

  const chart = new Map(company.accounts.map((a) => [a.number, a]));
  for (const [method, code] of Object.entries(settings.paymentMethods)) {
    const id = `mode-of-payment:${method}`;
    const mode = company.modesOfPayment.find((m) => m.code === code);
    const account = mode?.accountNumber ? chart.get(mode.accountNumber) : undefined;
    if (!mode) {
      checks.push(fail(id, 'error', `Betalsätt ${code} (för ${method}) finns inte i Fortnox.`, `Mode of payment ${code} (for ${method}) does not exist in Fortnox.`,
        `Create mode of payment ${code} in Fortnox or change paymentMethods.${method}.`));
    } else if (!account?.active) {
      checks.push(fail(id, 'error', `Betalsätt ${code} bokför på konto ${mode.accountNumber ?? '(inget)'} som saknas eller är inaktivt.`,
        `Mode of payment ${code} books to account ${mode.accountNumber ?? '(none)'}, which is missing or inactive.`,
        `Give mode of payment ${code} an active account in Fortnox.`));
    } else {
      checks.push(pass(id, 'error', `Betalsätt ${code} bokför på konto ${mode.accountNumber}.`, `Mode of payment ${code} books to account ${mode.accountNumber}.`));
    }
  }
  for (const [shipping, code] of Object.entries(settings.wayOfDelivery)) {
    checks.push(company.waysOfDelivery.includes(code)
      ? pass(`way-of-delivery:${shipping}`, 'error', `Leveranssätt ${code} finns.`, `Way of delivery ${code} exists.`)
      : fail(`way-of-delivery:${shipping}`, 'error', `Leveranssätt ${code} (för ${shipping}) finns inte i Fortnox.`,
        `Way of delivery ${code} (for ${shipping}) does not exist in Fortnox.`,
        `Create way of delivery ${code} in Fortnox or change wayOfDelivery.${shipping}.`));
  }
  return checks;
}

export function runPreflight(input: PreflightInput): PreflightResult {
  const checks = connectionChecks(input.connection, input.settings);
  if (input.company) {
    checks.push(...accountChecks(input.company, input.settings), ...periodChecks(input.company, input.today, input.settings), ...registerChecks(input.company, input));
  } else if (input.connection.status === 'connected') {
    checks.push(fail('company', 'error', 'Fortnox-företagets register kunde inte läsas.', "The Fortnox company's registers could not be read.",
      'Try again in a minute; if it persists, check the Fortnox licences and scopes of the connection.'));
  }
  return { ok: checks.every((c) => c.ok || c.severity !== 'error'), checks };
}
