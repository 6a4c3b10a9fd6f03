/**
 * Text overlap: no text box intersects another text, the logo, or a face (detected on the photo,
 * expanded 10 %); no text overflows the area it was laid out in (overflow is a failure, never a silent
 * clip); every character is one the fonts can draw. VISUAL-GUARDS §4.3.
 *
 * Fixer: move the text to the part of the canvas no face is in (photo layouts), move a logo out of the
 * text's way, or widen a text area that overflows; text still too long after shrinking to the legible
 * minimum stays a failure, with how much too long it is.
 */
import { area as areaOf, type Box, contains, expand, intersection } from '../render/types.js';
import { safeRect, texts } from './geometry.js';
import { logoProtectionGuard } from './logo-protection.js';
import { fail, pass, type VisualGuard } from './types.js';

/** Share of a text box a face may cover before the text counts as "over the face". */
const FACE_SHARE = 0.005;

export const textOverlapGuard: VisualGuard = {
  name: 'text_overlap',
  check({ design }) {
    const list = texts(design.elements);
    if (list.length === 0) return pass('the graphic has no text', {}, [], false);
    const issues: Array<{ kind: string; a: string; b?: string; box?: Box; by?: number }> = [];
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i];
        const b = list[j];
        if (!a || !b) continue;
        const hit = intersection(a.box, b.box);
        if (hit && hit.width > 1 && hit.height > 1) issues.push({ kind: 'text', a: a.id, b: b.id, box: hit });
      }
    }
    const logo = design.elements.find((e) => e.kind === 'logo');
    for (const t of list) {
      if (logo) {
        const hit = intersection(t.box, logo.box);
        if (hit) issues.push({ kind: 'logo', a: t.id, b: 'logo', box: hit });
      }
      design.plan.faces.forEach((face, i) => {
        const hit = intersection(t.box, expand(face, Math.max(face.width, face.height) * 0.1));
        if (hit && areaOf(hit) / Math.max(1, areaOf(t.box)) > FACE_SHARE)
          issues.push({ kind: 'face', a: t.id, b: `face ${i + 1}`, box: hit });
      });
      if (t.area && !contains(t.area, t.box, 1)) {
        const by = Math.max(
          t.area.y - t.box.y,
          t.box.y + t.box.height - (t.area.y + t.area.height),
          t.box.x + t.box.width - (t.area.x + t.area.width),
          0,
        );
        issues.push({ kind: 'overflow', a: t.id, by: Math.ceil(by) });
      }
    }
    const evidence: Record<string, unknown> = {
      texts: list.map((t) => ({ id: t.id, box: t.box, area: t.area })),
      faces: design.plan.faces,
      issues,
    };
    if (design.missingGlyphs.length > 0) {
      evidence.missingGlyphs = design.missingGlyphs;
      issues.push({ kind: 'glyphs', a: design.missingGlyphs.join(' ') });
    }
    if (issues.length === 0)
      return pass('no text overlaps another text, the logo or a face, and all text fits', evidence);
    const words = issues.map((i) =>
      i.kind === 'overflow'
        ? `${i.a} overflows its area by ${i.by}px: shorten it`
        : i.kind === 'glyphs'
          ? `the fonts cannot draw ${i.a}: remove those characters or add a brand font that has them`
          : `${i.a} overlaps ${i.b}`,
    );
    return fail(words.join('; '), evidence);
  },
  fix(input, finding) {
    const issues = finding.evidence.issues as Array<{ kind: string; a: string; b?: string }>;
    const plan = input.design.plan;
    const safe = safeRect(input.spec, input.kit);
    if (issues.some((i) => i.kind === 'face') && plan.faces.length > 0) {
      const moved = awayFromFaces(plan, safe);
      if (moved) return moved;
    }
    if (issues.some((i) => i.kind === 'logo')) {
      const fixed = logoProtectionGuard.fix(input, finding);
      if (fixed) return { plan: fixed.plan, action: `moved the logo out of the text: ${fixed.action}` };
    }
    if (issues.some((i) => i.kind === 'overflow')) {
      const wider = { ...plan.textArea, x: safe.x, width: safe.width };
      const grown = plan.logo ? wider : { ...wider, y: safe.y, height: safe.height };
      if (grown.width > plan.textArea.width + 1 || grown.height > plan.textArea.height + 1) {
        return { plan: { ...plan, textArea: grown }, action: 'widened the text area to the safe area' };
      }
    }
    return null;
  },
};

/** Candidate text areas on the safe canvas, and the one faces cover least. */
function awayFromFaces(plan: import('../render/types.js').DesignPlan, safe: Box) {
  const faces = plan.faces.map((f) => expand(f, Math.max(f.width, f.height) * 0.1));
  const third = safe.height * 0.42;
  const half = safe.width * 0.48;
  const options: Array<{ name: string; area: Box; alignV: 'top' | 'center' | 'bottom' }> = [
    {
      name: 'bottom',
      area: { x: safe.x, y: safe.y + safe.height - third, width: safe.width, height: third },
      alignV: 'bottom',
    },
    { name: 'top', area: { x: safe.x, y: safe.y, width: safe.width, height: third }, alignV: 'top' },
    { name: 'left', area: { x: safe.x, y: safe.y, width: half, height: safe.height }, alignV: 'center' },
    {
      name: 'right',
      area: { x: safe.x + safe.width - half, y: safe.y, width: half, height: safe.height },
      alignV: 'center',
    },
  ];
  const scored = options
    .map((o) => ({
      ...o,
      covered: faces.reduce(
        (sum, f) => sum + areaOf(intersection(o.area, f) ?? { x: 0, y: 0, width: 0, height: 0 }),
        0,
      ),
    }))
    .sort((a, b) => a.covered - b.covered);
  const best = scored[0];
  if (!best) return null;
  const same =
    Math.abs(best.area.y - plan.textArea.y) < 1 &&
    Math.abs(best.area.x - plan.textArea.x) < 1 &&
    Math.abs(best.area.height - plan.textArea.height) < 1;
  if (same) return null;
  let scrim = plan.scrim;
  if (scrim) {
    const pad = Math.round(plan.height * 0.08);
    scrim =
      best.alignV === 'bottom'
        ? {
            ...scrim,
            box: {
              x: 0,
              y: Math.max(0, best.area.y - pad),
              width: plan.width,
              height: plan.height - Math.max(0, best.area.y - pad),
            },
            fade: 'up',
          }
        : best.alignV === 'top'
          ? {
              ...scrim,
              box: {
                x: 0,
                y: 0,
                width: plan.width,
                height: Math.min(plan.height, best.area.y + best.area.height + pad),
              },
              fade: 'down',
            }
          : {
              ...scrim,
              box: { x: best.area.x - pad / 2, y: 0, width: best.area.width + pad, height: plan.height },
              fade: 'none',
            };
  }
  // Keep the logo's band free: the logo guard re-checks it on the next round.
  return {
    plan: { ...plan, textArea: best.area, textAlignV: best.alignV, scrim },
    action: `moved the text to the ${best.name} of the image, away from ${faces.length === 1 ? 'the face' : `${faces.length} faces`}`,
  };
}
