// Small pure helpers shared by the simulator modules.
import { randomBytes, randomUUID } from 'node:crypto';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Round to two decimals, half away from zero (how money is rounded on Swedish invoices). */
export function r2(x: number): number {
  const s = Math.sign(x);
  return (s * Math.round(Math.abs(x) * 100 + 1e-9)) / 100 || 0;
}

/** Round to a whole krona, half away from zero. */
export function r0(x: number): number {
  const s = Math.sign(x);
  return s * Math.round(Math.abs(x) + 1e-9) || 0;
}

const stockholmDate = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const stockholmDateTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** Fortnox dates are Swedish local dates. */
export function todayStockholm(now = Date.now()): string {
  return stockholmDate.format(new Date(now));
}

/** `YYYY-MM-DD HH:MM:SS` in Swedish local time. */
export function nowStockholm(now = Date.now()): string {
  return stockholmDateTime.format(new Date(now)).replace('T', ' ');
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isValidDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Parses Fortnox's `lastmodified` (`YYYY-MM-DD[ HH:MM[:SS]]`, Swedish local time) into epoch ms.
 * Returns null when the value is not a date-time.
 */
export function parseStockholmDateTime(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(s.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', se = '00'] = m;
  const asUtc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +se);
  if (Number.isNaN(asUtc)) return null;
  // Shift by Stockholm's offset at that instant (one correction step is exact outside DST switch hours).
  const local = stockholmDateTime.format(new Date(asUtc)).replace(' ', 'T');
  const offset = Date.parse(`${local}Z`) - asUtc;
  return asUtc - offset;
}

/** OCR as Fortnox builds it: number + length digit + Luhn check digit (document 1 → "133"). */
export function ocrFor(documentNumber: number): string {
  const base = String(documentNumber);
  const withLength = base + String((base.length + 2) % 10);
  let sum = 0;
  let double = true;
  for (let i = withLength.length - 1; i >= 0; i--) {
    let n = Number(withLength[i]);
    if (double) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
    double = !double;
  }
  return withLength + String((10 - (sum % 10)) % 10);
}

export const randomToken = (bytes = 24): string => randomBytes(bytes).toString('base64url');
export const uuid = (): string => randomUUID();

/** Numbers compare numerically, everything else as strings (how Fortnox orders number series). */
export function compareIds(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (a !== '' && b !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Case-insensitive substring match, as Fortnox's list filters do. */
export function contains(haystack: unknown, needle: string): boolean {
  if (haystack === null || haystack === undefined) return false;
  return String(haystack).toLowerCase().includes(needle.toLowerCase());
}
