import { Router } from 'express';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { SyncLogTable } from '../../db/database';
import { ERROR_CATALOG, isErrorCode } from '../../domain/errors';
import type { ApiDeps } from '../app';
import { requireKnownShop } from '../auth';

export const LOG_ENTITIES = ['order', 'product', 'stock', 'connection', 'shop', 'catchup', 'bulk'] as const;
export const LOG_OUTCOMES = ['synced', 'needs_attention', 'skipped', 'failed', 'info'] as const;

export const logQuery = z.strictObject({
  entity: z.enum(LOG_ENTITIES).optional(),
  entityId: z.string().min(1).max(100).optional(),
  outcome: z.enum(LOG_OUTCOMES).optional(),
  since: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z' }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `nextBefore` of the previous page. */
  before: z.string().regex(/^\d{1,18}$/, 'must be the nextBefore value of the previous page').optional(),
});

/** One sync_log row as support reads it: the catalog title next to our code, Fortnox's own words kept. */
export function toLogView(row: Selectable<SyncLogTable>) {
  const entry = row.error_code && isErrorCode(row.error_code) ? ERROR_CATALOG[row.error_code] : undefined;
  return {
    id: row.id,
    at: row.created_at,
    entity: row.entity_type,
    entityId: row.entity_id,
    workflowId: row.workflow_id,
    outcome: row.outcome,
    error: row.error_code
      ? {
          code: row.error_code,
          titleSv: entry?.titleSv ?? null,
          titleEn: entry?.titleEn ?? null,
          fortnoxCode: row.fortnox_code,
          fortnoxMessage: row.fortnox_message,
        }
      : null,
    messageSv: row.message_sv,
    messageEn: row.message_en,
    details: row.details ?? null,
  };
}

/** The per-shop sync log, newest first, paged by id (stable while new entries arrive). */
export function logRouter(deps: ApiDeps): Router {
  const router = Router();
  router.get('/shops/:shopId/log', ...requireKnownShop(deps), async (req, res) => {
    const q = logQuery.parse(req.query);
    const rows = await deps.syncLog.list({
      shopId: String(req.params.shopId),
      entityType: q.entity,
      entityId: q.entityId,
      outcome: q.outcome,
      since: q.since ? new Date(q.since) : undefined,
      limit: q.limit,
      beforeId: q.before,
    });
    const entries = rows.map(toLogView);
    res.json({ entries, nextBefore: rows.length === q.limit ? rows[rows.length - 1]!.id : null });
  });
  return router;
}
