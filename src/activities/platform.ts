import { Context } from '@temporalio/activity';
import type { CoreDeps } from '../deps';
import { recordPing } from '../repositories/sync-log';

/** Wiring proof: a heartbeating wait, then one row in sync_log. Idempotent per workflow id. */
export function createPlatformActivities({ db }: Pick<CoreDeps, 'db'>) {
  return {
    async waitAWhile(ms: number): Promise<void> {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        Context.current().heartbeat();
        await Context.current().sleep(Math.min(200, until - Date.now()));
      }
    },
    recordPing: (input: { shopId: string; note: string; workflowId: string }): Promise<string> => recordPing(db, input),
  };
}
