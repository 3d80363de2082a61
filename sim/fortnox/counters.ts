// Per-tenant request counters. Endpoint keys are "METHOD /path" with ids replaced, e.g.
// "GET /3/invoices/:id" and "PUT /3/invoices/:id/bookkeep".
import type { Counters } from './types';

const ACTIONS = new Set([
  'bookkeep',
  'cancel',
  'credit',
  'createinvoice',
  'externalprint',
  'print',
  'email',
  'send',
  'sublist',
  'warehouseready',
]);

export function normaliseEndpoint(method: string, path: string): string {
  const clean = path.split('?')[0].replace(/\/+$/, '') || '/';
  const segs = clean.split('/');
  if (segs[1] === '3' && segs.length > 3) {
    const fixed = segs[2] === 'settings' ? 4 : 3;
    for (let i = fixed; i < segs.length; i++) if (!ACTIONS.has(segs[i])) segs[i] = ':id';
  }
  return `${method.toUpperCase()} ${segs.join('/')}`;
}

export const emptyCounters = (): Counters => ({
  total: 0,
  byEndpoint: {},
  byStatus: {},
  rateLimited: 0,
  maxInWindow: 0,
  documents: { invoices: 0, orders: 0 },
});

export class CounterStore {
  private readonly byTenant = new Map<string, Counters>();

  of(tenantId: string): Counters {
    let c = this.byTenant.get(tenantId);
    if (!c) {
      c = emptyCounters();
      this.byTenant.set(tenantId, c);
    }
    return c;
  }

  record(tenantId: string, endpoint: string, status: string): void {
    const c = this.of(tenantId);
    c.total++;
    const e = (c.byEndpoint[endpoint] ??= {});
    e[status] = (e[status] ?? 0) + 1;
    c.byStatus[status] = (c.byStatus[status] ?? 0) + 1;
    if (status === '429') c.rateLimited++;
  }

  window(tenantId: string, inWindow: number): void {
    const c = this.of(tenantId);
    if (inWindow > c.maxInWindow) c.maxInWindow = inWindow;
  }

  document(tenantId: string, kind: 'invoices' | 'orders'): void {
    this.of(tenantId).documents[kind]++;
  }

  all(): Record<string, Counters> {
    return Object.fromEntries(this.byTenant);
  }

  reset(): void {
    this.byTenant.clear();
  }
}
