/**
 * Quickbutik answers dates as `YYYY-MM-DD HH:MM:SS` in Swedish local time without a zone, so the simulator keeps
 * epoch milliseconds internally and converts at the edge, honouring daylight saving time.
 */
const stockholm = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function localParts(ms: number): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const p of stockholm.formatToParts(new Date(ms))) parts[p.type] = p.value;
  return parts;
}

export function formatSwedish(ms: number): string {
  const p = localParts(ms);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** Milliseconds by which Stockholm is ahead of UTC at the instant `ms`. */
function offsetAt(ms: number): number {
  const p = localParts(ms);
  const asUtc = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** Parses `YYYY-MM-DD[ HH:MM[:SS]]` as Swedish local time; null when malformed. */
export function parseSwedish(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!m) return null;
  const guess = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  if (Number.isNaN(guess)) return null;
  const first = guess - offsetAt(guess);
  return guess - offsetAt(first);
}

/** A query time is either UNIX seconds or a Swedish local date string; null when neither. */
export function parseQueryTime(text: string): number | null {
  if (/^\d+$/.test(text.trim())) return Number(text) * 1000;
  return parseSwedish(text);
}
