import { Router } from 'express';
import { z } from 'zod';
import { ERROR_CATALOG, ERROR_CODES, isErrorCode, type ErrorCode, type ErrorParams } from '../../domain/errors';
import type { ApiDeps } from '../app';
import { HttpError } from '../http-error';

export const errorCodeParam = z.string().regex(/^[A-Za-z_]{1,64}$/, 'must be an error code such as INVALID_ARTICLE_NUMBER');

/**
 * The catalog texts take the facts of one case (sku, account, …). Here there is no case, so every fact reads as
 * its own name in braces: "The article number "{sku}" contains …".
 */
const placeholders = new Proxy({} as ErrorParams, {
  get: (_t, key) => (typeof key === 'string' ? `{${key}}` : undefined),
  has: () => true,
});

function describe(code: ErrorCode) {
  const e = ERROR_CATALOG[code];
  const explanation = e.explain(placeholders);
  const fix = e.fix(placeholders);
  return {
    code,
    category: e.category,
    retryable: e.retryable,
    titleSv: e.titleSv,
    titleEn: e.titleEn,
    explanationSv: explanation.sv,
    explanationEn: explanation.en,
    fixSv: fix.sv,
    fixEn: fix.en,
  };
}

/** The error catalog, public (no auth): merchants and support read the same text the sync log shows. */
export function errorsRouter(_deps: ApiDeps): Router {
  const router = Router();
  router.get('/errors', (_req, res) => {
    res.json({ errors: ERROR_CODES.map(describe) });
  });
  router.get('/errors/:code', (req, res) => {
    const code = errorCodeParam.parse(req.params.code).toUpperCase();
    if (!isErrorCode(code)) throw new HttpError(404, `No error code ${code}; GET /errors lists them all.`);
    res.json(describe(code));
  });
  return router;
}
