// The pure and small I/O helpers of the product and stock sync.
import { createImageFetcher } from '../../src/products/image';
import { createLagerCache } from '../../src/products/lager';
import { paidInRange, statusCursorFor } from '../../src/orders/resend';
import { stockItems } from '../../src/products/stock';
import type { FortnoxApi } from '../../src/fortnox';
import type { QbProduct } from '../../src/quickbutik/types';

const product = (over: Partial<QbProduct>): QbProduct => ({
  id: '1', sku: 'P', title: 'P', price: 100, beforePrice: null, purchasePrice: null, taxRate: 25, weightGrams: null, stock: 4,
  stockLocation: null, gtin: null, supplierName: null, supplierSku: null, description: null, images: [], variants: [],
  bundleComponents: [], dateModified: null, ...over,
});
const variant = (sku: string | null, stock: number | null) => ({
  id: sku ?? 'x', sku, price: null, purchasePrice: null, stock, stockLocation: null, weightGrams: null, gtin: null, supplierSku: null, values: [],
});

describe('stockItems', () => {
  it.each([
    ['a plain product: its own stock', product({}), [{ sku: 'P', productId: '1', stock: 4 }]],
    ['a bundle: only its own stock', product({ bundleComponents: [{ sku: 'C', qty: 2 }] }), [{ sku: 'P', productId: '1', stock: 4 }]],
    ['variants: each variant, not the parent (its qty is their sum)', product({ stock: 9, variants: [variant('V1', 4), variant('V2', 5)] }),
      [{ sku: 'V1', productId: '1', stock: 4 }, { sku: 'V2', productId: '1', stock: 5 }]],
    ['no sku or unknown stock: nothing to reconcile', product({ sku: null, variants: [variant(null, 1), variant('V', null)] }), []],
  ])('%s', (_what, p, expected) => {
    expect(stockItems(p)).toEqual(expected);
  });
});

describe('resend range', () => {
  const order = (status: 'paid' | 'done' | 'unpaid' | 'cancelled', datePaid: string | null) =>
    ({ orderId: '1', status, datePaid, dateCreated: null, totalAmount: null, currency: null });
  it.each([
    ['paid inside', order('paid', '2026-03-05 10:00:00'), true],
    ['done since, paid on the first day', order('done', '2026-03-01 00:00:01'), true],
    ['paid on the last day, late evening', order('paid', '2026-03-31 23:59:59'), true],
    ['paid the day after', order('paid', '2026-04-01 00:00:00'), false],
    ['unpaid', order('unpaid', null), false],
    ['cancelled after payment', order('cancelled', '2026-03-05 10:00:00'), false],
  ])('%s', (_what, o, expected) => {
    expect(paidInRange(o, '2026-03-01', '2026-03-31')).toBe(expected);
  });
  it('lists from a day before the range (Swedish time is ahead of UTC)', () => {
    expect(statusCursorFor('2026-03-01')).toBe(Date.UTC(2026, 1, 28) / 1000);
  });
});

describe('createLagerCache', () => {
  it('asks Fortnox once per TTL per shop; fresh bypasses the cache', async () => {
    let now = 0;
    let asked = 0;
    const api = { warehouseActive: async () => (++asked, true) } as unknown as FortnoxApi;
    const cache = createLagerCache(() => now);
    expect(await cache.isActive('s1', api)).toBe(true);
    expect(await cache.isActive('s1', api)).toBe(true);
    expect(asked).toBe(1);
    await cache.isActive('s2', api);
    expect(asked).toBe(2);
    await cache.isActive('s1', api, true);
    expect(asked).toBe(3);
    now += 11 * 60_000;
    await cache.isActive('s1', api);
    expect(asked).toBe(4);
  });
});

describe('createImageFetcher', () => {
  const served = (body: string | null, type = 'image/png') => async (url: string) =>
    body === null ? null : { bytes: new TextEncoder().encode(body), contentType: type, url: new URL(url) };

  it('hashes the bytes: the same content under another URL is the same image', async () => {
    const a = await createImageFetcher(served('PNGDATA'))('https://shop.example/a.png');
    const b = await createImageFetcher(served('PNGDATA'))('https://cdn.example/other-name.png?v=2');
    expect(a!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b!.hash).toBe(a!.hash);
    expect(a).toMatchObject({ contentType: 'image/png', extension: 'png' });
  });
  it('a missing image is null', async () => {
    expect(await createImageFetcher(served(null))('https://shop.example/x.png')).toBeNull();
  });
  it('takes the extension from the URL when the image type has no known extension', async () => {
    expect(await createImageFetcher(served('x', 'image/x-unknown'))('https://s.example/img/photo.JPG')).toMatchObject({ extension: 'jpg' });
  });
});
