// The merchant page, GET /app: server-rendered HTML on top of the API's own functions. Sessions live in PostgreSQL
// (cookie: HttpOnly, SameSite=Strict, Secure outside localhost); every form carries the session's CSRF token; keys
// travel only in the login form's body.
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { parse as parseCookies } from 'cookie';
import { ZodError } from 'zod';
import { sendOperatorSignal, operatorBody } from '../api/routes/actions';
import type { ApiDeps } from '../api/app';
import { callerForKey } from '../api/auth';
import { HttpError, zodMessage } from '../api/http-error';
import { connectionStatus } from '../repositories/fortnox-connections';
import { logQuery, toLogView } from '../api/routes/log';
import { applySettingsPatch } from '../api/routes/shops';
import { entityIdSchema, orderStatus, productStatus } from '../api/routes/status';
import { stockholmDate } from '../domain/format';
import { randomToken, safeEqual } from '../crypto';
import { startOrderSync, startProductSync } from '../workflows/starters';
import { fortnoxChoices, overviewData, parkedItems, parkingReasons } from './data';
import type { Html } from './html';
import { LANGS, TEXTS, type Lang } from './i18n';
import { FLASH_CODES, layout, pageContext, STYLE, type FlashCode, type PageContext } from './layout';
import { attentionPage, entityPage, loginPage, logPage, overviewPage, settingsPage, shopsPage, type LogFilters, type PreflightView, type ReconciliationView } from './pages';
import { createWebSessions, csrfMatches, SESSION_HOURS, type WebSession } from './sessions';
import { formToPatch, settingsForm, settingsToForm } from './settings-form';

/** Every page route lives under this prefix: HTML for browsers, outside the JSON API's OpenAPI document. */
export const PAGE_PREFIX = '/app';

/** Trust results the overview shows once their services exist (wired in app.ts); absent → "not available yet". */
export interface WebOptions {
  preflight?: (shopId: string) => Promise<PreflightView>;
  reconciliation?: (shopId: string) => Promise<ReconciliationView>;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
const isLocal = (req: Request) => LOCAL_HOSTS.has(req.hostname);
/** `__Host-` pins the cookie to this host and path / (browsers accept it only with Secure, so not on localhost). */
const sessionCookie = (req: Request) => (isLocal(req) ? 'qbfx_session' : '__Host-qbfx_session');
const loginCsrfCookie = (req: Request) => (isLocal(req) ? 'qbfx_login' : '__Host-qbfx_login');
const LANG_COOKIE = 'qbfx_lang';

declare module 'express-serve-static-core' {
  interface Request {
    web?: { token: string; session: WebSession; shopName?: string; lang: Lang };
  }
}

const cookies = (req: Request) => parseCookies(req.headers.cookie ?? '');
const langOf = (req: Request): Lang => {
  const c = cookies(req)[LANG_COOKIE];
  return (LANGS as readonly string[]).includes(c ?? '') ? (c as Lang) : 'sv';
};
const flashOf = (req: Request): FlashCode | undefined => {
  const f = typeof req.query.done === 'string' ? req.query.done : undefined;
  return (FLASH_CODES as readonly string[]).includes(f ?? '') ? (f as FlashCode) : undefined;
};
const send = (res: Response, page: Html, status = 200) => res.status(status).type('html').send(page.value);

export function webRouter(deps: ApiDeps, options: WebOptions = {}): Router {
  const sessions = createWebSessions(deps.db);
  const router = Router();

  router.use((_req, res, next) => {
    res.set({
      'Content-Security-Policy': `default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self' ${new URL(deps.config.FORTNOX_AUTH_URL).origin}; frame-ancestors 'none'; base-uri 'none'`,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    next();
  });
  router.use(express.urlencoded({ extended: false, limit: '50kb', parameterLimit: 500 }));

  const cookieOptions = (req: Request, maxAgeMs?: number) => ({
    httpOnly: true, secure: !isLocal(req), sameSite: 'strict' as const, path: '/', ...(maxAgeMs ? { maxAge: maxAgeMs } : {}),
  });
  const ctxOf = (req: Request): PageContext => {
    const w = req.web;
    return pageContext(w?.lang ?? langOf(req), req.originalUrl, w && { role: w.session.role, shopId: w.session.shopId, shopName: w.shopName, csrfToken: w.session.csrfToken });
  };

  /** A session (else to the login page), a chosen shop (else to the chooser), and the CSRF token on every POST. */
  const session = (needShop: boolean): RequestHandler => async (req, res, next) => {
    try {
      const token = cookies(req)[sessionCookie(req)];
      const found = token ? await sessions.find(token) : undefined;
      if (!token || !found) return req.method === 'GET' ? res.redirect(303, '/app/login') : send(res, loginPage(ctxOf(req), await newLoginCsrf(req, res), TEXTS[langOf(req)].expired), 403);
      if (req.method === 'POST') {
        // SameSite=Strict already keeps other sites' forms out; the token also covers same-site attackers.
        if (!csrfMatches(found, req.body?._csrf)) return send(res, layout(ctxOf(req), TEXTS[langOf(req)].expired, ''), 403);
      }
      const shop = found.shopId ? await deps.shops.get(found.shopId) : undefined;
      req.web = { token, session: found, shopName: shop?.name, lang: langOf(req) };
      if (needShop && !shop) return res.redirect(303, found.role === 'admin' ? '/app/shops' : '/app/login');
      next();
    } catch (err) {
      next(err);
    }
  };
  const newLoginCsrf = async (req: Request, res: Response) => {
    const token = randomToken(18);
    res.cookie(loginCsrfCookie(req), token, cookieOptions(req, 3_600_000));
    return token;
  };
  const shopIdOf = (req: Request) => req.web!.session.shopId!;

  router.get('/app/style.css', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('css').send(STYLE);
  });

  router.get('/app/lang/:lang', (req, res) => {
    const lang = (LANGS as readonly string[]).includes(req.params.lang) ? req.params.lang : 'sv';
    res.cookie(LANG_COOKIE, lang, { sameSite: 'lax', secure: !isLocal(req), path: '/', maxAge: 365 * 86_400_000 });
    const back = typeof req.query.back === 'string' && /^\/app(\/|\?|$)/.test(req.query.back) && !req.query.back.startsWith('/app/lang') ? req.query.back : '/app';
    res.redirect(303, back);
  });

  router.get('/app/login', async (req, res) => {
    send(res, loginPage(ctxOf(req), await newLoginCsrf(req, res)));
  });

  router.post('/app/login', async (req, res) => {
    const ctx = ctxOf(req);
    const expected = cookies(req)[loginCsrfCookie(req)];
    const sent = req.body?._csrf;
    if (!expected || typeof sent !== 'string' || !safeEqual(sent, expected)) return send(res, loginPage(ctx, await newLoginCsrf(req, res), ctx.t.expired), 403);
    const key = typeof req.body?.key === 'string' ? req.body.key.trim() : '';
    const caller = key ? await callerForKey(deps, key) : undefined;
    if (!caller) {
      deps.logger.info({ from: 'web' }, 'page login refused'); // never the key
      return send(res, loginPage(ctx, await newLoginCsrf(req, res), ctx.t.badKey), 401);
    }
    const { token } = await sessions.create(caller.kind, caller.kind === 'shop' ? caller.shopId : null);
    res.clearCookie(loginCsrfCookie(req), { path: '/' });
    res.cookie(sessionCookie(req), token, cookieOptions(req, SESSION_HOURS * 3_600_000));
    deps.logger.info({ role: caller.kind, shopId: caller.kind === 'shop' ? caller.shopId : undefined }, 'page login');
    res.redirect(303, caller.kind === 'admin' ? '/app/shops' : '/app');
  });

  router.post('/app/logout', session(false), async (req, res) => {
    await sessions.destroy(req.web!.token);
    res.clearCookie(sessionCookie(req), { path: '/' });
    res.redirect(303, '/app/login');
  });

  router.get('/app/shops', session(false), async (req, res) => {
    if (req.web!.session.role !== 'admin') return res.redirect(303, '/app');
    send(res, shopsPage(ctxOf(req), (await deps.shops.list()).map((s) => ({ id: s.id, name: s.name }))));
  });
  router.post('/app/shops', session(false), async (req, res) => {
    if (req.web!.session.role !== 'admin') return res.redirect(303, '/app');
    const shopId = typeof req.body?.shopId === 'string' ? req.body.shopId : '';
    if (await deps.shops.get(shopId)) await sessions.chooseShop(req.web!.token, shopId);
    res.redirect(303, '/app');
  });

  router.get('/app', session(true), async (req, res) => {
    const shopId = shopIdOf(req);
    const optional = async <T>(f?: (id: string) => Promise<T>) => (f ? f(shopId).catch(() => null) : undefined);
    const [data, preflight, reconciliation] = await Promise.all([overviewData(deps, shopId), optional(options.preflight), optional(options.reconciliation)]);
    send(res, overviewPage(ctxOf(req), data, { preflight, reconciliation }, flashOf(req)));
  });

  router.post('/app/connect', session(true), async (req, res) => {
    res.redirect(303, await deps.fortnox.oauth.buildAuthorizeUrl(shopIdOf(req)));
  });

  // -- settings --------------------------------------------------------------------------------------------------
  const renderSettings = async (req: Request, res: Response, values: Record<string, string> | undefined, info: { problems: string[]; warnings: string[]; fieldErrors: Record<string, string> }, status = 200) => {
    const shopId = shopIdOf(req);
    const [shop, connection] = await Promise.all([deps.shops.get(shopId), connectionStatus(deps.db, shopId)]);
    const connected = connection.status === 'connected';
    const choices = connected ? await fortnoxChoices(deps, shopId) : {};
    const ctx = ctxOf(req);
    const form = settingsForm(ctx, values ?? settingsToForm(shop!.settings), choices, info.fieldErrors, shop!.settings);
    send(res, settingsPage(ctx, form, { connected, problems: info.problems, warnings: info.warnings }, flashOf(req)), status);
  };
  router.get('/app/settings', session(true), (req, res) => renderSettings(req, res, undefined, { problems: [], warnings: [], fieldErrors: {} }));
  router.post('/app/settings', session(true), async (req, res) => {
    const shopId = shopIdOf(req);
    const shop = await deps.shops.get(shopId);
    const patch = formToPatch(req.body ?? {}, shop!.settings);
    const posted = Object.fromEntries(Object.entries(req.body ?? {}).filter(([k, v]) => k !== '_csrf' && typeof v === 'string')) as Record<string, string>;
    try {
      const { warnings } = await applySettingsPatch(deps, shopId, patch, `page:${req.web!.session.role}`);
      if (warnings.length) return renderSettings(req, res, undefined, { problems: [], warnings, fieldErrors: {} });
      res.redirect(303, '/app/settings?done=saved');
    } catch (err) {
      const issues: Array<{ path: string; message: string }> =
        err instanceof ZodError ? err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
        : err instanceof HttpError && Array.isArray(err.details) ? (err.details as Array<{ path: string; message: string }>)
        : err instanceof HttpError && err.status === 400 ? [{ path: '', message: err.message }]
        : [];
      if (!issues.length) throw err;
      const fieldErrors = Object.fromEntries(issues.filter((i) => i.path).map((i) => [i.path.split('.').slice(0, 2).join('.'), i.message]));
      // a map entry's error belongs to the map's fieldset
      for (const k of Object.keys(fieldErrors)) if (/^(wayOfDelivery|paymentMethods)\./.test(k)) fieldErrors[k.split('.')[0]!] = fieldErrors[k]!;
      await renderSettings(req, res, posted, { problems: issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)), warnings: [], fieldErrors }, 400);
    }
  });

  // -- log ---------------------------------------------------------------------------------------------------------
  router.get('/app/log', session(true), async (req, res) => {
    const str = (k: string) => (typeof req.query[k] === 'string' && req.query[k] ? (req.query[k] as string).trim() : undefined);
    const filters: LogFilters = { entity: str('entity'), outcome: str('outcome'), date: str('date'), orderId: str('orderId') };
    const before = str('before');
    const PAGE = 50;
    const parsed = logQuery.safeParse({
      entity: filters.orderId ? 'order' : filters.entity,
      entityId: filters.orderId,
      outcome: filters.outcome,
      // the date is a Stockholm calendar day: from its midnight
      since: filters.date && /^\d{4}-\d{2}-\d{2}$/.test(filters.date) ? stockholmMidnight(filters.date) : undefined,
      limit: PAGE,
      before,
    });
    const ctx = ctxOf(req);
    if (!parsed.success) return send(res, logPage(ctx, filters, [], { isFirst: true }, zodMessage(parsed.error)), 400);
    const q = parsed.data;
    const rows = await deps.syncLog.list({ shopId: shopIdOf(req), entityType: q.entity, entityId: q.entityId, outcome: q.outcome, since: q.since ? new Date(q.since) : undefined, limit: q.limit, beforeId: q.before });
    send(res, logPage(ctx, filters, rows.map(toLogView), { older: rows.length === PAGE ? rows[rows.length - 1]!.id : undefined, isFirst: !before }));
  });

  // -- needs attention, order and product pages -----------------------------------------------------------------
  router.get('/app/attention', session(true), async (req, res) => {
    const shopId = shopIdOf(req);
    const items = await parkedItems(deps, shopId);
    const reasons = await parkingReasons(deps, shopId, items ?? []);
    send(res, attentionPage(ctxOf(req), items, reasons, flashOf(req)));
  });

  router.get('/app/orders', session(true), (req, res) => {
    const id = entityIdSchema.safeParse(typeof req.query.id === 'string' ? req.query.id.trim() : '');
    res.redirect(303, id.success ? `/app/orders/${encodeURIComponent(id.data)}` : '/app');
  });

  for (const entity of ['order', 'product'] as const) {
    const idOf = (req: Request) => entityIdSchema.parse(req.params.id);
    router.get(`/app/${entity}s/:id`, session(true), async (req, res) => {
      const status = entity === 'order' ? await orderStatus(deps, shopIdOf(req), idOf(req)) : await productStatus(deps, shopIdOf(req), idOf(req));
      send(res, entityPage(ctxOf(req), entity, status, flashOf(req)));
    });
    router.post(`/app/${entity}s/:id/sync`, session(true), async (req, res) => {
      const input = { shopId: shopIdOf(req), source: 'manual' as const };
      if (entity === 'order') await startOrderSync(deps.temporal, deps.config.TEMPORAL_TASK_QUEUE, { ...input, orderId: idOf(req) });
      else await startProductSync(deps.temporal, deps.config.TEMPORAL_TASK_QUEUE, { ...input, productId: idOf(req) });
      res.redirect(303, `/app/${entity}s/${encodeURIComponent(idOf(req))}?done=sync`);
    });
    for (const signal of ['retry', 'skip'] as const) {
      router.post(`/app/${entity}s/:id/${signal}`, session(true), async (req, res) => {
        const entityId = idOf(req);
        const back = req.body?.back === 'attention' ? '/app/attention' : `/app/${entity}s/${encodeURIComponent(entityId)}`;
        const reason = operatorBody.parse(typeof req.body?.reason === 'string' && req.body.reason.trim() ? { reason: req.body.reason } : {})?.reason;
        try {
          await sendOperatorSignal(deps, { shopId: shopIdOf(req), entity, entityId, signal, reason, by: `page:${req.web!.session.role}` });
          res.redirect(303, `${back}?done=${signal === 'retry' ? 'retried' : 'skipped'}`);
        } catch (err) {
          if (!(err instanceof HttpError)) throw err;
          res.redirect(303, `${back}?done=${err.status === 503 ? 'temporal' : 'nothing'}`);
        }
      });
    }
  }

  // Errors under /app answer as a page, never JSON or a stack trace.
  router.use('/app', (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const ctx = ctxOf(req);
    const status = err instanceof HttpError ? err.status : err instanceof ZodError ? 400 : 500;
    if (status === 500) deps.logger.error({ err: { message: (err as Error)?.message, name: (err as Error)?.name }, path: req.path }, 'page error');
    const text = err instanceof HttpError ? err.message : err instanceof ZodError ? zodMessage(err) : 'Something went wrong on our side; it was logged.';
    send(res, layout(ctx, status === 404 ? ctx.t.notFound : `${status}`, `${text}`), status);
  });
  return router;
}

/** The UTC instant of midnight in Stockholm on a calendar day (`2026-12-03` → `2026-12-02T23:00:00Z`). */
function stockholmMidnight(day: string): string {
  // Stockholm is UTC+1 or UTC+2: try both offsets and keep the one whose local date is the day at 00:00.
  for (const offset of [1, 2]) {
    const t = new Date(Date.parse(`${day}T00:00:00Z`) - offset * 3_600_000);
    if (stockholmDate(t) === day && stockholmDate(new Date(t.getTime() - 60_000)) !== day) return t.toISOString();
  }
  return `${day}T00:00:00Z`;
}
