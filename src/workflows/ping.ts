import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { waitAWhile, recordPing } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '2 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '2 seconds' },
});

/** The platform's wiring proof: an API call starts it, its activity writes to PostgreSQL. */
export async function pingWorkflow(input: { shopId: string; note: string; delayMs?: number }): Promise<string> {
  if (input.delayMs) await waitAWhile(input.delayMs);
  return recordPing({ shopId: input.shopId, note: input.note, workflowId: workflowInfo().workflowId });
}
