// Client-side starts of the sync workflows (API, dispatcher, catch-up, bench). Not part of the workflow bundle.
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { searchAttributes, workflowIds } from './definitions';

export type StartSource = 'webhook' | 'catchup' | 'manual' | 'bulk' | 'order';
export interface OrderSyncInput {
  shopId: string;
  orderId: string;
  source: StartSource;
  /** When the first trigger (webhook/poll) was received, for latency figures. */
  receivedAt?: string;
}
export interface ProductSyncInput {
  shopId: string;
  productId: string;
  source: StartSource;
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
