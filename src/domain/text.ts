// Text that Fortnox accepts.
//
// Fortnox rejects (error 2000359) emoji and " < > [ ] { } ~ |, and its documented character set has the typographic
// apostrophe ’ but not the straight '. We sanitise deliberately instead of failing: the meaning of a product title or
// a name survives the substitutions below, and a rejected invoice costs the merchant more than a changed quote mark.

/** Substitutions that keep the meaning; everything else outside ALLOWED is dropped. */
const REPLACEMENTS: [RegExp, string][] = [
  [/'/g, '’'], // O'Brien → O’Brien
  [/"/g, '’’'], // 1/2" → 1/2’’ (reads as inches / a quote)
  [/[<[{]/g, '('],
  [/[>\]}]/g, ')'],
  [/~/g, '-'],
  [/\|/g, '/'],
  [/[–—]/g, '-'], // dashes and typographic double quotes: not documented as allowed, so kept to the safe set
  [/[“”„«»]/g, '’’'],
];

// Letters and digits of any script, whitespace and the common punctuation Fortnox documents.
const ALLOWED = /[\p{L}\p{N}\s!#$%&()*+,\-./:;=?@\\^_`´’‘§°€£¤½]/u;

/**
 * Fortnox-safe text: substitutes the rejected characters, drops emoji and other symbols, collapses whitespace and cuts
 * to `maxLen` characters (code points, so no half emoji or split å). Returns '' for null/undefined.
 */
export function sanitizeText(s: string | null | undefined, maxLen: number): string {
  if (s === null || s === undefined) return '';
  let t = s.normalize('NFC');
  for (const [pattern, replacement] of REPLACEMENTS) t = t.replace(pattern, replacement);
  t = Array.from(t)
    .filter((ch) => ALLOWED.test(ch))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(t);
  return chars.length > maxLen ? chars.slice(0, maxLen).join('').trimEnd() : t;
}

/**
 * Fortnox's safe article number: only A–Z a–z 0–9 _ - + /, 1–50 characters. (Quickbutik's own connector also forbids
 * å ä ö, spaces, commas, periods and # — all outside this set.)
 */
export function isValidArticleNumber(s: string | null | undefined): boolean {
  return typeof s === 'string' && /^[A-Za-z0-9_\-+/]{1,50}$/.test(s);
}

export const ARTICLE_NUMBER_RULE_EN = 'only A–Z, a–z, 0–9 and - _ + /, at most 50 characters';
