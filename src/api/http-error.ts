import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Logger } from '../logger';

/** An error meant for the client: status + a message that says what to fix. */
export class HttpError extends Error {
  constructor(public readonly status: number, message: string, public readonly details?: unknown) {
    super(message);
  }
}

export const zodMessage = (err: ZodError): string =>
  err.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');

/** The one error handler: JSON always, never a stack trace. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof ZodError) {
      res.status(400).json({ error: 'invalid_request', message: zodMessage(err) });
      return;
    }
    if (err instanceof HttpError) {
      res.status(err.status).json({ error: statusName(err.status), message: err.message, ...(err.details ? { details: err.details } : {}) });
      return;
    }
    // body-parser errors (too large, bad JSON) carry a status
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status < 500) {
      res.status(status).json({ error: statusName(status), message: err.type === 'entity.too.large' ? 'request body too large' : 'malformed request body' });
      return;
    }
    logger.error({ err: { message: err?.message, name: err?.name }, path: req.path }, 'unhandled error');
    res.status(500).json({ error: 'internal_error', message: 'Something went wrong on our side; it was logged.' });
  };
}

const statusName = (s: number) =>
  ({ 400: 'invalid_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'too_large', 405: 'method_not_allowed', 415: 'unsupported_media_type', 502: 'bad_gateway', 503: 'unavailable' })[s] ??
  (s < 500 ? 'invalid_request' : 'internal_error');
