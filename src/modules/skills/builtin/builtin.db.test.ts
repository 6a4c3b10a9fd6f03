import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/db.js';
import {
  addFixtureBusiness,
  type BusinessSite,
  businessSites,
  operationContext,
} from '../../../../test/support/skills.js';
import { assembleAppServices } from '../../../app/create.js';
import { systemClock } from '../../../core/clock.js';
import { silentLogger } from '../../../core/logger.js';
import { textLength, textLimits } from '../../../core/platforms.js';
import type { AppServices } from '../../../operations/services.js';
import { executeSkill } from '../execute/executor.js';
import { loadSkillFacts, type SkillFacts } from '../execute/facts.js';
import { offlineSlotFiller } from '../execute/offline-filler.js';
import { resolveVariables } from '../execute/variables.js';
import { countHashtags } from '../format/text-features.js';
import { loadBuiltinSkills } from './load.js';

/**
 * The built-in library on the three fixture businesses: every skill validates, and the offline filler
 * writes a valid post with it for every platform it declares, within the platform's limits, saying
 * nothing the business's knowledge base does not say.
 */

/** What a person would type for the variables that only a request can give (an event's date…). */
const REQUEST_VALUES: Record<string, string> = {
  event: 'Spring open day',
  date: '2027-05-15',
  myth: 'Cheaper always means lower quality',
  before: 'A tired, leaking set-up',
  after: 'Everything working as it should',
  partner: 'Rounton Coffee',
  occasion: 'Christmas',
};

let t: TestDatabase;
let app: AppServices;
const facts = new Map<BusinessSite, SkillFacts>();

beforeAll(async () => {
  t = await createTestDatabase();
  app = await assembleAppServices(t.config, t.db, { clock: systemClock, logger: silentLogger });
  for (const site of businessSites) {
    await addFixtureBusiness(app, site);
    facts.set(site, await loadSkillFacts(operationContext(app, site)));
  }
}, 120_000);

afterAll(async () => {
  await t?.cleanup();
});

/** Every text the knowledge base holds, with spacing normalised, to check slots against. */
function knowledgeText(f: SkillFacts): string {
  return [
    ...f.entries.flatMap((e) => [e.answer, e.question]),
    ...f.products.flatMap((p) => [p.name, p.description ?? '']),
  ]
    .join('\n')
    .replace(/\s+/g, ' ');
}

const skills = loadBuiltinSkills();

describe('the built-in skill library', () => {
  it('has at least 24 skills covering every platform and the common intents', () => {
    expect(skills.length).toBeGreaterThanOrEqual(24);
    for (const platform of ['linkedin', 'x', 'facebook', 'instagram'] as const)
      expect(skills.filter((s) => s.skill.platforms.includes(platform)).length).toBeGreaterThanOrEqual(15);
    const intents = new Set(skills.flatMap((s) => s.skill.intents));
    for (const intent of [
      'product_launch',
      'promotion',
      'how_to',
      'customer_story',
      'testimonial',
      'event',
      'behind_the_scenes',
      'team',
      'hiring',
      'announcement',
      'thought_leadership',
      'faq',
      'seasonal',
      'milestone',
      'comparison',
      'stats',
      'poll',
    ])
      expect(intents, intent).toContain(intent);
    const formats = new Set(skills.flatMap((s) => s.skill.formats));
    expect(formats).toContain('carousel');
    expect(formats).toContain('thread');
  });

  for (const site of businessSites) {
    it(`writes a valid post with every skill for every platform it declares, offline, for ${site}`, async () => {
      const f = facts.get(site) as SkillFacts;
      const known = knowledgeText(f);
      let posts = 0;
      for (const { skill } of skills) {
        const provided: Record<string, string> = {};
        for (const v of skill.variables)
          if (v.source.kind === 'request' && v.required) provided[v.name] = REQUEST_VALUES[v.name] ?? 'x';
        const variables = resolveVariables(skill, f, { provided });
        expect(variables.problems, `${skill.id} on ${site}`).toEqual([]);
        for (const platform of skill.platforms) {
          const where = `${skill.id} on ${platform} for ${site}`;
          const result = await executeSkill({
            skill,
            platform,
            variables: variables.values,
            facts: f,
            filler: offlineSlotFiller,
          });
          expect(result.violations, where).toEqual([]);
          expect(result.valid, where).toBe(true);
          // The platform's limits, measured here rather than trusted from the executor.
          const pieces = result.separateParts ? result.parts : [result.text];
          for (const piece of pieces)
            expect(textLength(platform, piece), where).toBeLessThanOrEqual(textLimits[platform].maxLength);
          const cap = textLimits[platform].maxHashtags;
          if (cap !== undefined) expect(countHashtags(result.text), where).toBeLessThanOrEqual(cap);
          // Prose comes from the knowledge base word for word (sentences may be joined, or end with a period added).
          for (const [name, slot] of Object.entries(result.slots)) {
            const kind = skill.slots.find((s) => s.name === name)?.kind;
            if (!kind || !['hook', 'text', 'stat', 'list'].includes(kind)) continue;
            for (const text of slot.items ?? (slot.text ? [slot.text] : [])) {
              const sentences = text
                .replace(/\s\p{Extended_Pictographic}\uFE0F?$/u, '')
                .split(/(?<=[.!?])\s+/u);
              for (const sentence of sentences)
                expect(known, `${where}: slot ${name}: "${sentence}"`).toContain(sentence.replace(/\.$/, ''));
            }
            if (slot.text || slot.items?.length)
              expect(slot.sources.length, `${where}: ${name} cites its sources`).toBeGreaterThan(0);
          }
          posts++;
        }
      }
      expect(posts).toBeGreaterThan(90);
    }, 120_000);
  }
});
