/**
 * The defect classifier: one label per failed guard, so learning and the web app can act on a failure
 * without reading messages. A guard names its own label; a guard whose failures differ in kind (the
 * voice rules: a banned word, or another broken rule) says which in its result's `evidence.defect`.
 */
import type { GuardResult } from '../schemas.js';
import { type DefectLabel, defectLabels } from './types.js';

const isDefect = (v: unknown): v is DefectLabel =>
  typeof v === 'string' && (defectLabels as readonly string[]).includes(v);

/** Signals beyond the text guards that also make a defect. */
export interface DefectSignals {
  /** The candidate's voice score (0-1) and the score below which it reads off voice. */
  voiceScore?: number;
  offVoiceBelow?: number;
}

/** Default threshold for `off_voice` from a voice score. */
export const OFF_VOICE_BELOW = 0.5;

/** The defect labels of the failed guards (each label once, in guard order), plus off_voice from a voice score. */
export function classifyDefects(guards: readonly GuardResult[], signals: DefectSignals = {}): DefectLabel[] {
  const out: DefectLabel[] = [];
  const add = (l: DefectLabel) => {
    if (!out.includes(l)) out.push(l);
  };
  for (const g of guards) {
    if (g.status !== 'fail') continue;
    const labels = g.evidence?.defects;
    if (Array.isArray(labels) && labels.some(isDefect)) {
      for (const l of labels) if (isDefect(l)) add(l);
    } else if (isDefect(g.evidence?.defect)) add(g.evidence.defect);
  }
  if (signals.voiceScore !== undefined && signals.voiceScore < (signals.offVoiceBelow ?? OFF_VOICE_BELOW))
    add('off_voice');
  return out;
}

/** True when a guard result is a soft one (a defect to show, not a reason to hold the post back). */
export const isSoft = (g: GuardResult): boolean => g.evidence?.soft === true;

/** True when no hard guard failed: the text may be offered for publishing as it is. */
export function passed(guarded: { guards: readonly GuardResult[] }): boolean {
  return guarded.guards.every((g) => g.status !== 'fail' || isSoft(g));
}
