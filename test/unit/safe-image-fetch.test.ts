// Server-side request forgery through product images: real local servers stand in for an attacker's redirect and
// for the internal page it points at (loopback is exactly what must be refused). The positive path uses a
// self-signed https server allowed as a development host through the policy, as the test config does.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { refusedAddress } from '../../src/net/address-policy';
import { createSafeImageFetcher, hostAllowed, ImageRefusedError, type ImageFetchPolicy } from '../../src/net/safe-image-fetch';
import { parseConfig } from '../../src/config';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

let cert: { key: string; cert: string };
const servers: Server[] = [];
const hits: string[] = [];

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}
const httpsServer = (h: Handler) => listen(createHttpsServer(cert, h));
const httpServer = (h: Handler) => listen(createHttpServer(h));

beforeAll(() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'img-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  cert = { key: readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
});
afterEach(() => {
  hits.length = 0;
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => { s.closeAllConnections?.(); s.close(r); })));
});

const policy = (p: Partial<ImageFetchPolicy> = {}): ImageFetchPolicy => ({
  allowedHosts: ['cdn.quickbutik.com'], devHosts: [], maxBytes: 1024, maxRedirects: 3, timeoutMs: 5000, ca: cert.cert, ...p,
});
/** An internal page: any request reaching it is a successful forgery. */
const internalPage = () => httpServer((req, res) => { hits.push(req.url ?? ''); res.setHeader('content-type', 'image/png'); res.end('internal secret'); });
const refusal = (p: Promise<unknown>) => p.then(() => { throw new Error('not refused'); }, (err) => {
  if (!(err instanceof ImageRefusedError)) throw err;
  return err.reason;
});

describe('safe image fetch: what is refused', () => {
  it('a redirect from an image host to an internal page is refused and the internal page is never requested', async () => {
    const internal = await internalPage();
    const evil = await httpsServer((_req, res) => { res.writeHead(302, { location: `http://127.0.0.1:${internal}/admin` }).end(); });
    const reason = await refusal(createSafeImageFetcher(policy({ devHosts: ['localhost'] }))(`https://localhost:${evil}/p.png`));
    expect(reason).toMatch(/only https/);
    expect(hits).toEqual([]);
  });

  it('a redirect hop to an allow-listed name or literal that is a loopback address is refused (every hop resolved and checked)', async () => {
    const internal = await httpsServer((req, res) => { hits.push(req.url ?? ''); res.setHeader('content-type', 'image/png'); res.end(PNG); });
    const evil = await httpsServer((req, res) => {
      res.writeHead(302, { location: req.url === '/name' ? `https://localhost:${internal}/x.png` : `https://127.0.0.1:${internal}/x.png` }).end();
    });
    // The attacker's first hop is allowed through the dev list; the target hosts are allow-listed but internal.
    const fetcher = createSafeImageFetcher(policy({ allowedHosts: ['localhost', '127.0.0.1'], devHosts: ['evil.localhost'] }));
    expect(await refusal(fetcher(`https://localhost:${internal}/x.png`))).toMatch(/localhost resolves to .*(loopback|private)/);
    expect(await refusal(fetcher(`https://127.0.0.1:${internal}/x.png`))).toMatch(/127\.0\.0\.1 is a private, loopback/);
    const viaDev = createSafeImageFetcher(policy({ allowedHosts: ['127.0.0.1'], devHosts: ['localhost'] }));
    expect(await refusal(viaDev(`https://localhost:${evil}/literal`))).toMatch(/127\.0\.0\.1 is a private, loopback/);
    expect(hits).toEqual([]);
  });

  it('http, hosts outside the allow-list, credentials in the URL and non-URLs are refused before any request', async () => {
    const internal = await internalPage();
    const fetcher = createSafeImageFetcher(policy());
    expect(await refusal(fetcher(`http://127.0.0.1:${internal}/a.png`))).toMatch(/only https/);
    expect(await refusal(fetcher('https://169.254.169.254/latest/meta-data/'))).toMatch(/not an allowed image host/);
    expect(await refusal(fetcher('https://evil.example/a.png'))).toMatch(/not an allowed image host/);
    expect(await refusal(fetcher('https://user:pw@cdn.quickbutik.com/a.png'))).toMatch(/credentials/);
    expect(await refusal(fetcher('file:///etc/passwd'))).toMatch(/only https/);
    expect(await refusal(fetcher('not a url'))).toMatch(/not a valid URL/);
    expect(hits).toEqual([]);
  });

  it('more redirects than allowed are refused', async () => {
    const loop = await httpsServer((req, res) => { res.writeHead(302, { location: `/again${req.url}` }).end(); });
    expect(await refusal(createSafeImageFetcher(policy({ devHosts: ['localhost'], maxRedirects: 2 }))(`https://localhost:${loop}/a`))).toMatch(/more than 2 redirects/);
  });

  it('a body that is not image/* is refused', async () => {
    const html = await httpsServer((_req, res) => { res.setHeader('content-type', 'text/html'); res.end('<h1>admin</h1>'); });
    expect(await refusal(createSafeImageFetcher(policy({ devHosts: ['localhost'] }))(`https://localhost:${html}/a.png`))).toMatch(/not an image \(content type "text\/html"\)/);
  });

  it('a body over the size cap is refused while streaming (no content-length) and the download stops', async () => {
    let written = 0;
    let closed = false;
    const huge = await httpsServer((_req, res) => {
      res.setHeader('content-type', 'image/png');
      res.on('close', () => (closed = true));
      const more = () => {
        while (written < 50 * 1024 * 1024 && !closed) {
          written += 4096;
          if (!res.write(Buffer.alloc(4096))) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    });
    expect(await refusal(createSafeImageFetcher(policy({ devHosts: ['localhost'], maxBytes: 8192 }))(`https://localhost:${huge}/big.png`))).toMatch(/larger than 8192 bytes/);
    await new Promise((r) => setTimeout(r, 100));
    expect(closed).toBe(true);
    expect(written).toBeLessThan(5 * 1024 * 1024);
  });

  it('a declared content-length over the cap is refused at once', async () => {
    const big = await httpsServer((_req, res) => { res.writeHead(200, { 'content-type': 'image/png', 'content-length': '999999' }).end(); });
    expect(await refusal(createSafeImageFetcher(policy({ devHosts: ['localhost'] }))(`https://localhost:${big}/big.png`))).toMatch(/larger than 1024 bytes \(999999\)/);
  });

  it('a server that never answers times out as a retryable failure', async () => {
    const silent = await httpsServer(() => undefined);
    await expect(createSafeImageFetcher(policy({ devHosts: ['localhost'], timeoutMs: 300 }))(`https://localhost:${silent}/a.png`))
      .rejects.toMatchObject({ type: 'ImageDownload', nonRetryable: false });
  });
});

describe('safe image fetch: what is downloaded', () => {
  it('an image over https from an allowed host, through a redirect on an allowed host', async () => {
    const img = await httpsServer((req, res) => {
      if (req.url === '/old.png') return void res.writeHead(301, { location: '/new.png' }).end();
      res.setHeader('content-type', 'image/png; charset=binary');
      res.end(PNG);
    });
    const got = await createSafeImageFetcher(policy({ devHosts: ['localhost'] }))(`https://localhost:${img}/old.png`);
    expect(got).toMatchObject({ contentType: 'image/png' });
    expect(Buffer.from(got!.bytes)).toEqual(PNG);
    expect(got!.url.pathname).toBe('/new.png');
  });
  it('a missing image (4xx) is null; a 5xx is retried', async () => {
    const gone = await httpsServer((req, res) => { res.statusCode = req.url === '/404' ? 404 : 503; res.end(); });
    const fetcher = createSafeImageFetcher(policy({ devHosts: ['localhost'] }));
    expect(await fetcher(`https://localhost:${gone}/404`)).toBeNull();
    await expect(fetcher(`https://localhost:${gone}/503`)).rejects.toMatchObject({ type: 'ImageDownload', nonRetryable: false });
  });
  it('an untrusted certificate is a (retryable) download failure, never a silent success', async () => {
    const img = await httpsServer((_req, res) => { res.setHeader('content-type', 'image/png'); res.end(PNG); });
    await expect(createSafeImageFetcher(policy({ devHosts: ['localhost'], ca: undefined }))(`https://localhost:${img}/a.png`))
      .rejects.toMatchObject({ type: 'ImageDownload' });
  });
});

describe('address policy', () => {
  it.each([
    '127.0.0.1', '127.1.2.3', '10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0',
    '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fd00:ec2::254', 'fc00::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1',
    '64:ff9b::a00:1', '2002:7f00:1::1', 'ff02::1',
  ])('%s is refused', (a) => expect(refusedAddress(a)).toMatch(/private, loopback/));
  it.each(['8.8.8.8', '151.101.1.1', '2606:4700:4700::1111', '2a00:1450:4001::200e'])('%s is public', (a) => expect(refusedAddress(a)).toBeNull());
  it('host patterns: exact names and *.subdomains only', () => {
    expect(hostAllowed('cdn.quickbutik.com', ['cdn.quickbutik.com'])).toBe(true);
    expect(hostAllowed('CDN.quickbutik.com.', ['cdn.quickbutik.com'])).toBe(true);
    expect(hostAllowed('evilcdn.quickbutik.com', ['cdn.quickbutik.com'])).toBe(false);
    expect(hostAllowed('a.img.example', ['*.img.example'])).toBe(true);
    expect(hostAllowed('img.example', ['*.img.example'])).toBe(false);
    expect(hostAllowed('evilimg.example', ['*.img.example'])).toBe(false);
  });
});

describe('image policy configuration', () => {
  it('defaults to Quickbutik\'s CDN and no development hosts; production refuses development hosts', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ IMAGE_HOSTS: 'cdn.quickbutik.com', IMAGE_DEV_HOSTS: '' });
    expect(() => parseConfig({ NODE_ENV: 'production', IMAGE_DEV_HOSTS: '127.0.0.1' })).toThrow(/IMAGE_DEV_HOSTS: is for the simulators only/);
  });
});
