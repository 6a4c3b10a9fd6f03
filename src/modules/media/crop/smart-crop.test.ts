import { describe, expect, it } from 'vitest';
import { chooseCrop } from './smart-crop.js';

const inside = (
  crop: { x: number; y: number; width: number; height: number },
  f: { x: number; y: number; width: number; height: number },
) =>
  f.x >= crop.x &&
  f.y >= crop.y &&
  f.x + f.width <= crop.x + crop.width &&
  f.y + f.height <= crop.y + crop.height;

describe('face-aware crop', () => {
  it('keeps a face near the edge that a centre crop would cut', async () => {
    const face = { x: 30, y: 200, width: 120, height: 140 };
    const choice = await chooseCrop({ width: 1600, height: 900, ratio: 1, faces: [face] });
    expect(choice.reason).toBe('faces');
    expect(inside(choice.crop, face)).toBe(true);
    expect(choice.crop.width).toBe(900);
    const centre = { x: 350, y: 0, width: 900, height: 900 };
    expect(inside(centre, face)).toBe(false);
  });

  it('keeps every face when one window can, and never cuts through a face when it cannot hold them all', async () => {
    const faces = [
      { x: 100, y: 300, width: 100, height: 100 },
      { x: 600, y: 300, width: 100, height: 100 },
      { x: 1450, y: 300, width: 100, height: 100 },
    ];
    const choice = await chooseCrop({ width: 1600, height: 900, ratio: 0.8, faces });
    expect(choice.cutFaces).toEqual([]);
    expect(choice.keptFaces.length).toBeGreaterThanOrEqual(1);
    const two = await chooseCrop({ width: 1600, height: 900, ratio: 1, faces: faces.slice(0, 2) });
    expect(two.keptFaces).toEqual([0, 1]);
  });

  it('prefers the larger faces when not all fit', async () => {
    const small = { x: 50, y: 100, width: 60, height: 60 };
    const big = { x: 1300, y: 100, width: 200, height: 240 };
    const choice = await chooseCrop({ width: 1600, height: 900, ratio: 1, faces: [small, big] });
    expect(choice.keptFaces).toEqual([1]);
    expect(choice.cutFaces).toEqual([]);
  });

  it("follows a person's focal point over faces", async () => {
    const choice = await chooseCrop({
      width: 1600,
      height: 900,
      ratio: 1,
      faces: [{ x: 50, y: 100, width: 100, height: 100 }],
      focus: { x: 0.9, y: 0.5 },
    });
    expect(choice.reason).toBe('focus');
    expect(choice.crop.x).toBe(700);
  });

  it('does not crop an image already at the ratio, and slides vertically for tall targets', async () => {
    expect((await chooseCrop({ width: 1200, height: 627, ratio: 1200 / 627, faces: [] })).reason).toBe(
      'fits',
    );
    const face = { x: 300, y: 1300, width: 200, height: 200 };
    const tall = await chooseCrop({ width: 1000, height: 2000, ratio: 1, faces: [face] });
    expect(tall.crop.width).toBe(1000);
    expect(inside(tall.crop, face)).toBe(true);
  });
});
