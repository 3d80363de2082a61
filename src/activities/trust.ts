// Activities of the trust tools: the dry run of an order (shadow mode) and the daily reconciliation + preflight.
import type { Db } from '../db/connection';
import type { FortnoxClient } from '../fortnox';
import type { ShopRepository } from '../repositories/shops';
import type { SyncLog } from '../repositories/sync-log';
import { createPreflightService, swedishDate } from '../trust/preflight-service';
import { createOrderPreview, OrderNotFound, type PreviewReader } from '../trust/preview';
import { createReconciliationService } from '../trust/reconciliation-service';
import { addDays } from '../trust/dates';
import type { QbOrderSummary } from '../quickbutik/order-summary';
import type { RegistryCache } from './fortnox-registry';

export interface TrustActivityDeps {
  db: Db;
  fortnox: FortnoxClient;
  quickbutik: PreviewReader & { listOrdersSince(shopId: string, sinceUnixSeconds: number): Promise<QbOrderSummary[]> };
  shops: ShopRepository;
  syncLog: SyncLog;
  registry: RegistryCache;
}

export interface DryRunOutcome {
  ok: boolean;
  documentType?: 'invoice' | 'order';
  total?: number;
  errorCode?: string;
}

export function createTrustActivities(deps: TrustActivityDeps) {
  const preview = createOrderPreview(deps);
  const reconciliation = createReconciliationService({ fortnox: deps.fortnox, quickbutik: deps.quickbutik, preview });
  const preflight = createPreflightService({ db: deps.db, fortnox: deps.fortnox, recentOrders: deps.quickbutik.listOrdersSince });
  return {
    /**
     * The daily proof: yesterday's paid orders against Fortnox, and the preflight, each with a sync-log entry.
     * Returns whether each was clean.
     */
    async dailyTrustCheck(input: { shopId: string; workflowId: string }): Promise<{ reconciliationOk: boolean; preflightOk: boolean }> {
      const shop = await deps.shops.get(input.shopId);
      if (!shop) return { reconciliationOk: true, preflightOk: true };
      const day = addDays(swedishDate(new Date()), -1);
      const report = await reconciliation.run(shop.id, shop.settings, { from: day, to: day });
      const gaps = report.missing.length + report.duplicates.length + report.mismatched.length;
      await deps.syncLog.write({
        shopId: shop.id, entityType: 'shop', entityId: 'reconciliation', workflowId: input.workflowId, outcome: report.ok ? 'info' : 'needs_attention',
        messageSv: report.ok
          ? `Avstämning ${day}: alla ${report.orders} betalda ordrar har exakt ett dokument i Fortnox.`
          : `Avstämning ${day}: ${report.missing.length} saknas, ${report.duplicates.length} dubbletter, ${report.mismatched.length} med annat belopp (av ${report.orders}).`,
        messageEn: report.ok
          ? `Reconciliation ${day}: all ${report.orders} paid orders have exactly one Fortnox document.`
          : `Reconciliation ${day}: ${report.missing.length} missing, ${report.duplicates.length} duplicated, ${report.mismatched.length} with another total (of ${report.orders}).`,
        details: { from: day, to: day, gaps, missing: report.missing, duplicates: report.duplicates, mismatched: report.mismatched, totals: report.totals },
      });
      const checks = await preflight.run(shop.id, shop.settings, true);
      const failed = checks.checks.filter((c) => !c.ok && c.severity === 'error');
      await deps.syncLog.write({
        shopId: shop.id, entityType: 'shop', entityId: 'preflight', workflowId: input.workflowId, outcome: checks.ok ? 'info' : 'needs_attention',
        messageSv: checks.ok ? 'Förhandskontroll: inga fel.' : `Förhandskontroll: ${failed.map((c) => c.messageSv).join(' ')}`,
        messageEn: checks.ok ? 'Preflight: no errors.' : `Preflight: ${failed.map((c) => c.messageEn).join(' ')}`,
        details: { failed: checks.checks.filter((c) => !c.ok).map((c) => ({ id: c.id, severity: c.severity, fix: c.fix })) },
      });
      return { reconciliationOk: report.ok, preflightOk: checks.ok };
    },

    /**
     * Shadow mode: maps and validates the order as the sync would and records the document it would send in the sync
     * log (without the customer card: personal data stays in Quickbutik). Posts nothing, writes no mapping.
     */
    async recordDryRun(input: { shopId: string; orderId: string; workflowId: string }): Promise<DryRunOutcome> {
      const { shopId, orderId, workflowId } = input;
      const shop = await deps.shops.get(shopId);
      if (!shop) throw new Error(`shop ${shopId} does not exist`);
      const base = { shopId, entityType: 'order' as const, entityId: orderId, workflowId, outcome: 'info' as const };
      let result;
      try {
        result = await preview.preview(shopId, orderId, shop.settings);
      } catch (err) {
        if (!(err instanceof OrderNotFound)) throw err;
        await deps.syncLog.write({ ...base, errorCode: 'ORDER_NOT_FOUND', errorParams: { orderId }, details: { dryRun: true } });
        return { ok: false, errorCode: 'ORDER_NOT_FOUND' };
      }
      if (!result.ok) {
        const first = result.errors[0]!;
        await deps.syncLog.write({
          ...base, errorCode: first.code,
          messageSv: `Provkörning: skulle ha stoppats. ${first.explanationSv}`, messageEn: `Dry run: would have parked. ${first.explanationEn}`,
          details: { dryRun: true, errors: result.errors.map((e) => e.code) },
        });
        return { ok: false, errorCode: first.code };
      }
      const kind = result.documentType === 'invoice' ? ['Faktura', 'Invoice'] : ['Order', 'Order'];
      await deps.syncLog.write({
        ...base,
        messageSv: `Provkörning: ${kind[0]} skulle ha skapats i Fortnox (totalt ${result.totals.document} ${result.totals.currency}); inget skickades.`,
        messageEn: `Dry run: ${kind[1]} would have been created in Fortnox (total ${result.totals.document} ${result.totals.currency}); nothing was sent.`,
        details: { dryRun: true, documentType: result.documentType, document: result.document, vat: result.vat, customerAction: result.customer.action },
      });
      return { ok: true, documentType: result.documentType, total: result.totals.document };
    },
  };
}
export type TrustActivities = ReturnType<typeof createTrustActivities>;
