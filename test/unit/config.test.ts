import { ConfigError, parseConfig } from '../../src/config';

describe('configuration', () => {
  it('uses local defaults when nothing is set', () => {
    const c = parseConfig({});
    expect(c.TEMPORAL_ADDRESS).toBe('127.0.0.1:7233');
    expect(c.FORTNOX_API_URL).toBe('https://api.fortnox.se');
    expect(c.FORTNOX_AUTH_URL).toBe('https://apps.fortnox.se');
    expect(c.QUICKBUTIK_API_URL).toBe('https://api.quickbutik.com');
    expect(c.PORT).toBe(3000);
  });

  it('reads every variable of the design', () => {
    const c = parseConfig({
      DATABASE_URL: 'postgres://u@db:5432/x',
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: 'prod',
      TEMPORAL_TASK_QUEUE: 'q',
      FORTNOX_API_URL: 'http://sim:1',
      FORTNOX_AUTH_URL: 'http://sim:2',
      FORTNOX_CLIENT_ID: 'id',
      FORTNOX_CLIENT_SECRET: 'secret',
      QUICKBUTIK_API_URL: 'http://qb:3',
      ENCRYPTION_KEY: 'ab'.repeat(32),
      ADMIN_API_KEY: 'a-very-long-admin-key',
      PORT: '8080',
      PUBLIC_URL: 'https://sync.example.se',
    });
    expect(c).toMatchObject({ TEMPORAL_NAMESPACE: 'prod', PORT: 8080, PUBLIC_URL: 'https://sync.example.se', FORTNOX_CLIENT_ID: 'id' });
  });

  it.each([
    ['PORT', 'eighty', 'PORT'],
    ['PORT', '70000', 'PORT'],
    ['DATABASE_URL', 'mysql://x', 'postgres://'],
    ['TEMPORAL_ADDRESS', 'http://temporal:7233', 'host:port'],
    ['FORTNOX_API_URL', 'not a url', 'must be a URL'],
    ['ENCRYPTION_KEY', 'short', '64 hex'],
    ['ADMIN_API_KEY', 'short', 'at least 16'],
  ])('rejects %s=%s naming the variable and what it expects', (name, value, expected) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    try {
      parseConfig({ [name]: value });
    } catch (err) {
      expect((err as Error).message).toContain(name);
      expect((err as Error).message).toContain(expected);
    }
  });

  it('refuses development secrets in production', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/ENCRYPTION_KEY.*\n.*ADMIN_API_KEY|ADMIN_API_KEY/s);
  });
});
