// Products → Fortnox articles, prices and images.
import { articleHash, imageHash, mapProductToArticles, priceHash } from '../../src/domain';
import type { QbProduct, QbVariant } from '../../src/quickbutik/types';

const variant = (over: Partial<QbVariant> = {}): QbVariant => ({
  id: '120', sku: 'TSHIRT-RM', price: null, purchasePrice: null, stock: 3, stockLocation: null, weightGrams: null,
  gtin: '7350000000024', supplierSku: 'L-1', values: [{ name: 'Färg', value: 'Röd' }, { name: 'Storlek', value: 'M' }], ...over,
});
const product = (over: Partial<QbProduct> = {}): QbProduct => ({
  id: '55', sku: 'TSHIRT', title: 'T-shirt "Basic"', price: 249, beforePrice: 299, purchasePrice: 80.5, taxRate: 25,
  weightGrams: 200.4, stock: 12, stockLocation: 'A3', gtin: '7350000000017', supplierName: 'Leverantören AB',
  supplierSku: 'L-999', description: '<p>Mjuk</p>', images: [{ key: '1', url: 'https://cdn.example/1.jpg', alt: null }],
  variants: [], bundleComponents: [], dateModified: null, ...over,
});

describe('mapProductToArticles', () => {
  it('maps a simple product: title, purchase price, weight in whole grams, stock place, EAN; price excl. VAT', () => {
    expect(mapProductToArticles(product())).toEqual({
      ok: true,
      articles: [{
        productId: '55', variantId: null,
        article: { ArticleNumber: 'TSHIRT', Description: 'T-shirt ’’Basic’’', PurchasePrice: 80.5, Weight: 200, StockPlace: 'A3', EAN: '7350000000017' },
        // 249.00 incl. 25 % VAT → 199.20 excl.
        price: { ArticleNumber: 'TSHIRT', PriceList: 'A', Price: 199.2, FromQuantity: 0 },
        stock: 12,
        imageUrl: 'https://cdn.example/1.jpg',
      }],
    });
  });

  it('never sends supplier name, supplier sku or description', () => {
    const res = mapProductToArticles(product({ variants: [variant()] }));
    const sent = JSON.stringify(res);
    expect(sent).not.toMatch(/Leverantören|L-999|L-1"|Mjuk/);
  });

  it('one article per variant: own sku, title + values, inherited price/weight/stock place, own EAN', () => {
    const res = mapProductToArticles(product({ variants: [variant({ purchasePrice: 81, stockLocation: 'A3-1' })] }), { priceList: 'B' });
    expect(res.ok && res.articles[1]).toEqual({
      productId: '55', variantId: '120',
      article: { ArticleNumber: 'TSHIRT-RM', Description: 'T-shirt ’’Basic’’ - Röd, M', PurchasePrice: 81, Weight: 200, StockPlace: 'A3-1', EAN: '7350000000024' },
      price: { ArticleNumber: 'TSHIRT-RM', PriceList: 'B', Price: 199.2, FromQuantity: 0 },
      stock: 3,
      imageUrl: 'https://cdn.example/1.jpg',
    });
  });

  it('a product with variants but no own sku becomes only its variants', () => {
    const res = mapProductToArticles(product({ sku: null, variants: [variant()] }));
    expect(res.ok && res.articles.map((a) => a.article.ArticleNumber)).toEqual(['TSHIRT-RM']);
  });

  it('a bundle is only its own article, with its own stock', () => {
    const res = mapProductToArticles(product({ sku: 'GIFTBOX-1', title: 'Presentask', stock: 4, bundleComponents: [{ sku: 'TSHIRT-RM', qty: 1 }, { sku: 'MUG-1', qty: 2 }] }));
    expect(res.ok && res.articles.map((a) => [a.article.ArticleNumber, a.stock])).toEqual([['GIFTBOX-1', 4]]);
  });

  it('leaves out an EAN that is not digits and a missing price', () => {
    const res = mapProductToArticles(product({ gtin: 'N/A', price: null }));
    expect(res.ok && res.articles[0].article).not.toHaveProperty('EAN');
    expect(res.ok && res.articles[0].price).toBeNull();
  });

  it('cuts description to 200 and stock place to 100 characters', () => {
    const res = mapProductToArticles(product({ title: 'x'.repeat(250), stockLocation: 'y'.repeat(150) }));
    expect(res.ok && [res.articles[0].article.Description.length, res.articles[0].article.StockPlace?.length]).toEqual([200, 100]);
  });

  it.each([
    ['an invalid sku', product({ sku: 'TRÖJA 1' }), 'INVALID_ARTICLE_NUMBER'],
    ['a variant with an invalid sku', product({ variants: [variant({ sku: 'RÖD.M' })] }), 'INVALID_ARTICLE_NUMBER'],
    ['no sku', product({ sku: null }), 'MISSING_SKU'],
    ['a price but no VAT rate', product({ taxRate: null }), 'MISSING_VAT_RATE'],
    ['a VAT rate Fortnox does not know', product({ taxRate: 19 }), 'VAT_RATE_NOT_IN_FORTNOX'],
  ])('refuses %s', (_rule, p, code) => {
    const res = mapProductToArticles(p);
    expect(!res.ok && res.errors.map((e) => e.code)).toEqual([code]);
  });
});

describe('article hashes', () => {
  const draft = () => {
    const res = mapProductToArticles(product());
    if (!res.ok) throw new Error('unexpected');
    return res.articles[0];
  };
  it('article, price and image hash independently', () => {
    const a = draft();
    const cheaper = { ...a.price!, Price: 150 };
    expect(articleHash(a.article)).toBe(articleHash(draft().article));
    expect(priceHash(cheaper)).not.toBe(priceHash(a.price));
    expect(articleHash({ ...a.article, Weight: 300 })).not.toBe(articleHash(a.article));
    expect(imageHash('https://cdn.example/2.jpg')).not.toBe(imageHash(a.imageUrl));
  });
});
