// Trade with other EU member states: the buyer's VAT and organisation numbers, reverse charge, and the distance-sales
// threshold for consumers.
import { domainError, type DomainError } from './errors';
import { fromOre, toOre, type Ore } from './money';
import { checkVatNumber, classifyTerritory } from './vat';

// -- Identifiers, wherever Quickbutik carries them ------------------------------------------------------------------

// Quickbutik documents no VAT/organisation number field: these are the names checkout fields, custom fields and apps
// use (compared lower-case, letters only: "VAT-nr", "vat_number", "Momsregistreringsnummer" …).
const VAT_KEYS = new Set(['vatnumber', 'vatno', 'vatnr', 'vatid', 'vat', 'vatreg', 'vatregistrationnumber', 'euvatnumber',
  'vatnummer', 'momsregistreringsnummer', 'momsregnr', 'momsnummer', 'momsnr', 'ustidnr']);
const ORG_KEYS = new Set(['orgnumber', 'orgnr', 'orgno', 'orgnummer', 'organisationnumber', 'organizationnumber',
  'organisationsnummer', 'companynumber', 'companyid', 'corporateidentitynumber', 'registrationnumber']);
/** Where checkout fields and apps put their values: `{name|label|key|title|field, value|val}` lists or keyed objects. */
const CONTAINER_KEYS = ['checkout_fields', 'checkoutfields', 'custom_fields', 'customfields', 'extra_fields', 'fields', 'metadata', 'meta', 'datafields'];

const keyName = (k: string) => k.toLowerCase().replace(/[^a-z]/g, '');
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const scalar = (v: unknown): string | null =>
  (typeof v === 'string' || typeof v === 'number') && String(v).trim() !== '' ? String(v).trim() : null;

/** key → value pairs of one source: its own fields, `{name, value}` list items, and the known containers one level down. */
function pairs(src: unknown, depth = 0): [string, string][] {
  const out: [string, string][] = [];
  if (Array.isArray(src)) {
    for (const item of src) {
      if (!isRecord(item)) continue;
      const name = scalar(item.name) ?? scalar(item.label) ?? scalar(item.key) ?? scalar(item.title) ?? scalar(item.field);
      const value = scalar(item.value) ?? scalar(item.val);
      if (name && value) out.push([name, value]);
    }
    return out;
  }
  if (!isRecord(src)) return out;
  // A container may be a keyed object of {name, value} items (PHP's arrays): read it as the list it is.
  if (depth > 0 && Object.values(src).length > 0 && Object.values(src).every(isRecord)) return pairs(Object.values(src), depth);
  for (const [k, v] of Object.entries(src)) {
    const s = scalar(v);
    if (s !== null) out.push([k, s]);
    else if (depth === 0 && CONTAINER_KEYS.includes(k.toLowerCase())) out.push(...pairs(v, 1));
  }
  return out;
}

export interface BuyerIdentifiers {
  vatNumber: string | null;
  orgNumber: string | null;
  /** Where the VAT number was found (`customer`, `billing_details`, `order`, `metadata`, …), for the log. */
  vatNumberSource: string | null;
}

/**
 * The buyer's VAT and organisation numbers, searched in order: the named sources (e.g. the raw customer, its
 * billing_details and shipping_details, the raw order with its checkout/custom fields) and then the order's metadata
 * (`GET /v1/metadata/order/{id}`, a flat key → value object). First non-blank value under a known key name wins.
 * Nothing found → null; a number is never invented.
 */
export function findBuyerIdentifiers(sources: [name: string, value: unknown][]): BuyerIdentifiers {
  let vatNumber: string | null = null;
  let vatNumberSource: string | null = null;
  let orgNumber: string | null = null;
  for (const [name, src] of sources) {
    for (const [k, v] of pairs(src)) {
      const key = keyName(k);
      if (vatNumber === null && VAT_KEYS.has(key)) [vatNumber, vatNumberSource] = [v, name];
      if (orgNumber === null && ORG_KEYS.has(key)) orgNumber = v;
    }
  }
  return { vatNumber, orgNumber, vatNumberSource };
}

// -- Reverse charge --------------------------------------------------------------------------------------------------

/**
 * The invoice text a reverse-charge (intra-EU B2B) supply of goods must carry: the words "omvänd betalningsskyldighet"
 * / "reverse charge", the ground for the exemption, and both parties' VAT numbers (art. 226 points 3, 4, 11 and 11a
 * mervärdesskattedirektivet; ML 2023:200 17 kap. on the contents of an invoice; the exemption for an intra-EU supply of
 * goods to a buyer with a VAT number in another member state: ML 2023:200 10 kap.). Written in Fortnox's character set
 * (typographic ’, no straight quote).
 */
export function reverseChargeText(buyerVatNumber: string, sellerVatNumber: string | null): string {
  const seller = sellerVatNumber ? ` Säljarens VAT-nr / Seller’s VAT no: ${sellerVatNumber}.` : '';
  return (
    'Omvänd betalningsskyldighet / Reverse charge. Unionsintern leverans av varor, undantagen från skatt enligt ' +
    'artikel 138 i mervärdesskattedirektivet / Intra-Community supply of goods exempt under Article 138 of ' +
    `Directive 2006/112/EC. Köparens VAT-nr / Buyer’s VAT no: ${buyerVatNumber}.${seller}`
  );
}

/**
 * Whether a VAT-free EU order is a reverse-charge sale: the buyer's VAT number must be present and fit the delivery
 * country (prefix and format). A number that does not fit parks the order (VAT_NUMBER_INVALID); none at all is
 * TAXFREE_WITHOUT_VAT_NUMBER (see accountPlan).
 */
export function reverseChargeVatNumber(
  raw: string | null,
  country: string,
  orderId: string,
): { vatNumber: string } | DomainError | null {
  if (!raw) return null;
  const vatCountry = classifyTerritory(country).vatCountry;
  const checked = checkVatNumber(raw, vatCountry);
  if (!checked.ok) {
    return domainError('VAT_NUMBER_INVALID', { orderId, vatNumber: checked.vatNumber, country, reason: checked.reason });
  }
  return { vatNumber: checked.vatNumber };
}

// -- Distance sales threshold ----------------------------------------------------------------------------------------

/**
 * EU distance sales of goods (and TBE services) to consumers in other member states: while the calendar-year total,
 * this year and last, stays at or below 10 000 EUR — 99 680 SEK in Sweden — the sales are taxed in Sweden with Swedish
 * VAT; the sale that takes the total over it, and every later one, is taxed in the buyer's country (art. 59c
 * mervärdesskattedirektivet; ML 2023:200 6 kap.; Skatteverket, "Distansförsäljning av varor").
 */
export const EU_DISTANCE_SALES_THRESHOLD_SEK: Ore = toOre(99_680);
/** Warn from 80 % of the threshold on: the log and the preflight show it before it is crossed. */
export const EU_DISTANCE_SALES_WARNING_SHARE = 0.8;

export interface DistanceSale {
  /** YYYY-MM-DD (the payment date). */
  date: string;
  /** The sale's value excl. VAT, in SEK öre (converted at the rate of the payment date). */
  netSek: Ore;
}

export interface DistanceSalesStatus {
  year: number;
  /** This calendar year's total excl. VAT, SEK. */
  total: number;
  threshold: number;
  remaining: number;
  /** True once the threshold was passed this year or last year: destination-country VAT applies. */
  crossed: boolean;
  /** True from 80 % of the threshold on. */
  warn: boolean;
}

/**
 * The running total of EU distance sales of one calendar year (sales of other years ignored) against the threshold.
 * `previousYearTotal` counts too: a threshold passed last year keeps destination VAT for this whole year.
 */
export function distanceSalesStatus(sales: DistanceSale[], year: number, previousYearTotalSek: Ore = 0): DistanceSalesStatus {
  const total = sales.filter((s) => Number(s.date.slice(0, 4)) === year).reduce((a, s) => a + s.netSek, 0);
  const crossed = total > EU_DISTANCE_SALES_THRESHOLD_SEK || previousYearTotalSek > EU_DISTANCE_SALES_THRESHOLD_SEK;
  return {
    year,
    total: fromOre(total),
    threshold: fromOre(EU_DISTANCE_SALES_THRESHOLD_SEK),
    remaining: fromOre(Math.max(0, EU_DISTANCE_SALES_THRESHOLD_SEK - total)),
    crossed,
    warn: crossed || total >= EU_DISTANCE_SALES_THRESHOLD_SEK * EU_DISTANCE_SALES_WARNING_SHARE,
  };
}

/** The log/preflight warning for a status that warns (null when it does not). */
export function distanceSalesWarning(status: DistanceSalesStatus): DomainError | null {
  if (!status.warn) return null;
  return domainError('EU_DISTANCE_SALES_THRESHOLD', {
    year: status.year,
    total: status.total,
    threshold: status.threshold,
    remaining: status.remaining,
    crossed: status.crossed ? 'yes' : 'no',
  });
}
