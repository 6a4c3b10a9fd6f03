/**
 * Chooses the crop of a photo for a target ratio: the largest window of that ratio, placed so that
 *   1. a person's focal point, when given, is as central as the photo allows (it wins over everything);
 *   2. otherwise no face is cut through, and as much face area as possible is kept (all faces, when a
 *      window that holds them all exists) — faces are hard constraints, not a skin-colour hint;
 *   3. among the placements that do that equally well, the one nearest smartcrop's saliency choice
 *      (edges, saturation, rule of thirds) is taken.
 * VISUAL-GUARDS §5 (and the Twitter cropping study it cites for why faces beat skin-colour priors).
 */
import smartcrop from 'smartcrop';
import type { Box } from '../render/types.js';

export interface CropChoice {
  crop: Box;
  reason: 'fits' | 'focus' | 'faces' | 'saliency';
  /** Faces (indices into the input) wholly inside the crop, and those it cuts through. */
  keptFaces: number[];
  cutFaces: number[];
}

export interface SaliencyImage {
  /** RGBA pixels of a small copy of the photo (short side ≈ 256 px). */
  data: Uint8Array | Buffer;
  width: number;
  height: number;
}

/** Margin kept around each face, as a share of its size, so a crop does not touch the chin or hair. */
const FACE_MARGIN = 0.15;

function window(width: number, height: number, ratio: number): { w: number; h: number } {
  return width / height > ratio
    ? { w: Math.round(height * ratio), h: height }
    : { w: width, h: Math.round(width / ratio) };
}

/** smartcrop's preferred placement of the window (offset along the sliding axis, in photo px). */
async function salientOffset(
  photo: { width: number; height: number },
  win: { w: number; h: number },
  small: SaliencyImage,
  faces: Box[],
): Promise<number> {
  const scale = small.width / photo.width;
  const iop = {
    open: (image: SaliencyImage) => Promise.resolve(image),
    resample: (image: SaliencyImage, w: number, h: number) =>
      Promise.resolve(nearest(image, Math.max(1, Math.floor(w)), Math.max(1, Math.floor(h)))),
    getData: (image: SaliencyImage) =>
      Promise.resolve({
        width: image.width,
        height: image.height,
        data: new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length),
      }),
  };
  const options = {
    width: Math.max(1, Math.round(win.w * scale)),
    height: Math.max(1, Math.round(win.h * scale)),
    minScale: 1,
    prescale: false,
    imageOperations: iop,
    boost: faces.map((f) => ({
      x: f.x * scale,
      y: f.y * scale,
      width: f.width * scale,
      height: f.height * scale,
      weight: 1,
    })),
  };
  // smartcrop ships CommonJS with an ES-style declaration file; at run time the default import is the module object.
  const { crop } = smartcrop as unknown as {
    crop: (i: SaliencyImage, o: typeof options) => Promise<{ topCrop: Box }>;
  };
  const result = await crop(small, options);
  const horizontal = photo.width / photo.height > win.w / win.h;
  return horizontal ? result.topCrop.x / scale : result.topCrop.y / scale;
}

function nearest(image: SaliencyImage, w: number, h: number): SaliencyImage {
  const out = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(image.height - 1, Math.floor((y * image.height) / h));
    for (let x = 0; x < w; x++) {
      const sx = Math.min(image.width - 1, Math.floor((x * image.width) / w));
      image.data instanceof Buffer
        ? image.data.copy(out, (y * w + x) * 4, (sy * image.width + sx) * 4, (sy * image.width + sx) * 4 + 4)
        : out.set(
            image.data.subarray((sy * image.width + sx) * 4, (sy * image.width + sx) * 4 + 4),
            (y * w + x) * 4,
          );
    }
  }
  return { data: out, width: w, height: h };
}

export async function chooseCrop(input: {
  width: number;
  height: number;
  ratio: number;
  faces: Box[];
  focus?: { x: number; y: number } | undefined;
  saliency?: SaliencyImage | undefined;
}): Promise<CropChoice> {
  const { width, height, ratio, faces } = input;
  const win = window(width, height, ratio);
  const horizontal = width / height > ratio;
  const length = horizontal ? width : height;
  const span = horizontal ? win.w : win.h;
  const slack = length - span;
  const at = (offset: number): Box =>
    horizontal
      ? { x: Math.round(offset), y: 0, width: win.w, height: win.h }
      : { x: 0, y: Math.round(offset), width: win.w, height: win.h };
  /** Faces wholly inside / cut by the window at `offset`, each face grown by `margin` of its size. */
  const judge = (offset: number, margin = FACE_MARGIN) => {
    const kept: number[] = [];
    const cut: number[] = [];
    faces.forEach((f, i) => {
      const m = Math.max(f.width, f.height) * margin;
      const s = Math.max(0, (horizontal ? f.x : f.y) - m);
      const e = Math.min(length, (horizontal ? f.x + f.width : f.y + f.height) + m);
      if (s >= offset - 0.5 && e <= offset + span + 0.5) kept.push(i);
      else if (e > offset && s < offset + span) cut.push(i);
    });
    return { kept, cut };
  };
  if (slack <= 0.5) {
    const { kept, cut } = judge(0);
    return { crop: at(0), reason: 'fits', keptFaces: kept, cutFaces: cut };
  }
  if (input.focus) {
    const centre = (horizontal ? input.focus.x * width : input.focus.y * height) - span / 2;
    const offset = Math.min(slack, Math.max(0, centre));
    const { kept, cut } = judge(offset);
    return { crop: at(offset), reason: 'focus', keptFaces: kept, cutFaces: cut };
  }
  const preferred = input.saliency
    ? await salientOffset({ width, height }, win, input.saliency, faces)
    : slack / 2;
  if (faces.length === 0) {
    const offset = Math.min(slack, Math.max(0, preferred));
    return { crop: at(offset), reason: 'saliency', keptFaces: [], cutFaces: [] };
  }
  // Offsets worth trying: a fine grid plus every placement that puts a face edge on a window edge.
  const candidates = new Set<number>([0, slack, Math.min(slack, Math.max(0, preferred))]);
  for (let k = 0; k <= 200; k++) candidates.add((slack * k) / 200);
  for (const f of faces) {
    const m = Math.max(f.width, f.height) * FACE_MARGIN;
    const s = Math.max(0, (horizontal ? f.x : f.y) - m);
    const e = Math.min(length, (horizontal ? f.x + f.width : f.y + f.height) + m);
    const rs = horizontal ? f.x : f.y;
    const re = horizontal ? f.x + f.width : f.y + f.height;
    for (const o of [s, e - span, rs, re - span]) if (o >= 0 && o <= slack) candidates.add(o);
  }
  const area = (i: number) => (faces[i] as Box).width * (faces[i] as Box).height;
  // Ranked by: fewest faces cut, most face area kept (faces as detected), then fewest faces whose
  // breathing room is cut (faces grown by the margin), then nearest the salient placement. The margin
  // is a preference: it must never cost a whole face.
  let best:
    | {
        offset: number;
        cut: number;
        keptArea: number;
        roomCut: number;
        distance: number;
        kept: number[];
        cutList: number[];
      }
    | undefined;
  for (const offset of candidates) {
    const { kept, cut } = judge(offset, 0);
    const keptArea = kept.reduce((sum, i) => sum + area(i), 0);
    const roomCut = judge(offset).cut.length;
    const distance = Math.abs(offset - preferred);
    const better =
      !best ||
      cut.length < best.cut ||
      (cut.length === best.cut && keptArea > best.keptArea + 1e-6) ||
      (cut.length === best.cut && Math.abs(keptArea - best.keptArea) <= 1e-6 && roomCut < best.roomCut) ||
      (cut.length === best.cut &&
        Math.abs(keptArea - best.keptArea) <= 1e-6 &&
        roomCut === best.roomCut &&
        distance < best.distance);
    if (better) best = { offset, cut: cut.length, keptArea, roomCut, distance, kept, cutList: cut };
  }
  const chosen = best as NonNullable<typeof best>;
  return { crop: at(chosen.offset), reason: 'faces', keptFaces: chosen.kept, cutFaces: chosen.cutList };
}
