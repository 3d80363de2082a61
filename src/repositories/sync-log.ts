import { sql } from 'kysely';
import type { Db } from '../db/connection';
import type { NewSyncLog, SyncOutcome } from '../db/database';
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

/** Rows already in table form (the dispatcher's "recorded, not synced" events), one statement. */
export async function insertLogRows(db: Db, rows: NewSyncLog[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('sync_log').values(rows).execute();
}

/** Whether the entity has an entry with `details.reason = reason` younger than a day. */
export async function loggedToday(db: Db, q: { shopId: string; entityType: EntityType; entityId: string; reason: string }): Promise<boolean> {
  const recent = await db.selectFrom('sync_log').select('id')
    .where('shop_id', '=', q.shopId).where('entity_type', '=', q.entityType).where('entity_id', '=', q.entityId)
    .where(sql<boolean>`details->>'reason' = ${q.reason}`)
    .where('created_at', '>', sql<Date>`now() - interval '1 day'`)
    .executeTakeFirst();
  return !!recent;
}

/** The ping workflow's row: written once per workflow id, its id returned. */
export async function recordPing(db: Db, p: { shopId: string; note: string; workflowId: string }): Promise<string> {
  const existing = await db.selectFrom('sync_log').select('id').where('workflow_id', '=', p.workflowId).where('entity_type', '=', 'ping').executeTakeFirst();
  if (existing) return existing.id;
  const row = await db
    .insertInto('sync_log')
    .values({
      shop_id: p.shopId, entity_type: 'ping', entity_id: p.workflowId, workflow_id: p.workflowId, outcome: 'info',
      error_code: null, fortnox_code: null, fortnox_message: null, message_sv: null, message_en: p.note, details: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The newest entries of one entity, newest first. */
export const recentEntries = (db: Db, q: { shopId: string; entityType: EntityType; entityId: string; limit: number }) =>
  db.selectFrom('sync_log').selectAll()
    .where('shop_id', '=', q.shopId).where('entity_type', '=', q.entityType).where('entity_id', '=', q.entityId)
    .orderBy('id', 'desc').limit(q.limit).execute();
