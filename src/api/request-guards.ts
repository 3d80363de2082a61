// Checks every request passes before any route: a URL that is not valid UTF-8 or carries a NUL byte is the client's
// mistake (400, not a 500 and an error log line), and a body must be JSON where the API reads JSON.
import type { RequestHandler } from 'express';
import { HttpError } from './http-error';

const isPagePath = (path: string) => path === '/app' || path.startsWith('/app/');

/** Decodes every %-escape of the path and query; false when one is not valid UTF-8 or decodes to a NUL or a control byte. */
export function wellFormedUrl(url: string): boolean {
  if (/[\u0000-\u001f\u007f]/.test(url)) return false;
  try {
    for (const part of url.split(/[/?&=]/)) {
      if (/[\u0000-\u001f\u007f]/.test(decodeURIComponent(part.replace(/\+/g, ' ')))) return false;
    }
    return true;
  } catch {
    return false; // URIError: an escape that is not UTF-8
  }
}

export const rejectMalformedUrls: RequestHandler = (req, _res, next) => {
  if (!wellFormedUrl(req.originalUrl)) {
    return next(new HttpError(400, 'The URL contains a NUL/control character or an escape that is not valid UTF-8: send the path and query as percent-encoded UTF-8.'));
  }
  next();
};

/**
 * A request with a body must send it as JSON (Content-Type: application/json), except the Quickbutik webhook, which
 * may post a form, and the merchant page's HTML forms under /app (they parse their own urlencoded bodies). PATCH
 * always carries a body. Anything else would be parsed as "no fields" and look like success.
 */
export const requireJsonBodies: RequestHandler = (req, _res, next) => {
  if (!['POST', 'PUT', 'PATCH'].includes(req.method) || req.path.startsWith('/webhooks/') || isPagePath(req.path)) return next();
  const hasBody = req.method === 'PATCH' || Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is('application/json')) {
    return next(new HttpError(415, `Send the body as JSON with "Content-Type: application/json" (got ${JSON.stringify(req.headers['content-type'] ?? 'none')}).`));
  }
  next();
};
