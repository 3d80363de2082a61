// The after-sale ledger against real PostgreSQL: each credit/payment is claimed before its POST, recorded after it,
// searched by reference after doubt, and never posted twice — also by two racing attempts.
import { createDb } from '../../src/db/connection';
import {
  AttemptInProgressError,
  claimLedgerEntry,
  OutcomeUnknownError,
  postOnce,
  readOrderLedger,
  toPlannerLedger,
  type LedgerEntry,
  type PostOnceOps,
} from '../../src/db/order-ledger';
import { testConfig } from '../helpers/stack';

const db = createDb(testConfig().DATABASE_URL, 4);
const shopId = `ledger-${Date.now()}`;
let n = 0;
const credit = (orderId: string, suffix = 'refund:r1', amount = 200): LedgerEntry<'order_credits'> => ({
  shopId, orderId, reference: `qb:${shopId}:${orderId}:${suffix}`, amount, fields: { kind: 'refund', original_number: '1042', linked: true },
});
const payment = (orderId: string): LedgerEntry<'order_payments'> => ({
  shopId, orderId, reference: `qb:${shopId}:${orderId}:payment`, amount: 1249, fields: { invoice_number: '1042', payment_date: '2026-11-21', mode_of_payment: 'KL' },
});
/** A Fortnox stand-in that counts POSTs; `lost` makes a POST commit and then fail with an unknown outcome. */
function fortnox(opts: { lost?: boolean; rejected?: boolean; visible?: boolean } = {}) {
  const created: string[] = [];
  const ops: PostOnceOps & { created: string[] } = {
    created,
    graceMs: 60_000,
    search: async () => (opts.visible === false ? null : created[0] ?? null),
    post: async () => {
      if (opts.rejected) throw Object.assign(new Error('2000401 locked'), { rejection: true });
      created.push(String(9000 + ++n));
      if (opts.lost) throw new Error('socket timeout after commit');
      return created.at(-1)!;
    },
    isRejection: (err) => !!(err as { rejection?: boolean }).rejection,
  };
  return ops;
}

beforeAll(async () => {
  await db.insertInto('shops').values({ id: shopId, name: 'Ledger', quickbutik_api_key_enc: 'x', webhook_secret_enc: 'x', support_key_hash: 'x', settings: '{}' }).execute();
});
afterAll(async () => {
  await db.deleteFrom('shops').where('id', '=', shopId).execute();
  await db.destroy();
});

describe('order ledger (PostgreSQL)', () => {
  it('posts once and records the number; a repeat costs no POST', async () => {
    const fx = fortnox();
    expect(await postOnce(db, 'order_credits', credit('o1'), fx)).toEqual({ number: fx.created[0], createdNow: true });
    expect(await postOnce(db, 'order_credits', credit('o1'), fx)).toEqual({ number: fx.created[0], createdNow: false });
    expect(fx.created).toHaveLength(1);
    const rows = await readOrderLedger(db, shopId, 'o1');
    expect(rows.credits[0]).toMatchObject({ state: 'created', fortnox_number: fx.created[0], amount: '200', posted_at: null, attempts: 1, linked: true });
  });

  it('commit-then-timeout: the retry finds the credit by reference instead of posting again', async () => {
    const fx = fortnox({ lost: true });
    await expect(postOnce(db, 'order_credits', credit('o2'), fx)).rejects.toThrow('socket timeout');
    expect((await readOrderLedger(db, shopId, 'o2')).credits[0]).toMatchObject({ state: 'creating', fortnox_number: null });
    expect(await postOnce(db, 'order_credits', credit('o2'), fx)).toEqual({ number: fx.created[0], createdNow: false });
    expect(fx.created).toHaveLength(1);
  });

  it('commit-then-timeout on a payment, not yet searchable: waits (no second POST) within the grace period', async () => {
    const fx = fortnox({ lost: true, visible: false });
    await expect(postOnce(db, 'order_payments', payment('o3'), fx)).rejects.toThrow('socket timeout');
    await expect(postOnce(db, 'order_payments', payment('o3'), fx)).rejects.toBeInstanceOf(OutcomeUnknownError);
    expect(fx.created).toHaveLength(1);
    // Past the grace period without it appearing: one more POST is allowed (the first really was lost).
    await db.updateTable('order_payments').set({ posted_at: new Date(Date.now() - 120_000) }).where('reference', '=', payment('o3').reference).execute();
    const again = await postOnce(db, 'order_payments', payment('o3'), { ...fortnox(), graceMs: 60_000 });
    expect(again.createdNow).toBe(true);
    expect((await readOrderLedger(db, shopId, 'o3')).payments[0]).toMatchObject({ state: 'created', attempts: 2, payment_date: '2026-11-21' });
  });

  it('a rejection releases the claim: the next attempt posts at once', async () => {
    await expect(postOnce(db, 'order_credits', credit('o4'), fortnox({ rejected: true }))).rejects.toThrow('locked');
    expect((await readOrderLedger(db, shopId, 'o4')).credits[0]).toMatchObject({ state: 'creating', posted_at: null });
    expect((await postOnce(db, 'order_credits', credit('o4'), fortnox())).createdNow).toBe(true);
  });

  it('two racing attempts: exactly one claim wins', async () => {
    const results = await Promise.all([claimLedgerEntry(db, 'order_credits', credit('o5'), null), claimLedgerEntry(db, 'order_credits', credit('o5'), null)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    await expect(postOnce(db, 'order_credits', credit('o5'), { ...fortnox({ visible: false }), graceMs: 60_000 })).rejects.toBeInstanceOf(OutcomeUnknownError);
    // A claim read before another attempt re-claimed is stale: the compare-and-set refuses it.
    expect(await claimLedgerEntry(db, 'order_credits', credit('o5'), new Date(0))).toBe(false);
  });

  it('two racing postOnce calls: one POST; the other finds it done or is told another attempt is posting', async () => {
    const fx = fortnox();
    const results = await Promise.allSettled([postOnce(db, 'order_credits', credit('o6'), fx), postOnce(db, 'order_credits', credit('o6'), fx)]);
    expect(fx.created).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(AttemptInProgressError);
      else expect(r.value.number).toBe(fx.created[0]);
    }
  });

  it('the planner view: amounts in öre, claimed entries count as existing, the original from order_documents', async () => {
    await db.insertInto('order_documents').values({ shop_id: shopId, order_id: 'o1', state: 'created', document_type: 'invoice', document_number: '1042', reference: `qb:${shopId}:o1`, fortnox_total: 1000, content_hash: 'h1' }).execute();
    await claimLedgerEntry(db, 'order_credits', credit('o1', 'cancel', 800), null);
    const view = toPlannerLedger(await readOrderLedger(db, shopId, 'o1'), { date: '2026-11-20', booked: true, cancelled: false, total: 1000, balance: 1000 });
    expect(view).toEqual({
      original: { type: 'invoice', number: '1042', date: '2026-11-20', booked: true, cancelled: false, total: 100000, balance: 100000, contentHash: 'h1' },
      credits: [
        { key: `qb:${shopId}:o1:refund:r1`, amount: 20000, linked: true, number: expect.any(String), done: true },
        { key: `qb:${shopId}:o1:cancel`, amount: 80000, linked: true, number: null, done: false },
      ],
      payments: [],
    });
  });
});
