// OAuth 2 as Fortnox runs it: authorization code (10 min, single use), rotating single-use refresh tokens
// (45 days), client credentials with a `TenantId` header, JWT-like access tokens that expire.
import express, { type Request, type Response, type Router } from 'express';
import type { FortnoxSim } from './sim';
import type { TokenResponse } from './types';
import { randomToken, uuid } from './util';

const CODE_TTL_MS = 10 * 60 * 1000;
const REFRESH_TTL_MS = 45 * 24 * 3600 * 1000;
export const DEFAULT_SCOPE =
  'customer article order invoice payment costcenter bookkeeping settings companyinformation price currency archive connectfile warehouse';

interface AccessToken {
  tenantId: string;
  expiresAt: number;
  scope: string;
}
interface RefreshToken {
  tenantId: string;
  expiresAt: number;
  scope: string;
}
interface AuthCode {
  tenantId: string;
  expiresAt: number;
  scope: string;
  redirectUri: string;
}

export class TokenStore {
  private readonly access = new Map<string, AccessToken>();
  private readonly refreshTokens = new Map<string, RefreshToken>();
  private readonly codes = new Map<string, AuthCode>();

  constructor(
    private readonly ttlSeconds: () => number,
    private readonly now: () => number,
  ) {}

  issue(tenantId: string, scope: string, withRefresh = true): TokenResponse {
    const ttl = this.ttlSeconds();
    const iat = Math.floor(this.now() / 1000);
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    // Looks like Fortnox's JWT; the simulator only ever looks it up, so the signature is random.
    const accessToken = [
      b64({ alg: 'HS256', typ: 'JWT' }),
      b64({ iss: 'fortnox-sim', tenantId, scope, iat, exp: iat + ttl, jti: uuid() }),
      randomToken(32),
    ].join('.');
    this.access.set(accessToken, { tenantId, scope, expiresAt: this.now() + ttl * 1000 });
    const out: TokenResponse = { access_token: accessToken, scope, expires_in: ttl, token_type: 'bearer' };
    if (withRefresh) {
      const refreshToken = randomToken(24);
      this.refreshTokens.set(refreshToken, { tenantId, scope, expiresAt: this.now() + REFRESH_TTL_MS });
      // Key order as in the recorded Fortnox answer.
      return { access_token: accessToken, expires_in: ttl, token_type: 'bearer', scope, refresh_token: refreshToken };
    }
    return out;
  }

  /** The tenant of a token, and whether it is still valid. Unknown tokens give undefined. */
  resolve(token: string): { tenantId: string; valid: boolean } | undefined {
    const t = this.access.get(token);
    if (!t) return undefined;
    return { tenantId: t.tenantId, valid: t.expiresAt > this.now() };
  }

  /** Single use: the old refresh token dies whether or not the caller receives the answer. */
  rotate(refreshToken: string): TokenResponse | undefined {
    const t = this.refreshTokens.get(refreshToken);
    if (!t) return undefined;
    this.refreshTokens.delete(refreshToken);
    if (t.expiresAt <= this.now()) return undefined;
    return this.issue(t.tenantId, t.scope, true);
  }

  createCode(tenantId: string, scope: string, redirectUri: string): string {
    const code = randomToken(16);
    this.codes.set(code, { tenantId, scope, redirectUri, expiresAt: this.now() + CODE_TTL_MS });
    return code;
  }

  exchangeCode(code: string, redirectUri: string | undefined): TokenResponse | undefined {
    const c = this.codes.get(code);
    if (!c) return undefined;
    this.codes.delete(code);
    if (c.expiresAt <= this.now()) return undefined;
    if (redirectUri !== undefined && redirectUri !== c.redirectUri) return undefined;
    return this.issue(c.tenantId, c.scope, true);
  }

  /** Every access token of the tenant stops working now (refresh tokens stay valid). */
  expireTenant(tenantId: string): number {
    let n = 0;
    for (const t of this.access.values()) {
      if (t.tenantId === tenantId && t.expiresAt > this.now()) {
        t.expiresAt = this.now() - 1;
        n++;
      }
    }
    return n;
  }

  revoke(token: string): void {
    this.access.delete(token);
    this.refreshTokens.delete(token);
  }
}

function clientFromBasic(req: Request): { id: string; secret: string } | undefined {
  const header = req.get('authorization') ?? '';
  const m = /^Basic\s+(.+)$/i.exec(header);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  return { id: decoded.slice(0, i), secret: decoded.slice(i + 1) };
}

// Content types as recorded: invalid_client comes as text/plain, invalid_grant as text/html (both JSON bodies).
function invalidClient(res: Response): void {
  res
    .status(401)
    .type('text/plain;charset=UTF-8')
    .send(JSON.stringify({ error: 'invalid_client', error_description: 'The client credentials are invalid' }));
}

function invalidGrant(res: Response, description: string): void {
  res
    .status(400)
    .set('Cache-Control', 'no-store')
    .type('text/html; charset=UTF-8')
    .send(JSON.stringify({ error: 'invalid_grant', error_description: description }));
}

const queryString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function oauthRouter(sim: FortnoxSim): Router {
  const router = express.Router();

  router.get('/auth', (req, res) => {
    const q = req.query;
    const clientId = queryString(q.client_id);
    if (clientId !== sim.config.clientId) {
      res.status(400).json({ error: 'invalid_client', error_description: 'Unknown client_id' });
      return;
    }
    if (queryString(q.response_type) !== 'code') {
      res.status(400).json({ error: 'unsupported_response_type', error_description: 'response_type must be code' });
      return;
    }
    const redirectUri = queryString(q.redirect_uri);
    if (!redirectUri || !/^https?:\/\//.test(redirectUri)) {
      res.status(400).json({ error: 'invalid_request', error_description: 'redirect_uri is missing or invalid' });
      return;
    }
    const wanted = queryString(q.tenant);
    const tenant = wanted ? (sim.getTenant(wanted) ?? sim.createTenant({ tenantId: wanted })) : sim.createTenant();
    const scope = queryString(q.scope) ?? DEFAULT_SCOPE;
    const code = sim.tokens.createCode(tenant.id, scope, redirectUri);
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    const state = queryString(q.state);
    if (state !== undefined) target.searchParams.set('state', state);
    res.redirect(302, target.toString());
  });

  router.post('/token', express.urlencoded({ extended: false }), (req, res) => {
    const client = clientFromBasic(req);
    if (!client || client.id !== sim.config.clientId || client.secret !== sim.config.clientSecret) {
      invalidClient(res);
      return;
    }
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    let tokens: TokenResponse | undefined;
    switch (body.grant_type) {
      case 'authorization_code':
        if (!body.code) return invalidGrant(res, 'Missing authorization code');
        tokens = sim.tokens.exchangeCode(body.code, body.redirect_uri);
        if (!tokens) return invalidGrant(res, 'Invalid authorization code');
        break;
      case 'refresh_token':
        tokens = body.refresh_token ? sim.tokens.rotate(body.refresh_token) : undefined;
        if (!tokens) return invalidGrant(res, 'Invalid refresh token');
        break;
      case 'client_credentials': {
        const tenantId = req.get('TenantId');
        const tenant = tenantId ? sim.getTenant(tenantId) : undefined;
        if (!tenant) return invalidGrant(res, 'Invalid TenantId');
        tokens = sim.tokens.issue(tenant.id, body.scope ?? DEFAULT_SCOPE, false);
        break;
      }
      default:
        res.status(400).json({ error: 'unsupported_grant_type', error_description: 'Unsupported grant_type' });
        return;
    }
    res.status(200).set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' }).json(tokens);
  });

  router.post('/revoke', express.urlencoded({ extended: false }), (req, res) => {
    const client = clientFromBasic(req);
    if (!client || client.id !== sim.config.clientId || client.secret !== sim.config.clientSecret) {
      invalidClient(res);
      return;
    }
    const token = (req.body as Record<string, string | undefined>)?.token;
    if (token) sim.tokens.revoke(token);
    res.status(200).end();
  });

  return router;
}
