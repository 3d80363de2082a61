// Faults on demand, per tenant and per endpoint (a regex on "METHOD /path").
import type { Fault, FaultKind, FaultSpec } from './types';

export const FAULT_KINDS: readonly FaultKind[] = [
  'error5xx',
  'html',
  'slow',
  'commitThenTimeout',
  'burst429',
  'expireTokens',
];

export class FaultRegistry {
  private readonly faults: Fault[] = [];
  private seq = 1;

  constructor(private readonly random: () => number) {}

  add(spec: FaultSpec): Fault {
    if (!FAULT_KINDS.includes(spec.kind)) throw new Error(`unknown fault kind "${String(spec.kind)}"`);
    if (spec.match !== undefined) new RegExp(spec.match); // fail fast on a bad regex
    if (spec.rate !== undefined && !(spec.rate >= 0 && spec.rate <= 1)) throw new Error('rate must be within 0..1');
    const fault: Fault = {
      ...spec,
      count: spec.count ?? (spec.kind === 'burst429' ? 1 : undefined),
      id: `f${this.seq++}`,
      fired: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  remove(id: string): boolean {
    const i = this.faults.findIndex((f) => f.id === id);
    if (i < 0) return false;
    this.faults.splice(i, 1);
    return true;
  }

  clear(): void {
    this.faults.length = 0;
  }

  /** The first active fault of one of `kinds` that matches and wins its dice roll; counts it as fired. */
  take(tenantId: string, methodPath: string, kinds: readonly FaultKind[]): Fault | undefined {
    for (const f of this.faults) {
      if (!kinds.includes(f.kind)) continue;
      if (f.count !== undefined && f.fired >= f.count) continue;
      if (f.tenantId !== undefined && f.tenantId !== tenantId) continue;
      if (f.match !== undefined && !new RegExp(f.match).test(methodPath)) continue;
      if ((f.rate ?? 1) < 1 && this.random() >= (f.rate ?? 1)) continue;
      f.fired++;
      return f;
    }
    return undefined;
  }
}

export function htmlErrorPage(status: number): string {
  const title = status === 502 ? 'Bad Gateway' : status === 504 ? 'Gateway Timeout' : status === 500 ? 'Internal Server Error' : 'Service Unavailable';
  return `<!DOCTYPE html>\n<html><head><title>${status} ${title}</title></head>\n<body><h1>${title}</h1><p>The server is temporarily unable to service your request. Please try again later.</p><hr><address>Fortnox</address></body></html>\n`;
}
