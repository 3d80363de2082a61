// Manual bulk runs: "sync all products" and "send the orders paid between two dates again". Both page through
// Quickbutik with small activities, show {done, total} in the status query and continue as new on long runs.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ContinueAsNew, continueAsNew, log, proxyActivities, proxyLocalActivities, startChild, workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { explainProblem } from '../problems';
import { local, pageCall, rateLimited } from './activity-options';
import { searchAttributes, workflowIds } from './definitions';
import { bulkMessages } from './messages';
import { createSyncState, type SyncStateHandle } from './parking';
import { productSyncWorkflow } from './product-sync';

const { countProducts, queueResendPage } = proxyActivities<Activities>(pageCall);
const { syncProductPage } = proxyActivities<Activities>(rateLimited('15 minutes'));
const { writeLog } = proxyLocalActivities<Activities>(local);

/** Products per page: a page of new products costs ~4 Fortnox calls each, under a minute at Fortnox's rate limit. */
export const PRODUCT_PAGE = 25;
export const ORDER_PAGE = 500;

export interface Progress {
  done: number;
  total: number;
}

export interface SyncAllInput {
  shopId: string;
  /** Set by continue-as-new. */
  resume?: { offset: number; progress: Progress; changed: number; parked: string[]; fortnoxCalls: number };
}

export interface SyncAllResult {
  status: 'synced' | 'failed';
  products: number;
  changed: number;
  /** Products whose own workflow now waits for a fix (invalid sku, …). */
  parked: string[];
  fortnoxCalls: number;
}

export async function syncAllProductsWorkflow(input: SyncAllInput): Promise<SyncAllResult> {
  const { shopId } = input;
  const sync = createSyncState('count products');
  const run = input.resume ?? { offset: 0, progress: { done: 0, total: 0 }, changed: 0, parked: [], fortnoxCalls: 0 };
  sync.state.progress = run.progress;
  const result = (status: SyncAllResult['status']): SyncAllResult =>
    ({ status, products: run.progress.done, changed: run.changed, parked: run.parked, fortnoxCalls: run.fortnoxCalls });

  try {
    if (!input.resume) run.progress.total = await countProducts({ shopId });
    sync.step('sync products');
    for (;;) {
      const page = await syncProductPage({ shopId, offset: run.offset, limit: PRODUCT_PAGE });
      run.offset += page.count;
      run.progress.done += page.count;
      run.progress.total = Math.max(run.progress.total, run.progress.done);
      run.changed += page.changed;
      run.fortnoxCalls += page.fortnoxCalls;
      for (const p of page.problems) {
        // Its own workflow parks with the explanation and waits for the fix, retry or skip.
        await startProductWorkflow(shopId, p.productId);
        run.parked.push(p.productId);
      }
      if (page.count < PRODUCT_PAGE) break;
      if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof syncAllProductsWorkflow>({ shopId, resume: run });
    }
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err;
    return fail(shopId, sync, err, 'bulk', `sync-all-products:${shopId}`).then(() => result('failed'));
  }
  await writeLog({
    shopId, entityType: 'bulk', entityId: `sync-all-products:${shopId}`, workflowId: workflowInfo().workflowId, outcome: 'synced',
    ...bulkMessages.productsSynced({ done: run.progress.done, changed: run.changed, parked: run.parked.length }),
    details: { products: run.progress.done, changed: run.changed, parked: run.parked.slice(0, 100), fortnoxCalls: run.fortnoxCalls },
  });
  sync.finish('synced');
  return result('synced');
}

async function startProductWorkflow(shopId: string, productId: string): Promise<void> {
  try {
    await startChild(productSyncWorkflow, {
      workflowId: workflowIds.product(shopId, productId),
      args: [{ shopId, productId, source: 'bulk' }],
      parentClosePolicy: 'ABANDON',
      typedSearchAttributes: [
        { key: searchAttributes.ShopId, value: shopId },
        { key: searchAttributes.EntityId, value: productId },
        { key: searchAttributes.SyncStatus, value: 'running' },
      ],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err; // already running: it handles the product
  }
}

export interface ResendInput {
  shopId: string;
  /** YYYY-MM-DD, inclusive, the Swedish payment date. */
  from: string;
  to: string;
  resume?: { offset: number; progress: Progress };
}

/**
 * Queues every order paid in [from, to] for the order sync (inbox rows, source `manual`); each order workflow finds
 * its stored document instead of creating a second one. The total grows as the pages are read (Quickbutik gives no
 * count); done = orders handed to the dispatcher.
 */
export async function resendOrdersWorkflow(input: ResendInput): Promise<{ status: 'synced' | 'failed'; queued: number }> {
  const { shopId, from, to } = input;
  const sync = createSyncState('queue orders');
  const run = input.resume ?? { offset: 0, progress: { done: 0, total: 0 } };
  sync.state.progress = run.progress;
  const entityId = `resend:${shopId}:${from}:${to}`;
  try {
    for (;;) {
      const page = await queueResendPage({ shopId, from, to, offset: run.offset, limit: ORDER_PAGE });
      run.offset += page.seen;
      run.progress.total += page.queued;
      run.progress.done += page.queued;
      if (!page.more) break;
      if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof resendOrdersWorkflow>({ ...input, resume: run });
    }
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err;
    await fail(shopId, sync, err, 'bulk', entityId);
    return { status: 'failed', queued: run.progress.done };
  }
  await writeLog({
    shopId, entityType: 'bulk', entityId, workflowId: workflowInfo().workflowId, outcome: 'synced',
    ...bulkMessages.ordersQueued({ queued: run.progress.done, from, to }),
    details: { from, to, queued: run.progress.done },
  });
  sync.finish('synced');
  return { status: 'synced', queued: run.progress.done };
}

/** A bulk run is not parked (one bad page must not hold the shop's other work): logged as failed, to be started again. */
async function fail(shopId: string, sync: SyncStateHandle, err: unknown, entityType: 'bulk', entityId: string): Promise<void> {
  const { problem, params } = explainProblem(err);
  log.warn('bulk run failed', { shopId, entityId, code: problem.code });
  sync.state.lastError = problem;
  sync.setStatus('failed');
  await writeLog({
    shopId, entityType, entityId, workflowId: workflowInfo().workflowId, outcome: 'failed',
    errorCode: problem.code, errorParams: params, fortnoxCode: problem.fortnoxCode, fortnoxMessage: problem.fortnoxMessage, details: { step: sync.state.step },
  });
}
