// The CLI the benchmark and demo start: `tsx sim/fortnox/cli.ts --port 0` prints the real port and serves.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from '../../sim/fortnox/cli';

const ROOT = path.resolve(__dirname, '../..');

describe('fortnox-sim CLI', () => {
  test('flags', () => {
    const parsed = parseArgs([
      '--port', '0', '--rate-limit', '10/1000', '--token-ttl', '60', '--client-id', 'id', '--client-secret', 's',
      '--tenant', 't1', '--fault', '{"kind":"error5xx","rate":0.1}',
    ]);
    expect(parsed).toEqual({
      port: 0,
      host: '127.0.0.1',
      tenants: ['t1'],
      faults: [{ kind: 'error5xx', rate: 0.1 }],
      options: { rateLimit: { limit: 10, windowMs: 1000 }, tokenTtlSeconds: 60, clientId: 'id', clientSecret: 's' },
    });
    expect(parseArgs(['--rate-limit', 'off']).options.rateLimit).toBe(false);
  });

  test('listens on port 0 and prints the real port', async () => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['sim/fortnox/cli.ts', '--port', '0', '--tenant', 'cli-shop'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out.trim());
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const m = /^fortnox-sim listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
      expect(m).not.toBeNull();
      expect(Number(m![2])).toBeGreaterThan(0);
      const tenants = (await (await fetch(`${m![1]}/__sim/tenants`)).json()) as Array<{ tenantId: string }>;
      expect(tenants.map((t) => t.tenantId)).toEqual(['cli-shop']);
    } finally {
      child.kill('SIGTERM');
    }
  }, 30000);
});
