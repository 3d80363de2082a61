// The order convergence planner: the order's target state (Quickbutik now) + what Fortnox holds for it (our ledger)
// → the ordered list of steps still missing. Pure and level-triggered: run it on every event, poll or manual sync,
// carry out the first step, re-read the ledger and plan again until the plan is `nothing`. Each rule names its source
// in src/domain/README.md ("After the sale").
import type { DocumentType } from './fortnox-document';
import { domainError, type DomainError } from './errors';
import { fromOre, type Ore } from './money';
import type { OrderTarget } from './order-target';
import type { Refund } from './refunds';
import { paymentModeFor, type ShopSettings } from './settings';

export type BookkeepingMethod = 'accrual' | 'cash';

/** What Fortnox holds for the order, as our ledger (order_documents + order_credits + order_payments) knows it. */
export interface OrderLedger {
  original: null | {
    type: DocumentType;
    number: string;
    /** YYYY-MM-DD (InvoiceDate / OrderDate). */
    date: string;
    booked: boolean;
    cancelled: boolean;
    /** Fortnox's Total (öresavrundning included), öre. */
    total: Ore;
    /** Fortnox's Balance, öre, read before planning a payment; null when not read. */
    balance: Ore | null;
    /** documentContentHash of what was sent; null for documents created before hashes were kept. */
    contentHash: string | null;
  };
  /** Credits and order adjustments, by key (`…:cancel`, `…:refund:<id>`, `…:edit:<hash>`). */
  credits: { key: string; amount: Ore; linked: boolean; number: string | null; done: boolean }[];
  payments: { key: string; amount: Ore; number: string | null; done: boolean }[];
}

export interface AfterSaleContext {
  shopId: string;
  settings: Pick<ShopSettings, 'onCancel' | 'onRefund' | 'registerPayments' | 'bookkeep' | 'paymentMethods' | 'documentType'>;
  bookkeepingMethod: BookkeepingMethod;
  /** Last locked day in Fortnox (manual or automatic lock), YYYY-MM-DD; null: nothing locked. */
  lockedUntil: string | null;
  /** Today in Stockholm, YYYY-MM-DD. */
  today: string;
  /** documentContentHash of what the order maps to now (null: not mapped this run, edits not checked). */
  contentHash: string | null;
}

export type AfterSaleStep =
  | { kind: 'waitForPayment' }
  | { kind: 'skip'; error: DomainError }
  | { kind: 'createDocument' }
  | { kind: 'updateDocument'; number: string; documentType: DocumentType }
  | { kind: 'cancelDocument'; number: string; documentType: DocumentType }
  | {
      kind: 'credit';
      key: string;
      reason: 'cancel' | 'refund' | 'edit';
      /** full: the whole original; partial: `amount` only. */
      scope: 'full' | 'partial';
      amount: Ore;
      refund?: Refund;
      originalNumber: string;
      /** The first credit of a booked invoice carries CreditInvoiceReference; later ones are standalone. */
      linked: boolean;
      date: string;
      bookkeep: boolean;
    }
  | { kind: 'adjustOrder'; key: string; number: string; refund: Refund }
  | { kind: 'reissue'; key: string }
  | { kind: 'registerPayment'; key: string; invoiceNumber: string; amount: Ore; date: string; modeOfPayment: string; bookkeep: boolean }
  | { kind: 'park'; error: DomainError }
  | { kind: 'log'; code: 'cancelLogged' | 'refundLogged' | 'alreadySettled' | 'cancelledInFortnox'; detail?: string };

export const creditKey = (shopId: string, orderId: string, suffix: string): string => `qb:${shopId}:${orderId}:${suffix}`;

const addDays = (date: string, days: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const latest = (...dates: (string | null | undefined)[]): string =>
  dates.filter((d): d is string => !!d).reduce((a, b) => (a > b ? a : b));

/**
 * Dating rule for credits and payments: the event's own date (payment: the order's payment date; refund: its date;
 * cancellation or an undated refund: today), never before the original document's date, and moved to the first open
 * day when it falls in a locked period (Fortnox locks manually or automatically after the period ends).
 */
export function afterSaleDate(eventDate: string | null, originalDate: string, lockedUntil: string | null, today: string): string {
  const wanted = latest(eventDate ?? today, originalDate);
  return lockedUntil && wanted <= lockedUntil ? addDays(lockedUntil, 1) : wanted;
}

export function planAfterSale(target: OrderTarget, ledger: OrderLedger, ctx: AfterSaleContext): AfterSaleStep[] {
  const { settings } = ctx;
  const key = (suffix: string) => creditKey(ctx.shopId, target.orderId, suffix);
  const original = ledger.original;

  if (!original) {
    if (target.cancelled) return [{ kind: 'skip', error: domainError('ORDER_CANCELLED_BEFORE_SYNC', { orderId: target.orderId }) }];
    if (!target.paid) return [{ kind: 'waitForPayment' }];
    return [{ kind: 'createDocument' }];
  }
  if (original.cancelled) return [{ kind: 'log', code: 'cancelledInFortnox', detail: original.number }];

  const steps: AfterSaleStep[] = [];
  const credited = ledger.credits.reduce((s, c) => s + c.amount, 0);
  const hasLinked = ledger.credits.some((c) => c.linked);
  const paidInFortnox = ledger.payments.some((p) => p.done) || (original.balance !== null && original.balance < original.total);
  const isInvoice = original.type === 'invoice';
  // Cash basis: the sale is booked when it is paid, so invoices themselves are never bookkept (Fortnox refuses).
  const bookkeepInvoices = settings.bookkeep && ctx.bookkeepingMethod === 'accrual';
  const creditStep = (reason: 'cancel' | 'refund' | 'edit', suffix: string, amount: Ore, eventDate: string | null, refund?: Refund): AfterSaleStep => ({
    kind: 'credit',
    key: key(suffix),
    reason,
    scope: amount === original.total && credited === 0 ? 'full' : 'partial',
    amount,
    refund,
    originalNumber: original.number,
    linked: original.booked && !hasLinked && !steps.some((s) => s.kind === 'credit' && s.linked),
    date: afterSaleDate(eventDate, original.date, ctx.lockedUntil, ctx.today),
    bookkeep: bookkeepInvoices,
  });

  // Cancelled, nothing booked or paid yet: cancel the document itself (invoice or Fortnox order); refunds are moot.
  const cancelReverses = target.cancelled && settings.onCancel === 'reverse';
  if (cancelReverses && !original.booked && !paidInFortnox && credited === 0) {
    return [{ kind: 'cancelDocument', number: original.number, documentType: original.type }];
  }

  // Payment first: the customer paid the whole order before anything was refunded.
  if (settings.registerPayments && isInvoice && target.paid && !target.cancelled && !ledger.payments.some((p) => p.key === key('payment'))) {
    const payment = planPayment(target, original, ctx, key('payment'));
    if (payment) steps.push(payment);
  }
  if (steps.some((s) => s.kind === 'park')) return steps;

  // Refunds: one credit (or order adjustment) per refund, never more in total than the original.
  if (settings.onRefund === 'credit') {
    let running = credited;
    const done = new Set(ledger.credits.map((c) => c.key));
    const pending = target.refundsCumulative ? cumulativeRefund(target, ledger, ctx) : target.refunds;
    for (const refund of pending) {
      const k = `refund:${refund.id}`;
      if (done.has(key(k))) continue;
      if (refund.amount === null) {
        steps.push({ kind: 'park', error: domainError('REFUND_AMOUNT_UNREADABLE', { orderId: target.orderId, refundId: refund.id }) });
        return steps;
      }
      if (refund.amount === 0) continue;
      if (running + refund.amount > original.total) {
        steps.push({
          kind: 'park',
          error: domainError('CREDIT_EXCEEDS_ORIGINAL', {
            orderId: target.orderId, refundId: refund.id, amount: fromOre(refund.amount), credited: fromOre(running),
            original: fromOre(original.total), documentNumber: original.number,
          }),
        });
        return steps;
      }
      if (!isInvoice) steps.push({ kind: 'adjustOrder', key: key(k), number: original.number, refund });
      else steps.push(creditStep('refund', k, refund.amount, refund.date, refund));
      running += refund.amount;
    }
    if (cancelReverses) {
      const rest = original.total - running;
      if (rest > 0 && !done.has(key('cancel'))) {
        steps.push(isInvoice ? creditStep('cancel', 'cancel', rest, null) : { kind: 'cancelDocument', number: original.number, documentType: 'order' });
      }
    }
  } else {
    if (target.refunds.length > 0) steps.push({ kind: 'log', code: 'refundLogged' });
    if (cancelReverses) {
      const rest = original.total - credited;
      if (rest > 0 && !ledger.credits.some((c) => c.key === key('cancel'))) {
        steps.push(isInvoice ? creditStep('cancel', 'cancel', rest, null) : { kind: 'cancelDocument', number: original.number, documentType: 'order' });
      }
    }
  }
  if (target.cancelled && settings.onCancel === 'log') steps.push({ kind: 'log', code: 'cancelLogged' });

  // Edits after sync, checked only when nothing was credited or refunded (a refund explains a changed order).
  const edited = !target.cancelled && ctx.contentHash !== null && original.contentHash !== null && ctx.contentHash !== original.contentHash;
  if (edited && credited === 0 && target.refunds.length === 0) {
    if (!original.booked && !paidInFortnox) steps.push({ kind: 'updateDocument', number: original.number, documentType: original.type });
    else if (isInvoice) {
      const suffix = `edit:${original.contentHash!.slice(0, 12)}`;
      if (!ledger.credits.some((c) => c.key === key(suffix))) {
        steps.push(creditStep('edit', suffix, original.total, null));
        steps.push({ kind: 'reissue', key: key(`reissue:${ctx.contentHash!.slice(0, 12)}`) });
      }
    }
  }
  return steps;
}

/** The running-total form: credit the growth since the credits already made under `refund:sum…` keys. */
function cumulativeRefund(target: OrderTarget, ledger: OrderLedger, ctx: AfterSaleContext): Refund[] {
  const total = target.refunds[0]?.amount ?? 0;
  const prefix = creditKey(ctx.shopId, target.orderId, 'refund:sum');
  const before = ledger.credits.filter((c) => c.key.startsWith(prefix)).reduce((s, c) => s + c.amount, 0);
  return total > before ? [{ id: `sum${total}`, amount: total - before, date: null, rows: [], freight: null }] : [];
}

function planPayment(target: OrderTarget, original: NonNullable<OrderLedger['original']>, ctx: AfterSaleContext, key: string): AfterSaleStep | null {
  // The balance is read first: an invoice settled elsewhere (a bank-file import, by hand) gets no second payment.
  if (original.balance === null) throw new Error('planPayment needs the invoice balance: read the invoice before planning');
  if (original.balance <= 0) return { kind: 'log', code: 'alreadySettled', detail: original.number };
  const mode = paymentModeFor(ctx.settings.paymentMethods, target.paymentMethod);
  if (!mode) {
    return {
      kind: 'park',
      error: domainError('PAYMENT_METHOD_UNMAPPED', { orderId: target.orderId, method: target.paymentMethod ?? '(inget/none)', invoiceNumber: original.number }),
    };
  }
  return {
    kind: 'registerPayment',
    key,
    invoiceNumber: original.number,
    amount: original.balance,
    date: afterSaleDate(target.paidDate, original.date, ctx.lockedUntil, ctx.today),
    modeOfPayment: mode,
    bookkeep: ctx.settings.bookkeep,
  };
}
