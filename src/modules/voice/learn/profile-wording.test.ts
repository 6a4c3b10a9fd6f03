import { describe, expect, it } from 'vitest';
import { summariseVoiceOffline } from '../summary.js';
import { bakeryExamples, plumberExamples, steelExamples } from '../test-support/fixtures.js';
import type { VoiceExample } from '../types.js';
import { learnVoiceProfile } from './learn-profile.js';
import { wordingRuns } from './lexicon.js';

const NOW = { now: '2026-12-07T00:00:00.000Z' };
const posts = (texts: string[]): VoiceExample[] =>
  texts.map((text, i) => ({ id: `p${i + 1}`, text, platform: 'linkedin', source: 'post' }));

describe('signature phrases are wording, never links, domains, handles or hashtags', () => {
  const profile = learnVoiceProfile(
    posts([
      'Month-end close in two days instead of ten. See how at ledgerwise.example/close #LedgerWise @ledgerwise_help',
      'New guide on accruals for small teams: ledgerwise.example/guides #LedgerWise #CloseFaster',
      'Reconciliation without spreadsheets. https://ledgerwise.example/demo @ledgerwise_help',
      'Questions? Write to hello@ledgerwise.example or ask @ledgerwise_help #LedgerWise',
      'Your books, closed on time. Book a demo at www.ledgerwise.example #CloseFaster',
      'Audit season is coming: ledgerwise.example/audit keeps every receipt in one place. #LedgerWise',
    ]),
    NOW,
  );
  const phrases = profile.vocabulary.signaturePhrases.map((p) => p.value);

  it('finds no phrase made of a domain, a handle or a hashtag', () => {
    for (const p of phrases) {
      expect(p).not.toMatch(/ledgerwise|example|help|close faster|closefaster/);
    }
  });

  it('cuts a post into runs of plain wording at links, addresses, handles, hashtags and emoji', () => {
    expect(
      wordingRuns('Book now at shop.example/book 🎉 or DM @crumb_co #FreshBread. Ask hi@crumb.example today'),
    ).toEqual([['book', 'now', 'at'], ['or', 'dm'], ['ask'], ['today']]);
  });
});

describe('the offline summary names what a writer would notice', () => {
  it('names an all-lower-case habit', () => {
    const lower = learnVoiceProfile(
      posts([
        'new roast just landed. fruity, bright, a little wild. come taste it saturday.',
        'we open at 7 tomorrow. bring a friend, the first cup is on us.',
        'oat milk is back in stock. sorry for the wait, truly.',
        'sunday hours: 8 till 2. pastries go fast so come early.',
        'our ethiopian single origin tastes like blueberries. no, really.',
      ]),
      NOW,
    );
    const a = summariseVoiceOffline(lower);
    expect(a.traits).toContain('all lower case');
    expect(a.summary).toMatch(/all lower case/);
    expect(a.do.join(' ')).toMatch(/lower case/);
  });

  it('names a Title Case habit', () => {
    const title = learnVoiceProfile(
      posts([
        'Our New Spring Collection Is Here And It Is Beautiful',
        'Visit The Studio This Weekend For The Open House',
        'Handmade Ceramics, Fired In Our Own Kiln Every Week',
        'Last Chance To Join The Wheel Throwing Workshop In May',
        'Thank You For A Wonderful Market Day In The Square',
      ]),
      NOW,
    );
    const a = summariseVoiceOffline(title);
    expect(a.traits).toContain('Title Case');
    expect(a.do.join(' ')).toMatch(/Title Case/);
  });

  it('suggests a call to action as a whole sentence from the examples, not a fragment', () => {
    const a = summariseVoiceOffline(learnVoiceProfile(bakeryExamples(), NOW));
    const line = a.do.find((d) => d.startsWith('End with a call to action'));
    if (line) {
      const quoted = /"(.+)"$/.exec(line)?.[1] ?? '';
      expect(quoted.split(' ').length).toBeGreaterThanOrEqual(3);
      expect(quoted).toMatch(/[.!?…]$/);
      expect(quoted).toMatch(/^\p{Lu}/u);
    }
    for (const d of a.do) expect(d).not.toMatch(/like "[a-z]+ (?:us|our|through our)"/);
  });

  it('gives different brands no do or don’t line in common (no boilerplate)', () => {
    const lines = [steelExamples(), bakeryExamples(), plumberExamples()].map((examples) => {
      const a = summariseVoiceOffline(learnVoiceProfile(examples, NOW));
      return new Set([...a.do, ...a.dont]);
    });
    const [first, ...rest] = lines as [Set<string>, ...Set<string>[]];
    const shared = [...first].filter((l) => rest.every((s) => s.has(l)));
    expect(shared).toEqual([]);
  });

  it('does not call a brunch café technical for its long menu words', () => {
    const cafe = learnVoiceProfile(
      posts([
        'Weekend brunch: sourdough, hollandaise, smashed avocado and our famous shakshuka. See you Saturday!',
        'Caramelised banana pancakes with mascarpone and toasted hazelnuts are back on the specials board.',
        'Bottomless filter coffee until noon, and the elderflower spritz is finally on the menu.',
        'Our vegetarian breakfast now comes with halloumi, roasted tomatoes and chimichurri.',
        'Booking for Mother’s Day brunch is open. Tables fill up quickly, so reserve yours today.',
      ]),
      NOW,
    );
    expect(cafe.tone.plainTechnical.label).toBe('plain');
    const steel = learnVoiceProfile(steelExamples(), NOW);
    expect(steel.tone.plainTechnical.label).toBe('technical');
  });
});
