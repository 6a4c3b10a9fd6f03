import { describe, expect, it } from 'vitest';
import type { Entity } from '../entries/entities.js';
import {
  buildBusinessProfile,
  type ProfileDay,
  type ProfileEntity,
  type ProfilePage,
} from './business-profile.js';

const span = { field: 'markdown', start: 0, end: 1, text: 'x' };
const page = (id: string, url: string, title = 'Page – Lindenhof Bakery'): ProfilePage => ({
  id,
  url,
  title,
  siteName: null,
  language: 'en-GB',
  declaredNames: [],
});

/** An entity stated on the given pages (each page states it the same way unless `perPage` says). */
function stated(
  entity: Entity,
  pages: [string, string][],
  perPage?: (pageId: string) => Partial<Entity>,
): ProfileEntity {
  return {
    entity,
    manual: false,
    sources: pages.map(([pageId, url]) => ({
      pageId,
      url,
      entity: { ...entity, ...(perPage?.(pageId) ?? {}) } as Entity,
      support: { ...span, start: pageId.length },
    })),
  };
}

const HOME: [string, string] = ['p1', 'https://bake.example/'];
const CONTACT: [string, string] = ['p2', 'https://bake.example/visit.html'];
const JOBS: [string, string] = ['p3', 'https://bake.example/jobs.html'];
const base = { confidence: 0.9, support: { field: 'markdown' as const, start: 0, end: 1, text: 'x' } };

/** An opening-hours rule read on the contact page at `start` (its own group unless one is given). */
function h(
  days: string[],
  opens: string | null,
  closes: string | null,
  start: number,
  label: string | null = null,
  group = `md:${start}`,
): ProfileEntity {
  const entity = {
    type: 'opening_hours',
    name: 'h',
    days,
    opens,
    closes,
    closed: opens === null,
    seasonal: false,
    label,
    group,
    via: 'text',
    confidence: 0.9,
    support: { field: 'markdown', start, end: start + 30, text: 'x' },
  } as Entity;
  return {
    entity,
    manual: false,
    sources: [{ pageId: CONTACT[0], url: CONTACT[1], entity, support: entity.support }],
  } as ProfileEntity;
}

describe('the business profile', () => {
  it('chooses one address, phone and e-mail, with their sources and the others seen', () => {
    const p = buildBusinessProfile({
      pages: [page('p1', HOME[1]), page('p2', CONTACT[1]), page('p3', JOBS[1])],
      currencies: ['GBP'],
      entities: [
        stated(
          {
            type: 'location',
            name: 'a',
            address: '7 Walcot Street, Bath BA1 5BG',
            postalCode: 'BA1 5BG',
            country: 'GB',
            via: 'footer',
            ...base,
          },
          [HOME, CONTACT, JOBS],
        ),
        stated(
          {
            type: 'location',
            name: 'b',
            address: 'Unit 4, Mill Road, Bristol BS1 2AB',
            postalCode: 'BS1 2AB',
            country: 'GB',
            via: 'text',
            ...base,
          },
          [JOBS],
        ),
        stated(
          {
            type: 'contact_point',
            kind: 'phone',
            name: '01632 960123',
            value: '01632 960123',
            via: 'link',
            ...base,
          },
          [HOME, CONTACT],
        ),
        stated(
          {
            type: 'contact_point',
            kind: 'email',
            name: 'jobs@',
            value: 'jobs@lindenhof.example',
            via: 'link',
            ...base,
          },
          [HOME, CONTACT, JOBS],
        ),
        stated(
          {
            type: 'contact_point',
            kind: 'email',
            name: 'hello@',
            value: 'hello@lindenhof.example',
            via: 'text',
            ...base,
          },
          [CONTACT],
        ),
      ],
    });
    expect(p.name).toBe('Lindenhof Bakery');
    expect(p.country).toBe('GB');
    expect(p.address?.value).toBe('7 Walcot Street, Bath BA1 5BG');
    expect(p.address?.sources.map((s) => s.pageId)).toEqual(['p1', 'p2', 'p3']);
    expect(p.address?.alternatives).toEqual(['Unit 4, Mill Road, Bristol BS1 2AB']);
    expect(p.phone?.value).toBe('01632 960123');
    // A general mailbox before a jobs mailbox, however often the jobs one is shown.
    expect(p.email?.value).toBe('hello@lindenhof.example');
  });

  it('takes the regular week: a seasonal rule is left out, unnamed days are closed, a kitchen schedule is listed beside it', () => {
    const rule = (days: Entity & { type: 'opening_hours' }) => days;
    const h = (days: string[], opens: string | null, closes: string | null, extra: object = {}) =>
      rule({
        type: 'opening_hours',
        name: 'h',
        days: days as never,
        opens,
        closes,
        closed: opens === null,
        seasonal: false,
        label: 'Farm store hours',
        group: 'md:100',
        via: 'text',
        ...base,
        ...extra,
      });
    const p = buildBusinessProfile({
      pages: [page('p2', CONTACT[1])],
      currencies: [],
      entities: [
        stated(h(['Thursday', 'Friday', 'Saturday', 'Sunday'], '09:00', '17:00'), [CONTACT]),
        stated(h(['Monday', 'Tuesday', 'Wednesday'], null, null), [CONTACT]),
        stated(
          h(
            ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
            '09:00',
            '17:00',
            { seasonal: true },
          ),
          [CONTACT],
        ),
        stated(h(['Friday', 'Saturday'], '12:00', '21:00', { label: 'Kitchen', group: 'md:900' }), [CONTACT]),
      ],
    });
    expect(p.hours.map((d) => (d.closed ? 'closed' : `${d.opens}-${d.closes}`))).toEqual([
      'closed',
      'closed',
      'closed',
      '09:00-17:00',
      '09:00-17:00',
      '09:00-17:00',
      '09:00-17:00',
    ]);
    expect(p.hoursLabel).toBe('Farm store hours');
    expect(p.otherHours).toEqual(['Kitchen: Fri 12:00–21:00, Sat 12:00–21:00']);
  });

  it('reads rules in paragraphs of their own one after another as one week; a schedule further on stays apart', () => {
    const p = buildBusinessProfile({
      pages: [page('p2', CONTACT[1])],
      currencies: [],
      entities: [
        h(['Wednesday', 'Thursday', 'Friday'], '10:00', '17:00', 226),
        h(['Saturday', 'Sunday'], '09:00', '16:00', 258),
        h(['Monday', 'Tuesday'], null, null, 290),
        h(['Friday', 'Saturday'], '12:00', '21:00', 900, 'Kitchen'),
      ],
    });
    expect(p.hours.map((d) => (d.closed ? 'closed' : `${d.opens}-${d.closes}`))).toEqual([
      'closed',
      'closed',
      '10:00-17:00',
      '10:00-17:00',
      '10:00-17:00',
      '09:00-16:00',
      '09:00-16:00',
    ]);
    expect(p.otherHours).toEqual(['Kitchen: Fri 12:00–21:00, Sat 12:00–21:00']);
  });

  it('keeps a day with a break as its periods, first opening to last closing beside them', () => {
    const p = buildBusinessProfile({
      pages: [page('p2', CONTACT[1])],
      currencies: [],
      entities: [
        h(['Tuesday', 'Wednesday', 'Thursday', 'Friday'], '14:30', '19:30', 40, null, 'md:1'),
        h(['Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'], '09:00', '13:00', 10, null, 'md:1'),
        // Restated in the same block: no third period.
        h(['Saturday'], '09:00', '12:00', 70, null, 'md:1'),
      ],
    });
    const tue = p.hours.find((d) => d.day === 'Tuesday');
    expect(tue).toMatchObject({ opens: '09:00', closes: '19:30', closed: false });
    expect(tue?.periods).toEqual([
      { opens: '09:00', closes: '13:00' },
      { opens: '14:30', closes: '19:30' },
    ]);
    expect(p.hours.find((d) => d.day === 'Saturday')?.periods).toEqual([{ opens: '09:00', closes: '13:00' }]);
    expect(p.hours.find((d) => d.day === 'Monday')).toMatchObject({ closed: true, periods: [] });
  });

  it('closes a day a rule of fewer days closes, whatever order the range and the exception come in', () => {
    const week = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
    for (const entities of [
      [h(week, '11:00', '18:00', 10, null, 'md:1'), h(['Wednesday'], null, null, 40, null, 'md:1')],
      [h(['Wednesday'], null, null, 10, null, 'md:1'), h(week, '11:00', '18:00', 40, null, 'md:1')],
    ]) {
      const p = buildBusinessProfile({ pages: [page('p2', CONTACT[1])], currencies: [], entities });
      expect(p.hours.map((d) => (d.closed ? 'closed' : `${d.opens}-${d.closes}`)).slice(0, 5)).toEqual([
        '11:00-18:00',
        '11:00-18:00',
        'closed',
        '11:00-18:00',
        '11:00-18:00',
      ]);
    }
  });

  it('joins a closed day written right after the week as its exception, whatever heading labels it', () => {
    const p = buildBusinessProfile({
      pages: [page('p2', CONTACT[1])],
      currencies: [],
      entities: [
        h(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'], '11:00', '18:00', 282),
        h(['Saturday', 'Sunday'], '10:00', '18:00', 323),
        h(['Wednesday'], null, null, 375, 'Hours'),
      ],
    });
    expect(p.hours.map((d) => (d.closed ? 'closed' : `${d.opens}-${d.closes}`))).toEqual([
      '11:00-18:00',
      '11:00-18:00',
      'closed',
      '11:00-18:00',
      '11:00-18:00',
      '10:00-18:00',
      '10:00-18:00',
    ]);
  });

  it('knows the country from phone codes and prices when no address says', () => {
    const p = buildBusinessProfile({
      pages: [page('p1', HOME[1])],
      currencies: ['ZAR'],
      entities: [
        stated(
          {
            type: 'contact_point',
            kind: 'phone',
            name: '+27',
            value: '+27 21 555 0147',
            via: 'link',
            ...base,
          },
          [HOME],
        ),
      ],
    });
    expect(p.country).toBe('ZA');
    expect(p.address).toBeNull();
    expect(p.hours).toEqual([]);
  });

  it('labels a schedule by what most of its statements say, whatever order the pages were read in', () => {
    // The kitchen's hours are bare on the set-menu page and "Food …" in every page's footer; the
    // bar's hours are on the visit page alone. Read in any order, the bar's week is the opening hours.
    const pages: [string, string][] = [
      ['a', 'https://inn.example/set-menu/'],
      ['b', 'https://inn.example/'],
      ['c', 'https://inn.example/drinks/'],
      ['d', 'https://inn.example/about/'],
      ['e', 'https://inn.example/whats-on/'],
    ];
    const VISIT: [string, string] = ['v', 'https://inn.example/visit/'];
    const rule = (days: ProfileDay['day'][], opens: string, closes: string, label?: string): Entity =>
      ({
        type: 'opening_hours',
        name: days.join(' '),
        days,
        opens,
        closes,
        closed: false,
        via: 'text',
        ...(label ? { label } : {}),
        ...base,
      }) as Entity;
    const kitchen = stated(
      rule(['Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'], '12:00', '14:30'),
      pages,
      (id) => (id === 'a' ? {} : { label: 'Food' }),
    );
    const bar = [
      stated(rule(['Tuesday', 'Wednesday', 'Thursday'], '12:00', '23:00', 'Bar hours'), [VISIT]),
      stated(rule(['Friday', 'Saturday'], '12:00', '00:30', 'Bar hours'), [VISIT]),
      stated(rule(['Sunday'], '12:30', '22:30', 'Bar hours'), [VISIT]),
    ].map((e, i) => ({
      ...e,
      sources: e.sources.map((s) => ({
        ...s,
        support: { ...s.support, start: 100 + 40 * i, end: 130 + 40 * i },
      })),
    }));
    const orders = [
      [kitchen, ...bar],
      [...bar, kitchen],
    ];
    for (const entities of orders) {
      const p = buildBusinessProfile({
        pages: [...pages, VISIT].map(([id, url]) => page(id, url)),
        currencies: [],
        entities,
      });
      expect(p.hoursLabel).toBe('Bar hours');
      expect(p.hours.find((d) => d.day === 'Sunday')).toMatchObject({ opens: '12:30', closes: '22:30' });
      expect(p.otherHours).toContain(
        'Food: Tue 12:00–14:30, Wed 12:00–14:30, Thu 12:00–14:30, Fri 12:00–14:30, Sat 12:00–14:30',
      );
    }
  });
});
