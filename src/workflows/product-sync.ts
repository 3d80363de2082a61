// One Quickbutik product → its Fortnox articles (the product and each variant, ArticleNumber = sku). Reads as the
// business process; the upsert remembers what it sent per article, so a repeated run (a webhook for a stock-only
// change, an operator's retry) costs no Fortnox call for what is unchanged.
import { continueAsNew, log, proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { mapProductToArticles } from '../domain/article-mapping';
import { explainProblem, ProblemFound, type CaughtProblem } from '../problems';
import type { LogEntry } from '../repositories/sync-log';
import { local, quickCall, rateLimited } from './activity-options';
import { operatorMessages, productMessages } from './messages';
import { createParking, createSyncState, type Parked, type ResumeWhen, type SyncStateHandle } from './parking';
import type { ProductSyncInput } from './starters';

const { loadProduct, productReady } = proxyActivities<Activities>(quickCall);
const { upsertArticles } = proxyActivities<Activities>(rateLimited('5 minutes'));
const { writeLog, isFortnoxConnected } = proxyLocalActivities<Activities>(local);

export type ProductSyncResult =
  | { status: 'synced'; articles: string[]; changed: string[]; fortnoxCalls: number }
  | { status: 'deleted' | 'disabled' }
  | { status: 'skipped'; reason?: string };

/** Data that must be fixed in Quickbutik: the product is checked again by itself once it maps cleanly. */
const FIXED_IN_QUICKBUTIK = new Set(['MISSING_SKU', 'INVALID_ARTICLE_NUMBER', 'MISSING_VAT_RATE', 'VAT_RATE_NOT_IN_FORTNOX']);

type Entry = Omit<LogEntry, 'shopId' | 'entityType' | 'entityId' | 'workflowId'>;

export async function productSyncWorkflow(input: ProductSyncInput): Promise<ProductSyncResult> {
  const { shopId, productId } = input;
  const sync = createSyncState('load product');
  const parking = createParking(sync);
  const logEntry = (e: Entry) => writeLog({ shopId, entityType: 'product', entityId: productId, workflowId: workflowInfo().workflowId, ...e });
  // A manual sync (and every retry after a fix) re-checks the image bytes even under the same URL.
  let refreshImages = input.source === 'manual' || !!input.parked;
  let parked: Parked | undefined = input.parked;
  sync.state.attempts = input.parked?.attempts ?? 0;

  for (;;) {
    if (parked) {
      const { problem, source } = parked;
      const decision = await parking.park(problem, resumeWhen({ problem, source: source ?? 'activity' }, shopId, productId), (p) => ({ ...input, parked: { ...p, source } }));
      if (decision === 'skip') {
        await logEntry({ outcome: 'skipped', ...operatorMessages.skipped(parking.skipReason) });
        return { status: 'skipped', reason: parking.skipReason };
      }
      refreshImages = true;
      if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof productSyncWorkflow>({ ...input, parked: undefined });
    }
    sync.state.attempts += 1;
    try {
      const result = await syncProduct(input, sync, refreshImages, logEntry);
      sync.finish('synced');
      return result;
    } catch (err) {
      const { problem, params, source } = explainProblem(err);
      log.warn('product parked', { shopId, productId, code: problem.code });
      await logEntry({
        outcome: 'needs_attention', errorCode: problem.code, errorParams: { productId, ...params },
        fortnoxCode: problem.fortnoxCode, fortnoxMessage: problem.fortnoxMessage, details: { step: sync.state.step },
      });
      parked = { problem, attempts: sync.state.attempts, source };
    }
  }
}

/** The business process, once. */
async function syncProduct(input: ProductSyncInput, sync: SyncStateHandle, refreshImages: boolean, logEntry: (e: Entry) => Promise<void>): Promise<ProductSyncResult> {
  const { shopId, productId } = input;

  sync.step('load product');
  const { product, settings, knownSkus } = await loadProduct({ shopId, productId });
  if (!product) {
    // Deleted in Quickbutik (product.delete): the Fortnox articles stay — booked invoices refer to them.
    await logEntry({ outcome: 'info', ...productMessages.deleted(productId, knownSkus), details: { articles: knownSkus } });
    return { status: 'deleted' };
  }
  if (input.source === 'webhook' && !settings.syncProducts) return { status: 'disabled' };

  sync.step('map');
  const mapped = mapProductToArticles(product, { priceList: settings.priceList });
  if (!mapped.ok) throw new ProblemFound(mapped.errors[0]!); // nothing is sent for a product with an invalid sku

  sync.step('articles');
  const r = await upsertArticles({ shopId, productId, drafts: mapped.articles, refreshImages });
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

function resumeWhen({ problem, source }: Pick<CaughtProblem, 'problem' | 'source'>, shopId: string, productId: string): ResumeWhen {
  if (problem.code === 'RECONNECT_NEEDED') return { reconnected: true, check: () => isFortnoxConnected({ shopId }), checkEvery: '1 hour' };
  // The merchant fixes the product in Quickbutik and saves: picked up without an operator (the catalog promises it).
  if (source === 'workflow' && FIXED_IN_QUICKBUTIK.has(problem.code)) return { check: () => productReady({ shopId, productId }), checkEvery: '5 minutes' };
  if (problem.code === 'UNEXPECTED_ERROR') return { check: async () => true, checkEvery: '5 minutes' };
  return {};
}
