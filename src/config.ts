import { z } from 'zod';

/** Every environment variable of the design, parsed once at start. A bad value stops the process with a clear message. */
const url = (what: string) => z.string().url({ message: `must be a URL (${what})` });

const baseSchema = z.object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL, e.g. postgres://postgres@127.0.0.1:5432/qbfx' })
      .default('postgres://postgres@127.0.0.1:5432/qbfx'),
    TEMPORAL_ADDRESS: z
      .string()
      .regex(/^[^\s:/]+:\d{1,5}$/, { message: 'must be host:port, e.g. 127.0.0.1:7233' })
      .default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('qbfx'),
    FORTNOX_API_URL: url('Fortnox REST base, e.g. https://api.fortnox.se').default('https://api.fortnox.se'),
    FORTNOX_AUTH_URL: url('Fortnox OAuth base, e.g. https://apps.fortnox.se').default('https://apps.fortnox.se'),
    FORTNOX_CLIENT_ID: z.string().min(1).default('sim-client'),
    FORTNOX_CLIENT_SECRET: z.string().min(1).default('sim-secret'),
    QUICKBUTIK_API_URL: url('Quickbutik REST base, e.g. https://api.quickbutik.com').default('https://api.quickbutik.com'),
    ENCRYPTION_KEY: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, { message: 'must be 64 hex characters (32 bytes), e.g. from `openssl rand -hex 32`' })
      .default('0000000000000000000000000000000000000000000000000000000000000000'),
    ADMIN_API_KEY: z.string().min(16, { message: 'must be at least 16 characters' }).default('dev-admin-key-change-me'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_URL: url('the address Quickbutik and browsers reach this service at').default('http://127.0.0.1:3000'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    INBOX_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
    /** Hosts product images are downloaded from (https only); `*.example.com` allows subdomains. */
    IMAGE_HOSTS: z.string().min(1).default('cdn.quickbutik.com'),
    /** Development/tests only: simulator hosts reachable over http and at private addresses. Refused in production. */
    IMAGE_DEV_HOSTS: z.string().default(''),
    IMAGE_MAX_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(10 * 1024 * 1024),
});

/**
 * A random 32-byte key has ≈ 30 distinct byte values; fewer than 20 means a pattern (zeros, a repeated pair, a
 * counting sequence typed by hand), not a random key.
 */
export const lowEntropyKey = (hex: string): boolean => new Set(Buffer.from(hex, 'hex')).size < 20;

export const configSchema = baseSchema.superRefine((c, ctx) => {
    // Development defaults are fine locally; production must bring its own secrets.
    if (c.NODE_ENV !== 'production') return;
    if (lowEntropyKey(c.ENCRYPTION_KEY))
      ctx.addIssue({ code: 'custom', path: ['ENCRYPTION_KEY'], message: 'must be a random key in production (e.g. `openssl rand -hex 32`); this one has too few distinct bytes' });
    if (c.ADMIN_API_KEY === 'dev-admin-key-change-me' || c.ADMIN_API_KEY.length < 32)
      ctx.addIssue({ code: 'custom', path: ['ADMIN_API_KEY'], message: 'must be set to a random key of at least 32 characters in production (e.g. `openssl rand -base64 32`)' });
    if (c.FORTNOX_CLIENT_SECRET === 'sim-secret')
      ctx.addIssue({ code: 'custom', path: ['FORTNOX_CLIENT_SECRET'], message: 'must be your Fortnox app client secret in production' });
    if (!c.PUBLIC_URL.startsWith('https://'))
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'must be an https:// URL in production (webhook tokens and OAuth codes travel in it)' });
    if (c.IMAGE_DEV_HOSTS.trim() !== '')
      ctx.addIssue({ code: 'custom', path: ['IMAGE_DEV_HOSTS'], message: 'is for the simulators only; leave it empty in production' });
    if (c.FORTNOX_CLIENT_ID === 'sim-client')
      ctx.addIssue({ code: 'custom', path: ['FORTNOX_CLIENT_ID'], message: 'must be your Fortnox app client id in production' });
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError naming each bad variable and what it expects. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.keys(baseSchema.shape);
  const picked: Record<string, string> = {};
  for (const key of known) {
    const v = env[key];
    if (v !== undefined && v !== '') picked[key] = v;
  }
  const result = configSchema.safeParse(picked);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** For entry points: parse or print the problem and exit(1). */
export function loadConfigOrExit(): Config {
  try {
    return parseConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
