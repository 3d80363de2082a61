// One paid Quickbutik order → exactly one Fortnox invoice or order. Reads as the business process; every step is
// an idempotent activity, so an operator's `retry` simply runs the process again and completed steps cost nothing.
import { continueAsNew, log, proxyActivities, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { customerKey, mapCustomer } from '../domain/customer';
import type { DomainError } from '../domain/errors';
import { externalReference, type DocumentType } from '../domain/fortnox-document';
import { mapOrderToDocument } from '../domain/order-mapping';
import { totalsDiffer } from '../domain/totals';
import { statusQuery, type SyncError } from './definitions';
import { createSyncState, explained, problemOf, type SyncStateHandle } from './parking';
import type { OrderSyncInput } from './starters';

const quickbutik = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 10 },
});
const fortnox = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '15 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 12 },
});
const local = proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds' });

export type OrderSyncResult =
  | { status: 'synced'; documentType: DocumentType; documentNumber: string; total: number }
  | { status: 'skipped'; reason?: string };

/** Raised inside the workflow for problems found by pure code (mapping) rather than by an activity. */
class Problem extends Error {
  constructor(readonly error: SyncError) {
    super(error.code);
  }
}
const problem = (errors: DomainError[]) => new Problem(explained(errors[0]!.code, errors[0]!.params));

export async function orderSyncWorkflow(input: OrderSyncInput): Promise<OrderSyncResult> {
  const { shopId, orderId } = input;
  const sync = createSyncState('load order');
  setHandler(statusQuery, () => sync.state);
  let fresh = false;

  for (;;) {
    sync.state.attempts += 1;
    try {
      const result = await syncOrder(input, sync, fresh);
      await local.writeLog({
        shopId, entityType: 'order', entityId: orderId, workflowId: workflowInfo().workflowId, outcome: 'synced',
        messageSv: `${result.documentType === 'invoice' ? 'Faktura' : 'Order'} ${result.documentNumber} skapad i Fortnox (totalt ${result.total}).`,
        messageEn: `${result.documentType === 'invoice' ? 'Invoice' : 'Order'} ${result.documentNumber} created in Fortnox (total ${result.total}).`,
        details: { documentType: result.documentType, documentNumber: result.documentNumber, total: result.total, source: input.source },
      });
      sync.setStatus('synced');
      sync.step('done');
      return result;
    } catch (err) {
      const error = err instanceof Problem ? err.error : problemOf(err) ?? unavailable(err);
      log.warn('order parked', { shopId, orderId, code: error.code });
      await local.writeLog({
        shopId, entityType: 'order', entityId: orderId, workflowId: workflowInfo().workflowId, outcome: 'needs_attention',
        errorCode: error.code, errorParams: { orderId }, fortnoxCode: error.fortnoxCode, fortnoxMessage: error.fortnoxMessage,
        messageSv: error.explanationSv, messageEn: error.explanationEn, details: { step: sync.state.step },
      });
      const decision = await sync.park(error, autoResumeFor(error, shopId));
      if (decision === 'skip') {
        await fortnox.markOrderSkipped({ shopId, orderId });
        await local.writeLog({
          shopId, entityType: 'order', entityId: orderId, workflowId: workflowInfo().workflowId, outcome: 'skipped',
          messageSv: `Hoppades över av en operatör${sync.skipReason ? `: ${sync.skipReason}` : ''}.`,
          messageEn: `Skipped by an operator${sync.skipReason ? `: ${sync.skipReason}` : ''}.`,
        });
        return { status: 'skipped', reason: sync.skipReason };
      }
      fresh = true; // after a fix: re-read registers and product facts instead of trusting caches
      if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof orderSyncWorkflow>(input);
    }
  }
}

/** The business process, once. */
async function syncOrder(input: OrderSyncInput, sync: SyncStateHandle, fresh: boolean) {
  const { shopId, orderId } = input;

  sync.step('load order');
  const loaded = await quickbutik.loadOrder({ shopId, orderId, fresh });
  const { order, settings } = loaded;

  if (loaded.existing) {
    // Already in Fortnox (a repeated start, or a retry after a total mismatch): only the checks after creation remain.
    const { documentType, documentNumber } = loaded.existing;
    sync.setDocument(documentType, documentNumber);
    const total = fresh || loaded.existing.total === null
      ? await fortnox.readDocumentTotal({ shopId, documentType, documentNumber })
      : loaded.existing.total;
    return finish(sync, { shopId, orderId, documentType, documentNumber, total, quickbutikTotal: order.totalAmount, currency: order.currency, bookkeep: settings.bookkeep });
  }

  sync.step('customer');
  const customer = mapCustomer(order);
  if (!customer.ok) throw problem(customer.errors);
  const customerNumber = await fortnox.ensureCustomer({ shopId, orderId, key: customerKey(order), customer: customer.customer });
  sync.state.fortnox.customerNumber = customerNumber;

  if (settings.syncOrderArticles) {
    sync.step('articles');
    const productIds = [...new Set(order.rows.map((r) => r.productId).filter((id): id is string => !!id))];
    const { articles } = await fortnox.ensureArticles({ shopId, orderId, productIds });
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
  if (!mapped.ok) throw problem(mapped.errors);

  sync.step('create document');
  const created = await fortnox.createDocument({
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
    throw new Problem(explained('TOTAL_MISMATCH', {
      orderId: d.orderId, fortnoxTotal: d.total, quickbutikTotal: d.quickbutikTotal, currency: d.currency,
      documentNumber: d.documentNumber, documentType: d.documentType,
    }));
  }
  if (d.documentType === 'invoice' && d.bookkeep) {
    sync.step('bookkeep');
    await fortnox.bookkeepInvoice({ shopId: d.shopId, orderId: d.orderId, documentNumber: d.documentNumber });
  }
  return { status: 'synced' as const, documentType: d.documentType, documentNumber: d.documentNumber, total: d.total };
}

/** Transient trouble that outlasted the activity's retries: parked, and tried again by itself every few minutes. */
function unavailable(err: unknown): SyncError {
  const detail = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
  return explained('UNEXPECTED_ERROR', { detail });
}

function autoResumeFor(error: SyncError, shopId: string) {
  if (error.code === 'RECONNECT_NEEDED') {
    // Continues by itself once the merchant has reconnected Fortnox.
    return { autoResume: () => local.isFortnoxConnected({ shopId }), checkEvery: '1 minute' as const };
  }
  if (error.code === 'UNEXPECTED_ERROR') return { autoResume: async () => true, checkEvery: '5 minutes' as const };
  return {};
}
