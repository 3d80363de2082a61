// VAT facts: the rates Fortnox knows, the EU member states, and the customer VAT types Fortnox uses.

export const SWEDISH_VAT_RATES = [25, 12, 6, 0] as const;
export type SwedishVatRate = (typeof SWEDISH_VAT_RATES)[number];
export const isSwedishVatRate = (rate: number): rate is SwedishVatRate =>
  (SWEDISH_VAT_RATES as readonly number[]).includes(rate);

/** Fortnox customer `VATType`. SEREVERSEDVAT (domestic reverse charge, e.g. construction) is never chosen here. */
export type VatType = 'SEVAT' | 'SEREVERSEDVAT' | 'EUREVERSEDVAT' | 'EUVAT' | 'EXPORT';

/**
 * The 27 EU member states (ISO 3166-1 alpha-2; Greece also under its VAT prefix EL). Outside the EU VAT area and
 * therefore export: e.g. Norway, Switzerland, the UK (GB) and Åland (AX, its own ISO code). The Canary Islands are
 * ISO "ES" yet outside the VAT area; an order cannot tell them apart, so they follow ES.
 */
export const EU_MEMBER_STATES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'EL', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU',
  'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]);

export const isEuCountry = (countryCode: string): boolean => EU_MEMBER_STATES.has(countryCode.toUpperCase());
