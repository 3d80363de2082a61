import type { Db } from '../db/connection';
import type { SyncOutcome } from '../db/database';
import { explainError, type ErrorParams } from '../domain/errors';

export type EntityType = 'order' | 'product' | 'stock' | 'connection' | 'shop' | 'catchup' | 'bulk';

export interface LogEntry {
  shopId: string;
  entityType: EntityType;
  entityId: string;
  workflowId?: string;
  outcome: SyncOutcome;
  /** Our catalog code; the explanation (sv + en) is filled in from the catalog. */
  errorCode?: string;
  errorParams?: ErrorParams;
  fortnoxCode?: string | number;
  fortnoxMessage?: string;
  /** The explanation (sv + en); when omitted and there is an error code, the catalog explains it from errorParams. */
  messageSv?: string;
  messageEn?: string;
  details?: Record<string, unknown>;
}

/** The per-shop sync log support reads. */
export function createSyncLog(db: Db) {
  return {
    async write(e: LogEntry): Promise<void> {
      const explained = e.errorCode ? explainError(e.errorCode, e.errorParams) : undefined;
      await db
        .insertInto('sync_log')
        .values({
          shop_id: e.shopId,
          entity_type: e.entityType,
          entity_id: e.entityId,
          workflow_id: e.workflowId ?? null,
          outcome: e.outcome,
          error_code: explained?.code ?? null,
          fortnox_code: e.fortnoxCode !== undefined ? String(e.fortnoxCode) : null,
          fortnox_message: e.fortnoxMessage ?? null,
          // A caller's own explanation wins (it was built with every fact); else the catalog's from errorParams.
          message_sv: e.messageSv ?? explained?.explanationSv ?? null,
          message_en: e.messageEn ?? explained?.explanationEn ?? null,
          details: e.details ? JSON.stringify(e.details) : null,
        })
        .execute();
    },

    async list(q: { shopId: string; entityType?: string; entityId?: string; outcome?: string; since?: Date; limit: number; beforeId?: string }) {
      let query = db.selectFrom('sync_log').selectAll().where('shop_id', '=', q.shopId);
      if (q.entityType) query = query.where('entity_type', '=', q.entityType);
      if (q.entityId) query = query.where('entity_id', '=', q.entityId);
      if (q.outcome) query = query.where('outcome', '=', q.outcome as SyncOutcome);
      if (q.since) query = query.where('created_at', '>=', q.since);
      if (q.beforeId) query = query.where('id', '<', q.beforeId);
      return query.orderBy('id', 'desc').limit(q.limit).execute();
    },
  };
}
export type SyncLog = ReturnType<typeof createSyncLog>;
