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
export async function startOrderSync(client: Client, taskQueue: string, input: OrderSyncInput) {
  const workflowId = workflowIds.order(input.shopId, input.orderId);
  const handle = await client.workflow.start('orderSyncWorkflow', {
    taskQueue,
    workflowId,
    args: [input],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    typedSearchAttributes: attrs(input.shopId, input.orderId),
  });
  return { workflowId, runId: handle.firstExecutionRunId };
}

export async function startProductSync(client: Client, taskQueue: string, input: ProductSyncInput) {
  const workflowId = workflowIds.product(input.shopId, input.productId);
  const handle = await client.workflow.start('productSyncWorkflow', {
    taskQueue,
    workflowId,
    args: [input],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    typedSearchAttributes: attrs(input.shopId, input.productId),
  });
  return { workflowId, runId: handle.firstExecutionRunId };
}
