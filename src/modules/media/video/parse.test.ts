import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { probeMedia } from '../image/probe.js';
import { makeGif, makeMp4, sidewaysJpegWithGps } from '../test-support/files.js';
import { parseGif } from './gif.js';
import { checkGif, checkVideo } from './limits.js';
import { parseMp4 } from './mp4.js';

describe('MP4/MOV facts', () => {
  it('reads duration, size, codecs, frame rate and the moov position', () => {
    const facts = parseMp4(makeMp4({ seconds: 12, width: 1080, height: 1920, frameRate: 25 }));
    expect(facts).toMatchObject({
      container: 'mp4',
      durationSeconds: 12,
      width: 1080,
      height: 1920,
      videoCodec: 'avc1',
      audioCodec: 'mp4a',
      frameRate: 25,
      moovFirst: true,
    });
    expect(parseMp4(makeMp4({ brand: 'qt', moovFirst: false })).container).toBe('mov');
    expect(parseMp4(makeMp4({ moovFirst: false })).moovFirst).toBe(false);
  });

  it('fails clearly on a cut-off or moov-less file', () => {
    const whole = makeMp4();
    expect(() => parseMp4(whole.subarray(0, whole.length - 40))).toThrow(/runs past the end/);
    const noMoov = makeMp4({ moovFirst: false });
    expect(() => parseMp4(noMoov.subarray(0, 32 + 72))).toThrow(/no moov box|runs past/);
  });

  it('checks each platform: X duration and size, Instagram fast start, codecs', () => {
    const long = parseMp4(makeMp4({ seconds: 200, width: 1920, height: 1080 }));
    const x = checkVideo('x', long, 10_000_000).map((p) => p.code);
    expect(x).toEqual(expect.arrayContaining(['too_long', 'too_wide', 'too_tall']));
    expect(checkVideo('linkedin', long, 10_000_000)).toEqual([]);
    const slow = parseMp4(makeMp4({ moovFirst: false }));
    expect(
      checkVideo('instagram', slow, 1000)
        .map((p) => p.message)
        .join(),
    ).toMatch(/faststart/);
    const vp9 = parseMp4(makeMp4({ codec: 'vp09' }));
    expect(checkVideo('facebook', vp9, 1000)[0]?.message).toMatch(/H\.264/);
    expect(checkVideo('x', parseMp4(makeMp4({ seconds: 0.2 })), 1000)[0]?.code).toBe('too_short');
  });
});

describe('GIF facts', () => {
  it('reads size, frames, duration and looping', () => {
    expect(parseGif(makeGif({ width: 320, height: 200, frames: 4, delayCs: 5 }))).toEqual({
      width: 320,
      height: 200,
      frames: 4,
      durationMs: 200,
      loop: true,
    });
  });

  it('checks platform limits and refuses GIFs for Instagram', () => {
    expect(
      checkGif('x', { width: 1400, height: 900, frames: 400 }, 16 * 1024 * 1024).map((p) => p.code),
    ).toEqual(['too_large', 'too_many_frames', 'too_big']);
    expect(checkGif('instagram', { width: 10, height: 10, frames: 1 }, 10)[0]?.code).toBe('gif_not_accepted');
    expect(() => parseGif(makeGif().subarray(0, 30))).toThrow(/GIF cannot be read/);
  });
});

describe('probing uploads from their bytes', () => {
  it('tells images, video, GIF and fonts apart and applies EXIF orientation to the size', async () => {
    const jpeg = await probeMedia(await sidewaysJpegWithGps());
    expect(jpeg).toMatchObject({ kind: 'image', mime: 'image/jpeg', width: 300, height: 400 });
    expect(jpeg.image).toMatchObject({ orientation: 6, hasMetadata: true });
    expect((await probeMedia(makeMp4())).kind).toBe('video');
    expect((await probeMedia(makeGif())).kind).toBe('gif');
    const require = createRequire(import.meta.url);
    const woff = readFileSync(require.resolve('@fontsource/inter/files/inter-latin-400-normal.woff'));
    expect((await probeMedia(woff)).kind).toBe('font');
    const woff2 = readFileSync(require.resolve('@fontsource/inter/files/inter-latin-400-normal.woff2'));
    await expect(probeMedia(woff2)).rejects.toThrow(/WOFF2/);
    await expect(probeMedia(Buffer.from('just some text, not media at all'))).rejects.toMatchObject({
      code: 'media.unsupported_type',
    });
  });
});
