// The catch-up poll's side effects: read the cursor, find paid orders no webhook announced and hand them to the
// inbox (the same durable path and dedupe as webhooks), then move the cursor.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Db } from '../db/connection';
import { advanceCatchupCursor, catchupCursor } from '../repositories/catchup-cursors';
import { handOverOrders } from '../repositories/inbox';
import { notifyInboxWrite } from '../inbox/notify';
import type { Logger } from '../logger';
import type { QuickbutikClient } from '../quickbutik/client';
import { isQuickbutikError } from '../quickbutik/errors';
import { createSyncLog, type SyncLog } from '../repositories/sync-log';

/** Orders whose status changed this long before the cursor are listed again: clock skew and late writes on Quickbutik's side. */
export const CATCHUP_OVERLAP_SECONDS = 10 * 60;
/** A shop's first poll (no cursor yet) looks back one day: recent enough not to flood Fortnox with history. */
export const CATCHUP_FIRST_LOOKBACK_SECONDS = 24 * 60 * 60;
const PAGE = 1000; // the API's maximum for orders
const HAND_OVER_CHUNK = 1000;

export interface CatchupWindow {
  shopId: string;
  /** from_status_date sent to Quickbutik (cursor − overlap). */
  fromUnix: number;
  /** Where the cursor moves once everything found was handed over: the instant before listing began. */
  untilUnix: number;
  firstRun: boolean;
}

export interface CatchupHandOverResult {
  /** Orders whose status changed in the window. */
  listed: number;
  /** Of those, paid or done. */
  paid: number;
  /** Written to the inbox now (not synced and not already handed over by a webhook or an earlier poll). */
  handedOver: number;
}

export interface CatchupActivityDeps {
  db: Db;
  quickbutik: QuickbutikClient;
  logger: Pick<Logger, 'info' | 'warn'>;
  syncLog?: SyncLog;
}

export function createCatchupActivities(deps: CatchupActivityDeps) {
  const { db, quickbutik, logger } = deps;
  const syncLog = deps.syncLog ?? createSyncLog(db);

  return {
    async catchupWindow(input: { shopId: string }): Promise<CatchupWindow> {
      const cursor = await catchupCursor(db, input.shopId);
      const untilUnix = Math.floor(Date.now() / 1000);
      if (cursor === undefined) return { shopId: input.shopId, fromUnix: untilUnix - CATCHUP_FIRST_LOOKBACK_SECONDS, untilUnix, firstRun: true };
      return { shopId: input.shopId, fromUnix: cursor - CATCHUP_OVERLAP_SECONDS, untilUnix, firstRun: false };
    },

    async catchupHandOver(input: { shopId: string; fromUnix: number }): Promise<CatchupHandOverResult> {
      const api = quickbutik.forShop(input.shopId);
      const paidIds: string[] = [];
      let listed = 0;
      let offset = 0;
      // Heartbeats also while one page waits on Quickbutik's retries (Retry-After up to 30 s): the workflow's
      // heartbeat timeout is how a crashed worker's hand-over gets retried elsewhere.
      const beat = setInterval(() => Context.current().heartbeat({ offset }), 5000);
      try {
        for (; ; offset += PAGE) {
          const page = await api.listOrders({ fromStatusDate: input.fromUnix, offset, limit: PAGE });
          Context.current().heartbeat({ offset });
          listed += page.length;
          for (const o of page) if (o.status === 'paid' || o.status === 'done') paidIds.push(o.orderId);
          if (page.length < PAGE) break;
        }
      } catch (err) {
        if (isQuickbutikError(err) && !err.retryable) {
          if (err.kind === 'auth') {
            await syncLog.write({ shopId: input.shopId, entityType: 'catchup', entityId: input.shopId, outcome: 'failed', errorCode: 'QUICKBUTIK_AUTH_FAILED' });
          }
          // Retrying will not help; the next scheduled poll starts from the same cursor.
          throw ApplicationFailure.nonRetryable(err.message, `Quickbutik.${err.kind}`);
        }
        throw err;
      } finally {
        clearInterval(beat);
      }

      const unique = [...new Set(paidIds)];
      const handed: string[] = [];
      for (let i = 0; i < unique.length; i += HAND_OVER_CHUNK) {
        handed.push(...(await handOverOrders(db, input.shopId, unique.slice(i, i + HAND_OVER_CHUNK))));
      }
      if (handed.length > 0) {
        notifyInboxWrite();
        logger.info({ shopId: input.shopId, handedOver: handed.length }, 'catch-up: paid orders without a webhook handed over');
        await syncLog.write({
          shopId: input.shopId,
          entityType: 'catchup',
          entityId: input.shopId,
          outcome: 'info',
          messageSv: `Avstämningen hittade ${handed.length} betalda ordrar som ingen webhook meddelat; de skickas nu.`,
          messageEn: `The catch-up poll found ${handed.length} paid orders no webhook announced; they are being sent now.`,
          details: { orderIds: handed.slice(0, 200), fromUnix: input.fromUnix },
        });
      }
      return { listed, paid: unique.length, handedOver: handed.length };
    },

    /** Moves the cursor forward only (a slow, older run never moves it back). */
    async advanceCatchupCursor(input: { shopId: string; cursor: number }): Promise<void> {
      await advanceCatchupCursor(db, input.shopId, input.cursor);
    },
  };
}
export type CatchupActivities = ReturnType<typeof createCatchupActivities>;
