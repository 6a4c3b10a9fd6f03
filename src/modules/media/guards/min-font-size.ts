/**
 * Minimum font size: every text's size as a phone shows it (source px × display width / canvas width)
 * must reach 11 pt, Apple's minimum; body text under 17 pt (the default body size) gets a warning.
 * Source: ../shared/research/VISUAL-GUARDS.md §4.1.
 */
import { displayScale } from '../platforms.js';
import { minFontPx } from '../render/templates.js';
import { texts } from './geometry.js';
import { fail, pass, type VisualGuard } from './types.js';

export const MIN_DISPLAYED_PT = 11;
export const BODY_DISPLAYED_PT = 17;

export const minFontSizeGuard: VisualGuard = {
  name: 'min_font_size',
  check({ design, spec }) {
    const scale = displayScale(spec);
    const sizes = texts(design.elements).map((t) => ({
      id: t.id,
      fontSize: t.fontSize ?? 0,
      displayedPt: Math.round((t.fontSize ?? 0) * scale * 10) / 10,
      role: t.role,
    }));
    if (sizes.length === 0) return pass('the graphic has no text', {}, [], false);
    const small = sizes.filter((s) => s.displayedPt < MIN_DISPLAYED_PT);
    const warnings = sizes
      .filter(
        (s) => s.role === 'body' && s.displayedPt >= MIN_DISPLAYED_PT && s.displayedPt < BODY_DISPLAYED_PT,
      )
      .map(
        (s) =>
          `${s.id} shows at ${s.displayedPt} pt on a ${spec.displayWidth}-pt-wide phone; body text reads best from ${BODY_DISPLAYED_PT} pt`,
      );
    const evidence = {
      displayWidth: spec.displayWidth,
      scale: Math.round(scale * 1000) / 1000,
      minimumPx: minFontPx(spec.key),
      texts: sizes,
    };
    if (small.length > 0) {
      return fail(
        `${small.map((s) => `${s.id} (${s.fontSize}px → ${s.displayedPt} pt)`).join(', ')} would show below ${MIN_DISPLAYED_PT} pt on a phone; use at least ${minFontPx(spec.key)} px`,
        evidence,
        warnings,
      );
    }
    return pass(`all text shows at ${MIN_DISPLAYED_PT} pt or more on a phone`, evidence, warnings);
  },
  fix({ design, spec }) {
    const min = minFontPx(spec.key);
    const plan = design.plan;
    const raised = plan.texts.filter((t) => t.style.fontSize < min).map((t) => t.id);
    if (raised.length === 0) return null;
    return {
      plan: {
        ...plan,
        texts: plan.texts.map((t) =>
          t.style.fontSize < min ? { ...t, style: { ...t.style, fontSize: min } } : t,
        ),
      },
      action: `raised ${raised.join(', ')} to ${min}px`,
    };
  },
};
