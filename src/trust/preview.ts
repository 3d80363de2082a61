// Dry run of one order: everything the order sync would do up to the POST, read-only. The same pure mapping
// (mapOrderToDocument, mapCustomer) as the workflow, fed from the same sources (Quickbutik, the product facts the
// sync remembered, the Fortnox company's registers), so the document shown is the document a real sync posts.
// Nothing is written: no Fortnox write, no mapping row, no product-facts row.
import { sql } from 'kysely';
import type { RegistryCache } from '../activities/fortnox-registry';
import type { Db } from '../db/connection';
import { resolveAccounts } from '../domain/accounts';
import { customerHash, customerKey, mapCustomer, type FortnoxCustomer } from '../domain/customer';
import { explainError, type DomainError } from '../domain/errors';
import { wrapDocument, type DocumentType } from '../domain/fortnox-document';
import { mapOrderToDocument } from '../domain/order-mapping';
import { taxRatesFromProducts } from '../domain/order-lines';
import type { ShopSettings } from '../domain/settings';
import { vatSummary, type VatSummary } from '../domain/vat-summary';
import type { FortnoxClient } from '../fortnox';
import type { QbOrder, QbProduct } from '../quickbutik/types';

export interface PreviewReader {
  getOrder(shopId: string, orderId: string): Promise<QbOrder | null>;
  getProduct(shopId: string, productId: string): Promise<QbProduct | null>;
}

export interface PreviewDeps {
  db: Db;
  fortnox: FortnoxClient;
  quickbutik: PreviewReader;
  registry: RegistryCache;
}

export interface PreviewCheck {
  id: string;
  messageSv: string;
  messageEn: string;
}

export type CustomerAction = 'none' | 'update' | 'create';

export type OrderPreview =
  | {
      ok: true;
      orderId: string;
      documentType: DocumentType;
      /** The exact body the sync would POST (`Invoice`/`Order` contents); CustomerNumber null = a new card. */
      document: Record<string, unknown>;
      /**
       * The card the document goes to and what the sync would do to it. Only the fields that decide the bookkeeping
       * are shown with their values; name, address, e-mail and phone are named, not repeated (personal data).
       */
      customer: { action: CustomerAction; customerNumber: string | null; type: string; vatType: string; countryCode: string; fields: string[] };
      accounts: number[];
      vat: VatSummary;
      totals: { document: number; quickbutik: number; currency: string };
      /** Already in Fortnox: a real sync would not post again. */
      existing: { documentType: DocumentType; documentNumber: string } | null;
      checks: PreviewCheck[];
    }
  | { ok: false; orderId: string; errors: Array<{ code: string; explanationSv: string; explanationEn: string }> };

/** Product facts the sync trusts without asking Quickbutik again (kept equal to the order activities' TTL). */
const PRODUCT_FACTS_TTL = '1 day';

export class OrderNotFound extends Error {}
const NEW_CUSTOMER = 'NEW';

export function createOrderPreview(deps: PreviewDeps) {
  const { db, fortnox, quickbutik, registry } = deps;

  async function taxRates(shopId: string, order: QbOrder): Promise<Record<string, number>> {
    const productIds = [...new Set(order.rows.map((r) => r.productId).filter((id): id is string => !!id))];
    if (productIds.length === 0) return {};
    const known = await db.selectFrom('product_facts').selectAll().where('shop_id', '=', shopId).where('product_id', 'in', productIds)
      .where('fetched_at', '>', sql<Date>`now() - ${PRODUCT_FACTS_TTL}::interval`).execute();
    const rates: Record<string, number> = {};
    const have = new Set<string>();
    for (const f of known) {
      if (f.tax_rate === null) continue;
      have.add(f.product_id);
      rates[`product:${f.product_id}`] = Number(f.tax_rate);
      for (const sku of f.skus) rates[sku] = Number(f.tax_rate);
    }
    const missing = productIds.filter((id) => !have.has(id));
    const products = (await Promise.all(missing.map((id) => quickbutik.getProduct(shopId, id)))).filter((p): p is QbProduct => !!p);
    return { ...rates, ...taxRatesFromProducts(products) };
  }

  /** Which card the order would use, and whether the sync would create or update it (read-only lookups). */
  async function customerFor(shopId: string, order: QbOrder, card: FortnoxCustomer): Promise<{ action: CustomerAction; customerNumber: string | null }> {
    const key = customerKey(order);
    const mapped = await db.selectFrom('customer_map').selectAll().where('shop_id', '=', shopId).where('customer_key', '=', key).executeTakeFirst();
    if (mapped) return { action: mapped.content_hash === customerHash(card) ? 'none' : 'update', customerNumber: mapped.customer_number };
    const found = card.Email ? await fortnox.forShop(shopId).findCustomersByEmail(card.Email) : [];
    const match = found[0];
    if (!match?.CustomerNumber) return { action: 'create', customerNumber: null };
    const differs = Object.entries(card).some(([k, v]) => v !== undefined && String((match as Record<string, unknown>)[k] ?? '') !== String(v));
    return { action: differs ? 'update' : 'none', customerNumber: String(match.CustomerNumber) };
  }

  const failed = (orderId: string, errors: DomainError[]): OrderPreview => ({
    ok: false,
    orderId,
    errors: errors.map((e) => {
      const x = explainError(e.code, e.params);
      return { code: e.code, explanationSv: x.explanationSv, explanationEn: x.explanationEn };
    }),
  });

  return {
    /**
     * Net + VAT per rate as the sync books this order (null when it could not be mapped). No customer lookup: the
     * card does not change the figures, only the customer's VAT type does, and that comes from the order itself.
     */
    async expectedVat(shopId: string, order: QbOrder, settings: ShopSettings): Promise<VatSummary | null> {
      const customer = mapCustomer(order);
      if (!customer.ok) return null;
      const [taxRateBySku, registers] = await Promise.all([taxRates(shopId, order), registry.get(shopId, fortnox.forShop(shopId))]);
      const mapped = mapOrderToDocument(order, {
        shopId, settings, documentType: settings.documentType, customerNumber: NEW_CUSTOMER, customerVatType: customer.customer.VATType,
        taxRateBySku, accounts: resolveAccounts(settings.accounts, registers.predefinedAccounts), enabledCurrencies: registers.currencies,
      });
      if (!mapped.ok) return null;
      return vatSummary(mapped.document.rows.map((r) => ({ price: r.Price, quantity: r.DeliveredQuantity, vat: r.VAT })), mapped.document.VATIncluded);
    },

    /** Throws OrderNotFound when Quickbutik has no such order. */
    async preview(shopId: string, orderId: string, settings: ShopSettings): Promise<OrderPreview> {
      const order = await quickbutik.getOrder(shopId, orderId);
      if (!order) throw new OrderNotFound(`Quickbutik has no order ${orderId}`);
      const doc = await db.selectFrom('order_documents').selectAll().where('shop_id', '=', shopId).where('order_id', '=', orderId).executeTakeFirst();
      const existing = doc?.state === 'created' && doc.document_number ? { documentType: doc.document_type, documentNumber: doc.document_number } : null;

      const customer = mapCustomer(order);
      if (!customer.ok) return failed(orderId, customer.errors);
      const api = fortnox.forShop(shopId);
      const [taxRateBySku, registers, card] = await Promise.all([
        taxRates(shopId, order),
        registry.get(shopId, api),
        customerFor(shopId, order, customer.customer),
      ]);
      const mapped = mapOrderToDocument(order, {
        shopId,
        settings,
        documentType: settings.documentType,
        // A card to create gets its number from Fortnox; a placeholder lets the document be checked meanwhile.
        customerNumber: card.customerNumber ?? NEW_CUSTOMER,
        customerVatType: customer.customer.VATType,
        taxRateBySku,
        accounts: resolveAccounts(settings.accounts, registers.predefinedAccounts),
        enabledCurrencies: registers.currencies,
      });
      if (!mapped.ok) return failed(orderId, mapped.errors);

      const body = Object.values(wrapDocument(mapped.documentType, mapped.document))[0]!;
      const rows = mapped.document.rows;
      return {
        ok: true,
        orderId,
        documentType: mapped.documentType,
        document: { ...body, CustomerNumber: card.customerNumber },
        customer: {
          ...card,
          type: customer.customer.Type,
          vatType: customer.customer.VATType,
          countryCode: customer.customer.CountryCode ?? '',
          fields: Object.keys(customer.customer).filter((k) => customer.customer[k as keyof FortnoxCustomer] !== undefined).sort(),
        },
        accounts: [...new Set(rows.map((r) => r.AccountNumber))].sort((a, b) => a - b),
        vat: vatSummary(rows.map((r) => ({ price: r.Price, quantity: r.DeliveredQuantity, vat: r.VAT })), mapped.document.VATIncluded),
        totals: { document: mapped.checks.documentTotal, quickbutik: mapped.checks.quickbutikTotal, currency: order.currency },
        existing,
        checks: [
          { id: 'sendable', messageSv: 'Ordern är betald, har rader och ett datum.', messageEn: 'The order is paid and has rows and a date.' },
          { id: 'customer', messageSv: 'Kundkortet är giltigt för Fortnox.', messageEn: 'The customer card is valid for Fortnox.' },
          { id: 'currency', messageSv: `Valutan ${order.currency} finns i Fortnox.`, messageEn: `Currency ${order.currency} is enabled in Fortnox.` },
          { id: 'accounts', messageSv: 'Varje rad har ett konto och en momssats.', messageEn: 'Every row has an account and a VAT rate.' },
          {
            id: 'total',
            messageSv: `Raderna summerar till ${mapped.checks.documentTotal}, kunden betalade ${mapped.checks.quickbutikTotal} (inom avrundning).`,
            messageEn: `The rows add up to ${mapped.checks.documentTotal}; the customer paid ${mapped.checks.quickbutikTotal} (within rounding).`,
          },
          { id: 'limits', messageSv: 'Dokumentet håller sig inom Fortnox gränser (rader, fältlängder).', messageEn: "The document is within Fortnox's limits (rows, field lengths)." },
        ],
      };
    },
  };
}
export type OrderPreviewService = ReturnType<typeof createOrderPreview>;
