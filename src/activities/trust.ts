// Activities of the trust tools: the dry run of an order (shadow mode), ...
import type { Db } from '../db/connection';
import type { FortnoxClient } from '../fortnox';
import type { ShopRepository } from '../shops/repository';
import type { SyncLog } from '../sync-log';
import { createOrderPreview, OrderNotFound, type PreviewReader } from '../trust/preview';
import type { RegistryCache } from './fortnox-registry';

export interface TrustActivityDeps {
  db: Db;
  fortnox: FortnoxClient;
  quickbutik: PreviewReader;
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
  return {
    /** The shop's `dryRun` setting (a database read). */
    async isDryRun(input: { shopId: string }): Promise<boolean> {
      return (await deps.shops.get(input.shopId))?.settings.dryRun === true;
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
