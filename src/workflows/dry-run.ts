// Shadow mode (`dryRun` setting): the order is mapped and validated as the sync would, the document it would send is
// recorded in the sync log, and nothing is posted. Kept apart from the order process so going live changes nothing
// there: with dryRun off this costs one local activity (a settings read).
import { patched, proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { SyncStateHandle } from './parking';
import type { OrderSyncInput } from './starters';

const local = proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds' });
const reads = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 12 },
});

export const DRY_RUN_REASON = 'dry run (dryRun setting): nothing was posted; the document it would send is in the sync log';

/** Runs the dry run when the shop has dryRun on; undefined when the order should be synced for real. */
export async function dryRunIfEnabled(input: OrderSyncInput, sync: SyncStateHandle): Promise<{ status: 'skipped'; reason: string } | undefined> {
  if (!patched('dry-run-setting') || !(await local.isDryRun({ shopId: input.shopId }))) return undefined;
  sync.step('dry run');
  await reads.recordDryRun({ shopId: input.shopId, orderId: input.orderId, workflowId: workflowInfo().workflowId });
  sync.setStatus('skipped');
  sync.step('done');
  return { status: 'skipped', reason: DRY_RUN_REASON };
}
