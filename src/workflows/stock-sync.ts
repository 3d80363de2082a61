// Stock reconciliation for one shop, run by the schedule `stock-schedule:<shop>` every stockIntervalMinutes.
// stockMaster fortnox: Fortnox's stock (the warehouse with Lager, else the articles' QuantityInStock) → Quickbutik.
// stockMaster quickbutik: Quickbutik's stock → the Fortnox articles (only while Lager is off). none: nothing.
// First Fortnox's article register is read page by page, then Quickbutik's catalog is compared page by page and
// only differing quantities are written. Stock written to Quickbutik fires product.update webhooks; the product
// sync they start sees an unchanged article and sends nothing (stock is not part of what it sends in this direction).
import { ContinueAsNew, continueAsNew, log, proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { StockPlan } from '../activities/stock';
import { explainProblem } from '../problems';
import { local, rateLimited } from './activity-options';
import { stockMessages } from './messages';
import { createSyncState } from './parking';

const { planStockSync, readFortnoxStockPage, reconcileStockPage, finishStockSync } = proxyActivities<Activities>(rateLimited('10 minutes', '30 seconds', 8));
const { writeLog } = proxyLocalActivities<Activities>(local);

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
  const workflowId = workflowInfo().workflowId;

  try {
    const run: StockRun = input.resume ?? {
      runId: workflowInfo().runId,
      plan: await planStockSync({ shopId, workflowId }),
      phase: 'read fortnox', page: 1, offset: 0,
      totals: { products: 0, checked: 0, written: 0, failed: 0, missing: 0, fortnoxCalls: 0 },
    };
    const { plan, runId, totals } = run;
    if (plan.action === 'none') {
      sync.finish('synced');
      return { status: plan.reason ?? 'off' };
    }
    sync.state.progress = { done: totals.products, total: plan.total };
    const next = () => continueAsNew<typeof stockSyncWorkflow>({ shopId, resume: run });

    if (run.phase === 'read fortnox') {
      sync.step('read Fortnox stock');
      for (;;) {
        const page = await readFortnoxStockPage({ shopId, runId, lager: plan.lager, page: run.page });
        totals.fortnoxCalls += page.fortnoxCalls;
        if (run.page >= page.totalPages) break;
        run.page += 1;
        if (workflowInfo().continueAsNewSuggested) await next();
      }
      run.phase = 'reconcile';
    }

    sync.step(plan.action === 'pull' ? 'write stock to Quickbutik' : 'write stock to Fortnox');
    for (;;) {
      const page = await reconcileStockPage({ shopId, runId, action: plan.action, lager: plan.lager, offset: run.offset, limit: STOCK_PAGE });
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
    await finishStockSync({ shopId, runId });

    // A quiet steady state: only runs that changed or could not change something are logged.
    if (totals.written || totals.failed) {
      await writeLog({
        shopId, entityType: 'stock', entityId: shopId, workflowId, outcome: totals.failed ? 'needs_attention' : 'synced',
        ...stockMessages.done({ direction: plan.action === 'pull' ? 'fortnox' : 'quickbutik', ...totals }), details: { ...totals, action: plan.action, lager: plan.lager },
      });
    }
    sync.finish('synced');
    return { status: 'synced', action: plan.action, totals };
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err;
    // Not parked: the schedule's next run is the retry, and a parked run would hold every later one back.
    const { problem, params } = explainProblem(err);
    log.warn('stock sync failed', { shopId, code: problem.code });
    sync.state.lastError = problem;
    sync.setStatus('failed');
    await writeLog({
      shopId, entityType: 'stock', entityId: shopId, workflowId, outcome: 'failed',
      errorCode: problem.code, errorParams: params, fortnoxCode: problem.fortnoxCode, fortnoxMessage: problem.fortnoxMessage, details: { step: sync.state.step },
    });
    return { status: 'failed' };
  }
}
