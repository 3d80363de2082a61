// Stock reconciliation for one shop, run by the schedule `stock-schedule:<shop>` every stockIntervalMinutes.
// stockMaster fortnox: Fortnox's stock (the warehouse with Lager, else the articles' QuantityInStock) → Quickbutik.
// stockMaster quickbutik: Quickbutik's stock → the Fortnox articles (only while Lager is off). none: nothing.
// First Fortnox's article register is read page by page, then Quickbutik's catalog is compared page by page and
// only differing quantities are written. Stock written to Quickbutik fires product.update webhooks; the product
// sync they start sees an unchanged article and sends nothing (stock is not part of what it sends in this direction).
import { ContinueAsNew, continueAsNew, log, proxyActivities, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { StockPlan } from '../activities/stock';
import { stockMessages } from './messages';
import { explainFailure } from '../problems';
import { statusQuery } from './definitions';
import { createSyncState } from './parking';

const activities = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 8 },
});
const local = proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds' });

/** Quickbutik products per page (their variants come along). */
export const STOCK_PAGE = 250;

export interface StockTotals {
  products: number;
  checked: number;
  written: number;
  failed: number;
  missing: number;
  fortnoxCalls: number;
}

interface StockRun {
  /** Tags this run's rows in fortnox_stock (the first run's id; kept across continue-as-new). */
  runId: string;
  plan: StockPlan;
  phase: 'read fortnox' | 'reconcile';
  page: number;
  offset: number;
  totals: StockTotals;
}

export interface StockSyncInput {
  shopId: string;
  resume?: StockRun;
}

export type StockSyncResult = { status: 'synced'; action: StockPlan['action']; totals: StockTotals } | { status: 'off' | 'lager-active' | 'failed' };

export async function stockSyncWorkflow(input: StockSyncInput): Promise<StockSyncResult> {
  const { shopId } = input;
  const sync = createSyncState('plan');
  setHandler(statusQuery, () => sync.state);
  const workflowId = workflowInfo().workflowId;

  try {
    const run: StockRun = input.resume ?? {
      runId: workflowInfo().runId,
      plan: await activities.planStockSync({ shopId, workflowId }),
      phase: 'read fortnox', page: 1, offset: 0,
      totals: { products: 0, checked: 0, written: 0, failed: 0, missing: 0, fortnoxCalls: 0 },
    };
    const { plan, runId, totals } = run;
    if (plan.action === 'none') {
      sync.setStatus('synced');
      sync.step('done');
      return { status: plan.reason ?? 'off' };
    }
    sync.state.progress = { done: totals.products, total: plan.total };
    const next = () => continueAsNew<typeof stockSyncWorkflow>({ shopId, resume: run });

    if (run.phase === 'read fortnox') {
      sync.step('read Fortnox stock');
      for (;;) {
        const page = await activities.readFortnoxStockPage({ shopId, runId, lager: plan.lager, page: run.page });
        totals.fortnoxCalls += page.fortnoxCalls;
        if (run.page >= page.totalPages) break;
        run.page += 1;
        if (workflowInfo().continueAsNewSuggested) await next();
      }
      run.phase = 'reconcile';
    }

    sync.step(plan.action === 'pull' ? 'write stock to Quickbutik' : 'write stock to Fortnox');
    for (;;) {
      const page = await activities.reconcileStockPage({ shopId, runId, action: plan.action, lager: plan.lager, offset: run.offset, limit: STOCK_PAGE });
      run.offset += page.products;
      totals.products += page.products;
      totals.checked += page.checked;
      totals.written += page.written;
      totals.failed += page.failedCount;
      totals.missing += page.missing;
      totals.fortnoxCalls += page.fortnoxCalls;
      if (page.failed.length) log.warn('stock writes refused', { shopId, failed: page.failed });
      sync.state.progress = { done: totals.products, total: Math.max(plan.total, totals.products) };
      if (page.products < STOCK_PAGE) break;
      if (workflowInfo().continueAsNewSuggested) await next();
    }
    await activities.finishStockSync({ shopId, runId });

    // A quiet steady state: only runs that changed or could not change something are logged.
    if (totals.written || totals.failed) {
      await local.writeLog({
        shopId, entityType: 'stock', entityId: shopId, workflowId, outcome: totals.failed ? 'needs_attention' : 'synced',
        ...stockMessages.done({ direction: plan.action === 'pull' ? 'fortnox' : 'quickbutik', ...totals }), details: { ...totals, action: plan.action, lager: plan.lager },
      });
    }
    sync.setStatus('synced');
    sync.step('done');
    return { status: 'synced', action: plan.action, totals };
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err;
    // Not parked: the schedule's next run is the retry, and a parked run would hold every later one back.
    const { error, params } = explainFailure(err);
    log.warn('stock sync failed', { shopId, code: error.code });
    sync.state.lastError = error;
    sync.setStatus('failed');
    await local.writeLog({
      shopId, entityType: 'stock', entityId: shopId, workflowId, outcome: 'failed',
      errorCode: error.code, errorParams: params, fortnoxCode: error.fortnoxCode, fortnoxMessage: error.fortnoxMessage, details: { step: sync.state.step },
    });
    return { status: 'failed' };
  }
}
