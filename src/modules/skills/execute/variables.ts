/**
 * Finds each variable's value: what the caller passed (a value, or the id or name of a knowledge
 * item), else the knowledge item the request names, else the one that fits the request best, else,
 * for a required variable, the business's most complete one. Every choice says why it was made.
 */
import type { SkillDocument, VariableSpec } from '../format/types.js';
import { stemSet } from '../text/terms.js';
import type { EntityFact, EntryFact, ProductFact, SkillFacts } from './facts.js';
import {
  contactValue,
  entityValue,
  entryValue,
  hoursValue,
  productValue,
  type ResolvedValue,
  requestValue,
} from './values.js';

/** What a caller may pass for a variable: a value, or a knowledge item by id or name. */
export type VariableInput = string | number | { id: string };

export interface VariableProblem {
  variable: string;
  message: string;
}

export interface ResolvedVariables {
  values: Record<string, ResolvedValue | undefined>;
  /** How each value was chosen (given, named in the request, best match, most complete). */
  reasons: Record<string, string>;
  problems: VariableProblem[];
}

export interface ResolveInput {
  provided?: Record<string, VariableInput> | undefined;
  request?: string | undefined;
  /** Knowledge ids the request names (from the matcher), best first. */
  mentioned?: readonly string[] | undefined;
}

function relevance(query: Set<string>, text: string): number {
  if (query.size === 0) return 0;
  const have = stemSet(text);
  let n = 0;
  for (const s of query) if (have.has(s)) n++;
  return n / query.size;
}

const HOURS_WORDS = stemSet('hours open opening close closing closed times');
const CONTACT_WORDS = stemSet('contact phone call email number reach');

function asksFor(query: Set<string>, words: Set<string>): boolean {
  for (const w of words) if (query.has(w)) return true;
  return false;
}

function productCompleteness(p: ProductFact): number {
  return (
    // A description worth the name: a sentence, not just "25 kg/m; In stock".
    (p.description && p.description.split(/\s+/).length >= 6 ? 2 : 0) +
    (p.price !== null ? 1 : 0) +
    (p.url ? 1 : 0) +
    (p.sku ? 1 : 0) +
    (p.availability ? 0.5 : 0) +
    (p.kind === 'product' ? 0.25 : 0)
  );
}

function entryMatches(e: EntryFact, filter: string | undefined): boolean {
  return filter === undefined || e.kind === filter || e.category === filter;
}

interface Pick<T> {
  item: T;
  reason: string;
}

/** Chooses among items: the given one, one the request names, the best match, else the fallback. */
function choose<T extends { id: string }>(
  all: readonly T[],
  label: (t: T) => string,
  input: {
    given?: VariableInput | undefined;
    mentioned: readonly string[];
    query: Set<string>;
    required: boolean;
    /** Ids other variables of the skill already took (two products to compare are two products). */
    taken: Set<string>;
  },
  fallback: (items: readonly T[]) => T | undefined,
  nameOf: (t: T) => string = label,
): Pick<T> | undefined | 'not_found' {
  const { given } = input;
  const items = all.filter((t) => !input.taken.has(t.id));
  if (given !== undefined) {
    const key = typeof given === 'object' ? given.id : String(given);
    const byId = all.find((t) => t.id === key);
    if (byId) return { item: byId, reason: 'given' };
    const lower = key.trim().toLowerCase();
    const byName =
      all.find((t) => nameOf(t).toLowerCase() === lower) ??
      [...all]
        .map((t) => ({ t, r: relevance(stemSet(key), nameOf(t)) }))
        .filter((x) => x.r >= 0.6)
        .sort((a, b) => b.r - a.r)[0]?.t;
    return byName ? { item: byName, reason: 'given' } : 'not_found';
  }
  const named = input.mentioned.map((id) => items.find((t) => t.id === id)).find(Boolean);
  if (named) return { item: named, reason: 'named in the request' };
  const best = [...items]
    .map((t) => ({ t, r: relevance(input.query, label(t)) }))
    .filter((x) => x.r >= 0.3)
    .sort((a, b) => b.r - a.r)[0];
  if (best) return { item: best.t, reason: 'best match for the request' };
  if (!input.required) return undefined;
  const f = fallback(items);
  return f ? { item: f, reason: 'none named; the most complete one' } : undefined;
}

function describe(spec: VariableSpec): string {
  if (spec.source.kind === 'knowledge.entry')
    return spec.source.filter
      ? `a knowledge entry of kind or category "${spec.source.filter}"`
      : 'a knowledge entry';
  return `a ${spec.type}`;
}

export function resolveVariables(
  skill: SkillDocument,
  facts: SkillFacts,
  input: ResolveInput,
): ResolvedVariables {
  const values: Record<string, ResolvedValue | undefined> = {};
  const reasons: Record<string, string> = {};
  const problems: VariableProblem[] = [];
  const query = stemSet(input.request ?? '');
  const mentioned = input.mentioned ?? [];
  const entitiesOf = (type: string) => facts.entities.filter((e) => e.type === type);
  const taken = new Set<string>();

  for (const spec of skill.variables) {
    const given = input.provided?.[spec.name];
    const args = { given, mentioned, query, required: spec.required, taken };
    const missing = (why: string) => {
      if (spec.required) problems.push({ variable: spec.name, message: why });
    };
    const set = (value: ResolvedValue, reason: string) => {
      if (value.source.id && value.source.kind !== 'request') taken.add(value.source.id);
      values[spec.name] = value;
      reasons[spec.name] = reason;
    };
    const fromPick = <T extends { id: string }>(
      pick: Pick<T> | undefined | 'not_found',
      toValue: (t: T) => ResolvedValue,
    ) => {
      if (pick === 'not_found')
        problems.push({
          variable: spec.name,
          message: `no ${spec.type} in the knowledge base matches "${typeof given === 'object' ? given.id : String(given)}"`,
        });
      else if (pick) set(toValue(pick.item), pick.reason);
      else
        missing(
          `the knowledge base has no ${describe(spec).replace(/^an? /, '')}; add one, or pass variables.${spec.name}`,
        );
    };

    switch (spec.source.kind) {
      case 'request': {
        if (given === undefined || (typeof given === 'string' && given.trim() === '')) {
          missing(
            `${spec.name} comes from the request${spec.description ? ` (${spec.description})` : ''}; pass variables.${spec.name}`,
          );
          break;
        }
        if (typeof given === 'object') {
          problems.push({
            variable: spec.name,
            message: `${spec.name} takes a ${spec.type} value, not an id`,
          });
          break;
        }
        if (spec.type === 'number' && !Number.isFinite(Number(given))) {
          problems.push({ variable: spec.name, message: `${spec.name} must be a number` });
          break;
        }
        if (spec.type === 'url' && !/^https?:\/\/\S+$/.test(String(given))) {
          problems.push({
            variable: spec.name,
            message: `${spec.name} must be a URL starting with http:// or https://`,
          });
          break;
        }
        set(requestValue(spec.type, given), 'given');
        break;
      }
      case 'knowledge.product':
        fromPick(
          choose(
            facts.products,
            (p) => `${p.name} ${p.description ?? ''}`,
            args,
            (items) =>
              [...items].sort(
                (a, b) => productCompleteness(b) - productCompleteness(a) || (a.name < b.name ? -1 : 1),
              )[0],
            (p) => p.name,
          ),
          productValue,
        );
        break;
      case 'knowledge.entry': {
        const filter = spec.source.filter;
        const pool = facts.entries.filter((e) => entryMatches(e, filter));
        fromPick(
          choose(
            pool,
            (e) => `${e.question} ${e.answer}`,
            args,
            (items) => items[0],
            (e) => e.question,
          ),
          entryValue,
        );
        break;
      }
      case 'knowledge.offer':
      case 'knowledge.person':
      case 'knowledge.location':
      case 'knowledge.certification': {
        const type = spec.source.kind.slice('knowledge.'.length);
        const entityType = type;
        fromPick(
          choose(
            entitiesOf(entityType),
            (e) => `${e.name} ${String(e.data.role ?? '')}`,
            args,
            (items) => items[0],
            (e) => e.name,
          ),
          (e: EntityFact) => entityValue(spec.type, e),
        );
        break;
      }
      case 'knowledge.contact': {
        if (!spec.required && given === undefined && !asksFor(query, CONTACT_WORDS)) break;
        const contacts = entitiesOf('contact_point');
        const phone = contacts.find((c) => c.data.kind === 'phone');
        const email = contacts.find(
          (c) => c.data.kind === 'email' && !/^(jobs|careers|wholesale)/i.test(String(c.data.value)),
        );
        if (!phone && !email) missing('the knowledge base has no phone number or e-mail address');
        else set(contactValue(phone, email), 'the business contact details');
        break;
      }
      case 'knowledge.hours': {
        // Optional hours only when the request is about them (holiday hours, a change of hours).
        if (!spec.required && given === undefined && !asksFor(query, HOURS_WORDS)) break;
        const hours = entitiesOf('opening_hours');
        if (hours.length === 0) missing('the knowledge base has no opening hours');
        else set(hoursValue(hours), 'the opening hours');
        break;
      }
    }
  }
  return { values, reasons, problems };
}
