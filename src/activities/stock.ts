// Stock reconciliation activities: plan (direction, Lager), read Fortnox's register page by page, compare and write
// Quickbutik's catalog page by page. Small results only; the workflow keeps the totals.
import { ApplicationFailure } from '@temporalio/common';
import { sql } from 'kysely';
import type { Db } from '../db/connection';
import type { FortnoxClient } from '../fortnox';
import type { QuickbutikClient } from '../quickbutik/client';
import type { ShopRepository } from '../repositories/shops';
import { loggedToday, type SyncLog } from '../repositories/sync-log';
import { heartbeating } from './heartbeat';
import { guardQuickbutik } from '../problem-failures';
import { createLagerCache, type LagerCache } from '../products/lager';
import { stockMessages } from '../workflows/messages';
import { fortnoxSession } from '../products/fortnox-session';
import { forgetOtherRuns, readFortnoxStockPage, reconcileStockPage, type StockAction, type StockPageResult } from '../products/stock';
import { rethrowFortnox } from '../problem-failures';

export interface StockActivityDeps {
  db: Db;
  fortnox: FortnoxClient;
  quickbutik: QuickbutikClient;
  shops: ShopRepository;
  syncLog: SyncLog;
  lager?: LagerCache;
}

export interface StockPlan {
  action: StockAction | 'none';
  lager: boolean;
  /** Why nothing is done: stock sync off, or Quickbutik is master while Lager owns stock in Fortnox. */
  reason?: 'off' | 'lager-active';
  /** Quickbutik's product count (progress total). */
  total: number;
}

export function createStockActivities(deps: StockActivityDeps) {
  const { db, fortnox, quickbutik, shops, syncLog } = deps;
  const lagerCache = deps.lager ?? createLagerCache();

  return {
    async planStockSync(input: { shopId: string; workflowId?: string }): Promise<StockPlan> {
      const shop = await shops.get(input.shopId);
      if (!shop) throw ApplicationFailure.nonRetryable(`shop ${input.shopId} does not exist`, 'ShopNotFound');
      const { stockMaster } = shop.settings;
      if (stockMaster === 'none') return { action: 'none', lager: false, reason: 'off', total: 0 };
      const { api } = fortnoxSession(fortnox, input.shopId);
      const lager = await lagerCache.isActive(input.shopId, api, true).catch((err) => rethrowFortnox(err));
      if (stockMaster === 'quickbutik' && lager) {
        await logLagerConflictDaily(db, syncLog, input.shopId, input.workflowId);
        return { action: 'none', lager, reason: 'lager-active', total: 0 };
      }
      const total = await guardQuickbutik(() => quickbutik.forShop(input.shopId).countProducts());
      return { action: stockMaster === 'fortnox' ? 'pull' : 'push', lager, total };
    },

    async readFortnoxStockPage(input: { shopId: string; runId: string; lager: boolean; page: number }): Promise<{ articles: number; totalPages: number; fortnoxCalls: number }> {
      const session = fortnoxSession(fortnox, input.shopId);
      const r = await heartbeating(() => readFortnoxStockPage(db, session.api, input)).catch((err) => rethrowFortnox(err));
      return { ...r, fortnoxCalls: session.calls };
    },

    async reconcileStockPage(input: { shopId: string; runId: string; action: StockAction; lager: boolean; offset: number; limit: number }): Promise<StockPageResult & { failedCount: number; fortnoxCalls: number }> {
      const session = fortnoxSession(fortnox, input.shopId);
      const r = await heartbeating(() => guardQuickbutik(() => reconcileStockPage(db, session.api, quickbutik.forShop(input.shopId), input)))
        .catch((err) => rethrowFortnox(err));
      return { ...r, failed: r.failed.slice(0, 20), failedCount: r.failed.length, fortnoxCalls: session.calls };
    },

    async finishStockSync(input: { shopId: string; runId: string }): Promise<void> {
      await forgetOtherRuns(db, input.shopId, input.runId);
    },
  };
}
export type StockActivities = ReturnType<typeof createStockActivities>;

/** "Quickbutik is master but Lager owns stock" is logged once a day, not on every scheduled run. */
async function logLagerConflictDaily(db: Db, syncLog: SyncLog, shopId: string, workflowId?: string): Promise<void> {
  if (await loggedToday(db, { shopId, entityType: 'stock', entityId: shopId, reason: 'lager-active' })) return;
  await syncLog.write({
    shopId, entityType: 'stock', entityId: shopId, workflowId, outcome: 'info', ...stockMessages.lagerBlocksPush(), details: { reason: 'lager-active' },
  });
}
