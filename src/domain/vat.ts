// VAT facts: the rates Fortnox knows, the EU member states, and the customer VAT types Fortnox uses.

export const SWEDISH_VAT_RATES = [25, 12, 6, 0] as const;
export type SwedishVatRate = (typeof SWEDISH_VAT_RATES)[number];
export const isSwedishVatRate = (rate: number): rate is SwedishVatRate =>
  (SWEDISH_VAT_RATES as readonly number[]).includes(rate);

/** Fortnox customer `VATType`. SEREVERSEDVAT (domestic reverse charge, e.g. construction) is never chosen here. */
export type VatType = 'SEVAT' | 'SEREVERSEDVAT' | 'EUREVERSEDVAT' | 'EUVAT' | 'EXPORT';

/**
 * The 27 EU member states (ISO 3166-1 alpha-2; Greece also under its VAT prefix EL). Outside the EU VAT area and
 * therefore export: e.g. Norway, Switzerland, the UK (GB) and Åland (AX, its own ISO code). Territories that share a
 * member state's code but lie outside its VAT area (the Canary Islands, Åland as FI 22xxx, …) are told apart by
 * postcode in classifyTerritory.
 */
export const EU_MEMBER_STATES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'EL', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU',
  'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]);

export const isEuCountry = (countryCode: string): boolean => EU_MEMBER_STATES.has(countryCode.toUpperCase());

/**
 * VAT number formats per prefix (the member state's format as VIES documents it; XI = Northern Ireland). The prefix is
 * the ISO code except Greece (EL). Only the shape is checked here — whether the number is registered is VIES's
 * business (no network calls in the domain).
 */
const VAT_NUMBER_FORMATS: Readonly<Record<string, RegExp>> = {
  AT: /^U\d{8}$/, BE: /^[01]\d{9}$/, BG: /^\d{9,10}$/, CY: /^\d{8}[A-Z]$/, CZ: /^\d{8,10}$/, DE: /^\d{9}$/,
  DK: /^\d{8}$/, EE: /^\d{9}$/, EL: /^\d{9}$/, ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/, FI: /^\d{8}$/,
  FR: /^[A-HJ-NP-Z0-9]{2}\d{9}$/, HR: /^\d{11}$/, HU: /^\d{8}$/, IE: /^(\d{7}[A-W][A-I]?|\d[A-Z+*]\d{5}[A-W])$/,
  IT: /^\d{11}$/, LT: /^(\d{9}|\d{12})$/, LU: /^\d{8}$/, LV: /^\d{11}$/, MT: /^\d{8}$/, NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/, PT: /^\d{9}$/, RO: /^\d{2,10}$/, SE: /^\d{10}01$/, SI: /^\d{8}$/, SK: /^\d{10}$/,
  XI: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
};

/** The VAT-number prefix of a country code: Greece is EL; Northern Ireland (goods) XI. */
export const vatPrefixOf = (countryCode: string): string => {
  const c = countryCode.toUpperCase();
  return c === 'GR' ? 'EL' : c;
};

/** Upper case, without spaces, dots and dashes: "de 123.456.789" → "DE123456789". */
export const normaliseVatNumber = (raw: string): string => raw.replace(/[\s.\-]/g, '').toUpperCase();

export type VatNumberCheck =
  | { ok: true; vatNumber: string }
  | { ok: false; vatNumber: string; reason: 'format' | 'prefix' };

/**
 * A VAT number checked against the buyer's country: it must start with that country's prefix (a German buyer with a
 * Danish number is not a German reverse-charge sale) and follow its format. A number given without prefix gets it.
 */
export function checkVatNumber(raw: string, countryCode: string): VatNumberCheck {
  const prefix = vatPrefixOf(countryCode);
  let n = normaliseVatNumber(raw);
  if (/^\d/.test(n)) n = prefix + n;
  if (!n.startsWith(prefix)) return { ok: false, vatNumber: n, reason: 'prefix' };
  const format = VAT_NUMBER_FORMATS[prefix];
  if (!format || !format.test(n.slice(prefix.length))) return { ok: false, vatNumber: n, reason: 'format' };
  return { ok: true, vatNumber: n };
}

/**
 * Where a delivery is taxed, from its country (and postcode where a territory shares its country's ISO code):
 * - `SE`: Sweden.
 * - `EU`: another member state's VAT area.
 * - `OUTSIDE`: outside the EU VAT area — third countries and the special territories that are part of a member
 *   state but outside its VAT area (art. 6 mervärdesskattedirektivet; ML 2023:200 2 kap.: "tredje territorium"):
 *   Åland (AX, or FI with postcode 22xxx), the Canary Islands (ES, postcodes 35xxx/38xxx), Ceuta (51xxx) and Melilla
 *   (52xxx), the French overseas departments (GP, MQ, GF, RE, YT, or FR with 971–976xx), Mount Athos, Büsingen
 *   (DE 78266) and Heligoland (DE 27498), Livigno (IT 23041), Campione d'Italia (IT 22061) and the Italian waters of
 *   Lake Lugano. Their deliveries are export (0 %, no reverse charge).
 * - Territories treated as part of a member state's VAT area: Monaco (MC → as France) and the Isle of Man (IM → as
 *   the UK, i.e. OUTSIDE); Northern Ireland (GB, postcodes BT…) remains in the EU VAT area for goods → `EU`, prefix XI.
 */
export type VatTerritory = 'SE' | 'EU' | 'OUTSIDE';

export interface TerritoryFacts {
  territory: VatTerritory;
  /** The member state whose VAT applies (MC → FR, Northern Ireland → XI), or the country itself. */
  vatCountry: string;
  /** Set when a special rule decided it, e.g. "Åland", "Canary Islands". */
  special?: string;
}

const OUTSIDE_BY_POSTCODE: [string, RegExp, string][] = [
  ['FI', /^22\d{3}$/, 'Åland'],
  ['ES', /^(35|38)\d{3}$/, 'Canary Islands'],
  ['ES', /^51\d{3}$/, 'Ceuta'],
  ['ES', /^52\d{3}$/, 'Melilla'],
  ['FR', /^97[1-6]\d{2}$/, 'French overseas department'],
  ['GR', /^63086$/, 'Mount Athos'],
  ['DE', /^78266$/, 'Büsingen'],
  ['DE', /^27498$/, 'Heligoland'],
  ['IT', /^23041$/, 'Livigno'],
  ['IT', /^22061$/, "Campione d'Italia"],
];
const OUTSIDE_BY_CODE: Record<string, string> = {
  AX: 'Åland', IC: 'Canary Islands', EA: 'Ceuta and Melilla', GP: 'Guadeloupe', MQ: 'Martinique', GF: 'French Guiana',
  RE: 'Réunion', YT: 'Mayotte', MF: 'Saint-Martin',
};

export function classifyTerritory(countryCode: string | null, postcode: string | null = null): TerritoryFacts {
  const c = (countryCode ?? 'SE').toUpperCase();
  const zip = (postcode ?? '').replace(/\s/g, '').toUpperCase();
  if (OUTSIDE_BY_CODE[c]) return { territory: 'OUTSIDE', vatCountry: c, special: OUTSIDE_BY_CODE[c] };
  for (const [country, pattern, name] of OUTSIDE_BY_POSTCODE) {
    if (c === country && pattern.test(zip)) return { territory: 'OUTSIDE', vatCountry: c, special: name };
  }
  if (c === 'MC') return { territory: 'EU', vatCountry: 'FR', special: 'Monaco' };
  if ((c === 'GB' || c === 'UK' || c === 'XI') && (c === 'XI' || /^BT\d/.test(zip))) {
    return { territory: 'EU', vatCountry: 'XI', special: 'Northern Ireland' };
  }
  if (c === 'SE') return { territory: 'SE', vatCountry: 'SE' };
  return isEuCountry(c) ? { territory: 'EU', vatCountry: c } : { territory: 'OUTSIDE', vatCountry: c };
}
