// Product images: downloaded from the shop and identified by the hash of their bytes, so an image is uploaded to
// Fortnox once per content, whatever URL it is served under.
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';

export interface DownloadedImage {
  bytes: Uint8Array;
  contentType: string;
  /** SHA-256 of the bytes, hex. */
  hash: string;
  /** File extension from the content type (or the URL). */
  extension: string;
}

export type ImageFetcher = (url: string) => Promise<DownloadedImage | null>;

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' };

/**
 * GETs an image. null when the shop no longer has it (4xx): the article is still synced, without a new image.
 * Network trouble and 5xx throw a retryable error.
 */
export function createImageFetcher(fetchImpl: typeof fetch = fetch, timeoutMs = 20_000): ImageFetcher {
  return async (url) => {
    let res: Response;
    try {
      res = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw ApplicationFailure.retryable(`image ${url} could not be downloaded: ${(err as Error).message}`, 'ImageDownload');
    }
    if (res.status >= 400 && res.status < 500) return null;
    if (!res.ok) throw ApplicationFailure.retryable(`image ${url} answered ${res.status}`, 'ImageDownload');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const contentType = (res.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]!.trim();
    const hash = createHash('sha256').update(bytes).digest('hex');
    const extension = EXTENSIONS[contentType] ?? /\.([a-z0-9]{2,4})$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase() ?? 'bin';
    return { bytes, contentType, hash, extension };
  };
}
