/**
 * Logo protection: the logo keeps its clear space (a multiple of its height, from the brand kit;
 * VISUAL-GUARDS §4.2) free of text and faces, shows at least the kit's minimum width on a phone, and
 * is never cropped (it lies wholly on the canvas, outside the platform's crop bands).
 *
 * Fixer: enlarge it to the minimum, then put it in the corner whose clear space is free, and keep the
 * text out of the logo's band.
 */
import { displayScale } from '../platforms.js';
import { textAreaBeside } from '../render/templates.js';
import { type Box, contains, expand, intersection, type LogoPlacement } from '../render/types.js';
import { safeRect, texts } from './geometry.js';
import { fail, pass, type VisualGuard } from './types.js';

const corners: LogoPlacement['corner'][] = ['bottom-left', 'top-left', 'top-right', 'bottom-right'];

export const logoProtectionGuard: VisualGuard = {
  name: 'logo_protection',
  check({ design, spec, kit }) {
    const logo = design.plan.logo;
    if (!logo) return pass('the graphic has no logo', {}, [], false);
    const scale = displayScale(spec);
    const displayedWidth = Math.round(logo.box.width * scale * 10) / 10;
    const canvas: Box = { x: 0, y: 0, width: spec.width, height: spec.height };
    const visible: Box = {
      x: spec.cropBands.left,
      y: spec.cropBands.top,
      width: spec.width - spec.cropBands.left - spec.cropBands.right,
      height: spec.height - spec.cropBands.top - spec.cropBands.bottom,
    };
    const clear = expand(logo.box, logo.clearSpace);
    const intruders = [
      ...texts(design.elements)
        .filter((t) => intersection(clear, t.box))
        .map((t) => t.id),
      ...design.plan.faces.filter((f) => intersection(clear, f)).map((_, i) => `face ${i + 1}`),
    ];
    const problems: string[] = [];
    if (displayedWidth < kit.minLogoWidthPx) {
      problems.push(
        `the logo shows ${displayedWidth} px wide on a phone; the brand kit asks for at least ${kit.minLogoWidthPx}`,
      );
    }
    if (!contains(canvas, logo.box)) problems.push('the logo runs off the canvas and would be cut');
    else if (!contains(visible, logo.box))
      problems.push(`the logo sits in a band ${spec.platform} crops away`);
    if (intruders.length > 0)
      problems.push(`${intruders.join(', ')} inside the logo's clear space (${logo.clearSpace}px)`);
    const evidence = {
      logo: logo.box,
      clearSpace: logo.clearSpace,
      clearBox: clear,
      displayedWidth,
      minDisplayedWidth: kit.minLogoWidthPx,
      intruders,
      safeArea: safeRect(spec, kit),
    };
    return problems.length > 0
      ? fail(problems.join('; '), evidence)
      : pass('the logo is whole, large enough and keeps its clear space', evidence);
  },
  fix({ design, spec, kit }) {
    const plan = design.plan;
    const logo = plan.logo;
    if (!logo) return null;
    const safe = safeRect(spec, kit);
    const scale = displayScale(spec);
    let { width, height } = logo.box;
    const minWidth = Math.ceil(kit.minLogoWidthPx / scale);
    if (width < minWidth) {
      height = Math.round((height * minWidth) / width);
      width = minWidth;
    }
    const clearSpace = Math.round(height * kit.logoClearSpace);
    const textBoxes = texts(design.elements).map((t) => t.box);
    const options = corners.map((corner) => {
      const box = {
        x: corner.endsWith('left') ? safe.x : safe.x + safe.width - width,
        y: corner.startsWith('top') ? safe.y : safe.y + safe.height - height,
        width,
        height,
      };
      const placed: LogoPlacement = { ...logo, box, clearSpace, corner };
      const clear = expand(box, clearSpace);
      const faceHits = plan.faces.filter((f) => intersection(clear, f)).length;
      const textHits = textBoxes.filter((t) => intersection(clear, t)).length;
      return { placed, score: faceHits * 10 + textHits + (corner === logo.corner ? 0 : 0.5) };
    });
    options.sort((a, b) => a.score - b.score);
    const best = options[0]?.placed;
    if (!best) return null;
    // Keep the text out of the logo's band so it cannot run into the clear space again.
    const textArea = textAreaBeside(safe, best, plan.textArea);
    return {
      plan: { ...plan, logo: best, textArea },
      action: `logo ${width}×${height} at ${best.corner} with ${clearSpace}px clear space; text kept out of its band`,
    };
  },
};
