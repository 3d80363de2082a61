// Integer öre arithmetic, pro-rata allocation, totals and content hashes.
import { createHash } from 'node:crypto';
import {
  allocateProRata,
  canonicalJson,
  contentHash,
  documentGross,
  expectedTotal,
  fromOre,
  netOfGross,
  roundHalfAwayFromZero,
  sha256Hex,
  toOre,
  totalsDiffer,
  vatOnNet,
} from '../../src/domain';

describe('öre', () => {
  it.each([
    [148.95, 14895],
    [1.005, 101], // binary 100.49999… is still half an öre
    [0.1 + 0.2, 30],
    [-2.345, -235], // half away from zero
  ])('toOre(%p) = %p', (amount, ore) => expect(toOre(amount)).toBe(ore));
  it('fromOre gives the exact decimal', () => expect(fromOre(3933)).toBe(39.33));
  it('rounds half away from zero', () => expect([2.5, -2.5, 2.4].map(roundHalfAwayFromZero)).toEqual([3, -3, 2]));
  it('takes VAT out of a gross amount: 125.00 at 25 % → 100.00, 106.00 at 6 % → 100.00', () => {
    expect([netOfGross(12500, 25), netOfGross(10600, 6)]).toEqual([10000, 10000]);
  });
  it('VAT on a net amount: 80.00 at 12 % → 9.60', () => expect(vatOnNet(8000, 12)).toBe(960));
});

describe('allocateProRata', () => {
  it.each([
    ['2:1 split, last takes the remainder', 5900, [200, 100], [3933, 1967]],
    ['three equal parts', 1000, [1, 1, 1], [333, 333, 334]],
    ['one part takes everything', 4900, [7], [4900]],
    ['zero weights → all to the last', 100, [0, 0], [0, 100]],
    ['negative totals (discounts) split the same way', -1000, [1, 1, 1], [-333, -333, -334]],
  ])('%s', (_rule, total, weights, expected) => {
    const shares = allocateProRata(total, weights);
    expect(shares).toEqual(expected);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
  });
});

describe('totals', () => {
  it.each([
    ['SEK within öresavrundning (0.50)', 447.5, 447.0, 'SEK', false],
    ['SEK beyond 0.50', 447.51, 447.0, 'SEK', true],
    ['EUR within 0.01', 20.01, 20.0, 'EUR', false],
    ['EUR beyond 0.01', 20.02, 20.0, 'EUR', true],
  ])('totalsDiffer: %s', (_rule, fortnox, quickbutik, currency, differs) => {
    expect(totalsDiffer(fortnox, quickbutik, currency)).toBe(differs);
  });
  it('expectedTotal is what the customer paid, to the öre', () => {
    expect(expectedTotal({ totalAmount: 447.004 } as never)).toBe(447);
  });
  it('documentGross adds VAT per rate when prices are net', () => {
    // 280.00 net at 25 % → 350.00; 100.00 at 0 % → 100.00
    expect(documentGross([{ amount: 24000, vat: 25 }, { amount: 4000, vat: 25 }, { amount: 10000, vat: 0 }], false)).toBe(45000);
    expect(documentGross([{ amount: 12500, vat: 25 }], true)).toBe(12500);
  });
});

describe('content hashes', () => {
  it('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":1,"y":2}]},"b":1}');
  });
  it('key order does not change the hash; content does', () => {
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
    expect(contentHash({ a: 1, b: 2 })).not.toBe(contentHash({ a: 1, b: 3 }));
  });
  it.each(['', 'abc', 'Åsa Öberg ’ 😀', 'x'.repeat(1000)])('sha256Hex(%p) equals node:crypto', (s) => {
    expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
  });
});
