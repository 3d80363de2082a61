import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** The project's one Database interface; one table type per table. Timestamps come back as Date. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Num = ColumnType<string, string | number, string | number>; // pg numeric/bigint arrive as strings

export interface ShopsTable {
  id: string;
  name: string;
  quickbutik_api_key_enc: string;
  webhook_secret_enc: string;
  support_key_hash: string;
  settings: ColumnType<unknown, string, string>; // JSON text in, parsed object out; validate with shopSettingsSchema
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FortnoxConnectionsTable {
  shop_id: string;
  tenant_id: string | null;
  status: 'connected' | 'reconnect_needed';
  access_token_enc: string | null;
  refresh_token_enc: string | null;
  access_expires_at: Timestamp | null;
  scope: string | null;
  last_error: string | null;
  updated_at: Timestamp;
}

export interface OauthStatesTable {
  state: string;
  shop_id: string;
  created_at: Timestamp;
  used_at: Timestamp | null;
  /** sha256 of the one-time cookie of the browser that started the flow (null: not started from a browser). */
  browser_hash: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface FortnoxRequestsTable {
  tenant_key: string;
  at: Timestamp;
}

export interface InboxTable {
  id: Generated<string>;
  shop_id: string;
  event_type: string;
  entity_id: string;
  source: ColumnType<string, string | undefined, string>;
  received_at: Timestamp;
  deliveries: ColumnType<number, number | undefined, number>;
  dispatched_at: Timestamp | null;
  dispatch_attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  workflow_id: string | null;
}

export type SyncOutcome = 'synced' | 'needs_attention' | 'skipped' | 'failed' | 'info';
export interface SyncLogTable {
  id: Generated<string>;
  shop_id: string;
  entity_type: string;
  entity_id: string;
  workflow_id: string | null;
  outcome: SyncOutcome;
  error_code: string | null;
  fortnox_code: string | null;
  fortnox_message: string | null;
  message_sv: string | null;
  message_en: string | null;
  details: ColumnType<unknown, string | null, string | null>;
  created_at: Timestamp;
}

export interface CustomerMapTable {
  shop_id: string;
  customer_key: string;
  customer_number: string;
  content_hash: string;
  updated_at: Timestamp;
}

export interface ArticleMapTable {
  shop_id: string;
  sku: string;
  product_id: string | null;
  content_hash: string;
  price_hash: string | null;
  image_hash: string | null;
  stock: number | null;
  /** The image URL last checked and the Fortnox archive file connected to the article (product sync). */
  image_url: ColumnType<string | null, string | null | undefined, string | null>;
  image_file_id: ColumnType<string | null, string | null | undefined, string | null>;
  updated_at: Timestamp;
}

/** Fortnox stock per article as read by one stock-reconciliation run (scratch data of that run). */
export interface FortnoxStockTable {
  shop_id: string;
  sku: string;
  /** null: with Lager on the quantity comes from the warehouse, this row only says the article exists. */
  quantity: Num | null;
  run_id: string;
  read_at: Timestamp;
}

export interface OrderDocumentsTable {
  shop_id: string;
  order_id: string;
  state: 'creating' | 'created' | 'skipped';
  document_type: 'invoice' | 'order';
  document_number: string | null;
  reference: string;
  attempts: ColumnType<number, number | undefined, number>;
  fortnox_total: Num | null;
  quickbutik_total: Num | null;
  booked: ColumnType<boolean, boolean | undefined, boolean>;
  received_at: Timestamp | null;
  /** When the last POST was sent whose outcome is not known yet (null: no POST in doubt). */
  posted_at: Timestamp | null;
  /** documentContentHash of what was sent (null for documents created before it was kept). */
  content_hash: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Columns every after-sale ledger row has: claim-before-post by reference, like order_documents. */
interface AfterSaleLedgerColumns {
  shop_id: string;
  order_id: string;
  /** `qb:<shop>:<order>:refund:<id>` | `…:cancel` | `…:edit:<hash>` | `…:payment` — the key searched after doubt. */
  reference: string;
  state: 'creating' | 'created' | 'skipped';
  amount: Num;
  fortnox_number: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  posted_at: Timestamp | null;
  booked: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrderCreditsTable extends AfterSaleLedgerColumns {
  kind: 'refund' | 'cancel' | 'edit' | 'order-adjustment';
  linked: ColumnType<boolean, boolean | undefined, boolean>;
  original_number: string;
}

export interface OrderPaymentsTable extends AfterSaleLedgerColumns {
  invoice_number: string;
  /** YYYY-MM-DD. */
  payment_date: string;
  mode_of_payment: string;
}

export interface ProductFactsTable {
  shop_id: string;
  product_id: string;
  tax_rate: Num | null;
  skus: string[];
  fetched_at: Timestamp;
}

export interface CatchupCursorsTable {
  shop_id: string;
  cursor: Num;
  updated_at: Timestamp;
}

/** A merchant-page session: the cookie's token is never stored, only its hash. */
export interface WebSessionsTable {
  token_hash: string;
  role: 'admin' | 'shop';
  shop_id: string | null;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface Database {
  shops: ShopsTable;
  fortnox_connections: FortnoxConnectionsTable;
  oauth_states: OauthStatesTable;
  fortnox_requests: FortnoxRequestsTable;
  inbox: InboxTable;
  sync_log: SyncLogTable;
  customer_map: CustomerMapTable;
  article_map: ArticleMapTable;
  order_documents: OrderDocumentsTable;
  order_credits: OrderCreditsTable;
  order_payments: OrderPaymentsTable;
  catchup_cursors: CatchupCursorsTable;
  product_facts: ProductFactsTable;
  fortnox_stock: FortnoxStockTable;
  web_sessions: WebSessionsTable;
}

export type Shop = Selectable<ShopsTable>;
export type NewSyncLog = Insertable<SyncLogTable>;
export type InboxRow = Selectable<InboxTable>;
export type OrderDocument = Selectable<OrderDocumentsTable>;
export type OrderDocumentUpdate = Updateable<OrderDocumentsTable>;
