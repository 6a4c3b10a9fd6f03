import { describe, expect, it } from 'vitest';
import { emptyFacts, type SkillFacts } from '../execute/facts.js';
import { findEntities, findFormat, findPlatforms, scoreIntents } from './analyse.js';

const top = (text: string) => scoreIntents(text)[0];

describe('reading a request', () => {
  it('finds the intent from cue words, phrases and typos', () => {
    expect(top('anounce the lauch of our new range')?.intent).toBe('product_launch');
    expect(top('hirring apprentice plumbers')?.intent).toBe('hiring');
    expect(top('tesimonial post please')?.intent).toBe('testimonial');
    expect(top('20% off everything this weekend')?.intent).toBe('promotion');
    expect(top('a day in the life of our bakers')?.intent).toBe('behind_the_scenes');
  });

  it('counts each word once per intent and never reads an English word as a typo', () => {
    const announcing = scoreIntents('announcing our new focaccia').find((s) => s.intent === 'announcement');
    expect(announcing?.cues).toEqual(['announce']);
    const protect = scoreIntents('remind people to protect their pipes').find(
      (s) => s.intent === 'customer_story',
    );
    expect(protect?.score).toBe(0);
  });

  it('gives a vague request little belief in any intent', () => {
    expect(top('post something for tomorrow')?.probability).toBeLessThan(0.3);
    expect(top('we are hiring a driver')?.probability).toBeGreaterThan(0.5);
  });

  it('finds platforms by name, nickname and typo, and X only as a platform', () => {
    expect(findPlatforms('post on linkdin and IG')).toEqual(['linkedin', 'instagram']);
    expect(findPlatforms('tweet it, and share on fb')).toEqual(['x', 'facebook']);
    expect(findPlatforms('spring discount post for X')).toEqual(['x']);
    expect(findPlatforms('the 80 x 80 x 5 SHS is our best seller')).toEqual([]);
    expect(findPlatforms('instagarm please')).toEqual(['instagram']);
  });

  it('finds the format asked for', () => {
    expect(findFormat('as a carousel')).toBe('carousel');
    expect(findFormat('a twitter thread')).toBe('thread');
    expect(findFormat('BTS reel of our kitchen')).toBe('video');
    expect(findFormat('before and after photos')).toBe('image');
    expect(findFormat('a post')).toBeUndefined();
  });
});

describe('knowledge named in a request', () => {
  const facts: SkillFacts = {
    ...emptyFacts,
    products: [
      { name: 'Cardamom knots', id: 'p1' },
      { name: 'Drain cleaning (sink, tub or shower)', id: 'p2' },
      { name: 'Tankless water heater installed', id: 'p3' },
      { name: '50-gallon gas water heater installed', id: 'p4' },
    ].map((p) => ({
      ...p,
      kind: 'product' as const,
      price: null,
      priceText: null,
      currency: null,
      unit: null,
      priceFrom: false,
      availability: null,
      url: null,
      description: null,
      sku: null,
    })),
    entities: [
      { id: 'e1', type: 'person', name: 'Derek Yoon', data: { role: 'Service Manager' }, url: null },
      {
        id: 'e2',
        type: 'offer',
        name: 'Get $50 off any water heater installation.',
        data: { code: 'SPRING50' },
        url: null,
      },
      {
        id: 'e3',
        type: 'certification',
        name: 'Best Independent Bakery in the Yorkshire Post Food Awards 2025',
        data: {},
        url: null,
      },
    ],
    entries: [
      {
        id: 'n1',
        question: 'Do you install water heaters?',
        answer: 'We install water heaters and clean drains every day.',
        category: 'services',
        kind: 'faq',
        url: null,
      },
      {
        id: 'n2',
        question: 'Water heaters?',
        answer: 'Water heater installs include the permit.',
        category: 'services',
        kind: 'faq',
        url: null,
      },
      {
        id: 'n3',
        question: 'Drains?',
        answer: 'Drain work is our speciality; drains, drains, drains.',
        category: 'services',
        kind: 'faq',
        url: null,
      },
      {
        id: 'n4',
        question: 'Heater?',
        answer: 'A new water heater lasts years.',
        category: 'services',
        kind: 'faq',
        url: null,
      },
    ],
  };
  const names = (text: string) => findEntities(text, facts).map((e) => e.name);

  it('finds a product by most of its name, without the words in brackets, and with a typo', () => {
    expect(names('feature our drain cleaning service')).toEqual(['Drain cleaning (sink, tub or shower)']);
    expect(names('our new cardamon knots')).toEqual(['Cardamom knots']);
    expect(names('tank vs tankless water heater')).toEqual(['Tankless water heater installed']);
  });

  it('finds a person by first name, and an offer by its code', () => {
    expect(names('staff spotlight on Derek')).toEqual(['Derek Yoon']);
    expect(names('spring post, code SPRING50')).toEqual(['Get $50 off any water heater installation.']);
  });

  it('does not take words every request uses, or amounts, for names', () => {
    expect(names('write a post for tomorrow')).toEqual([]);
    expect(names('$50 off for 50 customers')).toEqual([]);
  });
});
