// How a merchant reads amounts and times: Swedish conventions (`1 234,50 kr`, `2026-12-03 14:05` Stockholm time).
// The amount formatter is integer arithmetic on öre — no Intl, no locale data — so workflow code may use it and a
// replay on another Node build writes the same words.
import { toOre } from './money';

const groupThousands = (digits: string, sep: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);

/** `1234.5` → `1 234,50 kr` (SEK) or `1 234,50 EUR`. Plain spaces: logs and e-mails stay greppable. */
export function formatAmountSv(amount: number, currency = 'SEK'): string {
  const ore = toOre(amount);
  const abs = Math.abs(ore);
  const kronor = groupThousands(String(Math.trunc(abs / 100)), ' ');
  const cents = String(abs % 100).padStart(2, '0');
  const unit = currency.toUpperCase() === 'SEK' ? 'kr' : currency.toUpperCase();
  return `${ore < 0 ? '−' : ''}${kronor},${cents} ${unit}`;
}

/** `1234.5` → `1,234.50 SEK` (support reads the English text). */
export function formatAmountEn(amount: number, currency = 'SEK'): string {
  const ore = toOre(amount);
  const abs = Math.abs(ore);
  return `${ore < 0 ? '-' : ''}${groupThousands(String(Math.trunc(abs / 100)), ',')}.${String(abs % 100).padStart(2, '0')} ${currency.toUpperCase()}`;
}

/**
 * `YYYY-MM-DD HH:MM` in Swedish local time — how Fortnox and Swedish merchants write a moment. Uses Intl's time-zone
 * data, so it belongs at read time (API, page, activities), not in workflow code.
 */
export function stockholmDateTime(d: Date): string {
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).formatToParts(d);
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '00';
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}`;
}

/** The calendar date (`YYYY-MM-DD`) in Stockholm of a moment. */
export const stockholmDate = (d: Date): string => stockholmDateTime(d).slice(0, 10);
