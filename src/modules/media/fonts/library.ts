/**
 * Fonts the renderer can draw with: three open (SIL OFL 1.1) families bundled through their
 * @fontsource packages — Inter (sans), Lora (serif), Montserrat (display) — in regular and bold, and a
 * tenant's uploaded TTF/OTF/WOFF fonts. satori needs TTF, OTF or WOFF (not WOFF2).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { AppError } from '../../../core/errors.js';

export interface FontFace {
  name: string;
  data: Buffer;
  weight: 400 | 700 | 100 | 200 | 300 | 500 | 600 | 800 | 900;
  style: 'normal' | 'italic';
}

export const bundledFamilies = ['Inter', 'Lora', 'Montserrat'] as const;
export type BundledFamily = (typeof bundledFamilies)[number];

const SUBSETS: Record<BundledFamily, string[]> = {
  Inter: ['latin', 'latin-ext', 'cyrillic', 'greek', 'vietnamese'],
  Lora: ['latin', 'latin-ext', 'cyrillic', 'vietnamese'],
  Montserrat: ['latin', 'latin-ext', 'cyrillic', 'vietnamese'],
};

const require = createRequire(import.meta.url);

async function loadBundled(family: BundledFamily): Promise<FontFace[]> {
  const pkg = family.toLowerCase();
  const faces: FontFace[] = [];
  for (const weight of [400, 700] as const) {
    for (const subset of SUBSETS[family]) {
      const file = require.resolve(`@fontsource/${pkg}/files/${pkg}-${subset}-${weight}-normal.woff`);
      faces.push({ name: family, data: await readFile(file), weight, style: 'normal' });
    }
  }
  return faces;
}

/** Loads the bundled families once per library (one library per app, see runtime.ts). */
export class FontLibrary {
  private bundled: Promise<FontFace[]> | undefined;

  bundledFaces(): Promise<FontFace[]> {
    this.bundled ??= Promise.all(bundledFamilies.map(loadBundled)).then((all) => all.flat());
    return this.bundled;
  }
}

export function isBundledFamily(name: string): name is BundledFamily {
  return (bundledFamilies as readonly string[]).includes(name);
}

/**
 * Checks that an uploaded font is one satori can use: TTF/OTF/WOFF with the tables a text renderer
 * needs. Returns the family name the font declares (name table id 1), when it can be read.
 */
export function checkFontFile(data: Buffer): {
  format: 'ttf' | 'otf' | 'woff';
  declaredFamily: string | null;
} {
  const tag = data.toString('latin1', 0, 4);
  const format =
    tag === 'OTTO'
      ? 'otf'
      : tag === 'wOFF'
        ? 'woff'
        : tag === 'true' || data.readUInt32BE(0) === 0x00010000
          ? 'ttf'
          : null;
  if (!format) {
    throw new AppError(
      'media.invalid_font',
      400,
      tag === 'wOF2'
        ? 'WOFF2 fonts cannot be used by the graphics renderer; upload the TTF, OTF or WOFF file'
        : 'this is not a TTF, OTF or WOFF font file',
    );
  }
  const tables = format === 'woff' ? woffTables(data) : sfntTables(data);
  for (const needed of ['cmap', 'head', 'hhea', 'hmtx', 'maxp', 'name']) {
    if (!tables.has(needed)) {
      throw new AppError(
        'media.invalid_font',
        400,
        `the font has no ${needed} table, so text cannot be drawn with it`,
      );
    }
  }
  let declaredFamily: string | null = null;
  if (format !== 'woff') {
    const name = tables.get('name');
    if (name) declaredFamily = readFamilyName(data, name.offset, name.length);
  }
  return { format, declaredFamily };
}

function sfntTables(data: Buffer): Map<string, { offset: number; length: number }> {
  const out = new Map<string, { offset: number; length: number }>();
  if (data.length < 12) return out;
  const count = data.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    if (at + 16 > data.length) break;
    const offset = data.readUInt32BE(at + 8);
    const length = data.readUInt32BE(at + 12);
    if (offset + length > data.length) continue;
    out.set(data.toString('latin1', at, at + 4), { offset, length });
  }
  return out;
}

function woffTables(data: Buffer): Map<string, { offset: number; length: number }> {
  const out = new Map<string, { offset: number; length: number }>();
  if (data.length < 44) return out;
  const count = data.readUInt16BE(12);
  for (let i = 0; i < count; i++) {
    const at = 44 + i * 20;
    if (at + 20 > data.length) break;
    out.set(data.toString('latin1', at, at + 4), {
      offset: data.readUInt32BE(at + 4),
      length: data.readUInt32BE(at + 8),
    });
  }
  return out;
}

/** Family name (nameID 1) from a `name` table, preferring Windows Unicode (UTF-16BE) records. */
function readFamilyName(data: Buffer, offset: number, length: number): string | null {
  if (length < 6) return null;
  const count = data.readUInt16BE(offset + 2);
  const strings = offset + data.readUInt16BE(offset + 4);
  let fallback: string | null = null;
  for (let i = 0; i < count; i++) {
    const r = offset + 6 + i * 12;
    if (r + 12 > offset + length) break;
    const platform = data.readUInt16BE(r);
    const nameId = data.readUInt16BE(r + 6);
    const len = data.readUInt16BE(r + 8);
    const off = data.readUInt16BE(r + 10);
    if (nameId !== 1 || strings + off + len > data.length) continue;
    const raw = data.subarray(strings + off, strings + off + len);
    if (platform === 3 || platform === 0) {
      const chars: string[] = [];
      for (let j = 0; j + 1 < raw.length; j += 2) chars.push(String.fromCharCode(raw.readUInt16BE(j)));
      return chars.join('').trim() || null;
    }
    fallback ??= raw.toString('latin1').trim() || null;
  }
  return fallback;
}
