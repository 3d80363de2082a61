// Money as integer öre (hundredths of the currency unit). All arithmetic of the mapping happens here, in integers, so
// no binary floating-point error (0.1 + 0.2) can reach a document row. Numbers only become kronor at the edge.

export type Ore = number;

/** Half away from zero, like a person rounding 2.5 öre → 3 öre and −2.5 → −3. */
export function roundHalfAwayFromZero(x: number): number {
  // toPrecision(15) first: 1.005 * 100 is 100.49999999999999 in binary but means 100.5.
  const clean = Number(x.toPrecision(15));
  return Math.sign(clean) * Math.round(Math.abs(clean));
}

export const toOre = (amount: number): Ore => roundHalfAwayFromZero(amount * 100);
export const fromOre = (ore: Ore): number => ore / 100;

/** A unit price times a quantity, rounded to öre (quantities are usually whole, but need not be). */
export const lineAmount = (unit: Ore, qty: number): Ore => roundHalfAwayFromZero(unit * qty);

/** The VAT-exclusive part of a VAT-inclusive amount at `rate` percent, rounded to öre. */
export const netOfGross = (gross: Ore, rate: number): Ore => roundHalfAwayFromZero((gross * 100) / (100 + rate));

/** VAT on a VAT-exclusive amount at `rate` percent, rounded to öre. */
export const vatOnNet = (net: Ore, rate: number): Ore => roundHalfAwayFromZero((net * rate) / 100);

/**
 * Split `total` öre over `weights` pro rata. Every share but the last is rounded to öre; the last takes the remainder,
 * so the shares always add up to exactly `total`. Weights that sum to zero give everything to the last share.
 */
export function allocateProRata(total: Ore, weights: number[]): Ore[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares: Ore[] = [];
  let allocated = 0;
  weights.forEach((w, i) => {
    const isLast = i === weights.length - 1;
    const share = isLast ? total - allocated : sum === 0 ? 0 : roundHalfAwayFromZero((total * w) / sum);
    shares.push(share);
    allocated += share;
  });
  return shares;
}
