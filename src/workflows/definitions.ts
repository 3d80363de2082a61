// Workflow-safe shared names: imported by workflows, the worker, the API and tests alike.
import { defineSearchAttributeKey } from '@temporalio/common';
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ExplainedProblem } from '../problems';

export const DEFAULT_TASK_QUEUE = 'qbfx';

/** Workflow ids are the dedupe keys of the design (fixed contract). */
export const workflowIds = {
  order: (shopId: string, orderId: string | number) => `order:${shopId}:${orderId}`,
  product: (shopId: string, productId: string | number) => `product:${shopId}:${productId}`,
  stock: (shopId: string) => `stock:${shopId}`,
  catchup: (shopId: string) => `catchup:${shopId}`,
  stockSchedule: (shopId: string) => `stock-schedule:${shopId}`,
  catchupSchedule: (shopId: string) => `catchup-schedule:${shopId}`,
  reconcile: (shopId: string) => `reconcile:${shopId}`,
  reconcileSchedule: (shopId: string) => `reconcile-schedule:${shopId}`,
};

export const SyncStatuses = ['running', 'needs_attention', 'synced', 'skipped', 'failed'] as const;
export type SyncStatus = (typeof SyncStatuses)[number];

export const searchAttributes = {
  ShopId: defineSearchAttributeKey('ShopId', 'KEYWORD'),
  EntityId: defineSearchAttributeKey('EntityId', 'KEYWORD'),
  SyncStatus: defineSearchAttributeKey('SyncStatus', 'KEYWORD'),
  FortnoxDocument: defineSearchAttributeKey('FortnoxDocument', 'KEYWORD'),
};
/** name → type, for registering on a server (`temporal operator search-attribute create`). */
export const SEARCH_ATTRIBUTE_TYPES: Record<keyof typeof searchAttributes, 'Keyword'> = {
  ShopId: 'Keyword',
  EntityId: 'Keyword',
  SyncStatus: 'Keyword',
  FortnoxDocument: 'Keyword',
};

/** Operator signals on a parked workflow (order and product sync: the workflows that park). */
export const retrySignal = defineSignal('retry');
export const skipSignal = defineSignal<[reason?: string]>('skip');
/** Sent by the OAuth callback to the shop's parked workflows: the Fortnox connection works again. */
export const reconnectedSignal = defineSignal('reconnected');


export interface SyncState {
  status: SyncStatus;
  step: string;
  attempts: number;
  lastError?: ExplainedProblem;
  fortnox: { customerNumber?: string; documentType?: 'invoice' | 'order'; documentNumber?: string; articles?: string[] };
  progress?: { done: number; total: number };
}
export const statusQuery = defineQuery<SyncState>('status');
