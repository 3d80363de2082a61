// Trust endpoints (design.md "Trust endpoints"): the preflight of the Fortnox company, the dry-run preview of an
// order and the reconciliation proof. Read-only: nothing here writes to Fortnox or to the sync's mappings.
import { Router } from 'express';
import { z } from 'zod';
import { createRegistryCache } from '../../activities/fortnox-registry';
import { isFortnoxError } from '../../fortnox';
import { createQuickbutikClient, isQuickbutikError } from '../../quickbutik/client';
import { createPreflightService } from '../../trust/preflight-service';
import { createOrderPreview, OrderNotFound } from '../../trust/preview';
import { createReconciliationService } from '../../trust/reconciliation-service';
import { reconciliationCsv } from '../../domain/reconciliation';
import type { ApiDeps } from '../app';
import { requireKnownShop } from '../auth';
import { HttpError } from '../http-error';
import { entityIdSchema } from './status';

export const preflightQuery = z.strictObject({
  fresh: z.enum(['true', 'false']).optional().describe('true: read Fortnox again instead of the answer cached for a minute'),
});

const MAX_RECONCILE_DAYS = 92;
export const reconciliationQuery = z
  .strictObject({
    from: z.iso.date('must be a date, e.g. 2026-11-01'),
    to: z.iso.date('must be a date, e.g. 2026-11-30'),
    format: z.enum(['json', 'csv']).optional().describe('csv: the same report as CSV (or send Accept: text/csv)'),
  })
  .refine((q) => q.from <= q.to, { message: '"from" must not be after "to"', path: ['to'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1 <= MAX_RECONCILE_DAYS, {
    message: `the period may cover at most ${MAX_RECONCILE_DAYS} days; split longer periods`, path: ['to'],
  });

export function trustRouter(deps: ApiDeps): Router {
  const router = Router();
  const shopAccess = requireKnownShop(deps);
  const quickbutik = createQuickbutikClient({
    config: deps.config,
    apiKeyFor: (shopId) => deps.shops.quickbutikApiKey(shopId),
    logger: deps.logger,
    requestsPerSecond: 2,
  });
  const preflight = createPreflightService({
    db: deps.db,
    fortnox: deps.fortnox,
    recentOrders: (shopId, since) => quickbutik.forShop(shopId).listAllOrders({ fromStatusDate: since }),
  });

  const preview = createOrderPreview({
    db: deps.db,
    fortnox: deps.fortnox,
    registry: createRegistryCache(),
    quickbutik: {
      getOrder: (shopId, orderId) => quickbutik.forShop(shopId).getOrder(orderId),
      getProduct: (shopId, productId) => quickbutik.forShop(shopId).getProduct(productId),
    },
  });

  router.get('/shops/:shopId/orders/:orderId/preview', ...shopAccess, async (req, res) => {
    const orderId = entityIdSchema.parse(req.params.orderId);
    const shop = await deps.shops.get(String(req.params.shopId));
    if (!shop) throw new HttpError(404, 'Shop not found.');
    try {
      res.json(await preview.preview(shop.id, orderId, shop.settings));
    } catch (err) {
      throw upstream(err);
    }
  });

  const reconciliation = createReconciliationService({
    fortnox: deps.fortnox,
    preview,
    quickbutik: {
      listOrdersSince: (shopId, since) => quickbutik.forShop(shopId).listAllOrders({ fromStatusDate: since }),
      getOrder: (shopId, orderId) => quickbutik.forShop(shopId).getOrder(orderId),
    },
  });

  router.get('/shops/:shopId/reconciliation', ...shopAccess, async (req, res) => {
    const query = reconciliationQuery.parse(req.query);
    const shop = await deps.shops.get(String(req.params.shopId));
    if (!shop) throw new HttpError(404, 'Shop not found.');
    let report;
    try {
      report = await reconciliation.run(shop.id, shop.settings, { from: query.from, to: query.to });
    } catch (err) {
      throw upstream(err);
    }
    const csv = query.format === 'csv' || (query.format === undefined && req.accepts(['application/json', 'text/csv']) === 'text/csv');
    if (!csv) {
      res.json(report);
      return;
    }
    res.type('text/csv').attachment(`reconciliation-${shop.id}-${query.from}-${query.to}.csv`).send(reconciliationCsv(report));
  });

  router.get('/shops/:shopId/preflight', ...shopAccess, async (req, res) => {
    const query = preflightQuery.parse(req.query);
    const shop = await deps.shops.get(String(req.params.shopId));
    if (!shop) throw new HttpError(404, 'Shop not found.');
    res.json(await preflight.run(shop.id, shop.settings, query.fresh === 'true'));
  });

  return router;
}

/** What the merchant can act on when a read for the preview fails. */
function upstream(err: unknown): unknown {
  if (err instanceof OrderNotFound) return new HttpError(404, `${err.message}.`);
  if (isQuickbutikError(err) && err.kind === 'auth') return new HttpError(502, "Quickbutik rejected the shop's API key; update it and try again.");
  if (isFortnoxError(err) && err.kind === 'reconnect') {
    return new HttpError(409, 'Fortnox is not connected (or needs a reconnect); connect Fortnox and try again.');
  }
  return err;
}
