// Downloads a product image without letting the URL steer the server: https only, to the shop platform's image hosts
// only, every redirect hop checked the same way, every resolved address public, and the connection made to exactly the
// address that was checked (a DNS answer cannot change between the check and the connect). The body must say image/*
// and is streamed with a size cap.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { refusedAddress } from './address-policy';

/** What was downloaded: the bytes, their declared image/* type and the URL of the last hop. */
export interface FetchedImage {
  bytes: Uint8Array;
  contentType: string;
  url: URL;
}

/** null when the host answers 4xx (the image is gone). Throws ImageRefusedError or a retryable failure. */
export type SafeImageFetch = (url: string) => Promise<FetchedImage | null>;

export interface ImageFetchPolicy {
  /** Hosts images may come from; `*.example.com` allows every subdomain of example.com. */
  allowedHosts: string[];
  /**
   * Development and tests only: hosts (simulators on this machine) that may be reached over http and at private
   * addresses. Production config refuses any.
   */
  devHosts?: string[];
  maxBytes: number;
  maxRedirects: number;
  timeoutMs: number;
  /** Extra trusted CA certificates (tests with a self-signed server). */
  ca?: string | Buffer;
}

/** The image was not downloaded on purpose: the article is synced without it and the reason is logged. */
export class ImageRefusedError extends Error {
  constructor(readonly url: string, readonly reason: string) {
    super(`image ${redact(url)} refused: ${reason}`);
    this.name = 'ImageRefusedError';
  }
}
export const isImageRefused = (err: unknown): err is ImageRefusedError => err instanceof ImageRefusedError;

/** Origin and path only: a query string may carry tokens. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

export function hostAllowed(host: string, patterns: string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return patterns.some((p) => {
    const pat = p.trim().toLowerCase();
    if (pat.startsWith('*.')) return h.endsWith(pat.slice(1)) && h.length > pat.length - 1;
    return h === pat;
  });
}

export function createSafeImageFetcher(policy: ImageFetchPolicy): SafeImageFetch {
  const devHosts = policy.devHosts ?? [];

  /** The URL of one hop, checked before anything is sent. */
  function checkUrl(raw: string, original: string): { url: URL; dev: boolean } {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ImageRefusedError(original, 'not a valid URL');
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const dev = hostAllowed(host, devHosts);
    if (url.username || url.password) throw new ImageRefusedError(original, 'URLs with credentials are not fetched');
    if (url.protocol !== 'https:' && !(dev && url.protocol === 'http:')) throw new ImageRefusedError(original, `only https is allowed (${url.protocol})`);
    if (!dev && !hostAllowed(host, policy.allowedHosts)) throw new ImageRefusedError(original, `host ${host} is not an allowed image host`);
    if (!dev && isIP(host)) {
      const why = refusedAddress(host);
      if (why) throw new ImageRefusedError(original, why);
    }
    return { url, dev };
  }

  /** Resolves, refuses the whole answer when any address is not public, and hands the checked addresses to the socket. */
  const checkedLookup = (original: string, dev: boolean) =>
    ((hostname: string, options: { all?: boolean; family?: number }, callback: (...args: unknown[]) => void) => {
      dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (err, addresses: LookupAddress[]) => {
        if (err) return callback(err);
        if (!dev) {
          for (const a of addresses) {
            const why = refusedAddress(a.address);
            if (why) return callback(new ImageRefusedError(original, `${hostname} resolves to ${why}`));
          }
        }
        if (addresses.length === 0) return callback(new Error(`${hostname} has no address`));
        if (options.all) return callback(null, addresses);
        callback(null, addresses[0]!.address, addresses[0]!.family);
      });
    }) as never;

  function get(url: URL, original: string, dev: boolean, signal: AbortSignal): Promise<IncomingMessage> {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(url, {
        method: 'GET',
        headers: { accept: 'image/*', 'user-agent': 'qbfx-image-fetch' },
        lookup: checkedLookup(original, dev),
        signal,
        ...(policy.ca ? { ca: policy.ca } : {}),
        agent: false,
      }, resolve);
      req.on('error', reject);
      req.end();
    });
  }

  async function readCapped(res: IncomingMessage, original: string): Promise<Uint8Array> {
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > policy.maxBytes) {
      res.destroy();
      throw new ImageRefusedError(original, `larger than ${policy.maxBytes} bytes (${declared})`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > policy.maxBytes) {
        res.destroy();
        throw new ImageRefusedError(original, `larger than ${policy.maxBytes} bytes`);
      }
      chunks.push(chunk);
    }
    return new Uint8Array(Buffer.concat(chunks));
  }

  return async (original) => {
    const signal = AbortSignal.timeout(policy.timeoutMs);
    let current = original;
    for (let hop = 0; ; hop++) {
      const { url, dev } = checkUrl(current, original);
      let res: IncomingMessage;
      try {
        res = await get(url, original, dev, signal);
      } catch (err) {
        if (isImageRefused(err)) throw err;
        throw ApplicationFailure.retryable(`image ${redact(original)} could not be downloaded: ${(err as Error).message}`, 'ImageDownload');
      }
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (hop >= policy.maxRedirects) throw new ImageRefusedError(original, `more than ${policy.maxRedirects} redirects`);
        current = new URL(res.headers.location, url).toString();
        continue;
      }
      if (status >= 400 && status < 500) {
        res.resume();
        return null;
      }
      if (status < 200 || status >= 300) {
        res.resume();
        throw ApplicationFailure.retryable(`image ${redact(original)} answered ${status}`, 'ImageDownload');
      }
      const contentType = String(res.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!/^image\/[a-z0-9.+-]+$/.test(contentType)) {
        res.destroy();
        throw new ImageRefusedError(original, `not an image (content type "${contentType || 'none'}")`);
      }
      let bytes: Uint8Array;
      try {
        bytes = await readCapped(res, original);
      } catch (err) {
        if (isImageRefused(err)) throw err;
        throw ApplicationFailure.retryable(`image ${redact(original)} could not be downloaded: ${(err as Error).message}`, 'ImageDownload');
      }
      return { bytes, contentType, url };
    }
  };
}
