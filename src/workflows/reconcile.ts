// Daily trust check of one shop (schedule `reconcile-schedule:<shopId>`): yesterday's reconciliation proof and the
// preflight, each recorded in the sync log. Its Fortnox reads are paced inside the activity.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';

const trust = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  retry: { initialInterval: '1 minute', maximumInterval: '15 minutes', maximumAttempts: 5 },
});

export async function reconcileWorkflow(input: { shopId: string }): Promise<{ reconciliationOk: boolean; preflightOk: boolean }> {
  return trust.dailyTrustCheck({ shopId: input.shopId, workflowId: workflowInfo().workflowId });
}
