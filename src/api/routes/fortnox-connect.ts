import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/connection';
import { isFortnoxError, OAuthStateError } from '../../fortnox';
import type { ApiDeps } from '../app';
import { requireKnownShop } from '../auth';
import { issueOAuthCookie, takeOAuthCookie } from '../oauth-cookie';
import { CompanyTakenError, type CompanyBinding } from '../../fortnox/company-binding';
import { connectionStatus } from '../../repositories/fortnox-connections';
import { signalReconnected } from '../../workflows/starters';

export const connectQuery = z.strictObject({
  /** Passed through to the authorize URL; the Fortnox simulator picks its tenant by it. */
  tenant: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1–64 characters of A–Z, a–z, 0–9, _ . -').optional(),
});

export const callbackQuery = z.object({
  code: z.string().min(1).max(2000).optional(),
  state: z.string().min(1).max(200).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
});

const CONSENT_ERRORS: Record<string, string> = {
  access_denied: 'The Fortnox user declined the connection (or lacks the rights to grant it). Ask a Fortnox administrator of the company to connect again and approve every requested permission.',
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A browser lands here from Fortnox: answer a tiny HTML page, API clients get JSON. */
function answer(req: Request, res: Response, status: number, body: { ok: boolean; message: string; shopId?: string; tenantId?: string }) {
  if (req.accepts(['json', 'html']) === 'html') {
    const title = body.ok ? 'Fortnox connected' : 'Fortnox connection failed';
    res
      .status(status)
      .type('html')
      .send(`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${escapeHtml(body.message)}</p><p><a href="/app">Quickbutik → Fortnox</a></p></body></html>`);
    return;
  }
  if (body.ok) res.status(status).json({ status: 'connected', shopId: body.shopId, tenantId: body.tenantId, message: body.message });
  else res.status(status).json({ error: status === 400 ? 'invalid_request' : 'bad_gateway', message: body.message });
}

function connectedMessage(tenantId: string, previous: string | null, cleared: CompanyBinding['cleared']) {
  if (!previous) return { messageSv: `Fortnox anslutet (företag ${tenantId}).`, messageEn: `Fortnox connected (company ${tenantId}).` };
  return {
    messageSv: `Fortnox anslutet till ett annat företag (${tenantId}, tidigare ${previous}). Kund- och artikelkopplingarna till det gamla ` +
      `företaget togs bort (${cleared.customers} kunder, ${cleared.articles} artiklar): de skapas på nytt i det nya företaget vid nästa synk.`,
    messageEn: `Fortnox connected to another company (${tenantId}, before ${previous}). The customer and article mappings into the old ` +
      `company were removed (${cleared.customers} customers, ${cleared.articles} articles): they are created again in the new company on the next sync.`,
  };
}

/** OAuth connect (fixed contract): connect → Fortnox consent → callback stores tokens; plus the connection status. */
export function fortnoxConnectRouter(deps: ApiDeps): Router {
  const { db, fortnox, syncLog, logger } = deps;
  const router = Router();
  const shopAccess = requireKnownShop(deps);

  router.get('/shops/:shopId/fortnox', ...shopAccess, async (req, res) => {
    res.json(await connectionStatus(db, String(req.params.shopId)));
  });

  router.get('/shops/:shopId/fortnox/connect', ...shopAccess, async (req, res) => {
    const { tenant } = connectQuery.parse(req.query);
    const browser = issueOAuthCookie(res, deps.config.PUBLIC_URL);
    const url = await fortnox.oauth.buildAuthorizeUrl(String(req.params.shopId), tenant ? { tenant } : undefined, browser);
    res.redirect(302, url);
  });

  // Public: Fortnox sends the merchant's browser here. The single-use state is what binds the answer to a shop.
  router.get('/fortnox/callback', async (req, res) => {
    const q = callbackQuery.safeParse(req.query);
    if (!q.success) return answer(req, res, 400, { ok: false, message: 'The callback parameters are malformed. Start again from the connect link.' });
    const { code, state, error, error_description } = q.data;
    if (error) {
      const why = CONSENT_ERRORS[error] ?? `Fortnox answered "${error}"${error_description ? `: ${error_description}` : ''}.`;
      return answer(req, res, 400, { ok: false, message: `Fortnox was not connected. ${why}` });
    }
    if (!code || !state) {
      return answer(req, res, 400, { ok: false, message: 'The callback needs both "code" and "state" from Fortnox. Start again from the connect link.' });
    }
    try {
      const { shopId, tenantId, previousTenantId, cleared } = await fortnox.oauth.completeAuthorization(code, state, takeOAuthCookie(req, res));
      await syncLog.write({
        shopId, entityType: 'connection', entityId: shopId, outcome: 'info',
        ...connectedMessage(tenantId, previousTenantId, cleared),
        ...(previousTenantId ? { details: { previousTenantId, cleared } } : {}),
      });
      // Orders and products parked on the lost connection continue now; a missed signal is caught by their hourly check.
      void signalReconnected(deps.temporal, shopId).catch((err) => logger.warn({ err: String(err), shopId }, 'reconnected: could not signal parked workflows'));
      return answer(req, res, 200, { ok: true, shopId, tenantId, message: `Shop ${shopId} is now connected to Fortnox (company ${tenantId}). You can close this page.` });
    } catch (err) {
      if (err instanceof CompanyTakenError) {
        return answer(req, res, 409, {
          ok: false,
          message: `Fortnox was not connected: this Fortnox company (${err.tenantId}) is already connected to another shop. ` +
            'Disconnect it there first (DELETE /shops/<that shop>/fortnox), or connect another company.',
        });
      }
      if (err instanceof OAuthStateError) {
        const why = {
          unknown: 'this link was not issued by us (or the shop was removed)',
          used: 'this link was already used once',
          expired: 'this link is older than 15 minutes',
          'other-browser': 'the connection was started in another browser (open the connect link in this browser)',
        }[err.problem];
        return answer(req, res, 400, { ok: false, message: `Fortnox was not connected: ${why}. Start again from the connect link.` });
      }
      if (isFortnoxError(err) && err.kind !== 'retryable') {
        logger.warn({ err: err.toJSON() }, 'fortnox authorization failed');
        return answer(req, res, 400, {
          ok: false,
          message: `Fortnox did not accept the authorization (${err.fortnoxMessage}). The code may have expired; start again from the connect link.`,
        });
      }
      if (isFortnoxError(err)) {
        logger.warn({ err: err.toJSON() }, 'fortnox authorization failed (transient)');
        return answer(req, res, 502, { ok: false, message: 'Fortnox did not answer. Start again from the connect link in a minute.' });
      }
      throw err;
    }
  });

  return router;
}
