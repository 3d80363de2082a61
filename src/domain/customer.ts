// The Fortnox customer card for an order's buyer.
import type { QbAddress, QbOrder } from '../quickbutik/types';
import { domainError, type DomainError, type Result } from './errors';
import { contentHash } from './hash';
import { sanitizeText } from './text';
import { classifyTerritory, type VatType } from './vat';

export interface FortnoxCustomer {
  Name: string;
  Type: 'PRIVATE' | 'COMPANY';
  VATType: VatType;
  Email?: string;
  Phone1?: string;
  Address1?: string;
  Address2?: string;
  ZipCode?: string;
  City?: string;
  CountryCode?: string;
  OrganisationNumber?: string;
  VATNumber?: string;
  DeliveryName?: string;
  DeliveryAddress1?: string;
  DeliveryAddress2?: string;
  DeliveryZipCode?: string;
  DeliveryCity?: string;
  DeliveryCountryCode?: string;
  DeliveryPhone1?: string;
}

const MAX_TEXT = 1024;
const MAX_ZIP = 10;
const MAX_ORG_NUMBER = 30;

/** Orders without a country are Swedish: Quickbutik is a Swedish platform and Swedish VAT is the safe default. */
const countryOf = (order: QbOrder): string => order.customer.country ?? 'SE';

/**
 * Which customer card an order belongs to.
 *
 * With an e-mail: the e-mail, trimmed and lower-cased — one card per buyer, updated by each order.
 * Without one: `noemail:order:<orderId>`, a card of its own for that order. Matching on name + postcode would merge
 * two different people of the same name in the same postcode, putting one person's invoice and address on another's
 * card; an extra card is only untidy. The key is stable across retries of the same order, so retries never
 * create a second card.
 */
export function customerKey(order: QbOrder): string {
  const email = order.customer.email?.trim().toLowerCase();
  return email ? email : `noemail:order:${order.orderId}`;
}

/**
 * Fortnox VAT type for the buyer of this order.
 *
 * - Sweden (or no country) → SEVAT.
 * - EU, VAT-free order and a VAT number → EUREVERSEDVAT (reverse charge: the buyer accounts for the VAT).
 * - EU otherwise → EUVAT (Swedish VAT charged to an EU buyer). A VAT-free EU order without VAT number also lands here
 *   and is then refused by the mapping (TAXFREE_WITHOUT_VAT_NUMBER): reverse charge needs the buyer's VAT number.
 * - Outside the EU, VAT-free order → EXPORT.
 * - Outside the EU, VAT charged → SEVAT: VAT shown on an invoice is owed even when the goods leave the EU, so the
 *   books must show it; calling it export would hide VAT the shop collected.
 * "EU" and "outside" are VAT areas, not ISO codes (classifyTerritory): Åland (FI 22xxx) and the Canary Islands
 * (ES 35/38xxx) are outside, Monaco is inside (as France), Northern Ireland is inside for goods (prefix XI).
 */
export function decideVatType(order: QbOrder): VatType {
  const { territory } = classifyTerritory(countryOf(order), order.customer.zipcode);
  if (territory === 'SE') return 'SEVAT';
  if (territory === 'EU') return order.isTaxFree && order.customer.vatNumber ? 'EUREVERSEDVAT' : 'EUVAT';
  return order.isTaxFree ? 'EXPORT' : 'SEVAT';
}

const opt = <K extends string>(key: K, value: string): Partial<Record<K, string>> =>
  value ? ({ [key]: value } as Record<K, string>) : {};

/** A postcode of at most 10 characters: spaces go first if needed; still too long → null (invalid). */
function zip(raw: string | null): string | null {
  const z = sanitizeText(raw, 100);
  if (z.length <= MAX_ZIP) return z;
  const compact = z.replace(/\s/g, '');
  return compact.length <= MAX_ZIP ? compact : null;
}

/**
 * local@domain.tld: one @, no whitespace, a dot inside the domain. Written without a backtracking pattern so a long
 * hostile value costs linear time (this runs in workflow code).
 */
export function plausibleEmail(s: string): boolean {
  if (/\s/.test(s)) return false;
  const at = s.indexOf('@');
  if (at <= 0 || at !== s.lastIndexOf('@')) return false;
  const domain = s.slice(at + 1);
  return domain.length >= 3 && domain.slice(1, -1).includes('.');
}

function nameOf(a: { companyName: string | null; fullName: string | null; firstName: string | null; lastName: string | null }, company: boolean): string {
  const person = a.fullName ?? [a.firstName, a.lastName].filter(Boolean).join(' ');
  return sanitizeText(company ? a.companyName ?? person : person || a.companyName, MAX_TEXT);
}

function deliveryFields(s: QbAddress | null, invalid: (reason: string, reasonSv: string) => void): Partial<FortnoxCustomer> {
  if (!s) return {};
  const deliveryZip = zip(s.zipcode);
  if (deliveryZip === null) invalid(`delivery postcode "${s.zipcode}" is longer than 10 characters`, `leveransens postnummer "${s.zipcode}" är längre än 10 tecken`);
  return {
    ...opt('DeliveryName', nameOf(s, !!s.companyName && !s.fullName)),
    ...opt('DeliveryAddress1', sanitizeText(s.address, MAX_TEXT)),
    ...opt('DeliveryAddress2', sanitizeText(s.address2, MAX_TEXT)),
    ...opt('DeliveryZipCode', deliveryZip ?? ''),
    ...opt('DeliveryCity', sanitizeText(s.city, MAX_TEXT)),
    ...opt('DeliveryCountryCode', s.country && /^[A-Z]{2}$/.test(s.country) ? s.country : ''),
    ...opt('DeliveryPhone1', sanitizeText(s.phone, MAX_TEXT)),
  };
}

/**
 * The customer body to create or update. Fields Quickbutik leaves empty are left out (never blanked), so details a
 * person added on the card in Fortnox survive the next order.
 */
export function mapCustomer(order: QbOrder): Result<{ customer: FortnoxCustomer }> {
  const c = order.customer;
  const errors: DomainError[] = [];
  const invalid = (reason: string, reasonSv: string) =>
    errors.push(domainError('CUSTOMER_INVALID', { orderId: order.orderId, reason, reasonSv }));

  const company = c.type === 'company';
  const name = nameOf(c, company) || sanitizeText(c.email, MAX_TEXT);
  if (!name) invalid('the customer has no name', 'kunden saknar namn');

  const country = countryOf(order);
  if (!/^[A-Z]{2}$/.test(country)) invalid(`"${country}" is not a two-letter country code`, `"${country}" är inte en landskod med två bokstäver`);

  const zipCode = zip(c.zipcode);
  if (zipCode === null) invalid(`postcode "${c.zipcode}" is longer than 10 characters`, `postnumret "${c.zipcode}" är längre än 10 tecken`);

  const email = c.email?.trim() ?? '';
  const customer: FortnoxCustomer = {
    Name: name,
    Type: company ? 'COMPANY' : 'PRIVATE',
    VATType: decideVatType(order),
    ...opt('Email', plausibleEmail(email) ? email : ''), // Fortnox rejects malformed addresses; the key still uses it
    ...opt('Phone1', sanitizeText(c.phone, MAX_TEXT)),
    ...opt('Address1', sanitizeText(c.address, MAX_TEXT)),
    ...opt('Address2', sanitizeText(c.address2, MAX_TEXT)),
    ...opt('ZipCode', zipCode ?? ''),
    ...opt('City', sanitizeText(c.city, MAX_TEXT)),
    CountryCode: country,
    ...opt('OrganisationNumber', sanitizeText(c.orgNumber, MAX_ORG_NUMBER)),
    ...opt('VATNumber', sanitizeText((c.vatNumber ?? '').replace(/[\s.-]/g, '').toUpperCase(), MAX_ORG_NUMBER)),
    ...deliveryFields(c.shipping, invalid),
  };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, customer };
}

/** Hash of exactly what would be sent: unchanged hash → no Fortnox call needed. */
export const customerHash = (body: FortnoxCustomer): string => contentHash(body);
