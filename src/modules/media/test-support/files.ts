/**
 * Small media files built in tests: an MP4/MOV with the boxes the parser reads, an animated GIF, and
 * JPEGs with EXIF orientation and GPS metadata. No fixture binaries in the repository.
 */
import sharp from 'sharp';

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

function u32(...values: number[]): Buffer {
  const b = Buffer.alloc(4 * values.length);
  for (const [i, v] of values.entries()) b.writeUInt32BE(v >>> 0, i * 4);
  return b;
}

export interface Mp4Options {
  brand?: string;
  seconds?: number;
  width?: number;
  height?: number;
  codec?: string;
  audio?: boolean;
  moovFirst?: boolean;
  frameRate?: number;
  mdatBytes?: number;
}

/** An ISO-BMFF file with ftyp, moov (mvhd, a video trak, optionally an audio trak) and mdat. */
export function makeMp4(o: Mp4Options = {}): Buffer {
  const timescale = 1000;
  const seconds = o.seconds ?? 10;
  const duration = Math.round(seconds * timescale);
  const width = o.width ?? 1280;
  const height = o.height ?? 720;
  const fps = o.frameRate ?? 30;
  const mvhd = box('mvhd', u32(0, 0, 0, timescale, duration), Buffer.alloc(80));
  const trak = (handler: string, format: string, w: number, h: number) => {
    const tkhd = box('tkhd', u32(0, 0, 0, 1, 0, duration), Buffer.alloc(52), u32(w * 65536, h * 65536));
    const mdhd = box('mdhd', u32(0, 0, 0, timescale, duration), Buffer.alloc(4));
    const hdlr = box('hdlr', u32(0, 0), Buffer.from(handler, 'latin1'), Buffer.alloc(13));
    const stsd = box('stsd', u32(0, 1), box(format, Buffer.alloc(8)));
    const stts = box('stts', u32(0, 1, Math.round(seconds * fps), Math.round(timescale / fps)));
    return box('trak', tkhd, box('mdia', mdhd, hdlr, box('minf', box('stbl', stsd, stts))));
  };
  const tracks = [trak('vide', o.codec ?? 'avc1', width, height)];
  if (o.audio !== false) tracks.push(trak('soun', 'mp4a', 0, 0));
  const moov = box('moov', mvhd, ...tracks);
  const ftyp = box(
    'ftyp',
    Buffer.from((o.brand ?? 'isom').padEnd(4, ' '), 'latin1'),
    u32(512),
    Buffer.from('isomiso2avc1mp41', 'latin1'),
  );
  const mdat = box('mdat', Buffer.alloc(o.mdatBytes ?? 64));
  return o.moovFirst === false ? Buffer.concat([ftyp, mdat, moov]) : Buffer.concat([ftyp, moov, mdat]);
}

/** An animated GIF of `frames` 1×1 frames (logical screen `width`×`height`), `delayCs` hundredths each. */
export function makeGif(
  o: { width?: number; height?: number; frames?: number; delayCs?: number } = {},
): Buffer {
  const w = o.width ?? 64;
  const h = o.height ?? 48;
  const parts: Buffer[] = [Buffer.from('GIF89a', 'latin1')];
  const screen = Buffer.alloc(7);
  screen.writeUInt16LE(w, 0);
  screen.writeUInt16LE(h, 2);
  screen[4] = 0x80; // global colour table of 2 entries
  parts.push(screen, Buffer.from([0, 0, 0, 255, 255, 255]));
  parts.push(
    Buffer.from([0x21, 0xff, 0x0b]),
    Buffer.from('NETSCAPE2.0', 'latin1'),
    Buffer.from([3, 1, 0, 0, 0]),
  );
  for (let i = 0; i < (o.frames ?? 3); i++) {
    const gce = Buffer.from([0x21, 0xf9, 4, 0, 0, 0, 0, 0]);
    gce.writeUInt16LE(o.delayCs ?? 10, 4);
    const descriptor = Buffer.alloc(10);
    descriptor[0] = 0x2c;
    descriptor.writeUInt16LE(1, 5);
    descriptor.writeUInt16LE(1, 7);
    parts.push(gce, descriptor, Buffer.from([2, 2, 0x44, 0x01, 0]));
  }
  parts.push(Buffer.from([0x3b]));
  return Buffer.concat(parts);
}

/** A landscape JPEG stored sideways with EXIF orientation 6 (display rotated 90°) and a GPS position. */
export async function sidewaysJpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 400, height: 300, channels: 3, background: '#3a86ff' } })
    .composite([
      {
        input: Buffer.from(
          '<svg width="400" height="300"><rect x="0" y="0" width="200" height="300" fill="#ff006e"/></svg>',
        ),
        top: 0,
        left: 0,
      },
    ])
    .jpeg()
    .withExif({ IFD0: { Make: 'TestCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' } })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

export async function pngOf(width: number, height: number, colour: string): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: colour } })
    .png()
    .toBuffer();
}
