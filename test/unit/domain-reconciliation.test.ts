import { reconcile, reconciliationCsv, type FortnoxDocumentFacts, type PaidOrder } from '../../src/domain/reconciliation';
import { vatSummary } from '../../src/domain/vat-summary';

// Order 1: 125.00 incl. 25 % → net 100.00, VAT 25.00. Order 2: 112.00 incl. 12 % → net 100.00, VAT 12.00.
const s125 = vatSummary([{ price: 125, quantity: 1, vat: 25 }], true);
const s112 = vatSummary([{ price: 112, quantity: 1, vat: 12 }], true);
const order = (orderId: string, total: number, vat = total === 125 ? s125 : s112): PaidOrder => ({ orderId, total, currency: 'SEK', vat });
const doc = (orderId: string, n: string, total: number, extra: Partial<FortnoxDocumentFacts> = {}): FortnoxDocumentFacts => ({
  documentType: 'invoice', documentNumber: n, reference: `qb:s1:${orderId}`, total, currency: 'SEK', cancelled: false,
  vat: total === 125 ? s125 : s112, ...extra,
});
const period = { from: '2026-11-01', to: '2026-11-30' };

describe('reconciliation', () => {
  it('is clean when every paid order has exactly one live document with its total', () => {
    const r = reconcile('s1', period, [order('1', 125), order('2', 112)], [doc('1', '10', 125), doc('2', '11', 112)]);
    expect(r).toMatchObject({ ok: true, orders: 2, matched: 2, missing: [], duplicates: [], mismatched: [] });
    // Both sides: 25 % net 100 / VAT 25, 12 % net 100 / VAT 12 → net 200, VAT 37, difference 0.
    expect(r.totals.quickbutik).toEqual({ rates: [{ rate: 25, net: 100, vat: 25 }, { rate: 12, net: 100, vat: 12 }], net: 200, vat: 37, gross: 237 });
    expect(r.totals.fortnox).toEqual(r.totals.quickbutik);
    expect(r.totals.difference).toEqual({ rates: [{ rate: 25, net: 0, vat: 0 }, { rate: 12, net: 0, vat: 0 }], net: 0, vat: 0, gross: 0 });
  });

  it('finds a missing document (a cancelled one does not count), a duplicate and a changed total', () => {
    const changed = vatSummary([{ price: 150, quantity: 1, vat: 25 }], true); // 150 incl. 25 % → net 120, VAT 30
    const r = reconcile(
      's1', period,
      [order('1', 125), order('2', 112), order('3', 125), order('4', 125)],
      [
        doc('2', '11', 112), doc('2', '12', 112),                 // duplicate
        doc('3', '13', 150, { vat: changed }),                    // total changed by hand
        doc('4', '14', 125, { cancelled: true }),                 // only a cancelled one → missing
        doc('99', '15', 125),                                      // another period's order: ignored
        doc('1', '16', 125, { reference: 'qb:s1:11' }),            // a similar reference is not order 1's
      ],
    );
    expect(r.ok).toBe(false);
    expect(r.matched).toBe(0);
    expect(r.missing).toEqual([
      { orderId: '1', total: 125, currency: 'SEK', cancelledDocuments: [] },
      { orderId: '4', total: 125, currency: 'SEK', cancelledDocuments: ['invoice:14'] },
    ]);
    expect(r.duplicates).toEqual([{ orderId: '2', documents: ['invoice:11', 'invoice:12'] }]);
    expect(r.mismatched).toEqual([{ orderId: '3', document: 'invoice:13', quickbutikTotal: 125, fortnoxTotal: 150, difference: 25, currency: 'SEK' }]);
    // Quickbutik: 3 × (100 + 25) at 25 % + (100 + 12) at 12 %. Fortnox live: 120 + 30 (order 3) at 25 %, 2 × (100 + 12) at 12 %.
    expect(r.totals.quickbutik.rates).toEqual([{ rate: 25, net: 300, vat: 75 }, { rate: 12, net: 100, vat: 12 }]);
    expect(r.totals.fortnox.rates).toEqual([{ rate: 25, net: 120, vat: 30 }, { rate: 12, net: 200, vat: 24 }]);
    expect(r.totals.difference.rates).toEqual([{ rate: 25, net: -180, vat: -45 }, { rate: 12, net: 100, vat: 12 }]);
  });

  it('a SEK total within öresavrundning (50 öre) matches; 51 öre does not', () => {
    expect(reconcile('s1', period, [order('1', 125.4)], [doc('1', '10', 125)]).ok).toBe(true);
    expect(reconcile('s1', period, [order('1', 125.51)], [doc('1', '10', 125)]).mismatched).toHaveLength(1);
  });

  it('writes CSV: one line per finding and per VAT rate', () => {
    const r = reconcile('s1', period, [order('1', 125), order('2', 112)], [doc('2', '11', 112), doc('2', '12', 112)]);
    expect(reconciliationCsv(r).trim().split('\n')).toEqual([
      'section,orderId,documents,quickbutikTotal,fortnoxTotal,difference,currency,vatRate,quickbutikNet,quickbutikVat,fortnoxNet,fortnoxVat',
      'missing,1,,125,,,SEK,,,,,',
      'duplicate,2,invoice:11 invoice:12,,,,,,,,,',
      'vat,,,,,,SEK,25,100,25,0,0',
      'vat,,,,,,SEK,12,100,12,200,24',
    ]);
  });
});
