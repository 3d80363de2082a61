// One paid Quickbutik order → exactly one Fortnox invoice or order. Reads as the business process; every step is
// an idempotent activity, so an operator's `retry` simply runs the process again and completed steps cost nothing.
import { continueAsNew, log, proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { customerKey, mapCustomer } from '../domain/customer';
import { externalReference, type DocumentType } from '../domain/fortnox-document';
import { mapOrderToDocument } from '../domain/order-mapping';
import { totalsDiffer } from '../domain/totals';
import { explainProblem, ProblemFound, type ExplainedProblem } from '../problems';
import { local, quickCall, rateLimited } from './activity-options';
import { operatorMessages, orderMessages } from './messages';
import { createParking, createSyncState, type Parked, type ResumeWhen, type SyncStateHandle } from './parking';
import type { OrderSyncInput } from './starters';

const { loadOrder } = proxyActivities<Activities>(quickCall);
const { ensureCustomer, ensureArticles, createDocument, readDocumentTotal, bookkeepInvoice, markOrderSkipped } =
  proxyActivities<Activities>(rateLimited('2 minutes', '15 seconds'));
const { writeLog, isFortnoxConnected } = proxyLocalActivities<Activities>(local);
const { recordDryRun } = proxyActivities<Activities>(quickCall);

export const DRY_RUN_REASON = 'dry run (dryRun setting): nothing was posted; the document it would send is in the sync log';

export type OrderSyncResult =
  | { status: 'synced'; documentType: DocumentType; documentNumber: string; total: number; currency: string }
  | { status: 'skipped'; reason?: string };

export async function orderSyncWorkflow(input: OrderSyncInput): Promise<OrderSyncResult> {
  const { shopId, orderId } = input;
  const sync = createSyncState('load order');
  const parking = createParking(sync);
  const logEntry = (e: Omit<Parameters<Activities['writeLog']>[0], 'shopId' | 'entityType' | 'entityId' | 'workflowId'>) =>
    writeLog({ shopId, entityType: 'order', entityId: orderId, workflowId: workflowInfo().workflowId, ...e });
  let fresh = !!input.parked; // after a fix: re-read registers and product facts instead of trusting caches
  let parked: ExplainedProblem | undefined = input.parked?.problem;
  sync.state.attempts = input.parked?.attempts ?? 0;

  for (;;) {
    if (parked) {
      const decision = await parking.park(parked, resumeWhen(parked, shopId), (p: Parked) => ({ ...input, parked: p }));
      if (decision === 'skip') {
        await markOrderSkipped({ shopId, orderId });
        await logEntry({ outcome: 'skipped', ...operatorMessages.skipped(parking.skipReason) });
        return { status: 'skipped', reason: parking.skipReason };
      }
      fresh = true;
      if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof orderSyncWorkflow>({ ...input, parked: undefined });
    }
    sync.state.attempts += 1;
    try {
      const result = await syncOrder(input, sync, fresh);
      if (result.status === 'skipped') {
        sync.finish('skipped');
        return result;
      }
      await logEntry({
        outcome: 'synced', ...orderMessages.created(result),
        details: { documentType: result.documentType, documentNumber: result.documentNumber, total: result.total, currency: result.currency, customerNumber: sync.state.fortnox.customerNumber, source: input.source },
      });
      sync.finish('synced');
      return result;
    } catch (err) {
      const { problem } = explainProblem(err);
      log.warn('order parked', { shopId, orderId, code: problem.code });
      await logEntry({
        outcome: 'needs_attention', errorCode: problem.code, errorParams: { orderId }, fortnoxCode: problem.fortnoxCode, fortnoxMessage: problem.fortnoxMessage,
        messageSv: problem.explanationSv, messageEn: problem.explanationEn, details: { step: sync.state.step },
      });
      parked = problem;
    }
  }
}

/** The business process, once. */
async function syncOrder(input: OrderSyncInput, sync: SyncStateHandle, fresh: boolean) {
  const { shopId, orderId } = input;

  sync.step('load order');
  const loaded = await loadOrder({ shopId, orderId, fresh });
  const { order, settings } = loaded;

  if (settings.dryRun && !loaded.existing) {
    // Shadow mode: record the document the sync would send (mapped exactly as below) and post nothing.
    sync.step('dry run');
    await recordDryRun({ shopId, orderId, workflowId: workflowInfo().workflowId });
    return { status: 'skipped' as const, reason: DRY_RUN_REASON };
  }

  if (loaded.existing) {
    // Already in Fortnox (a repeated start, or a retry after a total mismatch): only the checks after creation remain.
    const { documentType, documentNumber } = loaded.existing;
    sync.setDocument(documentType, documentNumber);
    const total = fresh || loaded.existing.total === null
      ? await readDocumentTotal({ shopId, documentType, documentNumber })
      : loaded.existing.total;
    return finish(sync, { shopId, orderId, documentType, documentNumber, total, quickbutikTotal: order.totalAmount, currency: order.currency, bookkeep: settings.bookkeep });
  }

  sync.step('customer');
  const customer = mapCustomer(order);
  if (!customer.ok) throw new ProblemFound(customer.errors[0]!);
  const customerNumber = await ensureCustomer({ shopId, orderId, key: customerKey(order), customer: customer.customer });
  sync.state.fortnox.customerNumber = customerNumber;

  if (settings.syncOrderArticles) {
    sync.step('articles');
    const productIds = [...new Set(order.rows.map((r) => r.productId).filter((id): id is string => !!id))];
    const { articles } = await ensureArticles({ shopId, orderId, productIds });
    sync.state.fortnox.articles = articles;
  }

  sync.step('map');
  const mapped = mapOrderToDocument(order, {
    shopId,
    settings,
    documentType: settings.documentType,
    customerNumber,
    customerVatType: customer.customer.VATType,
    taxRateBySku: loaded.taxRateBySku,
    accounts: loaded.accounts,
    enabledCurrencies: loaded.enabledCurrencies,
  });
  if (!mapped.ok) throw new ProblemFound(mapped.errors[0]!);

  sync.step('create document');
  const created = await createDocument({
    shopId, orderId, documentType: mapped.documentType, reference: externalReference(shopId, orderId), document: mapped.document,
    quickbutikTotal: order.totalAmount, receivedAt: input.receivedAt,
  });
  sync.setDocument(created.documentType, created.documentNumber);

  return finish(sync, { shopId, orderId, ...created, quickbutikTotal: order.totalAmount, currency: order.currency, bookkeep: settings.bookkeep });
}

/** After creation: Fortnox's total must match what the customer paid; then (optionally) bookkeep the invoice. */
async function finish(
  sync: SyncStateHandle,
  d: { shopId: string; orderId: string; documentType: DocumentType; documentNumber: string; total: number; quickbutikTotal: number; currency: string; bookkeep: boolean },
) {
  sync.step('check totals');
  if (totalsDiffer(d.total, d.quickbutikTotal, d.currency)) {
    throw new ProblemFound({
      code: 'TOTAL_MISMATCH',
      params: {
        orderId: d.orderId, fortnoxTotal: d.total, quickbutikTotal: d.quickbutikTotal, currency: d.currency,
        documentNumber: d.documentNumber, documentType: d.documentType,
      },
    });
  }
  if (d.documentType === 'invoice' && d.bookkeep) {
    sync.step('bookkeep');
    await bookkeepInvoice({ shopId: d.shopId, orderId: d.orderId, documentNumber: d.documentNumber });
  }
  return { status: 'synced' as const, documentType: d.documentType, documentNumber: d.documentNumber, total: d.total, currency: d.currency };
}

/**
 * A lost connection waits for the `reconnected` signal (checked once an hour as a safety net); transient trouble that
 * outlasted the activity's retries is tried again every few minutes; anything else waits for an operator.
 */
function resumeWhen(problem: ExplainedProblem, shopId: string): ResumeWhen {
  if (problem.code === 'RECONNECT_NEEDED') return { reconnected: true, check: () => isFortnoxConnected({ shopId }), checkEvery: '1 hour' };
  if (problem.code === 'UNEXPECTED_ERROR') return { check: async () => true, checkEvery: '5 minutes' };
  return {};
}
