import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { z } from 'zod';
import type { Db } from '../../db/connection';
import type { OrderDocument, SyncOutcome } from '../../db/database';
import { ERROR_CATALOG, isErrorCode } from '../../domain/errors';
import { searchAttributes, statusQuery, SyncStatuses, workflowIds, type SyncState, type SyncStatus } from '../../workflows/definitions';
import type { ApiDeps } from '../app';
import { requireKnownShop } from '../auth';
import { queuedSince } from '../../repositories/inbox';
import { findOrderDocument } from '../../repositories/order-documents';
import { recentEntries } from '../../repositories/sync-log';
import { toLogView } from './log';

/** Order and product ids end up in workflow ids: keep them to a safe alphabet (Quickbutik's are numeric). */
export const entityIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 characters of A–Z, a–z, 0–9, _ and -');

export const ENTITY_STATES = ['not_seen', 'running', 'needs_attention', 'synced', 'skipped', 'failed'] as const;
export type EntityState = (typeof ENTITY_STATES)[number];

const DESCRIBE_TIMEOUT_MS = 3000;
/** A query needs a worker; without one it would wait, so support gets the rest of the answer after this. */
const QUERY_TIMEOUT_MS = 1500;

/**
 * The Temporal Web UI the links point at. Optional `TEMPORAL_UI_URL` (read here, not part of the shared config: only
 * the support API links to the UI); the dev server's UI by default.
 */
export function temporalUiBase(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.TEMPORAL_UI_URL?.trim();
  if (raw && /^https?:\/\/[^\s]+$/.test(raw)) return raw.replace(/\/+$/, '');
  return 'http://127.0.0.1:8233';
}
/** `:` stays readable (order:shop:1042); everything else that could break the path is escaped. */
export const temporalUiLink = (base: string, namespace: string, workflowId: string) =>
  `${base}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId).replace(/%3A/gi, ':')}`;

// -- what Temporal knows -------------------------------------------------------------------------------------------

// The workflow's answer is validated loosely: a workflow under development must not turn the status page into a 500.
const liveStateSchema = z.object({
  status: z.enum(SyncStatuses),
  step: z.string(),
  attempts: z.number(),
  lastError: z
    .object({ code: z.string(), explanationSv: z.string(), explanationEn: z.string(), fortnoxCode: z.coerce.string().optional(), fortnoxMessage: z.string().optional() })
    .optional(),
  fortnox: z
    .object({
      customerNumber: z.string().optional(),
      documentType: z.enum(['invoice', 'order']).optional(),
      documentNumber: z.coerce.string().optional(),
      articles: z.array(z.string()).optional(),
    })
    .default({}),
  progress: z.object({ done: z.number(), total: z.number() }).optional(),
});

export type TemporalView =
  | { available: false }
  | { available: true; found: false }
  | {
      available: true;
      found: true;
      runId: string;
      type: string;
      status: string;
      startedAt: Date;
      closedAt: Date | null;
      syncStatus?: SyncStatus;
      fortnoxDocument?: string;
      /** The `status` query's answer; absent when no worker answered in time (or the run is closed). */
      live?: SyncState;
    };

/** describe (+ the `status` query for a running workflow), each with a short deadline. */
export async function inspectWorkflow(temporal: Client, workflowId: string, opts: { query: boolean }): Promise<TemporalView> {
  const handle = temporal.workflow.getHandle(workflowId);
  let d;
  try {
    d = await temporal.connection.withDeadline(Date.now() + DESCRIBE_TIMEOUT_MS, () => handle.describe());
  } catch (err) {
    if (err instanceof WorkflowNotFoundError || (err as Error)?.name === 'WorkflowNotFoundError') return { available: true, found: false };
    return { available: false };
  }
  const rawStatus = d.typedSearchAttributes.get(searchAttributes.SyncStatus);
  const view: TemporalView = {
    available: true,
    found: true,
    runId: d.runId,
    type: d.type,
    status: d.status.name,
    startedAt: d.startTime,
    closedAt: d.closeTime ?? null,
    syncStatus: (SyncStatuses as readonly string[]).includes(rawStatus ?? '') ? (rawStatus as SyncStatus) : undefined,
    fortnoxDocument: d.typedSearchAttributes.get(searchAttributes.FortnoxDocument) ?? undefined,
  };
  if (opts.query && d.status.name === 'RUNNING') {
    const answer = await temporal.connection
      .withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => handle.query(statusQuery))
      .catch(() => undefined);
    const parsed = liveStateSchema.safeParse(answer);
    if (parsed.success) view.live = parsed.data as SyncState;
  }
  return view;
}

// -- one state from Temporal + PostgreSQL ----------------------------------------------------------------------------

export interface Evidence {
  temporal: TemporalView;
  /** orders: the order_documents row */
  documentState?: OrderDocument['state'];
  /** products: the article_map has the product */
  mapped?: boolean;
  /** an undispatched inbox row waits for this entity */
  queued: boolean;
  /** newest non-info sync_log outcome */
  lastOutcome?: SyncOutcome;
}

/**
 * Temporal is the truth while it answers (the query, else the search attributes), PostgreSQL otherwise — so the
 * answer survives a stopped worker, a stopped Temporal, and runs past Temporal's retention.
 */
export function resolveState(e: Evidence): EntityState {
  const t = e.temporal;
  if (t.available && t.found) {
    if (t.live) return t.live.status;
    if (t.status === 'RUNNING') return t.syncStatus === 'needs_attention' ? 'needs_attention' : 'running';
    if (t.status === 'COMPLETED') {
      if (t.syncStatus && t.syncStatus !== 'running' && t.syncStatus !== 'needs_attention') return t.syncStatus;
      return fromDatabase(e, false) ?? 'synced';
    }
    if (t.syncStatus === 'synced' || t.syncStatus === 'skipped') return t.syncStatus;
    return 'failed'; // failed, terminated, timed out, cancelled
  }
  return fromDatabase(e, !t.available) ?? 'not_seen';
}

function fromDatabase(e: Evidence, temporalDown: boolean): EntityState | undefined {
  if (e.documentState === 'created') return 'synced';
  if (e.documentState === 'skipped') return 'skipped';
  if (e.queued) return 'running';
  // No workflow behind it: a parked entry is only still parked if Temporal may be hiding the workflow from us.
  if (e.lastOutcome === 'needs_attention') return temporalDown ? 'needs_attention' : 'failed';
  if (e.lastOutcome && e.lastOutcome !== 'info') return e.lastOutcome;
  if (e.documentState === 'creating') return temporalDown ? 'running' : 'failed';
  if (e.mapped) return 'synced';
  return undefined;
}

function notesFor(t: TemporalView): string[] {
  if (!t.available) return ['Temporal did not answer: the state comes from the database only.'];
  if (t.found && t.status === 'RUNNING' && !t.live) {
    return ['No worker answered the status query in time: step and attempts are unknown; the state comes from search attributes.'];
  }
  return [];
}

async function entityFacts(db: Db, shopId: string, entity: 'order' | 'product', entityId: string) {
  const [log, queued] = await Promise.all([
    recentEntries(db, { shopId, entityType: entity, entityId, limit: 10 }),
    queuedSince(db, shopId, entity, entityId),
  ]);
  return { log, queuedSince: queued };
}

type LogRow = Awaited<ReturnType<typeof entityFacts>>['log'][number];

function lastErrorOf(state: EntityState, t: TemporalView, log: LogRow[]) {
  const withTitle = (code: string) => (isErrorCode(code) ? { titleSv: ERROR_CATALOG[code].titleSv, titleEn: ERROR_CATALOG[code].titleEn } : { titleSv: null, titleEn: null });
  if (t.available && t.found && t.live) {
    const e = t.live.lastError;
    return e
      ? { code: e.code, ...withTitle(e.code), explanationSv: e.explanationSv, explanationEn: e.explanationEn, fortnoxCode: e.fortnoxCode ?? null, fortnoxMessage: e.fortnoxMessage ?? null }
      : null;
  }
  if (state !== 'needs_attention' && state !== 'failed' && state !== 'skipped') return null;
  const row = log.find((r) => r.error_code);
  if (!row?.error_code) return null;
  return {
    code: row.error_code,
    ...withTitle(row.error_code),
    explanationSv: row.message_sv,
    explanationEn: row.message_en,
    fortnoxCode: row.fortnox_code,
    fortnoxMessage: row.fortnox_message,
  };
}

const lastOutcomeOf = (log: LogRow[]) => log.find((r) => r.outcome !== 'info')?.outcome;

function workflowView(t: TemporalView, workflowId: string, uiUrl: string) {
  const base = { id: workflowId, uiUrl };
  if (!t.available) return { ...base, exists: null, runId: null, temporalStatus: null, startedAt: null, closedAt: null };
  if (!t.found) return { ...base, exists: false, runId: null, temporalStatus: null, startedAt: null, closedAt: null };
  return { ...base, exists: true, runId: t.runId, temporalStatus: t.status, startedAt: t.startedAt, closedAt: t.closedAt };
}

/** "invoice:1042" → its parts (the FortnoxDocument search attribute). */
function parseDocumentAttr(attr: string | undefined) {
  const m = attr ? /^(invoice|order):(.+)$/.exec(attr) : null;
  return m ? { documentType: m[1] as 'invoice' | 'order', documentNumber: m[2]! } : undefined;
}

/** Support's view of one order or product: state, step, attempts, last error explained, Fortnox references, log. */
export function statusRouter(deps: ApiDeps): Router {
  const router = Router();

  router.get('/shops/:shopId/orders/:orderId', ...requireKnownShop(deps), async (req, res) => {
    res.json(await orderStatus(deps, String(req.params.shopId), entityIdSchema.parse(req.params.orderId)));
  });

  router.get('/shops/:shopId/products/:productId', ...requireKnownShop(deps), async (req, res) => {
    res.json(await productStatus(deps, String(req.params.shopId), entityIdSchema.parse(req.params.productId)));
  });

  return router;
}

type StatusDeps = Pick<ApiDeps, 'db' | 'temporal' | 'config'>;
const link = (config: StatusDeps['config'], workflowId: string) => temporalUiLink(temporalUiBase(), config.TEMPORAL_NAMESPACE, workflowId);

/** The Fortnox customer the order's document went to, as the synced log entry recorded it. */
function customerNumberOf(log: LogRow[]): string | null {
  for (const r of log) {
    const n = (r.details as { customerNumber?: unknown } | null)?.customerNumber;
    if (typeof n === 'string' && n) return n;
  }
  return null;
}

/** Support's view of one order (the API's answer and the merchant page's order page). */
export async function orderStatus({ db, temporal, config }: StatusDeps, shopId: string, orderId: string) {
  const workflowId = workflowIds.order(shopId, orderId);
  const [t, facts, doc] = await Promise.all([
    inspectWorkflow(temporal, workflowId, { query: true }),
    entityFacts(db, shopId, 'order', orderId),
    findOrderDocument(db, shopId, orderId),
  ]);
  const state = resolveState({ temporal: t, documentState: doc?.state, queued: !!facts.queuedSince, lastOutcome: lastOutcomeOf(facts.log) });
  const live = t.available && t.found ? t.live : undefined;
  const fromAttr = t.available && t.found ? parseDocumentAttr(t.fortnoxDocument) : undefined;
  const documentType = live?.fortnox.documentType ?? fromAttr?.documentType ?? doc?.document_type ?? null;
  const documentNumber = live?.fortnox.documentNumber ?? fromAttr?.documentNumber ?? doc?.document_number ?? null;
  return {
    shopId,
    orderId,
    state,
    step: live?.step ?? (state === 'running' && facts.queuedSince && !(t.available && t.found && t.status === 'RUNNING') ? 'queued' : null),
    attempts: live?.attempts ?? doc?.attempts ?? null,
    lastError: lastErrorOf(state, t, facts.log),
    fortnox: {
      documentType,
      documentNumber,
      customerNumber: live?.fortnox.customerNumber ?? customerNumberOf(facts.log),
      reference: doc?.reference ?? null,
      booked: doc?.booked ?? null,
      fortnoxTotal: doc?.fortnox_total ?? null,
      quickbutikTotal: doc?.quickbutik_total ?? null,
    },
    receivedAt: doc?.received_at ?? facts.queuedSince,
    workflow: workflowView(t, workflowId, link(config, workflowId)),
    temporal: t.available ? 'up' : 'unavailable',
    notes: notesFor(t),
    log: facts.log.map(toLogView),
  };
}

/** Support's view of one product. */
export async function productStatus({ db, temporal, config }: StatusDeps, shopId: string, productId: string) {
  const workflowId = workflowIds.product(shopId, productId);
  const [t, facts, articles] = await Promise.all([
    inspectWorkflow(temporal, workflowId, { query: true }),
    entityFacts(db, shopId, 'product', productId),
    db.selectFrom('article_map').select(['sku', 'updated_at']).where('shop_id', '=', shopId).where('product_id', '=', productId).orderBy('sku').execute(),
  ]);
  const state = resolveState({ temporal: t, mapped: articles.length > 0, queued: !!facts.queuedSince, lastOutcome: lastOutcomeOf(facts.log) });
  const live = t.available && t.found ? t.live : undefined;
  return {
    shopId,
    productId,
    state,
    step: live?.step ?? (state === 'running' && facts.queuedSince && !(t.available && t.found && t.status === 'RUNNING') ? 'queued' : null),
    attempts: live?.attempts ?? null,
    lastError: lastErrorOf(state, t, facts.log),
    fortnox: {
      articles: live?.fortnox.articles ?? articles.map((a) => a.sku),
      document: t.available && t.found ? (t.fortnoxDocument ?? null) : null,
      lastSyncedAt: articles.length ? new Date(Math.max(...articles.map((a) => new Date(a.updated_at).getTime()))) : null,
    },
    receivedAt: facts.queuedSince,
    workflow: workflowView(t, workflowId, link(config, workflowId)),
    temporal: t.available ? 'up' : 'unavailable',
    notes: notesFor(t),
    log: facts.log.map(toLogView),
  };
}
