/**
 * Scores the matcher on the labelled requests (fixtures/skills/match-requests.jsonl): intent
 * accuracy, top-1 and top-3 skill hits, platform and format accuracy, entity recall and precision,
 * and how often it asks a question, on vague requests and (wrongly) on clear ones. The `tuned` and
 * `heldout` parts are scored separately; the held-out part is never used to tune.
 */
import { readFileSync } from 'node:fs';
import type { SkillIntent } from '../format/types.js';
import type { MatchResult } from './matcher.js';

export interface LabelledRequest {
  id: string;
  business: string | null;
  request: string;
  intent: SkillIntent | null;
  skills: string[];
  platforms: string[];
  format: string | null;
  entities: string[];
  split: 'tuned' | 'heldout';
}

export function readLabelledRequests(file: string): LabelledRequest[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as LabelledRequest);
}

export interface MatchScores {
  requests: number;
  /** Requests with an intent (the rest are vague on purpose). */
  clear: number;
  intentAccuracy: number;
  top1: number;
  top3: number;
  platformAccuracy: number;
  formatAccuracy: number;
  entityRecall: number | null;
  entityPrecision: number | null;
  /** Vague requests answered with a question. */
  clarifiedVague: number | null;
  /** Clear requests answered with a question instead of a skill. */
  clarifiedClear: number;
  misses: Array<{ id: string; request: string; expected: string; got: string }>;
  /** Requests whose named knowledge was not found, or where more was found than named. */
  entityMisses: Array<{ id: string; request: string; expected: string[]; got: string[] }>;
  /** Clear requests that got a question, with the top intent's confidence. */
  clarifiedIds: string[];
  /** The top intent's confidence on each vague request. */
  vagueConfidence: number[];
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function scoreMatches(
  items: ReadonlyArray<{ label: LabelledRequest; result: MatchResult }>,
): MatchScores {
  const clear = items.filter((i) => i.label.intent !== null);
  const vague = items.filter((i) => i.label.intent === null);
  const hit = (i: (typeof items)[number], k: number) =>
    i.result.skills.slice(0, k).some((s) => i.label.skills.includes(s.id));
  const sameSet = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((x) => b.includes(x));
  let expected = 0;
  let found = 0;
  let predicted = 0;
  let correct = 0;
  for (const i of items) {
    const names = i.result.entities.map((e) => e.name.toLowerCase());
    const wanted = i.label.entities.map((e) => e.toLowerCase());
    expected += wanted.length;
    found += wanted.filter((w) => names.includes(w)).length;
    if (i.label.business !== null) {
      predicted += names.length;
      correct += names.filter((n) => wanted.includes(n)).length;
    }
  }
  const share = (n: number, of: number) => (of === 0 ? 0 : round(n / of));
  return {
    requests: items.length,
    clear: clear.length,
    intentAccuracy: share(clear.filter((i) => i.result.intent?.id === i.label.intent).length, clear.length),
    top1: share(clear.filter((i) => hit(i, 1)).length, clear.length),
    top3: share(clear.filter((i) => hit(i, 3)).length, clear.length),
    platformAccuracy: share(
      items.filter((i) => sameSet(i.result.platforms, i.label.platforms)).length,
      items.length,
    ),
    formatAccuracy: share(
      items.filter((i) => (i.result.format ?? null) === i.label.format).length,
      items.length,
    ),
    entityRecall: expected === 0 ? null : share(found, expected),
    entityPrecision: predicted === 0 ? null : share(correct, predicted),
    clarifiedVague:
      vague.length === 0 ? null : share(vague.filter((i) => i.result.clarify !== null).length, vague.length),
    clarifiedClear: share(clear.filter((i) => i.result.clarify !== null).length, clear.length),
    misses: clear
      .filter((i) => i.result.intent?.id !== i.label.intent || !hit(i, 3))
      .map((i) => ({
        id: i.label.id,
        request: i.label.request,
        expected: `${i.label.intent} → ${i.label.skills.join('|')}`,
        got: `${i.result.intent?.id} (${i.result.intent?.confidence}) → ${i.result.skills
          .slice(0, 3)
          .map((s) => s.id)
          .join(', ')}`,
      })),
    entityMisses: items
      .filter((i) => i.label.business !== null)
      .map((i) => ({
        id: i.label.id,
        request: i.label.request,
        expected: i.label.entities,
        got: i.result.entities.map((e) => e.name),
      }))
      .filter(
        (m) =>
          m.expected.length !== m.got.length ||
          m.expected.some((e) => !m.got.map((g) => g.toLowerCase()).includes(e.toLowerCase())),
      ),
    clarifiedIds: clear
      .filter((i) => i.result.clarify !== null)
      .map((i) => `${i.label.id} (${i.result.intent?.confidence})`),
    vagueConfidence: vague.map((i) => i.result.intent?.confidence ?? 0),
  };
}
