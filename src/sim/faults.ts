import type { Platform } from '../core/platforms.js';
import { hashParts, SeededRandom } from './random.js';

/**
 * Fault injection. A rule names the calls it hits (platform, method, path pattern) and what happens to
 * them; tests add rules through the control API and the simulator consults them before every platform call.
 *
 * Kinds:
 * - `5xx`: answer a server error in the platform's format (status from `status`, default 503); nothing done.
 * - `timeout`: hold the answer: the request is never processed and never answered (until the client gives
 *   up, the rule's `holdMs` passes — then a 504 — or the simulator is reset or closed).
 * - `slow`: add `delayMs` before the call is handled normally (combines with one other kind).
 * - `duplicate`: answer the platform's duplicate-content error without creating anything.
 * - `lost_response`: handle the call (the post IS created), then lose the answer: `lostMode` `drop` closes
 *   the connection without a response (default), `error` answers a 500, `hold` never answers.
 * - `429`: answer the platform's rate-limit error with its headers.
 */
export const faultKinds = ['5xx', 'timeout', 'slow', 'duplicate', 'lost_response', '429'] as const;
export type FaultKind = (typeof faultKinds)[number];
export type LostMode = 'drop' | 'error' | 'hold';

export interface FaultRuleInput {
  kind: FaultKind;
  /** Platforms hit; all when absent. */
  platform?: Platform | Platform[];
  /** HTTP method hit (`POST`); all when absent. */
  method?: string;
  /**
   * Path pattern relative to the platform's base, without the Graph API version: `/2/tweets`,
   * `/rest/posts`, `/*\/feed`, `/*\/media_publish`. `*` matches any characters (slashes too). All paths when
   * absent.
   */
  path?: string;
  /** Chance that a matching call is hit, 0..1; every matching call when absent. */
  probability?: number;
  /** Hit at most this many calls, then stay inert. */
  count?: number;
  /** Let this many matching calls through before the rule starts hitting. */
  skip?: number;
  /** Seed of this rule's dice; derived from the simulator seed and the rule's position when absent. */
  seed?: number;
  /** Status of a `5xx` answer (500, 502, 503, 504). */
  status?: number;
  /** Delay of a `slow` fault, in milliseconds (default 1000). */
  delayMs?: number;
  /** How long a `timeout` or `lost_response`/`hold` holds before answering 504; forever when absent. */
  holdMs?: number;
  /** What `lost_response` does with the answer (default `drop`). */
  lostMode?: LostMode;
}

export interface FaultRule extends FaultRuleInput {
  id: string;
  /** Matching calls seen so far. */
  matched: number;
  /** Calls the rule hit so far. */
  applied: number;
}

export interface CallTarget {
  platform: Platform;
  method: string;
  /** Path relative to the platform base, Graph version removed. */
  path: string;
}

/** The faults chosen for one call: an added delay, and at most one fault that changes the answer. */
export interface FaultDecision {
  delayMs: number;
  fault?: FaultRule;
  /** Every rule that hit, for the call log. */
  hits: FaultRule[];
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

interface LiveRule {
  rule: FaultRule;
  pattern: RegExp | undefined;
  dice: SeededRandom;
}

export class FaultSet {
  private rules: LiveRule[] = [];
  private added = 0;

  constructor(private readonly seed: number) {}

  add(input: FaultRuleInput): FaultRule {
    this.added += 1;
    const rule: FaultRule = { ...input, id: `fault_${this.added}`, matched: 0, applied: 0 };
    if (input.method) rule.method = input.method.toUpperCase();
    const seed = input.seed ?? hashParts(this.seed, 'fault', this.added);
    this.rules.push({
      rule,
      pattern: input.path ? globToRegExp(input.path) : undefined,
      dice: new SeededRandom(seed),
    });
    return rule;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.rule.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r.rule }));
  }

  decide(target: CallTarget): FaultDecision {
    const decision: FaultDecision = { delayMs: 0, hits: [] };
    for (const live of this.rules) {
      const { rule } = live;
      if (!matches(rule, live.pattern, target)) continue;
      rule.matched += 1;
      if (rule.skip !== undefined && rule.matched <= rule.skip) continue;
      if (rule.count !== undefined && rule.applied >= rule.count) continue;
      // A slow rule combines with others; among the rest only the first that hits decides the answer.
      if (rule.kind !== 'slow' && decision.fault) continue;
      if (rule.probability !== undefined && live.dice.next() >= rule.probability) continue;
      rule.applied += 1;
      decision.hits.push(rule);
      if (rule.kind === 'slow') decision.delayMs += rule.delayMs ?? 1000;
      else decision.fault = rule;
    }
    return decision;
  }
}

function matches(rule: FaultRule, pattern: RegExp | undefined, target: CallTarget): boolean {
  if (rule.platform) {
    const platforms = Array.isArray(rule.platform) ? rule.platform : [rule.platform];
    if (!platforms.includes(target.platform)) return false;
  }
  if (rule.method && rule.method !== target.method.toUpperCase()) return false;
  if (pattern && !pattern.test(target.path)) return false;
  return true;
}
