// Quickbutik products → Fortnox articles (+ price and image), as Quickbutik's own connector does it: price, stock,
// purchase price, weight, title, stock location and image. Never supplier name, supplier article number or the
// description (the product text is the shop's marketing copy, not article data).
import type { QbProduct, QbVariant } from '../quickbutik/types';
import { domainError, type DomainError, type Result } from './errors';
import { contentHash } from './hash';
import { fromOre, netOfGross, toOre } from './money';
import { isValidArticleNumber, sanitizeText } from './text';
import { isSwedishVatRate } from './vat';
import type { ResolvedAccounts } from './accounts';

export interface FortnoxArticle {
  ArticleNumber: string;
  /** The title (Fortnox calls it Description), ≤200. */
  Description: string;
  PurchasePrice?: number;
  /** Integer grams. */
  Weight?: number;
  StockPlace?: string;
  EAN?: string;
  /** The product's VAT rate and the accounts of that rate — so an invoice made by hand in Fortnox is right too. */
  VAT?: number;
  /** Sales in Sweden at the product's rate. */
  SalesAccount?: number;
  /** EU consumer with Swedish VAT (the EU account carries 25 %: reduced rates keep their Swedish account). */
  EUVATAccount?: number;
  /** EU company, reverse charge (0 %). */
  EUAccount?: number;
  /** Outside the EU (0 %). */
  ExportAccount?: number;
}

/** `PUT /3/prices/{list}/{article}/0` body (SalesPrice on the article is read-only). */
export interface FortnoxPrice {
  ArticleNumber: string;
  PriceList: string;
  /** Excl. VAT — see mapProductToArticles. */
  Price: number;
  FromQuantity: number;
}

export interface ArticleDraft {
  productId: string;
  variantId: string | null;
  article: FortnoxArticle;
  /** null: Quickbutik has no price for it; leave Fortnox's price alone. */
  price: FortnoxPrice | null;
  /** Quickbutik's stock; whether it is written is the stock-direction setting's business. */
  stock: number | null;
  imageUrl: string | null;
}

const MAX_DESCRIPTION = 200;
const MAX_STOCK_PLACE = 100;
const MAX_EAN = 30;

export interface ArticleMappingOptions {
  /** Fortnox price list; default 'A'. */
  priceList?: string;
  /**
   * The shop's resolved accounts. Given → every article carries the product's `VAT` and the sales accounts of that
   * rate (Swedish, EU with VAT, EU reverse charge, export); omitted → Fortnox's defaults stay (25 % on its default
   * sales account, wrong for 12 %/6 % products).
   */
  accounts?: ResolvedAccounts;
}

const SALES_KEY = { 25: 'sales25', 12: 'sales12', 6: 'sales6', 0: 'sales0' } as const;

/** VAT and accounts of an article at `rate`; only the accounts that are known are set. */
export function articleVatFields(rate: number, accounts: ResolvedAccounts): Partial<FortnoxArticle> {
  if (!isSwedishVatRate(rate)) return {};
  const sales = accounts[SALES_KEY[rate]];
  const euVat = rate === 25 ? accounts.euVat ?? sales : sales;
  const opt = (key: keyof FortnoxArticle, value: number | undefined) => (value !== undefined ? { [key]: value } : {});
  return {
    VAT: rate,
    ...opt('SalesAccount', sales),
    ...opt('EUVATAccount', euVat),
    ...opt('EUAccount', accounts.euReversedVat),
    ...opt('ExportAccount', accounts.export),
  };
}

/** EAN as digits only; anything else (or too long) is left out rather than sent to fail the whole article. */
function ean(gtin: string | null): string | undefined {
  const digits = (gtin ?? '').replace(/\s/g, '');
  return /^\d+$/.test(digits) && digits.length <= MAX_EAN ? digits : undefined;
}

const grams = (w: number | null): number | undefined => (w !== null && w >= 0 ? Math.round(w) : undefined);

/**
 * One article per product (when it has a sku) and one per variant, ArticleNumber = sku. A bundle is only its own
 * article: its components are separate Quickbutik products with their own articles and stock.
 *
 * Price: Fortnox price lists hold prices excluding VAT (the default list "A" is not VAT-inclusive unless the company
 * changed it), while Quickbutik shows prices including VAT. So the price sent is the shop price with the product's VAT
 * taken out, rounded to öre — which needs the product's VAT rate. Invoices never rely on it: our rows carry their
 * own prices.
 */
export function mapProductToArticles(
  product: QbProduct,
  options: ArticleMappingOptions = {},
): Result<{ articles: ArticleDraft[] }> {
  const priceList = options.priceList ?? 'A';
  const errors: DomainError[] = [];
  const firstImage = product.images[0]?.url ?? null;

  const netPrice = (gross: number | null, articleNumber: string): FortnoxPrice | null => {
    if (gross === null) return null;
    if (product.taxRate === null || !isSwedishVatRate(product.taxRate)) return null; // reported once below
    const price = fromOre(netOfGross(toOre(gross), product.taxRate));
    return { ArticleNumber: articleNumber, PriceList: priceList, Price: price, FromQuantity: 0 };
  };

  const draft = (sku: string, title: string, from: QbProduct | QbVariant, variantId: string | null): ArticleDraft => {
    const isVariant = variantId !== null;
    const stockPlace = sanitizeText(from.stockLocation ?? (isVariant ? product.stockLocation : null), MAX_STOCK_PLACE);
    const purchase = from.purchasePrice ?? (isVariant ? product.purchasePrice : null);
    const weight = grams(from.weightGrams ?? (isVariant ? product.weightGrams : null));
    const eanCode = ean(from.gtin); // never inherited: an EAN identifies exactly one variant
    const article: FortnoxArticle = {
      ArticleNumber: sku,
      Description: sanitizeText(title, MAX_DESCRIPTION) || sku,
      ...(purchase !== null ? { PurchasePrice: fromOre(toOre(purchase)) } : {}),
      ...(weight !== undefined ? { Weight: weight } : {}),
      ...(stockPlace ? { StockPlace: stockPlace } : {}),
      ...(eanCode ? { EAN: eanCode } : {}),
      ...(options.accounts && product.taxRate !== null ? articleVatFields(product.taxRate, options.accounts) : {}),
    };
    return {
      productId: product.id,
      variantId,
      article,
      price: netPrice(from.price ?? (isVariant ? product.price : null), sku),
      stock: from.stock,
      imageUrl: firstImage, // Quickbutik images belong to the product; variants show the same picture
    };
  };

  const checkSku = (sku: string | null, title: string, variantId: string | null): sku is string => {
    if (sku === null) {
      errors.push(domainError('MISSING_SKU', { productId: product.id, variantId: variantId ?? undefined, title }));
      return false;
    }
    if (!isValidArticleNumber(sku)) {
      errors.push(domainError('INVALID_ARTICLE_NUMBER', { sku, title, productId: product.id }));
      return false;
    }
    return true;
  };

  const articles: ArticleDraft[] = [];
  // A product with variants is sold as its variants: its own sku is optional then.
  if (product.sku !== null || product.variants.length === 0) {
    if (checkSku(product.sku, product.title, null)) articles.push(draft(product.sku, product.title, product, null));
  }
  for (const variant of product.variants) {
    const title = [product.title, variant.values.map((x) => x.value).join(', ')].filter(Boolean).join(' - ');
    if (checkSku(variant.sku, title, variant.id)) articles.push(draft(variant.sku, title, variant, variant.id));
  }

  errors.push(...duplicateSkus([product]));
  const hasPrice = product.price !== null || product.variants.some((v) => v.price !== null);
  if (hasPrice && product.taxRate === null) {
    errors.push(domainError('MISSING_VAT_RATE', { sku: product.sku ?? undefined, title: product.title, productId: product.id }));
  } else if (hasPrice && product.taxRate !== null && !isSwedishVatRate(product.taxRate)) {
    errors.push(domainError('VAT_RATE_NOT_IN_FORTNOX', { sku: product.sku ?? undefined, rate: product.taxRate }));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, articles };
}

/** Hashes per Fortnox call, so each is skipped when what it would send is unchanged. */
export const articleHash = (article: FortnoxArticle): string => contentHash(article);
export const priceHash = (price: FortnoxPrice | null): string => contentHash(price);
export const imageHash = (imageUrl: string | null): string => contentHash(imageUrl);

/**
 * Skus used by more than one product or variant of a shop. Fortnox article numbers are unique, so syncing both would
 * silently overwrite one article with the other: each duplicate is reported (DUPLICATE_SKU) instead.
 */
export function duplicateSkus(products: QbProduct[]): DomainError[] {
  const seen = new Map<string, string>();
  const errors: DomainError[] = [];
  const visit = (sku: string | null, label: string) => {
    if (!sku) return;
    const first = seen.get(sku);
    if (first === undefined) seen.set(sku, label);
    else errors.push(domainError('DUPLICATE_SKU', { sku, first, second: label }));
  };
  for (const p of products) {
    visit(p.sku, `${p.title} (id ${p.id})`);
    for (const v of p.variants) {
      visit(v.sku, `${p.title} - ${v.values.map((x) => x.value).join(', ')} (id ${p.id}/${v.id})`);
    }
  }
  return errors;
}
