import { createHash } from 'node:crypto';
import type { MediaInfo } from './world.js';

/**
 * What the simulator knows about media: the type and size read from the bytes (magic numbers and image
 * headers), or guessed from a URL's extension when the URL is not fetched. It never decodes whole images:
 * platforms check type, size and dimensions, and so does the simulator.
 */

function readDims(b: Buffer, mime: string): { width?: number; height?: number } {
  try {
    if (mime === 'image/png' && b.length >= 24)
      return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
    if (mime === 'image/gif' && b.length >= 10)
      return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
    if (mime === 'image/jpeg') {
      let i = 2;
      while (i + 9 < b.length) {
        if (b[i] !== 0xff) return {};
        const marker = b[i + 1] as number;
        const len = b.readUInt16BE(i + 2);
        // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
        if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
          return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
        }
        i += 2 + len;
      }
    }
    if (mime === 'image/webp' && b.length >= 30) {
      const chunk = b.toString('ascii', 12, 16);
      if (chunk === 'VP8X') return { width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3) };
      if (chunk === 'VP8 ')
        return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
      if (chunk === 'VP8L') {
        const bits = b.readUInt32LE(21);
        return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
      }
    }
  } catch {
    return {};
  }
  return {};
}

/** The media type of some bytes, by their magic numbers. */
export function sniffType(b: Buffer): string | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.toString('hex', 0, 8) === '89504e470d0a1a0a') return 'image/png';
  if (b.length >= 6 && (b.toString('ascii', 0, 6) === 'GIF87a' || b.toString('ascii', 0, 6) === 'GIF89a'))
    return 'image/gif';
  if (b.length >= 12 && b.toString('ascii', 0, 4) === 'RIFF' && b.toString('ascii', 8, 12) === 'WEBP')
    return 'image/webp';
  if (b.length >= 2 && b.toString('ascii', 0, 2) === 'BM') return 'image/bmp';
  if (b.length >= 4 && (b.toString('hex', 0, 4) === '49492a00' || b.toString('hex', 0, 4) === '4d4d002a'))
    return 'image/tiff';
  if (b.length >= 12 && b.toString('ascii', 4, 8) === 'ftyp') {
    return b.toString('ascii', 8, 10) === 'qt' ? 'video/quicktime' : 'video/mp4';
  }
  if (b.length >= 4 && b.toString('hex', 0, 4) === '1a45dfa3') return 'video/webm';
  return undefined;
}

/** Media information from bytes; `invalid` says why they are not media at all. */
export function inspectBytes(b: Buffer): MediaInfo {
  const hash = createHash('sha256').update(b).digest('hex');
  const mime = sniffType(b);
  if (!mime)
    return {
      kind: 'image',
      mimeType: 'application/octet-stream',
      bytes: b.length,
      hash,
      invalid: 'unrecognised media bytes',
    };
  const kind = mime.startsWith('video/')
    ? 'video'
    : mime === 'image/gif' && isAnimatedGif(b)
      ? 'gif'
      : 'image';
  return { kind, mimeType: mime, bytes: b.length, hash, ...readDims(b, mime) };
}

function isAnimatedGif(b: Buffer): boolean {
  // More than one image descriptor after a graphic control extension means frames.
  let frames = 0;
  for (let i = 0; i + 1 < b.length && frames < 2; i++) if (b[i] === 0x21 && b[i + 1] === 0xf9) frames++;
  return frames > 1;
}

const extensionTypes: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
};

/** Media information guessed from a URL that is not fetched: the extension decides the type. */
export function inspectUrlName(url: string): MediaInfo {
  const hash = createHash('sha256').update(url).digest('hex');
  let ext = '';
  try {
    ext = new URL(url).pathname.split('.').pop()?.toLowerCase() ?? '';
  } catch {
    return { kind: 'image', mimeType: 'application/octet-stream', bytes: 0, hash, invalid: 'not a URL' };
  }
  const mime = extensionTypes[ext];
  if (!mime) return { kind: 'image', mimeType: 'image/jpeg', bytes: 0, hash };
  return { kind: mime.startsWith('video/') ? 'video' : 'image', mimeType: mime, bytes: 0, hash };
}

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/**
 * Media behind a URL, as a platform that "cURLs" it would see. The simulator never reaches the internet:
 * with `mediaFetch: 'loopback'` it downloads from 127.0.0.1/::1/localhost (tests serve files there) and
 * judges the bytes; other URLs are not fetched and are judged by their extension. A loopback URL that
 * cannot be fetched is `invalid` (the platform's "could not fetch" error).
 */
export async function inspectUrl(
  url: string,
  mode: 'loopback' | 'never',
  maxBytes = 600 * 1024 * 1024,
): Promise<MediaInfo> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return inspectUrlName(url);
  }
  if (!/^https?:$/.test(parsed.protocol)) {
    return { ...inspectUrlName(url), invalid: 'only http(s) URLs can be fetched' };
  }
  if (mode === 'never' || !isLoopback(parsed.hostname)) return inspectUrlName(url);
  try {
    const res = await fetch(parsed, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) return { ...inspectUrlName(url), invalid: `fetching the URL answered ${res.status}` };
    const body = Buffer.from(await res.arrayBuffer());
    if (body.length > maxBytes)
      return { ...inspectBytes(body.subarray(0, 64)), bytes: body.length, invalid: 'too large' };
    return inspectBytes(body);
  } catch (error) {
    return { ...inspectUrlName(url), invalid: `the URL could not be fetched (${(error as Error).message})` };
  }
}
