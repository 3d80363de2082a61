import { Router } from 'express';
import { ensureShopSchedules } from '../../schedules';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Db } from '../../db/connection';
import { mergeSettings, shopSettingsPatchSchema, shopSettingsSchema, type ShopSettings, type ShopSettingsPatch } from '../../domain/settings';
import { isFortnoxError, type FortnoxApi } from '../../fortnox';
import { ShopExistsError, webhookUrlFor } from '../../repositories/shops';
import type { ApiDeps } from '../app';
import { requireAdmin, requireKnownShop } from '../auth';
import { HttpError } from '../http-error';
import { connectionStatus, connectionStatuses } from '../../repositories/fortnox-connections';
import { countByState } from '../../repositories/order-documents';

/** Shop ids end up in workflow ids and visibility queries: keep them to a safe alphabet. */
export const shopIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 characters of A–Z, a–z, 0–9, _ and -');

export const createShopBody = z.strictObject({
  id: shopIdSchema,
  name: z.string().trim().min(1).max(200),
  quickbutikApiKey: z.string().min(1).max(500),
  settings: shopSettingsSchema.optional(),
});

/** The PATCH body (the domain's merge-patch schema; strict). */
export const settingsPatchBody = shopSettingsPatchSchema;

/** Unknown settings keys get their own message (with the known keys), the rest reads like any zod error. */
function parseSettingsPatch(body: unknown): ShopSettingsPatch {
  const parsed = shopSettingsPatchSchema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const unknown = parsed.error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys' ? i.keys.map((k) => [...i.path, k].join('.')) : [],
  );
  if (unknown.length) {
    throw new HttpError(
      400,
      `Unknown setting${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Known settings: ${Object.keys(shopSettingsPatchSchema.shape).join(', ')}.`,
    );
  }
  throw parsed.error;
}

// -- checks against the connected Fortnox company ---------------------------------------------------------------

interface RegisterEntry {
  code: string;
  active: boolean;
}
const REGISTERS = {
  costCenters: { label: 'cost center', load: (api: FortnoxApi) => api.getCostCenters().then((l) => l.map((c) => ({ code: c.Code, active: c.Active !== false }))) },
  accounts: { label: 'account', load: (api: FortnoxApi) => api.getAccounts().then((l) => l.map((a) => ({ code: String(a.Number), active: a.Active !== false }))) },
  waysOfDelivery: { label: 'way of delivery', load: (api: FortnoxApi) => api.getWaysOfDelivery().then((l) => l.map((w) => ({ code: w.Code, active: true }))) },
  modesOfPayment: { label: 'mode of payment', load: (api: FortnoxApi) => api.getModesOfPayment().then((l) => l.map((m) => ({ code: m.Code, active: true }))) },
  priceLists: { label: 'price list', load: (api: FortnoxApi) => api.getPriceLists().then((l) => l.map((p) => ({ code: p.Code, active: true }))) },
  termsOfPayment: { label: 'terms of payment', load: (api: FortnoxApi) => api.getTermsOfPayments().then((l) => l.map((t) => ({ code: t.Code, active: true }))) },
} satisfies Record<string, { label: string; load: (api: FortnoxApi) => Promise<RegisterEntry[]> }>;
type RegisterName = keyof typeof REGISTERS;

interface Check {
  path: string;
  register: RegisterName;
  value: string;
}

/** The values in the patch that name something in Fortnox (only those the patch sets: old values were checked before). */
function checksFor(patch: ShopSettingsPatch): Check[] {
  const checks: Check[] = [];
  if (typeof patch.costCenter === 'string') checks.push({ path: 'costCenter', register: 'costCenters', value: patch.costCenter });
  for (const [k, v] of Object.entries(patch.accounts ?? {})) if (typeof v === 'number') checks.push({ path: `accounts.${k}`, register: 'accounts', value: String(v) });
  for (const [k, v] of Object.entries(patch.wayOfDelivery ?? {})) if (v) checks.push({ path: `wayOfDelivery.${k}`, register: 'waysOfDelivery', value: v });
  for (const [k, v] of Object.entries(patch.paymentMethods ?? {})) if (v) checks.push({ path: `paymentMethods.${k}`, register: 'modesOfPayment', value: v });
  if (patch.priceList) checks.push({ path: 'priceList', register: 'priceLists', value: patch.priceList });
  if (patch.termsOfPayment) checks.push({ path: 'termsOfPayment', register: 'termsOfPayment', value: patch.termsOfPayment });
  return checks;
}

async function checkAgainstFortnox(api: FortnoxApi, checks: Check[]) {
  const problems: Array<{ path: string; message: string }> = [];
  const warnings: string[] = [];
  const names = [...new Set(checks.map((c) => c.register))];
  const loaded = new Map<RegisterName, RegisterEntry[]>();
  const results = await Promise.allSettled(names.map((n) => REGISTERS[n].load(api)));
  results.forEach((r, i) => {
    const name = names[i]!;
    if (r.status === 'fulfilled') return void loaded.set(name, r.value);
    const paths = checks.filter((c) => c.register === name).map((c) => c.path).join(', ');
    const why = isFortnoxError(r.reason) && r.reason.kind === 'reconnect' ? 'the Fortnox connection must be renewed' : 'Fortnox did not answer';
    warnings.push(`${paths} not checked against Fortnox: ${why}.`);
  });
  for (const c of checks) {
    const list = loaded.get(c.register);
    if (!list) continue;
    const { label } = REGISTERS[c.register];
    const hit = list.find((e) => e.code === c.value);
    if (!hit) {
      const known = list.map((e) => e.code).slice(0, 15).join(', ');
      problems.push({ path: c.path, message: `${label} "${c.value}" does not exist in the connected Fortnox company${known ? ` (it has: ${known}${list.length > 15 ? ', …' : ''})` : ''}` });
    } else if (!hit.active) {
      problems.push({ path: c.path, message: `${label} "${c.value}" is inactive in the connected Fortnox company; activate it in Fortnox or pick another` });
    }
  }
  return { problems, warnings };
}

// -- counts ------------------------------------------------------------------------------------------------------

/** Parked workflows of a type for a shop (Temporal visibility), or null when Temporal does not answer in time. */
export async function countParked(temporal: Client, shopId: string, workflowType: string): Promise<number | null> {
  const query = `ShopId = '${shopId}' AND WorkflowType = '${workflowType}' AND SyncStatus = 'needs_attention' AND ExecutionStatus = 'Running'`;
  try {
    const { count } = await temporal.connection.withDeadline(Date.now() + 2000, () => temporal.workflow.count(query));
    return count;
  } catch {
    return null;
  }
}


// -- changes ---------------------------------------------------------------------------------------------------

/**
 * The shop's catch-up and stock schedules follow its settings. When Temporal cannot be reached the change still
 * stands: every worker reconciles all shops' schedules when it starts, and the answer says so.
 */
async function updateSchedules(deps: ApiDeps, shopId: string, settings: ShopSettings): Promise<string[]> {
  try {
    await ensureShopSchedules(deps.temporal, deps.config, { id: shopId, settings });
    return [];
  } catch (err) {
    deps.logger.warn({ shopId, err: (err as Error).message }, 'schedules not updated');
    return ['Temporal did not answer, so the catch-up/stock schedules were not updated now; a worker does it when it starts.'];
  }
}

/**
 * A settings merge-patch (validated by the domain schema, values that name Fortnox registers checked against the
 * connected company), stored, schedules updated, logged. Used by the API and the merchant page.
 */
export async function applySettingsPatch(deps: ApiDeps, shopId: string, body: unknown, by?: string) {
  const { db, fortnox, syncLog } = deps;
  const patch = parseSettingsPatch(body);
  const checks = checksFor(patch);
  const warnings: string[] = [];
  if (checks.length) {
    const connection = await connectionStatus(db, shopId);
    if (connection.status === 'connected') {
      const result = await checkAgainstFortnox(fortnox.forShop(shopId), checks);
      if (result.problems.length) {
        throw new HttpError(400, result.problems.map((p) => `${p.path}: ${p.message}`).join('; '), result.problems);
      }
      warnings.push(...result.warnings);
    } else {
      const what = connection.status === 'reconnect_needed' ? 'needs to be reconnected' : 'is not connected';
      warnings.push(`Fortnox ${what}, so ${checks.map((c) => c.path).join(', ')} ${checks.length > 1 ? 'were' : 'was'} not checked against the Fortnox company.`);
    }
  }
  // Merge under a row lock (after the slow Fortnox checks, which only look at the patch) so concurrent PATCHes
  // of different keys both land.
  const settings = await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('shops').select('settings').where('id', '=', shopId).forUpdate().executeTakeFirst();
    if (!row) throw new HttpError(404, 'Shop not found.');
    const next = mergeSettings(shopSettingsSchema.parse(row.settings), patch);
    await trx.updateTable('shops').set({ settings: JSON.stringify(next), updated_at: new Date() }).where('id', '=', shopId).execute();
    return next;
  });
  warnings.push(...(await updateSchedules(deps, shopId, settings)));
  await syncLog.write({
    shopId, entityType: 'shop', entityId: shopId, outcome: 'info',
    messageSv: `Inställningar ändrade: ${Object.keys(patch).join(', ') || 'inga'}.`,
    messageEn: `Settings changed: ${Object.keys(patch).join(', ') || 'none'}.`,
    details: { changed: Object.keys(patch), by },
  });
  return { settings, warnings };
}

// -- router ------------------------------------------------------------------------------------------------------

/** Shop administration (fixed contract). Secrets leave only once: at creation and on webhook-secret rotation. */
export function shopsRouter(deps: ApiDeps): Router {
  const { shops, config, db, temporal, fortnox, syncLog } = deps;
  const router = Router();
  const admin = requireAdmin(deps);
  const shopAccess = requireKnownShop(deps);

  const schedulesFor = (shopId: string, settings: ShopSettings) => updateSchedules(deps, shopId, settings);

  router.post('/shops', admin, async (req, res) => {
    const body = createShopBody.parse(req.body);
    try {
      const created = await shops.create(body);
      const warnings = await schedulesFor(created.id, created.settings);
      res.status(201).json({
        id: created.id,
        webhookUrl: webhookUrlFor(config.PUBLIC_URL, created.id, created.webhookSecret),
        supportApiKey: created.supportApiKey,
        ...(warnings.length ? { warnings } : {}),
      });
    } catch (err) {
      if (err instanceof ShopExistsError) throw new HttpError(409, err.message);
      throw err;
    }
  });

  router.get('/shops', admin, async (_req, res) => {
    const [list, status] = await Promise.all([shops.list(), connectionStatuses(db)]);
    res.json({
      shops: list.map((s) => ({ id: s.id, name: s.name, fortnox: { status: status.get(s.id) ?? 'not_connected' }, createdAt: s.createdAt })),
    });
  });

  router.get('/shops/:shopId', ...shopAccess, async (req, res) => {
    const shopId = String(req.params.shopId);
    const shop = await shops.get(shopId);
    if (!shop) throw new HttpError(404, 'Shop not found.');
    const [connection, orders, parkedOrders, parkedProducts] = await Promise.all([
      connectionStatus(db, shopId),
      countByState(db, shopId),
      countParked(temporal, shopId, 'orderSyncWorkflow'),
      countParked(temporal, shopId, 'productSyncWorkflow'),
    ]);
    res.json({
      id: shop.id,
      name: shop.name,
      settings: shop.settings,
      fortnox: connection,
      // parked: null when Temporal did not answer within 2 s (the rest still comes from PostgreSQL)
      orders: { ...orders, parked: parkedOrders },
      products: { parked: parkedProducts },
      createdAt: shop.createdAt,
      updatedAt: shop.updatedAt,
    });
  });

  router.patch('/shops/:shopId/settings', ...shopAccess, async (req, res) => {
    res.json(await applySettingsPatch(deps, String(req.params.shopId), req.body, req.caller?.kind));
  });

  router.post('/shops/:shopId/webhook-secret', admin, async (req, res) => {
    z.strictObject({}).optional().parse(req.body);
    const shopId = String(req.params.shopId);
    if (!(await shops.get(shopId))) throw new HttpError(404, 'Shop not found.');
    const secret = await shops.rotateWebhookSecret(shopId);
    await syncLog.write({
      shopId, entityType: 'shop', entityId: shopId, outcome: 'info',
      messageSv: 'Ny webhook-hemlighet: uppdatera webhook-adressen i Quickbutik.',
      messageEn: 'Webhook secret rotated: update the webhook URL in Quickbutik.',
    });
    res.json({ webhookUrl: webhookUrlFor(config.PUBLIC_URL, shopId, secret) });
  });

  return router;
}
