/**
 * Reads what the platforms check from an MP4 or QuickTime file by walking its ISO-BMFF boxes (ISO/IEC
 * 14496-12; QuickTime shares the structure): duration, picture size, codecs, frame rate, and whether
 * the `moov` index comes before the media data (Instagram requires it, so the file can stream).
 */
import { AppError } from '../../../core/errors.js';

export interface Mp4Facts {
  container: 'mp4' | 'mov';
  majorBrand: string;
  durationSeconds: number;
  width: number;
  height: number;
  /** Sample entry of the video track: avc1/avc3 (H.264), hvc1/hev1 (HEVC), vp09, av01 … */
  videoCodec: string | null;
  /** Sample entry of the audio track: mp4a (AAC), ac-3, Opus … or null without sound. */
  audioCodec: string | null;
  frameRate: number | null;
  /** `moov` comes before `mdat`. */
  moovFirst: boolean;
  /** Some track has an edit list (Instagram asks for none). */
  hasEditList: boolean;
}

interface Box {
  type: string;
  /** Offset of the payload (after the header). */
  start: number;
  end: number;
}

const unreadable = (why: string) =>
  new AppError('media.video_unreadable', 400, `the video cannot be read: ${why}`);

function* boxes(data: Buffer, start: number, end: number): Generator<Box> {
  let at = start;
  while (at + 8 <= end) {
    let size = data.readUInt32BE(at);
    const type = data.toString('latin1', at + 4, at + 8);
    let header = 8;
    if (size === 1) {
      if (at + 16 > end) throw unreadable(`box ${type} is cut off`);
      const big = data.readBigUInt64BE(at + 8);
      if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw unreadable(`box ${type} is too large`);
      size = Number(big);
      header = 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (size < header || at + size > end) throw unreadable(`box ${type} runs past the end of the file`);
    yield { type, start: at + header, end: at + size };
    at += size;
  }
}

function child(data: Buffer, parent: Box, type: string): Box | undefined {
  for (const b of boxes(data, parent.start, parent.end)) if (b.type === type) return b;
  return undefined;
}

function path(data: Buffer, parent: Box, types: string[]): Box | undefined {
  let at: Box | undefined = parent;
  for (const t of types) {
    if (!at) return undefined;
    at = child(data, at, t);
  }
  return at;
}

/** Duration and timescale of an mvhd or mdhd box (version 0: 32-bit fields, version 1: 64-bit). */
function timing(data: Buffer, box: Box): { timescale: number; duration: number } {
  const version = data[box.start];
  if (version === 1) {
    return {
      timescale: data.readUInt32BE(box.start + 20),
      duration: Number(data.readBigUInt64BE(box.start + 24)),
    };
  }
  return { timescale: data.readUInt32BE(box.start + 12), duration: data.readUInt32BE(box.start + 16) };
}

export function parseMp4(data: Buffer): Mp4Facts {
  const file: Box = { type: 'file', start: 0, end: data.length };
  let ftyp: Box | undefined;
  let moov: Box | undefined;
  let mdatAt = -1;
  let moovAt = -1;
  for (const b of boxes(data, 0, data.length)) {
    if (b.type === 'ftyp') ftyp = b;
    if (b.type === 'moov') {
      moov = b;
      moovAt = b.start;
    }
    if (b.type === 'mdat' && mdatAt < 0) mdatAt = b.start;
  }
  void file;
  if (!ftyp) throw unreadable('it has no ftyp box, so it is not an MP4 or MOV file');
  if (!moov) throw unreadable('it has no moov box (the file may be incomplete or still recording)');
  const majorBrand = data.toString('latin1', ftyp.start, ftyp.start + 4);
  const mvhd = child(data, moov, 'mvhd');
  if (!mvhd) throw unreadable('it has no movie header (mvhd)');
  const movie = timing(data, mvhd);
  let width = 0;
  let height = 0;
  let videoCodec: string | null = null;
  let audioCodec: string | null = null;
  let frameRate: number | null = null;
  let hasEditList = false;
  for (const trak of boxes(data, moov.start, moov.end)) {
    if (trak.type !== 'trak') continue;
    if (path(data, trak, ['edts', 'elst'])) hasEditList = true;
    const mdia = child(data, trak, 'mdia');
    if (!mdia) continue;
    const hdlr = child(data, mdia, 'hdlr');
    const handler = hdlr ? data.toString('latin1', hdlr.start + 8, hdlr.start + 12) : '';
    const stsd = path(data, mdia, ['minf', 'stbl', 'stsd']);
    // stsd: version/flags (4), entry count (4), then sample entries: size (4) + format (4).
    const format =
      stsd && stsd.end - stsd.start >= 16 ? data.toString('latin1', stsd.start + 12, stsd.start + 16) : null;
    if (handler === 'vide' && videoCodec === null) {
      videoCodec = format;
      const tkhd = child(data, trak, 'tkhd');
      if (tkhd) {
        // Width and height are the last two 16.16 fixed-point fields of tkhd.
        width = Math.round(data.readUInt32BE(tkhd.end - 8) / 65536);
        height = Math.round(data.readUInt32BE(tkhd.end - 4) / 65536);
      }
      const mdhd = child(data, mdia, 'mdhd');
      const stts = path(data, mdia, ['minf', 'stbl', 'stts']);
      if (mdhd && stts) {
        const t = timing(data, mdhd);
        const entries = data.readUInt32BE(stts.start + 4);
        let samples = 0;
        for (let i = 0; i < entries && stts.start + 8 + i * 8 + 8 <= stts.end; i++) {
          samples += data.readUInt32BE(stts.start + 8 + i * 8);
        }
        const seconds = t.timescale > 0 ? t.duration / t.timescale : 0;
        if (seconds > 0 && samples > 0) frameRate = Math.round((samples / seconds) * 100) / 100;
      }
    } else if (handler === 'soun' && audioCodec === null) {
      audioCodec = format;
    }
  }
  if (videoCodec === null) throw unreadable('it has no video track');
  if (movie.timescale === 0) throw unreadable('its movie header has a zero timescale');
  return {
    container: majorBrand === 'qt  ' ? 'mov' : 'mp4',
    majorBrand: majorBrand.trim(),
    durationSeconds: movie.duration / movie.timescale,
    width,
    height,
    videoCodec,
    audioCodec,
    frameRate,
    moovFirst: mdatAt < 0 || moovAt < mdatAt,
    hasEditList,
  };
}
