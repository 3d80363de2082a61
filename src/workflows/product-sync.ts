// One Quickbutik product → its Fortnox articles (the product and each variant, ArticleNumber = sku). Reads as the
// business process; the upsert remembers what it sent per article, so a repeated run (a webhook for a stock-only
// change, an operator's retry) costs no Fortnox call for what is unchanged.
import { continueAsNew, log, proxyActivities, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { mapProductToArticles } from '../domain/article-mapping';
import type { DomainError } from '../domain/errors';
import { productMessages } from './messages';
import type { LogEntry } from '../repositories/sync-log';
import { statusQuery, type SyncError } from './definitions';
import { createSyncState, explained, type SyncStateHandle } from './parking';
import { explainFailure } from '../problems';
import type { ProductSyncInput } from './starters';

const quickbutik = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 10 },
});
const fortnox = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 12 },
});
const local = proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds' });

export type ProductSyncResult =
  | { status: 'synced'; articles: string[]; changed: string[]; fortnoxCalls: number }
  | { status: 'deleted' | 'disabled' }
  | { status: 'skipped'; reason?: string };

/** Data that must be fixed in Quickbutik: the product is checked again by itself once it maps cleanly. */
const FIXED_IN_QUICKBUTIK = new Set(['MISSING_SKU', 'INVALID_ARTICLE_NUMBER', 'MISSING_VAT_RATE', 'VAT_RATE_NOT_IN_FORTNOX']);

class MappingProblem extends Error {
  constructor(readonly problem: DomainError) {
    super(problem.code);
  }
}

type Entry = Omit<LogEntry, 'shopId' | 'entityType' | 'entityId' | 'workflowId'>;

export async function productSyncWorkflow(input: ProductSyncInput): Promise<ProductSyncResult> {
  const { shopId, productId } = input;
  const sync = createSyncState('load product');
  setHandler(statusQuery, () => sync.state);
  const logEntry = (e: Entry) => local.writeLog({ shopId, entityType: 'product', entityId: productId, workflowId: workflowInfo().workflowId, ...e });
  let refreshImages = input.source === 'manual'; // a manual sync re-checks the image bytes even under the same URL

  for (;;) {
    sync.state.attempts += 1;
    try {
      const result = await syncProduct(input, sync, refreshImages, logEntry);
      sync.setStatus('synced');
      sync.step('done');
      return result;
    } catch (err) {
      const mapping = err instanceof MappingProblem ? err.problem : undefined;
      const { error, params } = mapping ? { error: explained(mapping.code, mapping.params), params: mapping.params } : explainFailure(err);
      log.warn('product parked', { shopId, productId, code: error.code });
      await logEntry({
        outcome: 'needs_attention', errorCode: error.code, errorParams: { productId, ...params },
        fortnoxCode: error.fortnoxCode, fortnoxMessage: error.fortnoxMessage, details: { step: sync.state.step },
      });
      const decision = await sync.park(error, autoResumeFor(error, shopId, productId, !!mapping));
      if (decision === 'skip') {
        await logEntry({ outcome: 'skipped', ...productMessages.skipped(sync.skipReason) });
        return { status: 'skipped', reason: sync.skipReason };
      }
      refreshImages = true;
      if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof productSyncWorkflow>(input);
    }
  }
}

/** The business process, once. */
async function syncProduct(input: ProductSyncInput, sync: SyncStateHandle, refreshImages: boolean, logEntry: (e: Entry) => Promise<void>): Promise<ProductSyncResult> {
  const { shopId, productId } = input;

  sync.step('load product');
  const { product, settings, knownSkus } = await quickbutik.loadProduct({ shopId, productId });
  if (!product) {
    // Deleted in Quickbutik (product.delete): the Fortnox articles stay — booked invoices refer to them.
    await logEntry({ outcome: 'info', ...productMessages.deleted(productId, knownSkus), details: { articles: knownSkus } });
    return { status: 'deleted' };
  }
  if (input.source === 'webhook' && !settings.syncProducts) return { status: 'disabled' };

  sync.step('map');
  const mapped = mapProductToArticles(product, { priceList: settings.priceList });
  if (!mapped.ok) throw new MappingProblem(mapped.errors[0]!); // nothing is sent for a product with an invalid sku

  sync.step('articles');
  const r = await fortnox.upsertArticles({ shopId, productId, drafts: mapped.articles, refreshImages });
  sync.state.fortnox.articles = r.articles;
  if (r.retired.length) {
    await logEntry({ outcome: 'info', ...productMessages.retired(r.retired, r.articles), details: { retired: r.retired, current: r.articles } });
  }
  await logEntry({
    outcome: 'synced', ...productMessages.synced(r.articles, r.changed),
    details: { articles: r.articles, changed: r.changed, created: r.created, fortnoxCalls: r.fortnoxCalls, source: input.source },
  });
  return { status: 'synced', articles: r.articles, changed: r.changed, fortnoxCalls: r.fortnoxCalls };
}

function autoResumeFor(error: SyncError, shopId: string, productId: string, fromMapping: boolean) {
  if (error.code === 'RECONNECT_NEEDED') return { autoResume: () => local.isFortnoxConnected({ shopId }), checkEvery: '1 minute' as const };
  // The merchant fixes the product in Quickbutik and saves: picked up without an operator (the catalog promises it).
  if (fromMapping && FIXED_IN_QUICKBUTIK.has(error.code)) return { autoResume: () => quickbutik.productReady({ shopId, productId }), checkEvery: '5 minutes' as const };
  if (error.code === 'UNEXPECTED_ERROR') return { autoResume: async () => true, checkEvery: '5 minutes' as const };
  return {};
}
