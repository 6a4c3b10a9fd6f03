/**
 * Safe margin: text and logo stay inside the platform's safe area — a 5 % soft margin plus the bands
 * its crops and UI cover (Instagram's 3:4 grid thumbnail, X's link-card crop; platforms.ts) and the
 * brand kit's extra margin.
 */
import { type Box, contains } from '../render/types.js';
import { clampInto, intersect, safeRect } from './geometry.js';
import { fail, pass, type VisualGuard } from './types.js';

export const safeMarginGuard: VisualGuard = {
  name: 'safe_margin',
  check({ design, spec, kit }) {
    const safe = safeRect(spec, kit);
    const checked = design.elements.filter((e) => e.kind === 'text' || e.kind === 'logo');
    if (checked.length === 0) return pass('the graphic has no text or logo', { safeArea: safe }, [], false);
    const outside = checked
      .filter((e) => !contains(safe, e.box))
      .map((e) => ({ id: e.id, box: e.box, by: outsideBy(safe, e.box) }));
    const evidence = { safeArea: safe, cropBands: spec.cropBands, outside };
    if (outside.length > 0) {
      return fail(
        `${outside.map((o) => `${o.id} reaches ${Math.ceil(o.by)}px into the margin`).join(', ')}: keep text and logos inside ${safe.width}×${safe.height} at (${safe.x}, ${safe.y})`,
        evidence,
      );
    }
    return pass('text and logo stay inside the safe area', evidence);
  },
  fix({ design, spec, kit }) {
    const safe = safeRect(spec, kit);
    const plan = design.plan;
    const textArea = intersect(plan.textArea, safe);
    const logo = plan.logo ? { ...plan.logo, box: clampInto(plan.logo.box, safe) } : null;
    return {
      plan: { ...plan, textArea: textArea.width > 0 && textArea.height > 0 ? textArea : safe, logo },
      action: 'moved the text area and logo inside the safe area',
    };
  },
};

function outsideBy(safe: Box, box: Box): number {
  return Math.max(
    safe.x - box.x,
    safe.y - box.y,
    box.x + box.width - (safe.x + safe.width),
    box.y + box.height - (safe.y + safe.height),
    0,
  );
}
