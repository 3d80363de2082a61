import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { safeEqual, sha256 } from '../crypto';
import type { ApiDeps } from './app';
import { HttpError } from './http-error';

export type Caller = { kind: 'admin' } | { kind: 'shop'; shopId: string };
declare module 'express-serve-static-core' {
  interface Request {
    caller?: Caller;
  }
}

const bearer = (req: Request): string | undefined => {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
};

/** Who a key belongs to: the admin, a shop (by its support key), or nobody. */
export async function callerForKey({ config, db }: Pick<ApiDeps, 'config' | 'db'>, key: string): Promise<Caller | undefined> {
  if (safeEqual(key, config.ADMIN_API_KEY)) return { kind: 'admin' };
  const owner = await db.selectFrom('shops').select('id').where('support_key_hash', '=', sha256(key)).executeTakeFirst();
  return owner ? { kind: 'shop', shopId: owner.id } : undefined;
}

/** The admin key only. */
export function requireAdmin({ config }: Pick<ApiDeps, 'config'>): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const key = bearer(req);
    if (!key || !safeEqual(key, config.ADMIN_API_KEY)) return next(new HttpError(401, 'Send the admin API key as "Authorization: Bearer <key>".'));
    req.caller = { kind: 'admin' };
    next();
  };
}

/**
 * Admin key, or the support key of the shop named in `:shopId`. Another shop's key answers 404, so a shop key
 * cannot even learn which other shops exist.
 */
export function requireShopAccess({ config, db }: Pick<ApiDeps, 'config' | 'db'>): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    try {
      const key = bearer(req);
      if (!key) throw new HttpError(401, 'Send the admin key or the shop\'s support key as "Authorization: Bearer <key>".');
      const caller = await callerForKey({ config, db }, key);
      if (!caller) throw new HttpError(401, 'Unknown API key.');
      if (caller.kind === 'shop' && caller.shopId !== String(req.params.shopId)) throw new HttpError(404, 'Shop not found.');
      req.caller = caller;
      next();
    } catch (err) {
      next(err);
    }
  };
}

/**
 * `requireShopAccess` plus "the shop exists": the admin key may name any id, and every shop-scoped route should
 * answer 404 for an unknown shop rather than act on (or create rows for) a shop that is not there.
 */
export function requireKnownShop(deps: Pick<ApiDeps, 'config' | 'db'>): RequestHandler[] {
  const exists: RequestHandler = async (req, _res, next) => {
    try {
      if (req.caller?.kind === 'admin') {
        const row = await deps.db.selectFrom('shops').select('id').where('id', '=', String(req.params.shopId)).executeTakeFirst();
        if (!row) throw new HttpError(404, 'Shop not found.');
      }
      next();
    } catch (err) {
      next(err);
    }
  };
  return [requireShopAccess(deps), exists];
}
