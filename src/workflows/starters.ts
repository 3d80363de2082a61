// Client-side starts of the sync workflows (API, dispatcher, catch-up, bench). Not part of the workflow bundle.
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { reconnectedSignal, searchAttributes, workflowIds } from './definitions';
import type { Parked } from './parking';

export type StartSource = 'webhook' | 'catchup' | 'manual' | 'bulk' | 'order';
export interface OrderSyncInput {
  shopId: string;
  orderId: string;
  source: StartSource;
  /** When the first trigger (webhook/poll) was received, for latency figures. */
  receivedAt?: string;
  /** Set by continue-as-new while parked. */
  parked?: Parked;
}
export interface ProductSyncInput {
  shopId: string;
  productId: string;
  source: StartSource;
  /** Set by continue-as-new while parked. */
  parked?: Parked;
}

const attrs = (shopId: string, entityId: string) =>
  new TypedSearchAttributes([
    { key: searchAttributes.ShopId, value: shopId },
    { key: searchAttributes.EntityId, value: entityId },
    { key: searchAttributes.SyncStatus, value: 'running' },
  ]);

/**
 * Starts `order:<shop>:<order>` or joins the run already going (conflict policy USE_EXISTING). A finished run may be
 * started again (e.g. a manual resend after a skip): the workflow itself is idempotent — it finds the stored document
 * number (or the document by its reference in Fortnox) and does not create a second one.
 */
export const startOrderSync = (client: Client, taskQueue: string, input: OrderSyncInput) =>
  startOrJoin(client, taskQueue, 'orderSyncWorkflow', workflowIds.order(input.shopId, input.orderId), input.shopId, input.orderId, input);

/** Starts `product:<shop>:<product>` or joins the run already going (same policies as the order sync). */
export const startProductSync = (client: Client, taskQueue: string, input: ProductSyncInput) =>
  startOrJoin(client, taskQueue, 'productSyncWorkflow', workflowIds.product(input.shopId, input.productId), input.shopId, input.productId, input);

async function startOrJoin(client: Client, taskQueue: string, type: string, workflowId: string, shopId: string, entityId: string, input: unknown) {
  const handle = await client.workflow.start(type, {
    taskQueue,
    workflowId,
    args: [input],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    typedSearchAttributes: attrs(shopId, entityId),
  });
  return { workflowId, runId: handle.firstExecutionRunId };
}

/**
 * After the merchant reconnected Fortnox: every parked workflow of the shop is told, so those waiting for the
 * connection continue at once (the others ignore the signal).
 */
export async function signalReconnected(client: Client, shopId: string): Promise<number> {
  let sent = 0;
  const query = `ShopId = "${shopId}" AND SyncStatus = "needs_attention" AND ExecutionStatus = "Running"`;
  for await (const wf of client.workflow.list({ query })) {
    await client.workflow.getHandle(wf.workflowId, wf.runId).signal(reconnectedSignal).then(() => (sent += 1), () => undefined);
  }
  return sent;
}
