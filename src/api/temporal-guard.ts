// Manual actions need Temporal. When its frontend does not accept connections, answer 503 at once with what to do,
// instead of letting the client's retries run into a 500 twenty seconds later. A TCP connect is the probe: cheap,
// and it fails in milliseconds when the port is closed.
import { connect } from 'node:net';
import type { RequestHandler } from 'express';
import type { Config } from '../config';
import { HttpError } from './http-error';

export function temporalReachable(address: string, timeoutMs = 1000): Promise<boolean> {
  const i = address.lastIndexOf(':');
  return new Promise((resolve) => {
    const socket = connect({ host: address.slice(0, i), port: Number(address.slice(i + 1)) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Middleware for routes that start or signal workflows. A good answer is remembered for a few seconds. */
export function requireTemporal(config: Pick<Config, 'TEMPORAL_ADDRESS'>, okForMs = 5000): RequestHandler {
  let okUntil = 0;
  return async (_req, _res, next) => {
    if (Date.now() < okUntil) return next();
    if (await temporalReachable(config.TEMPORAL_ADDRESS)) {
      okUntil = Date.now() + okForMs;
      return next();
    }
    next(new HttpError(503, 'Temporal (the workflow engine) is not reachable, so nothing was started. Try again in a minute; ' +
      'webhooks are still received and wait in the inbox until Temporal is back.'));
  };
}
