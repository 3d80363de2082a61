import type { Rng } from './prng';

/** Faults on demand: chaos tests and the bench switch them on per shop (or for every shop) and off again. */
export const FAULT_KINDS = [
  'dropWebhooks',
  'duplicateWebhooks',
  'delayWebhooks',
  'reorderWebhooks',
  'error5xx',
  'error429',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  id: string;
  /** null: applies to every shop that has no fault of the same kind of its own. */
  shopId: string | null;
  kind: FaultKind;
  /** Share of webhooks / API calls affected, 0..1. */
  rate: number;
  /** delayWebhooks: how long each affected delivery waits; reorderWebhooks: how long affected ones are held back. */
  delayMs: number;
}

export interface FaultInput {
  shopId?: string | null;
  kind: FaultKind;
  rate?: number;
  delayMs?: number;
}

const DEFAULT_DELAY_MS: Partial<Record<FaultKind, number>> = { delayWebhooks: 2000, reorderWebhooks: 1000 };

export class FaultRegistry {
  private faults: Fault[] = [];
  private seq = 0;

  constructor(private readonly rng: Rng) {}

  /** Adds a fault, replacing one of the same kind for the same shop. */
  add(input: FaultInput): Fault {
    const shopId = input.shopId ?? null;
    const fault: Fault = {
      id: `f${++this.seq}`,
      shopId,
      kind: input.kind,
      rate: Math.min(1, Math.max(0, input.rate ?? 1)),
      delayMs: input.delayMs ?? DEFAULT_DELAY_MS[input.kind] ?? 0,
    };
    this.faults = this.faults.filter((f) => !(f.shopId === shopId && f.kind === input.kind));
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Removes the faults matching the filter (all when empty); returns how many. */
  clear(filter: { shopId?: string; kind?: FaultKind } = {}): number {
    const before = this.faults.length;
    this.faults = this.faults.filter(
      (f) => !((filter.shopId === undefined || f.shopId === filter.shopId) && (filter.kind === undefined || f.kind === filter.kind)),
    );
    return before - this.faults.length;
  }

  /** The fault of this kind that applies to the shop (its own before a global one), if the dice say it strikes. */
  roll(shopId: string, kind: FaultKind): Fault | null {
    const fault = this.faults.find((f) => f.kind === kind && f.shopId === shopId) ?? this.faults.find((f) => f.kind === kind && f.shopId === null);
    if (!fault || fault.rate <= 0) return null;
    return fault.rate >= 1 || this.rng.next() < fault.rate ? fault : null;
  }
}
