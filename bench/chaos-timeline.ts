// The chaos run's shared bits: a timeline of what was injected (printed as it happens and written to the JSON),
// a seeded dice for the schedule, and small HTTP helpers for the simulators and our API.

export interface TimelineEvent {
  /** Seconds since the run started. */
  t: number;
  at: string;
  kind: string;
  detail?: Record<string, unknown>;
}

export class Timeline {
  readonly events: TimelineEvent[] = [];
  constructor(readonly startedAt = Date.now()) {}

  elapsed(): number {
    return (Date.now() - this.startedAt) / 1000;
  }

  record(kind: string, detail?: Record<string, unknown>, quiet = false): TimelineEvent {
    const e: TimelineEvent = { t: Math.round(this.elapsed() * 10) / 10, at: new Date().toISOString(), kind, ...(detail ? { detail } : {}) };
    this.events.push(e);
    if (!quiet) this.say(`${kind}${detail ? ` ${describe(detail)}` : ''}`);
    return e;
  }

  /** A line prefixed with the run's clock (clears a progress line first). */
  say(line: string): void {
    const clear = process.stdout.isTTY ? '\r\x1b[K' : '';
    process.stdout.write(`${clear}[${this.elapsed().toFixed(0).padStart(4)} s] ${line}\n`);
  }
}

function describe(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
}

/** mulberry32: the same seed gives the same chaos schedule. */
export function dice(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const ADMIN_KEY = process.env.ADMIN_API_KEY ?? 'dev-admin-key-change-me';

/** JSON over HTTP; throws with the answer's text when the status is not expected. */
export async function http<T = any>(url: string, init: RequestInit & { json?: unknown } = {}, expect = [200, 201, 202, 204]): Promise<T> {
  const { json, ...rest } = init;
  const res = await fetch(url, {
    ...rest,
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}`, ...(rest.headers ?? {}) },
    signal: rest.signal ?? AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  if (!expect.includes(res.status)) throw new Error(`${rest.method ?? 'GET'} ${url} → ${res.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export const post = <T = any>(url: string, json: unknown) => http<T>(url, { method: 'POST', json });
export const del = (url: string) => http(url, { method: 'DELETE' });

/** Polls `check` until it returns true or `timeoutMs` passes; resolves with the time it took, or null. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, everyMs = 250): Promise<number | null> {
  const started = Date.now();
  for (;;) {
    if (await check().catch(() => false)) return Date.now() - started;
    if (Date.now() - started > timeoutMs) return null;
    await sleep(everyMs);
  }
}
