import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local webhook receiver on port 0 that records every delivery: for the simulator's own tests and for scripts that
 * want to watch what the simulator sends without running the whole service.
 */
export interface Received {
  method: string;
  path: string;
  query: Record<string, string>;
  userAgent: string | undefined;
  /** Bytes of request body (Quickbutik sends none). */
  bodyBytes: number;
  at: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Status the receiver answers with (default 200). */
  status: number;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const app = express();
  const receiver: Receiver = { url: '', received: [], status: 200, close: async () => undefined };
  app.all('/{*path}', express.raw({ type: () => true }), (req, res) => {
    receiver.received.push({
      method: req.method,
      path: req.path,
      query: Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, String(v)])),
      userAgent: req.get('user-agent'),
      bodyBytes: Buffer.isBuffer(req.body) ? req.body.length : 0,
      at: Date.now(),
    });
    res.status(receiver.status).send('ok');
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return receiver;
}
