// Product images: downloaded from the shop platform's image hosts (src/net/safe-image-fetch.ts decides what may be
// fetched) and identified by the hash of their bytes, so an image is uploaded to Fortnox once per content, whatever URL
// it is served under.
import { createHash } from 'node:crypto';
import type { Config } from '../config';
import type { ImageFetchPolicy, SafeImageFetch } from '../net/safe-image-fetch';

export interface DownloadedImage {
  bytes: Uint8Array;
  contentType: string;
  /** SHA-256 of the bytes, hex. */
  hash: string;
  /** File extension from the content type (or the URL). */
  extension: string;
}

/** null when the shop no longer has the image; throws ImageRefusedError when it must not be fetched. */
export type ImageFetcher = (url: string) => Promise<DownloadedImage | null>;

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' };

export function createImageFetcher(download: SafeImageFetch): ImageFetcher {
  return async (url) => {
    const got = await download(url);
    if (!got) return null;
    const hash = createHash('sha256').update(got.bytes).digest('hex');
    const fromUrl = /\.([a-z0-9]{2,4})$/i.exec(got.url.pathname)?.[1]?.toLowerCase();
    const extension = (Object.hasOwn(EXTENSIONS, got.contentType) ? EXTENSIONS[got.contentType] : undefined) ?? fromUrl ?? 'bin';
    return { bytes: got.bytes, contentType: got.contentType, hash, extension };
  };
}

/** The download policy of product images, from the configuration. */
export function imageFetchPolicy(config: Pick<Config, 'IMAGE_HOSTS' | 'IMAGE_DEV_HOSTS' | 'IMAGE_MAX_BYTES'>): ImageFetchPolicy {
  const list = (s: string) => s.split(',').map((h) => h.trim()).filter(Boolean);
  return { allowedHosts: list(config.IMAGE_HOSTS), devHosts: list(config.IMAGE_DEV_HOSTS), maxBytes: config.IMAGE_MAX_BYTES, maxRedirects: 3, timeoutMs: 20_000 };
}
