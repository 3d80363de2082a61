// What the pages read beyond the API's own functions: period counts, the parked list, the Fortnox registers.
import { sql } from 'kysely';
import type { ApiDeps } from '../api/app';
import { connectionStatus } from '../repositories/fortnox-connections';
import { countParked } from '../api/routes/shops';
import { DEFAULT_RATE_LIMIT, requestsInWindow } from '../fortnox/rate-limiter';
import { searchAttributes } from '../workflows/definitions';
import type { Choices } from './settings-form';

export type Counts = Record<'synced' | 'skipped' | 'needs_attention', { today: number; month: number }>;

/**
 * Orders and products that reached an outcome today / this month (Stockholm calendar), from the sync log: an entity
 * counts once per outcome and period however many log entries it has.
 */
export async function periodCounts(deps: Pick<ApiDeps, 'db'>, shopId: string): Promise<Counts> {
  const day = sql`(date_trunc('day', now() at time zone 'Europe/Stockholm') at time zone 'Europe/Stockholm')`;
  const month = sql`(date_trunc('month', now() at time zone 'Europe/Stockholm') at time zone 'Europe/Stockholm')`;
  const { rows } = await sql<{ outcome: string; today: number; month: number }>`
    select outcome,
      count(distinct entity_type || ':' || entity_id) filter (where created_at >= ${day})::int as today,
      count(distinct entity_type || ':' || entity_id)::int as month
    from sync_log
    where shop_id = ${shopId} and entity_type in ('order', 'product')
      and outcome in ('synced', 'skipped', 'needs_attention') and created_at >= ${month}
    group by outcome`.execute(deps.db);
  const zero = { today: 0, month: 0 };
  const by = Object.fromEntries(rows.map((r) => [r.outcome, { today: r.today, month: r.month }]));
  return { synced: by.synced ?? zero, skipped: by.skipped ?? zero, needs_attention: by.needs_attention ?? zero };
}

/** Running workflows of the shop by sync status (Temporal visibility); null when Temporal does not answer in 2 s. */
async function countRunning(deps: Pick<ApiDeps, 'temporal'>, shopId: string): Promise<number | null> {
  const query = `ShopId = '${shopId}' AND ExecutionStatus = 'Running' AND SyncStatus = 'running'`;
  try {
    const { count } = await deps.temporal.connection.withDeadline(Date.now() + 2000, () => deps.temporal.workflow.count(query));
    return count;
  } catch {
    return null;
  }
}

export async function overviewData(deps: ApiDeps, shopId: string) {
  const connection = await connectionStatus(deps.db, shopId);
  const [counts, parkedOrders, parkedProducts, inFlight, rateUsed] = await Promise.all([
    periodCounts(deps, shopId),
    countParked(deps.temporal, shopId, 'orderSyncWorkflow'),
    countParked(deps.temporal, shopId, 'productSyncWorkflow'),
    countRunning(deps, shopId),
    requestsInWindow(deps.db, connection.tenantId ?? shopId),
  ]);
  return {
    connection,
    counts,
    parkedNow: parkedOrders === null || parkedProducts === null ? null : parkedOrders + parkedProducts,
    inFlight,
    rate: { used: rateUsed, limit: DEFAULT_RATE_LIMIT.limit, windowSeconds: DEFAULT_RATE_LIMIT.windowMs / 1000 },
  };
}

export interface ParkedItem {
  entity: 'order' | 'product';
  entityId: string;
  workflowId: string;
  since: Date;
}

/** Parked order and product workflows of the shop (the same search the Temporal UI filter uses), newest first. */
export async function parkedItems(deps: Pick<ApiDeps, 'temporal'>, shopId: string, max = 200): Promise<ParkedItem[] | null> {
  const query = `ShopId = '${shopId}' AND SyncStatus = 'needs_attention' AND ExecutionStatus = 'Running'`;
  try {
    return await deps.temporal.connection.withDeadline(Date.now() + 3000, async () => {
      const out: ParkedItem[] = [];
      for await (const wf of deps.temporal.workflow.list({ query })) {
        const entity = wf.type === 'orderSyncWorkflow' ? 'order' : wf.type === 'productSyncWorkflow' ? 'product' : null;
        const entityId = wf.typedSearchAttributes.get(searchAttributes.EntityId) ?? wf.workflowId.split(':').pop()!;
        if (entity) out.push({ entity, entityId, workflowId: wf.workflowId, since: wf.startTime });
        if (out.length >= max) break;
      }
      return out;
    });
  } catch {
    return null;
  }
}

/** The newest parking explanation per entity (sync log), for the parked list. */
export async function parkingReasons(deps: Pick<ApiDeps, 'db'>, shopId: string, items: ParkedItem[]) {
  if (!items.length) return new Map<string, { code: string | null; sv: string | null; en: string | null; at: Date }>();
  const rows = await deps.db
    .selectFrom('sync_log')
    .select(['entity_type', 'entity_id', 'error_code', 'message_sv', 'message_en', 'created_at'])
    .distinctOn(['entity_type', 'entity_id'])
    .where('shop_id', '=', shopId)
    .where('outcome', '=', 'needs_attention')
    .where('entity_id', 'in', items.map((i) => i.entityId))
    .orderBy('entity_type').orderBy('entity_id').orderBy('id', 'desc')
    .execute();
  return new Map(rows.map((r) => [`${r.entity_type}:${r.entity_id}`, { code: r.error_code, sv: r.message_sv, en: r.message_en, at: r.created_at }]));
}

/**
 * The registers the settings name, read from the connected Fortnox company (each a Fortnox call on the shop's
 * budget); a register Fortnox does not give is left out and its field falls back to a text box.
 */
export async function fortnoxChoices(deps: Pick<ApiDeps, 'fortnox'>, shopId: string): Promise<Choices> {
  const api = deps.fortnox.forShop(shopId);
  const named = (code: string, description?: string | null) => ({ value: code, label: description ? `${code} – ${description}` : code });
  const loaders = {
    accounts: () => api.getAccounts().then((l) => l.filter((a) => a.Active !== false).map((a) => named(String(a.Number), a.Description))),
    costCenter: () => api.getCostCenters().then((l) => l.filter((c) => c.Active !== false).map((c) => named(c.Code, c.Description))),
    wayOfDelivery: () => api.getWaysOfDelivery().then((l) => l.map((w) => named(w.Code, w.Description))),
    paymentMethods: () => api.getModesOfPayment().then((l) => l.map((m) => named(m.Code, m.Description))),
    priceList: () => api.getPriceLists().then((l) => l.map((p) => named(p.Code, p.Description))),
    termsOfPayment: () => api.getTermsOfPayments().then((l) => l.map((p) => named(p.Code, p.Description))),
  } satisfies Record<keyof Choices, () => Promise<Array<{ value: string; label: string }>>>;
  const keys = Object.keys(loaders) as Array<keyof Choices>;
  const results = await Promise.allSettled(keys.map((k) => loaders[k]()));
  const out: Choices = {};
  results.forEach((r, i) => { if (r.status === 'fulfilled') out[keys[i]!] = r.value; });
  return out;
}
