import express, { Router, type Request, type Response } from 'express';
import type { SecretBox } from '../../crypto';
import type { Db } from '../../db/connection';
import { idParamOf, parseWebhookFields, WEBHOOK_EVENTS } from '../../inbox/events';
import { notifyInboxWrite } from '../../inbox/notify';
import { recordEvent } from '../../repositories/inbox';
import { createWebhookTokenCheck, type WebhookTokenCheck } from '../../inbox/webhook-token';
import { HttpError } from '../http-error';

/**
 * Quickbutik webhooks: `GET|POST /webhooks/quickbutik/:shopId?token=..&event_type=..&order_id=..|product_id=..`
 * (POST may carry the fields in a JSON or form body instead). Hot path: a cached token check and one
 * INSERT … ON CONFLICT into `inbox`, then 200. Everything else (what to start, the sync log) is the dispatcher's.
 */
export function webhooksRouter(deps: { db: Db; box: SecretBox; tokens?: WebhookTokenCheck }): Router {
  const tokens = deps.tokens ?? createWebhookTokenCheck(deps.db, deps.box);
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '10kb' });

  const receive = async (req: Request, res: Response) => {
    const shopId = String(req.params.shopId);
    const body = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
    const fields: Record<string, unknown> = { ...body, ...(req.query as Record<string, unknown>) };
    const token = typeof fields.token === 'string' ? fields.token : Array.isArray(fields.token) ? String(fields.token[0]) : undefined;

    // An unknown shop and a wrong token get the same answer: shop ids cannot be enumerated.
    if ((await tokens.check(shopId, token || undefined)) !== 'ok') {
      throw new HttpError(401, token
        ? 'Wrong token or unknown shop: use the webhook URL (with its ?token=) you got when the shop was registered; it changes when the secret is rotated.'
        : 'Missing token: the webhook URL must carry ?token=<the shop\'s webhook secret>.');
    }
    const parsed = parseWebhookFields(fields);
    if (!parsed.ok) throw new HttpError(400, parsed.message, { events: WEBHOOK_EVENTS });

    const { deliveries } = await recordEvent(deps.db, { shopId, event: parsed.event, entityId: parsed.entityId });
    notifyInboxWrite();
    res.status(200).json({ received: true, event_type: parsed.event, [idParamOf(parsed.event)]: parsed.entityId, duplicate: deliveries > 1 });
  };

  // Express answers HEAD with the GET handler, which would write an inbox row: a probe must change nothing.
  router.head('/webhooks/quickbutik/:shopId', (_req, res) => {
    res.set('Allow', 'GET, POST').status(405).end();
  });
  router.get('/webhooks/quickbutik/:shopId', receive);
  router.post('/webhooks/quickbutik/:shopId', form, receive);
  return router;
}
