import { Context } from '@temporalio/activity';
import type { CoreDeps } from '../deps';

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
    async recordPing(input: { shopId: string; note: string; workflowId: string }): Promise<string> {
      const existing = await db
        .selectFrom('sync_log')
        .select('id')
        .where('workflow_id', '=', input.workflowId)
        .where('entity_type', '=', 'ping')
        .executeTakeFirst();
      if (existing) return existing.id;
      const row = await db
        .insertInto('sync_log')
        .values({
          shop_id: input.shopId,
          entity_type: 'ping',
          entity_id: input.workflowId,
          workflow_id: input.workflowId,
          outcome: 'info',
          error_code: null,
          fortnox_code: null,
          fortnox_message: null,
          message_sv: null,
          message_en: input.note,
          details: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
  };
}
