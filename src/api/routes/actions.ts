import { Router } from 'express';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/client';
import { TypedSearchAttributes, WorkflowNotFoundError } from '@temporalio/common';
import { z } from 'zod';
import { retrySignal, searchAttributes, skipSignal, workflowIds } from '../../workflows/definitions';
import { startOrderSync, startProductSync } from '../../workflows/starters';
import type { ApiDeps } from '../app';
import { requireKnownShop } from '../auth';
import { HttpError } from '../http-error';
import { requireTemporal } from '../temporal-guard';
import { entityIdSchema, inspectWorkflow } from './status';

export const MAX_RESEND_DAYS = 92;
const DAY_MS = 86_400_000;

/** Actions take no body; an empty object is fine, anything else is a mistake worth reporting. */
export const emptyBody = z.strictObject({}).optional();

export const resendBody = z
  .strictObject({
    from: z.iso.date('must be a date, e.g. 2026-01-01'),
    to: z.iso.date('must be a date, e.g. 2026-01-31'),
  })
  .refine((b) => b.from <= b.to, { message: '"from" must not be after "to"', path: ['to'] })
  .refine((b) => (Date.parse(b.to) - Date.parse(b.from)) / DAY_MS + 1 <= MAX_RESEND_DAYS, {
    message: `the range may cover at most ${MAX_RESEND_DAYS} days (one quarter); split longer periods`,
    path: ['to'],
  });

export const operatorBody = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() }).optional();

/** Bulk workflows carry ShopId (for the UI's filters); their per-entity children carry the rest. */
const shopAttr = (shopId: string) => new TypedSearchAttributes([{ key: searchAttributes.ShopId, value: shopId }]);

/**
 * Manual sync, bulk runs, and the operator signals. Starts join a run already going (USE_EXISTING); the same
 * signals as the Temporal UI (`retry`, `skip`), so either place works.
 */
export function actionsRouter(deps: ApiDeps): Router {
  const { temporal, config } = deps;
  const taskQueue = config.TEMPORAL_TASK_QUEUE;
  const router = Router();
  const shopAccess = [...requireKnownShop(deps), requireTemporal(config)];

  router.post('/shops/:shopId/orders/:orderId/sync', ...shopAccess, async (req, res) => {
    emptyBody.parse(req.body);
    const orderId = entityIdSchema.parse(req.params.orderId);
    const { workflowId } = await startOrderSync(temporal, taskQueue, { shopId: String(req.params.shopId), orderId, source: 'manual' });
    res.status(202).json({ workflowId });
  });

  router.post('/shops/:shopId/products/sync-all', ...shopAccess, async (req, res) => {
    emptyBody.parse(req.body);
    const shopId = String(req.params.shopId);
    const workflowId = `sync-all-products:${shopId}`;
    await temporal.workflow.start('syncAllProductsWorkflow', {
      taskQueue,
      workflowId,
      args: [{ shopId }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      typedSearchAttributes: shopAttr(shopId),
    });
    res.status(202).json({ workflowId });
  });

  router.post('/shops/:shopId/products/:productId/sync', ...shopAccess, async (req, res) => {
    emptyBody.parse(req.body);
    const productId = entityIdSchema.parse(req.params.productId);
    const { workflowId } = await startProductSync(temporal, taskQueue, { shopId: String(req.params.shopId), productId, source: 'manual' });
    res.status(202).json({ workflowId });
  });

  router.post('/shops/:shopId/orders/resend', ...shopAccess, async (req, res) => {
    const { from, to } = resendBody.parse(req.body);
    const shopId = String(req.params.shopId);
    const workflowId = `resend:${shopId}:${from}:${to}`;
    await temporal.workflow.start('resendOrdersWorkflow', {
      taskQueue,
      workflowId,
      args: [{ shopId, from, to }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      // Resending a range again later is safe: every order workflow finds its stored document instead of a second one.
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      typedSearchAttributes: shopAttr(shopId),
    });
    res.status(202).json({ workflowId });
  });

  for (const entity of ['order', 'product'] as const) {
    for (const signal of ['retry', 'skip'] as const) {
      router.post(`/shops/:shopId/${entity}s/:${entity}Id/${signal}`, ...shopAccess, async (req, res) => {
        const body = operatorBody.parse(req.body);
        const entityId = entityIdSchema.parse((req.params as Record<string, string>)[`${entity}Id`]);
        const sent = await sendOperatorSignal(deps, { shopId: String(req.params.shopId), entity, entityId, signal, reason: body?.reason, by: req.caller?.kind });
        res.status(202).json(sent);
      });
    }
  }

  return router;
}

/**
 * `retry` or `skip` to a parked order/product workflow: the same signals as the Temporal UI. Throws an HttpError that
 * says what to do when there is nothing running to signal. Used by the API and the merchant page.
 */
export async function sendOperatorSignal(
  { temporal, logger }: Pick<ApiDeps, 'temporal' | 'logger'>,
  a: { shopId: string; entity: 'order' | 'product'; entityId: string; signal: 'retry' | 'skip'; reason?: string; by?: string },
) {
  const { shopId, entity, entityId, signal } = a;
  const workflowId = entity === 'order' ? workflowIds.order(shopId, entityId) : workflowIds.product(shopId, entityId);
  const again = `POST /shops/${shopId}/${entity}s/${entityId}/sync sends it again.`;

  const t = await inspectWorkflow(temporal, workflowId, { query: false });
  if (!t.available) throw new HttpError(503, 'Temporal did not answer; try again in a moment.');
  if (!t.found) throw new HttpError(404, `Nothing to ${signal}: ${entity} ${entityId} has no workflow (${workflowId}). ${again}`);
  if (t.status !== 'RUNNING') {
    const how = `${t.status.toLowerCase()}${t.syncStatus ? `, ${t.syncStatus}` : ''}`;
    throw new HttpError(404, `Nothing to ${signal}: ${workflowId} is not running or parked (it ended: ${how}). ${again}`);
  }
  const handle = temporal.workflow.getHandle(workflowId);
  try {
    if (signal === 'retry') await handle.signal(retrySignal);
    else await handle.signal(skipSignal, a.reason);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new HttpError(404, `Nothing to ${signal}: ${workflowId} ended just now. ${again}`);
    throw err;
  }
  logger.info({ workflowId, signal, by: a.by, reason: a.reason }, 'operator signal sent');
  return { workflowId, signal, syncStatus: t.syncStatus ?? null };
}
