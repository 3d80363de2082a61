// Token revocation at Fortnox (`POST /oauth-v1/revoke`, form `token=…`, HTTP Basic with the app's credentials).
import type { Config } from '../config';

export async function revokeFortnoxToken(
  config: Pick<Config, 'FORTNOX_AUTH_URL' | 'FORTNOX_CLIENT_ID' | 'FORTNOX_CLIENT_SECRET'>, token: string, timeoutMs = 10_000,
): Promise<{ ok: boolean; status?: number }> {
  const basic = Buffer.from(`${config.FORTNOX_CLIENT_ID}:${config.FORTNOX_CLIENT_SECRET}`).toString('base64');
  try {
    const res = await fetch(`${config.FORTNOX_AUTH_URL.replace(/\/+$/, '')}/oauth-v1/revoke`, {
      method: 'POST',
      headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    return { ok: res.ok, status: res.status };
  } catch {
    return { ok: false };
  }
}
