// The one-time cookie that binds a Fortnox connect flow to the browser that started it: the state stored with the
// cookie's hash is only spent when the callback comes back with the same cookie. HttpOnly; SameSite=Lax so the
// top-level redirect back from Fortnox carries it; Secure unless the service runs on plain http (local development).
import type { Request, Response } from 'express';
import { randomToken, sha256 } from '../crypto';
import { OAUTH_STATE_TTL_MS } from '../fortnox/oauth';

export const OAUTH_COOKIE = 'qbfx_oauth';

/** Sets a fresh cookie on the answer and returns the hash to store with the state. */
export function issueOAuthCookie(res: Response, publicUrl: string): string {
  const nonce = randomToken(24);
  res.cookie(OAUTH_COOKIE, nonce, {
    httpOnly: true,
    sameSite: 'lax',
    secure: publicUrl.startsWith('https://'),
    path: '/fortnox/callback',
    maxAge: OAUTH_STATE_TTL_MS,
  });
  return sha256(nonce);
}

/** The hash of the cookie the callback came back with (undefined when there is none); the cookie is cleared. */
export function takeOAuthCookie(req: Request, res: Response): string | undefined {
  const raw = (req.headers.cookie ?? '').split(';').map((c) => c.trim()).find((c) => c.startsWith(`${OAUTH_COOKIE}=`));
  res.clearCookie(OAUTH_COOKIE, { path: '/fortnox/callback' });
  const value = raw?.slice(OAUTH_COOKIE.length + 1);
  return value ? sha256(decodeURIComponent(value)) : undefined;
}
