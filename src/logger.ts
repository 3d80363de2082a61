import pino from 'pino';

/**
 * One JSON logger. Secrets are redacted by key wherever they appear in a logged object, and
 * request URLs are logged without their query string (webhook tokens travel there).
 */
export const REDACT_KEYS = [
  'authorization', 'Authorization', 'token', 'access_token', 'refresh_token', 'accessToken', 'refreshToken',
  'quickbutikApiKey', 'apiKey', 'api_key', 'password', 'secret', 'client_secret', 'clientSecret', 'code',
  'supportApiKey', 'webhookUrl', 'ENCRYPTION_KEY', 'ADMIN_API_KEY', 'FORTNOX_CLIENT_SECRET',
];

export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info') {
  return pino({
    name,
    level,
    redact: { paths: [...REDACT_KEYS, ...REDACT_KEYS.map((k) => `*.${k}`), 'req.headers.authorization'], censor: '[redacted]' },
  });
}
export type Logger = ReturnType<typeof createLogger>;

/** Strip the query string (tokens) from a URL before it is logged. */
export const pathOnly = (url: string): string => url.split('?')[0] ?? url;
