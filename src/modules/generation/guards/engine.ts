/**
 * Runs the text guards over one text. Two passes:
 *  1. fixers, in order: each guard that fails and has a fixer gets one try; the repaired text is
 *     kept only when it passes that guard and is not empty;
 *  2. every guard checks the final text, so a later fix can never hide an earlier failure (a cut that
 *     removes a required phrase shows up as a failed voice rule).
 * A guard is `fixed` when its fixer ran and it passes the final text, `fail` when the final text fails
 * it, `pass` otherwise. With `context.fix === false` nothing changes the text; a failure a fixer could
 * repair carries `evidence.fixable` (what the fix would do). Synchronous: it runs once per candidate.
 */
import type { Platform } from '../../../core/platforms.js';
import type { Citation, GuardResult } from '../schemas.js';
import { classifyDefects } from './defects.js';
import type { GuardCheck, GuardContext, GuardEnv, GuardedText, TextGuard } from './types.js';

function toResult(guard: TextGuard, check: GuardCheck, fixNote: string | undefined): GuardResult {
  const evidence: Record<string, unknown> = { ...(check.evidence ?? {}) };
  if (check.status === 'fail') evidence.defect = check.defect ?? guard.defect;
  if (guard.soft) evidence.soft = true;
  if (check.status === 'pass' && fixNote !== undefined) {
    evidence.fix = fixNote;
    return { guard: guard.name, status: 'fixed', message: `${fixNote}; ${check.message}`, evidence };
  }
  return {
    guard: guard.name,
    status: check.status,
    message: check.message,
    ...(Object.keys(evidence).length > 0 ? { evidence } : {}),
  };
}

export function runGuards(
  guards: readonly TextGuard[],
  platform: Platform,
  input: string,
  context: GuardContext = {},
): GuardedText {
  const env: GuardEnv = { platform, context };
  let text = input;
  const notes = new Map<string, string>();
  const fixable = new Map<string, string>();
  for (const guard of guards) {
    if (!guard.fix) continue;
    const before = guard.check(text, env);
    if (before.status === 'pass') continue;
    const repaired = guard.fix(text, env, before);
    if (!repaired || repaired.text.trim() === '' || repaired.text === text) continue;
    if (guard.check(repaired.text, env).status !== 'pass') continue;
    if (context.fix === false) {
      fixable.set(guard.name, repaired.note);
      continue;
    }
    text = repaired.text;
    notes.set(guard.name, repaired.note);
  }
  const results: GuardResult[] = [];
  const citations: Citation[] = [];
  for (const guard of guards) {
    const check = guard.check(text, env);
    const fix = fixable.get(guard.name);
    if (fix !== undefined && check.status === 'fail') check.evidence = { ...check.evidence, fixable: fix };
    results.push(toResult(guard, check, notes.get(guard.name)));
    if (check.citations) citations.push(...check.citations);
  }
  return { text, guards: results, defects: classifyDefects(results), citations };
}
