import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createQuickbutikSim } from './app';
import type { ShopInput } from './sim';

/**
 * tsx sim/quickbutik/cli.ts --port <p> [--host 127.0.0.1] [--shop <id>:<apiKey>[:<webhookUrl>]]... [--seed]
 *   [--public-url <url>]
 * Prints `quickbutik-sim listening on http://127.0.0.1:<port>` once listening (port 0: the port the OS chose).
 */
const USAGE = 'usage: cli.ts --port <p> [--host h] [--shop <id>:<apiKey>[:<webhookUrl>]]... [--seed] [--public-url <url>]';

/** `<id>:<apiKey>[:<webhookUrl>]`: the URL has colons of its own, so only the first two separate. */
export function parseShopArg(arg: string): ShopInput {
  const first = arg.indexOf(':');
  if (first <= 0) throw new Error(`--shop ${arg}: expected <id>:<apiKey>[:<webhookUrl>]`);
  const second = arg.indexOf(':', first + 1);
  const shopId = arg.slice(0, first);
  const apiKey = second < 0 ? arg.slice(first + 1) : arg.slice(first + 1, second);
  const webhookUrl = second < 0 ? undefined : arg.slice(second + 1);
  if (!apiKey) throw new Error(`--shop ${arg}: the API key is empty`);
  return { shopId, apiKey, webhookUrl };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      shop: { type: 'string', multiple: true, default: [] },
      seed: { type: 'boolean', default: false },
      'public-url': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port ?? process.env.PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port (${values.port})\n${USAGE}`);

  const { app, sim } = createQuickbutikSim({
    shops: values.shop.map(parseShopArg),
    seed: values.seed,
    publicUrl: values['public-url'],
  });
  const server = app.listen(port, values.host, () => {
    const { port: actual } = server.address() as AddressInfo;
    console.log(`quickbutik-sim listening on http://${values.host}:${actual}`);
  });
  server.on('error', (err) => {
    console.error(`quickbutik-sim: ${err.message}`);
    process.exit(1);
  });
  const stop = () => {
    sim.close();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(`quickbutik-sim: ${(err as Error).message}`);
    process.exit(2);
  }
}
