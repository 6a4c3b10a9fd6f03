/**
 * Reads a GIF's logical screen size, frame count, total duration (from the graphic control
 * extensions' delays) and looping (NETSCAPE2.0 extension) by walking its blocks (GIF89a spec).
 */
import { AppError } from '../../../core/errors.js';

export interface GifFacts {
  width: number;
  height: number;
  frames: number;
  durationMs: number;
  loop: boolean;
}

const unreadable = (why: string) =>
  new AppError('media.gif_unreadable', 400, `the GIF cannot be read: ${why}`);

function skipSubBlocks(data: Buffer, at: number): number {
  let p = at;
  while (p < data.length) {
    const size = data[p] as number;
    p += 1;
    if (size === 0) return p;
    p += size;
  }
  throw unreadable('a data block runs past the end of the file');
}

export function parseGif(data: Buffer): GifFacts {
  const signature = data.toString('latin1', 0, 6);
  if (signature !== 'GIF87a' && signature !== 'GIF89a') throw unreadable('it has no GIF87a/GIF89a header');
  if (data.length < 13) throw unreadable('the header is cut off');
  const width = data.readUInt16LE(6);
  const height = data.readUInt16LE(8);
  const packed = data[10] as number;
  let p = 13;
  if (packed & 0x80) p += 3 * 2 ** ((packed & 0x07) + 1);
  let frames = 0;
  let durationMs = 0;
  let loop = false;
  let pendingDelay = 0;
  while (p < data.length) {
    const block = data[p];
    if (block === 0x3b) break; // trailer
    if (block === 0x21) {
      const label = data[p + 1];
      if (label === 0xf9 && p + 8 <= data.length) {
        // Delay in hundredths of a second; browsers treat 0–1 as 10 (100 ms).
        const delay = data.readUInt16LE(p + 4);
        pendingDelay = delay <= 1 ? 10 : delay;
      } else if (label === 0xff && data.toString('latin1', p + 3, p + 14) === 'NETSCAPE2.0') {
        loop = true;
      }
      p = skipSubBlocks(data, p + 2);
      continue;
    }
    if (block === 0x2c) {
      if (p + 10 > data.length) throw unreadable('an image descriptor is cut off');
      frames++;
      durationMs += (pendingDelay || 10) * 10;
      pendingDelay = 0;
      const local = data[p + 9] as number;
      p += 10;
      if (local & 0x80) p += 3 * 2 ** ((local & 0x07) + 1);
      p += 1; // LZW minimum code size
      p = skipSubBlocks(data, p);
      continue;
    }
    throw unreadable(`unexpected block 0x${(block ?? 0).toString(16)} at byte ${p}`);
  }
  if (frames === 0) throw unreadable('it has no frames');
  return { width, height, frames, durationMs: frames === 1 ? 0 : durationMs, loop };
}
