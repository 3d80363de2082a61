import { proxyActivities, type RetryPolicy } from '@temporalio/workflow';
import type { CatchupActivities, CatchupHandOverResult, CatchupWindow } from '../activities/catchup';

const retry: RetryPolicy = { initialInterval: '2 seconds', maximumInterval: '30 seconds', maximumAttempts: 5 };
// A worker that dies mid-activity is noticed by its missing heartbeat (or the short timeout of the two one-statement
// activities), not after 10 minutes: until a run ends the schedule skips every later poll of the shop (overlap SKIP),
// so a crashed worker used to hold back every missed webhook's order for 10 minutes.
const { catchupWindow, advanceCatchupCursor } = proxyActivities<CatchupActivities>({ startToCloseTimeout: '30 seconds', retry });
const { catchupHandOver } = proxyActivities<CatchupActivities>({ startToCloseTimeout: '10 minutes', heartbeatTimeout: '30 seconds', retry });

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
