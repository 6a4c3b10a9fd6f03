import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseVoiceExamples } from '../deps.js';
import { executeSkill } from '../execute/executor.js';
import { emptyFacts, type SkillFacts } from '../execute/facts.js';
import { offlineSlotFiller } from '../execute/offline-filler.js';
import { resolveVariables } from '../execute/variables.js';
import { parseSkill } from '../format/parse.js';
import { buildSkill, type ExamplePost } from './builder.js';
import { postStructure, structureSignature } from './features.js';

/** A plumber's knowledge base, enough for any built skill to be written from. */
const facts: SkillFacts = {
  ...emptyFacts,
  entries: [
    'Turn off the water at the stop tap before you touch a leaking pipe.',
    'Lag the pipes in your loft before the first frost.',
    'A dripping tap usually needs a new washer, not a new tap.',
    'Our emergency line is answered 24 hours a day, 365 days a year.',
    'Every job gets a written quote before work starts.',
    'Most water heater replacements are done the same day.',
    'We clear blocked drains without harsh chemicals.',
    'Check the flapper first when a toilet keeps running.',
  ].map((answer, i) => ({
    id: `e${i}`,
    question: 'What should I know?',
    answer,
    category: i < 3 || i === 7 ? 'services' : 'customer_support',
    kind: 'statement',
    url: 'https://bluepeak.example/services',
  })),
  entities: [
    {
      id: 'c1',
      type: 'contact_point',
      name: '(303) 555-0187',
      data: { kind: 'phone', value: '(303) 555-0187' },
      url: null,
    },
  ],
};

const TOPICS = [
  'dripping taps',
  'frozen pipes',
  'boiler noises',
  'blocked drains',
  'running toilets',
  'low pressure',
  'leaky showers',
  'radiators',
  'water heaters',
  'stop taps',
];

function posts(make: (i: number) => string, engagement?: (i: number) => number): ExamplePost[] {
  return Array.from({ length: 20 }, (_, i) => ({
    text: make(i),
    platform: 'linkedin' as const,
    ...(engagement ? { engagement: engagement(i) } : {}),
  }));
}

async function reproduce(examples: ExamplePost[]) {
  const built = buildSkill(examples);
  const parsed = parseSkill(built.content);
  expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
  const skill = parsed.skill;
  if (!skill) throw new Error('built skill does not parse');
  const variables = resolveVariables(skill, facts, {});
  const result = await executeSkill({
    skill,
    platform: 'linkedin',
    variables: variables.values,
    facts,
    filler: offlineSlotFiller,
  });
  expect(result.violations).toEqual([]);
  return { built, result, signature: structureSignature(postStructure(result.text)) };
}

describe('the skill builder', () => {
  it('turns 20 question-and-bullets posts into a skill whose posts have the same structure', async () => {
    const examples = posts(
      (i) =>
        `Still putting up with ${TOPICS[i % 10]}?${i % 3 === 0 ? ' 🔧' : ''}\n\n• Check the ${['washer', 'seal', 'valve', 'trap'][i % 4]} first.\n• Turn off the supply before you start.\n${i % 2 ? '• Never use chemicals on old pipes.\n' : ''}\nBook a visit at https://bluepeak.example/book\n\n#BluepeakPlumbing #${['DenverHomes', 'PlumbingTips', 'HomeCare'][i % 3]}`,
    );
    const { built, result, signature } = await reproduce(examples);
    expect(built.analysis.chosen).toBe('list|question|end|end_block|bullet');
    expect(built.analysis.structures).toEqual([{ signature: built.analysis.chosen, posts: 20, share: 1 }]);
    expect(built.analysis.locked).toContain('#BluepeakPlumbing');
    expect(built.skill.intents).toEqual(['how_to']);
    expect(signature).toBe(built.analysis.chosen);
    expect(result.text).toMatch(/\?\n\n• .+\n• .+/);
    expect(result.text.endsWith('#BluepeakPlumbing')).toBe(true);
  });

  it('reproduces a numbered list that opens with a number, and locks the opening the posts share', async () => {
    const examples = posts(
      (i) =>
        `Quick tip: ${3 + (i % 3)} things to check about ${TOPICS[i % 10]}:\n\n1. The washer.\n2. The seal.\n${i % 2 ? '3. The valve.\n' : ''}\nCall us on (303) 555-0187.`,
    );
    const { built, signature } = await reproduce(examples);
    expect(built.analysis.locked).toContain('Quick tip:');
    expect(built.skill.body.startsWith('Quick tip: {{hook}}')).toBe(true);
    expect(signature).toBe(built.analysis.chosen);
    expect(built.analysis.chosen).toMatch(/^list\|.*\|numbered$/);
  });

  it('reproduces one-paragraph posts on one line, with the phrase they repeat locked', async () => {
    const examples = posts(
      (i) =>
        `Good morning! Today's tip is about ${TOPICS[i % 10]}. More at https://bluepeak.example/tips/${i}`,
    );
    const { built, result, signature } = await reproduce(examples);
    expect(built.skill.body.trim().split('\n')).toHaveLength(1);
    expect(result.text.split('\n')).toHaveLength(1);
    expect(signature).toBe(built.analysis.chosen);
  });

  it('builds from the most common structure and reports the others', () => {
    const questions = posts(
      (i) => `Still putting up with ${TOPICS[i % 10]}?\n\n• One.\n• Two.\n\nCall (303) 555-0187.`,
    ).slice(0, 12);
    const stories = posts(
      (i) => `Yesterday we fixed ${TOPICS[i % 10]} in Elm Road. We replaced the valve and tested it.`,
    ).slice(0, 8);
    const built = buildSkill([...questions, ...stories]);
    expect(built.analysis.structures.map((s) => s.posts)).toEqual([12, 8]);
    expect(built.analysis.chosen).toBe(built.analysis.structures[0]?.signature);
    expect(built.skill.description).toMatch(/^Built from 12 of 20 example posts/);
  });

  it('states what worked and what did not when engagement is known', () => {
    const examples = posts(
      (i) =>
        i % 2 === 0
          ? `Still putting up with ${TOPICS[i % 10]}? Call (303) 555-0187.`
          : `We fixed ${TOPICS[i % 10]} today 🔧 Call (303) 555-0187.`,
      (i) => (i % 2 === 0 ? 100 + i : 10 + i),
    );
    const built = buildSkill(examples);
    expect(built.skill.guidance.do.find((d) => d.startsWith('Open with a question: it worked'))).toMatch(
      /median engagement \d+ vs \d+; 10 posts do, 10 do not/,
    );
    expect(built.skill.guidance.avoid.some((d) => d.startsWith('Use emoji: it did not work'))).toBe(true);
    const without = buildSkill(examples.map(({ engagement: _e, ...p }) => p));
    expect(without.skill.guidance.do.some((d) => d.includes('it worked'))).toBe(false);
  });
});

const brandTweets = path.resolve(process.cwd(), '../shared/datasets/brand-tweets/brand_tweets.csv');

describe.skipIf(!existsSync(brandTweets))('the builder on real brand posts (brand-tweets dataset)', () => {
  it("builds a valid skill from one brand's original tweets, with what worked", () => {
    // Internal evaluation data, read in place: Merriam-Webster's own posts (not replies or retweets).
    const all = parseVoiceExamples(readFileSync(brandTweets, 'utf8'), { format: 'csv', platform: 'x' });
    const rows = readFileSync(brandTweets, 'utf8').split('\n').length;
    expect(rows).toBeGreaterThan(1000);
    const mw = all.filter(
      (e) =>
        /merriam|word of the day|#wordoftheday/i.test(e.text) &&
        !e.text.startsWith('@') &&
        !e.text.startsWith('RT @'),
    );
    expect(mw.length).toBeGreaterThan(100);
    const built = buildSkill(
      mw.map((e) => ({
        text: e.text,
        platform: 'x',
        ...(e.engagement !== undefined ? { engagement: e.engagement } : {}),
      })),
    );
    const parsed = parseSkill(built.content);
    expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(parsed.skill?.platforms).toEqual(['x']);
    expect(built.skill.guidance.do.length + built.skill.guidance.avoid.length).toBeGreaterThan(3);
  });
});

if (!existsSync(brandTweets))
  console.warn(
    `[skills] brand-tweets dataset not found at ${brandTweets}; the real-posts builder test is skipped`,
  );
