import { describe, expect, it } from 'vitest';
import { contactEntities, minorHoursLabel, type TextScanContext } from './text-entities.js';

function hoursIn(text: string, hoursLabel: string | null) {
  const ctx: TextScanContext = {
    markdown: text,
    businessWords: new Set(),
    url: 'https://pub.example/visit/',
    careers: false,
    delivery: false,
    hoursLabel,
  };
  return contactEntities(text, 0, ctx).flatMap((e) =>
    e.type === 'opening_hours' ? [`${e.label ?? '-'}: ${e.days.length} days ${e.opens}-${e.closes}`] : [],
  );
}

describe('opening hours in running text', () => {
  it('takes what the hours are of from the words before them, when they name a kitchen or food', () => {
    expect(hoursIn('Kitchen: Monday to Saturday 12 – 9pm, Sunday 12 – 6pm.', 'Opening hours')).toEqual([
      'Kitchen: 6 days 12:00-21:00',
      'Kitchen: 1 days 12:00-18:00',
    ]);
    expect(hoursIn('Food is served Monday to Saturday 12 – 9pm.', 'Food')).toEqual([
      'Food is served: 6 days 12:00-21:00',
    ]);
  });

  it('keeps the heading otherwise', () => {
    expect(hoursIn('We are open Monday – Thursday 12pm – 11pm.', 'Opening hours')).toEqual([
      'Opening hours: 4 days 12:00-23:00',
    ]);
  });
});

describe('what hours are of', () => {
  it("names a kitchen's or food hours by the words before them, and nothing else", () => {
    expect(minorHoursLabel('Food Tue–Sat 12–2.30 & 5.30–9', 5)).toBe('Food');
    expect(minorHoursLabel('Open Tue–Sat 12–11pm', 5)).toBeNull();
  });
});
