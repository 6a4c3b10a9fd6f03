import { describe, expect, it } from 'vitest';
import { findHours, findPhones, findPrices } from './patterns.js';
import { checkSupport, type SupportSpan } from './support.js';

const markdown = [
  '## Prices',
  '',
  '| Product | Price per metre |',
  '| --- | --- |',
  '| 203 x 133 x 25 UB | £32.40 |',
  '',
  'Drilling is **£4.50** per hole. Call [0114 496 0321](tel:+441144960321) Monday to Friday 7:00am – 4:30pm.',
].join('\n');
const page = { markdown, structured: '{}' };
const spanOf = (text: string): SupportSpan => {
  const start = markdown.indexOf(text);
  return { field: 'markdown', start, end: start + text.length, text };
};

describe('support check', () => {
  it('accepts an answer whose facts are all in the span, even reworded', () => {
    const check = checkSupport(
      page,
      'The 203 x 133 x 25 UB costs £32.40 per metre.',
      spanOf('| 203 x 133 x 25 UB | £32.40 |'),
    );
    expect(check.status).toBe('supported');
  });

  it('refuses a price the span does not state', () => {
    const check = checkSupport(
      page,
      'The 203 x 133 x 25 UB costs £29.99 per metre.',
      spanOf('| 203 x 133 x 25 UB | £32.40 |'),
    );
    expect(check.status).toBe('unsupported');
    expect(check.problems.join()).toMatch(/29\.99/);
  });

  it('refuses a span that is not in the page, and corrects offsets of one that is', () => {
    expect(
      checkSupport(page, 'HEA 200 costs £99', { field: 'markdown', start: 0, end: 9, text: 'HEA 200 £99' })
        .status,
    ).toBe('unsupported');
    const moved = checkSupport(page, 'Drilling is £4.50 per hole.', {
      field: 'markdown',
      start: 3,
      end: 20,
      text: 'Drilling is £4.50 per hole.',
    });
    expect(moved.status).toBe('supported');
    expect(markdown.slice(moved.span?.start, moved.span?.end)).toBe(moved.span?.text);
  });

  it('compares clock times and phone numbers across formats', () => {
    const span = spanOf('Call [0114 496 0321](tel:+441144960321) Monday to Friday 7:00am – 4:30pm.');
    expect(checkSupport(page, 'Open Monday to Friday 07:00-16:30, phone 0114 496 0321', span).status).toBe(
      'supported',
    );
    expect(checkSupport(page, 'Open Monday to Friday 07:00-17:30', span).status).toBe('unsupported');
  });

  it('lowers or refuses answers whose words are not in the span', () => {
    const span = spanOf('Drilling is **£4.50** per hole.');
    expect(
      checkSupport(page, 'Yes, delivery is free everywhere with no minimum spend at all.', span).status,
    ).toBe('unsupported');
  });
});

describe('patterns', () => {
  it('reads prices with currency, unit, "from" and what is not a price', () => {
    const found = findPrices(
      'Beams from £32.40/m, tea £2.80 each, €95 per drop, free over £1,000, $50 off, $1,850.',
    );
    expect(found.map((p) => [p.amount, p.currency, p.unit, p.from, p.role])).toEqual([
      [32.4, 'GBP', 'm', true, 'price'],
      [2.8, 'GBP', 'each', false, 'price'],
      [95, 'EUR', 'drop', false, 'price'],
      [1000, 'GBP', null, false, 'threshold'],
      [50, 'USD', null, false, 'discount'],
      [1850, 'USD', null, false, 'price'],
    ]);
    // A minus sign of its own is an amount taken off; a dash between two prices is a range.
    const role = (t: string) => findPrices(t, 'EUR').map((p) => `${p.amount} ${p.role}`);
    expect(role('-5,00 €')).toEqual(['5 discount']);
    expect(role('(−$10)')).toEqual(['10 discount']);
    expect(role('€20 – €30')).toEqual(['20 price', '30 price']);
    expect(role('€20-€30')).toEqual(['20 price', '30 price']);
  });

  it('reads UK and US phone numbers but not company or VAT numbers', () => {
    expect(
      findPhones('Call 0114 496 0321 or (303) 555-0187. VAT GB 412 5561 09, company no. 02145587').map(
        (p) => p.text,
      ),
    ).toEqual(['0114 496 0321', '(303) 555-0187']);
  });

  it('reads opening hours in prose, tables and lists, and not counts of years', () => {
    const rules = findHours(
      'Tuesday to Friday 8am–4pm, Sat: 8am–2pm | Sunday and bank holidays | Closed. Lasts 8 to 12 years.',
    );
    expect(rules.map((r) => [r.days.length, r.opens, r.closes, r.closed])).toEqual([
      [4, '08:00', '16:00', false],
      [1, '08:00', '14:00', false],
      [1, null, null, true],
    ]);
  });

  it('reads hour marks (10h–19h) and closing hours past noon written without pm (8–5.30, Sat 9–1)', () => {
    const hours = (t: string) => findHours(t).map((r) => [r.days[0], r.opens, r.closes]);
    expect(hours('Mon–Fri 10h–19h · Sat 10h00–18h30')).toEqual([
      ['Monday', '10:00', '19:00'],
      ['Saturday', '10:00', '18:30'],
    ]);
    expect(hours('Mon–Fri 8–5.30, Sat 9–1')).toEqual([
      ['Monday', '08:00', '17:30'],
      ['Saturday', '09:00', '13:00'],
    ]);
    expect(hours('Open Tuesday–Friday 10–18 and Saturday 10–15.')).toEqual([
      ['Tuesday', '10:00', '18:00'],
      ['Saturday', '10:00', '15:00'],
    ]);
    // Without days, a bare range stays a count.
    expect(findHours('Ages 9 to 12, groups of 8–5')).toEqual([]);
    // An opening hour without am/pm takes the closing hour's pm when it makes sense.
    expect(hours('Thu–Fri 4–7 pm · Sat 9–5pm')).toEqual([
      ['Thursday', '16:00', '19:00'],
      ['Saturday', '09:00', '17:00'],
    ]);
    // A 24-hour clock closing below its opening closes past midnight.
    expect(hours('Thursday 15:00-00:30 · Friday 12.00 – 01.00')).toEqual([
      ['Thursday', '15:00', '00:30'],
      ['Friday', '12:00', '01:00'],
    ]);
  });
});

describe('findHours: breaks, German day abbreviations, clocks without a colon, "7 days"', () => {
  const hours = (t: string) =>
    findHours(t).map((r) => `${r.days.map((d) => d.slice(0, 2)).join('')} ${r.opens}-${r.closes}`);

  it('reads a day with a break as two periods on the same days', () => {
    expect(hours('Tuesday to Friday: 9:00–13:00 / 14:30–19:30')).toEqual([
      'TuWeThFr 09:00-13:00',
      'TuWeThFr 14:30-19:30',
    ]);
    expect(hours('Mon–Fri 9–12.30 and 2–5.30')).toEqual(['MoTuWeThFr 09:00-12:30', 'MoTuWeThFr 14:00-17:30']);
    // A second range of other days, or of a meal, is no break.
    expect(hours('Weekdays 8:30am – 6pm, Weekends 9 – 4')).toEqual([
      'MoTuWeThFr 08:30-18:00',
      'SaSu 09:00-16:00',
    ]);
    expect(hours('Lunch Tue–Sat 12–2.30, dinner 6–9.30')).toEqual(['TuWeThFrSa 12:00-14:30']);
    // A count after a rule is no period.
    expect(hours('Mon 9am–5pm, 10–12 kids a class')).toEqual(['Mo 09:00-17:00']);
  });

  it('reads Mo–Fr and Sa written capitalised, not "so" or "do" in prose', () => {
    expect(hours('Mo–Fr 9:00 - 17:00 Uhr, Sa 10:00-14:00')).toEqual([
      'MoTuWeThFr 09:00-17:00',
      'Sa 10:00-14:00',
    ]);
    expect(hours('we do 9–17, so 10–15 is fine')).toEqual([]);
  });

  it('reads 0830–1730 and "Open 7 days"', () => {
    expect(hours('Tues to Sat 0830–1730')).toEqual(['TuWeThFrSa 08:30-17:30']);
    expect(hours('Open 7 days 7am–7pm')).toEqual(['MoTuWeThFrSaSu 07:00-19:00']);
    expect(hours('Founded 2010–2020 by Sam')).toEqual([]);
  });
});

describe('findHours: seasons written after the rule', () => {
  it('marks a rule followed by a span of months or a season as seasonal, and no other', () => {
    const seasonal = (t: string) => findHours(t).map((r) => r.seasonal);
    expect(seasonal('The truck is at the market every Saturday from 8 am to 1 pm, May to October.')).toEqual([
      true,
    ]);
    expect(seasonal('Sunday 10am–2pm in summer. Monday to Friday 7am–4pm.')).toEqual([true, false]);
    expect(seasonal('Monday to Friday 7am–4pm. Closed in May for renovations.')).toEqual([false]);
  });

  it('reads "Sunday & holidays" as Sunday', () => {
    expect(findHours('Sunday & holidays: 10 am – 5 pm').map((r) => [r.days, r.opens, r.closes])).toEqual([
      [['Sunday'], '10:00', '17:00'],
    ]);
  });

  it('reads one day\'s later close inside a rule ("Tue–Fri 10–6 (Thu till 8 for knit night)")', () => {
    const rules = findHours('Tue–Fri 10–6 (Thu till 8 for knit night) · Sat 10–5');
    expect(rules.map((r) => [r.days.join('/'), r.opens, r.closes])).toEqual([
      ['Tuesday/Wednesday/Thursday/Friday', '10:00', '18:00'],
      ['Thursday', '10:00', '20:00'],
      ['Saturday', '10:00', '17:00'],
    ]);
  });

  it('reads "12 noon" as noon', () => {
    expect(findHours('Tuesday – Thursday 12 noon – 11.30pm').map((r) => [r.opens, r.closes])).toEqual([
      ['12:00', '23:30'],
    ]);
  });
});
