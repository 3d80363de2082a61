import { proxyActivities } from '@temporalio/workflow';
import type { CatchupActivities, CatchupHandOverResult, CatchupWindow } from '../activities/catchup';

const { catchupWindow, catchupHandOver, advanceCatchupCursor } = proxyActivities<CatchupActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '30 seconds', maximumAttempts: 5 },
});

export type CatchupResult = CatchupWindow & CatchupHandOverResult;

/**
 * The safety net for missed webhooks (Quickbutik does not promise to retry a delivery): list the orders whose status
 * changed since the shop's cursor, hand every paid one not yet synced to the inbox, then move the cursor. If the
 * hand-over fails the run fails and the cursor stays, so the next scheduled run lists the same orders again.
 */
export async function catchupWorkflow(input: { shopId: string }): Promise<CatchupResult> {
  const window = await catchupWindow(input);
  const found = await catchupHandOver({ shopId: input.shopId, fromUnix: window.fromUnix });
  await advanceCatchupCursor({ shopId: input.shopId, cursor: window.untilUnix });
  return { ...window, ...found };
}
