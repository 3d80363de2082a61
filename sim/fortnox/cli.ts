// tsx sim/fortnox/cli.ts --port <p> [--host 127.0.0.1] [--rate-limit 25/5000|off] [--token-ttl 3600]
//   [--client-id sim-client --client-secret sim-secret] [--tenant <id>]... [--fault '<json FaultSpec>']...
import type { AddressInfo } from 'node:net';
import { createFortnoxSim } from './app';
import type { FaultSpec, FortnoxSimOptions } from './types';

function usage(message: string): never {
  process.stderr.write(
    `${message}\nusage: tsx sim/fortnox/cli.ts --port <p> [--host <h>] [--rate-limit 25/5000|off] [--token-ttl <s>] ` +
      `[--client-id <id>] [--client-secret <secret>] [--tenant <id>]... [--fault '{"kind":"error5xx","rate":0.1}']...\n`,
  );
  process.exit(2);
}

export function parseArgs(argv: string[]) {
  const options: FortnoxSimOptions = {};
  const tenants: string[] = [];
  const faults: FaultSpec[] = [];
  let port = 0;
  let host = '127.0.0.1';
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) usage(`missing value for ${flag}`);
      return v;
    };
    switch (flag) {
      case '--port': {
        port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) usage('--port must be 0-65535');
        break;
      }
      case '--host':
        host = value();
        break;
      case '--rate-limit': {
        const v = value();
        if (v === 'off') options.rateLimit = false;
        else {
          const m = /^(\d+)\/(\d+)$/.exec(v);
          if (!m) usage('--rate-limit must be <limit>/<windowMs> or off');
          options.rateLimit = { limit: Number(m[1]), windowMs: Number(m[2]) };
        }
        break;
      }
      case '--token-ttl': {
        options.tokenTtlSeconds = Number(value());
        if (!(options.tokenTtlSeconds > 0)) usage('--token-ttl must be a positive number of seconds');
        break;
      }
      case '--client-id':
        options.clientId = value();
        break;
      case '--client-secret':
        options.clientSecret = value();
        break;
      case '--tenant':
        tenants.push(value());
        break;
      case '--fault':
        try {
          faults.push(JSON.parse(value()) as FaultSpec);
        } catch {
          usage('--fault takes a JSON object, e.g. {"kind":"error5xx","rate":0.1}');
        }
        break;
      default:
        usage(`unknown argument ${flag}`);
    }
  }
  return { options, tenants, faults, port, host };
}

function main(): void {
  const { options, tenants, faults, port, host } = parseArgs(process.argv.slice(2));
  const { app, sim } = createFortnoxSim(options);
  for (const id of tenants) sim.createTenant({ tenantId: id });
  for (const f of faults) sim.addFault(f);
  const server = app.listen(port, host, () => {
    const { port: actual } = server.address() as AddressInfo;
    process.stdout.write(`fortnox-sim listening on http://${host}:${actual}\n`);
  });
  server.on('error', (e) => {
    process.stderr.write(`fortnox-sim: ${e.message}\n`);
    process.exit(1);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) main();
