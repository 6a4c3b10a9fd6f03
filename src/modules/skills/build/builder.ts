/**
 * The skill builder (the plan's meta-skill): from a tenant's example posts, finds the structure most
 * of them share, turns it into a skill (slots where the posts differ, locked text where they repeat
 * word for word, limits from their lengths) and writes down what it learned: the habits the posts
 * follow and, when engagement is known, what worked and what did not. Offline and deterministic; an
 * LLM can word the name, description, slot styles and rules (build/llm.ts).
 */
import { platforms as allPlatforms, type Platform, textLength, textLimits } from '../../../core/platforms.js';
import { serializeSkill } from '../format/serialize.js';
import {
  type SkillDocument,
  type SkillGuidance,
  type SkillIntent,
  type SlotKind,
  type SlotSpec,
  skillIntents,
} from '../format/types.js';
import { scoreIntents } from '../match/analyse.js';
import {
  type HookType,
  markerClass,
  mode,
  type PostStructure,
  postStructure,
  structureSignature,
} from './features.js';

export interface ExamplePost {
  id?: string;
  text: string;
  platform?: Platform;
  engagement?: number;
}

export interface BuildOptions {
  id?: string | undefined;
  name?: string | undefined;
  /** Platforms the skill is for; default: those of the examples (all four when they name none). */
  platforms?: Platform[] | undefined;
}

export interface StructureGroup {
  signature: string;
  posts: number;
  share: number;
}

export interface BuildAnalysis {
  posts: number;
  withEngagement: number;
  /** The structures found, most common first. */
  structures: StructureGroup[];
  /** The structure the skill was built from. */
  chosen: string;
  hook: HookType;
  form: PostStructure['form'];
  lengths: { p10: number; p50: number; p90: number };
  /** Text that all or most of the chosen posts share word for word, now locked in the skill. */
  locked: string[];
  intents: SkillIntent[];
}

export interface BuiltSkill {
  skill: SkillDocument;
  content: string;
  analysis: BuildAnalysis;
}

/** Share of posts a wording must appear in to be locked. */
const LOCK_SHARE = 0.6;
const MAX_EXAMPLES_IN_FILE = 3;

function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[i] as number;
}

function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

function share(n: number, of: number): number {
  return of === 0 ? 0 : n / of;
}

/** The words most hooks start with, when at least LOCK_SHARE of them do ("Quick tip:", "New:"). */
function commonOpening(hooks: readonly string[]): string | null {
  const heads = new Map<string, number>();
  for (const h of hooks) {
    // One to four words closed by a colon, dash or end mark: "Quick tip:", "New —", "Good morning!".
    const m = /^(\S+(?:\s+\S+){0,3}?(?:[:!.?]|\s[—–-]))(?:\s|$)/u.exec(h.trim());
    if (m && !/\d/.test(m[1] as string)) heads.set(m[1] as string, (heads.get(m[1] as string) ?? 0) + 1);
  }
  for (const [head, n] of [...heads].sort((a, b) => b[1] - a[1]))
    if (share(n, hooks.length) >= LOCK_SHARE && head.length <= 40) return head;
  return null;
}

/**
 * The words most texts start with (two to six of them), when at least LOCK_SHARE of the texts share
 * them: a recurring phrase ("Today's #WordOfTheDay is") that becomes locked text before a slot.
 */
function commonPrefix(texts: readonly string[]): string | null {
  let best: string | null = null;
  for (let k = 2; k <= 6; k++) {
    const counts = new Map<string, number>();
    for (const t of texts) {
      const words = t.trim().split(/\s+/);
      // Numbers and links are facts of one post, never locked text.
      if (words.length <= k || words.slice(0, k).some((w) => /\d|https?:|www\./.test(w))) continue;
      const head = words.slice(0, k).join(' ');
      counts.set(head, (counts.get(head) ?? 0) + 1);
    }
    const top = [...counts].sort((a, b) => b[1] - a[1])[0];
    if (!top || share(top[1], texts.length) < LOCK_SHARE) break;
    best = top[0];
  }
  return best;
}

function afterPrefix(text: string, prefix: string | null): string {
  return prefix && text.startsWith(prefix) ? text.slice(prefix.length).trim() : text;
}

function slotMax(values: readonly number[], floor: number, ceiling: number): number {
  return Math.max(floor, Math.min(ceiling, Math.ceil(quantile(values, 0.9) * 1.5)));
}

/** What a structure is usually for, when the posts' words do not say. */
const STRUCTURE_INTENTS: Record<PostStructure['form'], SkillIntent> = {
  list: 'how_to',
  story: 'customer_story',
  question: 'poll',
  statement: 'announcement',
};
const HOOK_INTENTS: Partial<Record<HookType, SkillIntent>> = {
  quote: 'testimonial',
  number: 'stats',
  news: 'product_launch',
  how_to: 'how_to',
};

/**
 * The intents the posts serve: those whose cues run through at least a quarter of the posts, else
 * what the structure is usually for.
 */
function intentsOf(
  posts: readonly ExamplePost[],
  hook: HookType,
  form: PostStructure['form'],
): SkillIntent[] {
  const hits = new Map<SkillIntent, number>();
  for (const p of posts)
    for (const s of scoreIntents(p.text)) if (s.score >= 2) hits.set(s.intent, (hits.get(s.intent) ?? 0) + 1);
  const ranked = [...hits]
    .filter(([, n]) => n >= Math.max(2, posts.length / 4))
    .sort((a, b) => b[1] - a[1] || skillIntents.indexOf(a[0]) - skillIntents.indexOf(b[0]))
    .map(([k]) => k);
  const fallback = HOOK_INTENTS[hook] ?? STRUCTURE_INTENTS[form];
  const out = ranked.slice(0, 2);
  if (out.length === 0) out.push(fallback);
  return out;
}

const HOOK_WORDS: Record<HookType, string> = {
  question: 'a question to the reader',
  number: 'a number',
  list_promise: 'a promise of a list ("3 things …:")',
  news: 'news ("New:", "Now …")',
  quote: 'a quote',
  how_to: '"How to …"',
  exclamation: 'an exclamation',
  imperative: 'an invitation to act',
  statement: 'a plain statement',
};

const HOOK_NAMES: Record<HookType, string> = {
  question: 'Question',
  number: 'Number',
  list_promise: 'List-promise',
  news: 'News',
  quote: 'Quote',
  how_to: 'How-to',
  exclamation: 'Exclamation',
  imperative: 'Call-to-action',
  statement: 'Statement',
};

const HOOK_KIND: Partial<Record<HookType, SlotKind>> = {
  question: 'question',
  number: 'stat',
  list_promise: 'stat',
  quote: 'quote',
};

interface Feature {
  label: string;
  has: (s: PostStructure, p: ExamplePost) => boolean;
}

/** Binary features whose effect on engagement the builder checks. */
function engagementFeatures(lengthMedian: number): Feature[] {
  return [
    { label: 'open with a question', has: (s) => s.hook === 'question' },
    { label: 'open with a number', has: (s) => s.hook === 'number' || s.hook === 'list_promise' },
    { label: 'use a list', has: (s) => s.form === 'list' },
    { label: 'end with a call to action', has: (s) => s.cta.position === 'end' },
    { label: 'use hashtags', has: (s) => s.hashtags.tags.length > 0 },
    { label: 'use emoji', has: (s) => s.emoji > 0 },
    { label: 'include a link', has: (s) => s.links > 0 },
    { label: `stay under ${lengthMedian} characters`, has: (s) => s.length < lengthMedian },
  ];
}

/** Rules from engagement: what the better posts do more, and less, than the rest. */
function engagementRules(posts: readonly ExamplePost[], structures: readonly PostStructure[]): SkillGuidance {
  const out: SkillGuidance = { do: [], avoid: [] };
  const scored = posts
    .map((p, i) => ({ p, s: structures[i] as PostStructure }))
    .filter((x) => x.p.engagement !== undefined);
  if (scored.length < 6) return out;
  const lengthMedian = median(scored.map((x) => x.s.length));
  for (const f of engagementFeatures(lengthMedian)) {
    const yes = scored.filter((x) => f.has(x.s, x.p)).map((x) => x.p.engagement as number);
    const no = scored.filter((x) => !f.has(x.s, x.p)).map((x) => x.p.engagement as number);
    if (yes.length < 3 || no.length < 3) continue;
    const a = median(yes);
    const b = median(no);
    if (b <= 0 && a <= 0) continue;
    const ratio = b > 0 ? a / b : Number.POSITIVE_INFINITY;
    const numbers = `median engagement ${a} vs ${b}; ${yes.length} posts do, ${no.length} do not`;
    if (ratio >= 1.25) out.do.push(`${capital(f.label)}: it worked (${numbers}).`);
    else if (ratio <= 0.8) out.avoid.push(`${capital(f.label)}: it did not work (${numbers}).`);
  }
  return out;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/g, '') || 'built-skill'
  );
}

/** Builds a skill from example posts. Throws when there are too few posts to find a structure. */
export function buildSkill(examples: readonly ExamplePost[], options: BuildOptions = {}): BuiltSkill {
  const posts = examples.filter((e) => e.text.trim() !== '');
  const structures = posts.map((p) => postStructure(p.text));
  // Group by structure; the biggest group (by summed engagement when known, else by size) wins.
  const groups = new Map<string, number[]>();
  structures.forEach((s, i) => {
    const sig = structureSignature(s);
    groups.set(sig, [...(groups.get(sig) ?? []), i]);
  });
  const weight = (idx: number[]) => idx.length;
  const ordered = [...groups].sort((a, b) => weight(b[1]) - weight(a[1]) || (a[0] < b[0] ? -1 : 1));
  const [chosenSig, chosenIdx] = ordered[0] as [string, number[]];
  const chosen = chosenIdx.map((i) => structures[i] as PostStructure);
  const chosenPosts = chosenIdx.map((i) => posts[i] as ExamplePost);
  const n = chosen.length;

  const hook = mode(chosen.map((s) => s.hook)) as HookType;
  const form = chosen[0]?.form ?? 'statement';
  const platforms = options.platforms?.length
    ? options.platforms
    : (() => {
        const named = [
          ...new Set(posts.map((p) => p.platform).filter((p): p is Platform => p !== undefined)),
        ];
        return named.length > 0 ? allPlatforms.filter((p) => named.includes(p)) : [...allPlatforms];
      })();
  const lengths = chosen.map((s) => s.length);
  const p90 = quantile(lengths, 0.9);
  // X only when the posts fit it.
  const fitting = platforms.filter((p) => p !== 'x' || p90 <= textLimits.x.maxLength);
  const skillPlatforms = fitting.length > 0 ? fitting : platforms;
  const hardMin = Math.min(...skillPlatforms.map((p) => textLimits[p].maxLength));

  const locked: string[] = [];
  const slots: SlotSpec[] = [];
  const lines: string[] = [];

  // The opening: words most hooks start with are locked; a hook most posts share whole ("Good
  // morning!") is locked entirely.
  const opening = commonOpening(chosen.map((s) => s.hookText));
  if (opening) locked.push(opening);
  const hookRest = chosen.map((s) =>
    opening && s.hookText.startsWith(opening) ? s.hookText.slice(opening.length).trim() : s.hookText,
  );
  const wholeHook = opening !== null && share(hookRest.filter((h) => h === '').length, n) >= LOCK_SHARE;
  if (wholeHook) lines.push(opening);
  else {
    const hookLengths = hookRest.map((h) => [...h].length).filter((l) => l > 0);
    slots.push({
      name: 'hook',
      kind: HOOK_KIND[hook] ?? 'hook',
      max: { default: slotMax(hookLengths, 90, Math.min(200, hardMin)) },
      min: Math.min(10, Math.max(0, quantile(hookLengths, 0.1) - 5)),
      style: `Open with ${HOOK_WORDS[hook]}, as ${chosen.filter((s) => s.hook === hook).length} of ${n} examples do.`,
      required: true,
      uses: [],
    });
    lines.push(opening ? `${opening} {{hook}}` : '{{hook}}');
  }

  // The middle.
  const bodies = chosen.map((s) => [...s.body].length).filter((l) => l > 0);
  const hasBody = share(bodies.length, n) >= 0.5;
  if (form === 'list') {
    const counts = chosen.map((s) => s.listItems.length);
    const itemLengths = chosen.flatMap((s) => s.listItems.map((i) => [...i].length));
    const marker = mode(chosen.map((s) => s.listMarker).filter((m): m is string => m !== null)) ?? '•';
    if (hasBody) {
      slots.push({
        name: 'intro',
        kind: 'text',
        max: { default: slotMax(bodies, 80, Math.min(400, hardMin)) },
        style: 'A line that leads into the list.',
        required: false,
        uses: [],
      });
      lines.push('', '{{intro}}');
    }
    slots.push({
      name: 'points',
      kind: 'list',
      max: { default: slotMax(itemLengths, 80, Math.min(220, hardMin)) },
      style: `One point per line${markerClass(marker) === 'emoji' ? ', each after the emoji bullet' : ''}, short and concrete.`,
      required: true,
      uses: [],
      list: {
        min: Math.max(1, quantile(counts, 0.1)),
        max: Math.max(Math.max(1, quantile(counts, 0.1)), quantile(counts, 0.9)),
        marker,
        layout: 'lines',
      },
    });
    lines.push('', '{{points}}');
  } else if (hasBody) {
    const prefix = commonPrefix(chosen.map((s) => s.body));
    if (prefix) locked.push(prefix);
    const rest = chosen.map((s) => [...afterPrefix(s.body, prefix)].length).filter((l) => l > 0);
    slots.push({
      name: 'body',
      kind: 'text',
      max: { default: slotMax(rest, 120, Math.min(1200, hardMin)) },
      style:
        form === 'story'
          ? 'Tell what happened, in order, as the examples do.'
          : 'The point, with one or two facts.',
      required: true,
      uses: [],
    });
    lines.push('', prefix ? `${prefix} {{body}}` : '{{body}}');
  }
  if (form === 'question' && hook !== 'question') {
    slots.push({
      name: 'question',
      kind: 'question',
      max: { default: 120 },
      style: 'End with a genuine question.',
      required: true,
      uses: [],
    });
    lines.push('', '{{question}}');
  }

  // The call to action.
  const withCta = chosen.filter((s) => s.cta.position !== 'none').length;
  if (share(withCta, n) >= 0.5) {
    // A call to action is written whole by the filler (with the business's real contact), so its
    // wording is not locked.
    const ctaLengths = chosen.map((s) => [...(s.cta.text ?? '')].length).filter((l) => l > 0);
    slots.push({
      name: 'cta',
      kind: 'cta',
      max: { default: slotMax(ctaLengths, 60, 200) },
      style: 'One call to action, where the examples put it.',
      required: true,
      uses: [],
    });
    lines.push('', '{{cta}}');
  }

  // A sign-off most posts share is locked.
  const closing = mode(chosen.map((s) => s.closing).filter((c): c is string => c !== null));
  if (closing && share(chosen.filter((s) => s.closing === closing).length, n) >= LOCK_SHARE) {
    locked.push(closing);
    lines.push('', closing);
  }

  // Hashtags: a block at the end, with the tags most posts carry locked.
  const tagged = chosen.filter((s) => s.hashtags.tags.length > 0);
  // The posts' own hashtag habit, wherever the tags sit, is the limit.
  const maxHashtags = tagged.length > 0 ? Math.max(...tagged.map((s) => s.hashtags.tags.length)) : undefined;
  if (share(tagged.length, n) >= 0.5 && mode(tagged.map((s) => s.hashtags.position)) === 'end_block') {
    const counts = new Map<string, number>();
    for (const s of tagged)
      for (const t of new Set(s.hashtags.tags.map((x) => x.toLowerCase())))
        counts.set(t, (counts.get(t) ?? 0) + 1);
    const spelled = (lower: string) =>
      tagged.flatMap((s) => s.hashtags.tags).find((t) => t.toLowerCase() === lower) as string;
    const fixed = [...counts].filter(([, c]) => share(c, n) >= LOCK_SHARE).map(([t]) => spelled(t));
    const perPost = tagged.map((s) => s.hashtags.tags.length);
    const extra = Math.max(0, quantile(perPost, 0.9) - fixed.length);
    if (fixed.length > 0) locked.push(fixed.join(' '));
    if (extra > 0) {
      slots.push({
        name: 'hashtags',
        kind: 'hashtags',
        max: { default: 30 },
        style: "Tags on the post's topic, CamelCase.",
        required: false,
        uses: [],
        list: { min: 0, max: extra, marker: '•', layout: 'lines' },
      });
    }
    const tagLine = [...fixed, ...(extra > 0 ? ['{{hashtags}}'] : [])].join(' ');
    if (tagLine) lines.push('', tagLine);
  }

  const emoji = chosen.map((s) => s.emoji);
  const withLinks = chosen.filter((s) => s.links > 0).length;
  const intents = intentsOf(chosenPosts, hook, form);
  const habits: string[] = [`Open with ${HOOK_WORDS[hook]}.`];
  if (form === 'list') habits.push('Make the middle a list, one point per line.');
  if (share(withCta, n) >= 0.5) habits.push('End with one call to action.');
  habits.push(
    `Keep it near ${median(lengths)} characters (the examples run ${quantile(lengths, 0.1)}-${p90}).`,
  );
  const learned = engagementRules(posts, structures);
  const guidance: SkillGuidance = { do: [...habits, ...learned.do], avoid: learned.avoid };
  if (share(emoji.filter((e) => e > 0).length, n) < 0.2)
    guidance.avoid.push('Emoji: the examples rarely use them.');

  const oneParagraph = form !== 'list' && median(chosen.map((s) => s.paragraphs)) <= 1;
  const best = [...chosenPosts].sort((a, b) => (b.engagement ?? 0) - (a.engagement ?? 0));
  const examplesInFile = best
    .filter((p) => !p.platform || skillPlatforms.includes(p.platform))
    .filter(
      (p) => textLength(p.platform ?? 'linkedin', p.text) <= textLimits[p.platform ?? 'linkedin'].maxLength,
    )
    .slice(0, MAX_EXAMPLES_IN_FILE)
    .map((p) => ({
      text: p.text.trim(),
      ...(p.platform ? { platform: p.platform } : {}),
      ...(p.engagement !== undefined ? { engagement: p.engagement } : {}),
    }));

  const formWords = { list: 'list post', story: 'story post', question: 'question post', statement: 'post' }[
    form
  ];
  const name = options.name ?? `${HOOK_NAMES[hook]}-led ${formWords}`;
  const id = options.id ?? slug(`${hook}-${form}-post`);
  const skill: SkillDocument = {
    id,
    name,
    version: 1,
    description: `Built from ${n} of ${posts.length} example posts that share one structure: they open with ${HOOK_WORDS[hook]}${form === 'list' ? ', make their point as a list' : ''}${share(withCta, n) >= 0.5 ? ', end with a call to action' : ''}${tagged.length > n / 2 ? (mode(tagged.map((s) => s.hashtags.position)) === 'end_block' ? ' and close with hashtags' : ' and use hashtags') : ''}.`,
    intents,
    platforms: skillPlatforms,
    formats: ['text', 'image'],
    visibility: 'tenant',
    variables: [],
    slots,
    constraints: {
      // Room for the business's own facts, which run longer than the examples' wording.
      maxLength: { default: Math.min(hardMin, Math.max(200, p90 * 2, p90 + 200)) },
      ...(maxHashtags !== undefined
        ? { maxHashtags: { default: Math.min(maxHashtags, 5) } }
        : { maxHashtags: { default: 0 } }),
      maxEmoji: Math.max(0, quantile(emoji, 0.9)),
      ...(withLinks === 0 ? { links: { default: 'none' as const } } : {}),
      bannedPhrases: [],
    },
    examples: examplesInFile,
    guidance,
    // Posts written as one paragraph (most tweets) keep their parts on one line.
    body: `${oneParagraph ? lines.filter((l) => l !== '').join(' ') : lines.join('\n')}\n`,
  };
  return {
    skill,
    content: serializeSkill(skill),
    analysis: {
      posts: posts.length,
      withEngagement: posts.filter((p) => p.engagement !== undefined).length,
      structures: ordered.map(([signature, idx]) => ({
        signature,
        posts: idx.length,
        share: Math.round(share(idx.length, posts.length) * 100) / 100,
      })),
      chosen: chosenSig,
      hook,
      form,
      lengths: { p10: quantile(lengths, 0.1), p50: median(lengths), p90 },
      locked,
      intents,
    },
  };
}
