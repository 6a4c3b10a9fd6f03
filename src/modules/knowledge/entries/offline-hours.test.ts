import { describe, expect, it } from 'vitest';
import { extractPage } from '../extract/index.js';
import { extractOffline } from './offline-engine.js';
import { toPageInput } from './test-support/fixture-sites.js';

/** The opening-hours rules the offline engine reads from a page, as `days opens–closes [label]`. */
function hours(body: string): string[] {
  const page = extractPage(
    `<!doctype html><html lang="en"><head><title>Visit</title></head><body><main>${body}</main></body></html>`,
    'https://shop.example/visit',
  );
  return extractOffline(toPageInput(page)).entities.flatMap((e) =>
    e.type === 'opening_hours'
      ? [
          `${e.days.map((d) => d.slice(0, 2)).join('')} ${e.closed ? 'closed' : `${e.opens}–${e.closes}`}${e.label ? ` [${e.label}]` : ''}`,
        ]
      : [],
  );
}

describe('opening hours the offline engine reads', () => {
  it('reads a rule written over two lines, with its second period', () => {
    expect(
      hours(`<h2>Opening hours</h2><p><strong>Monday to Saturday</strong><br>9h00–13h00 / 14h30–19h00</p>
<p><strong>Sundays</strong><br>10h00–17h00</p>`),
    ).toEqual([
      'MoTuWeThFrSa 09:00–13:00 [Opening hours]',
      'MoTuWeThFrSa 14:30–19:00 [Opening hours]',
      'Su 10:00–17:00 [Opening hours]',
    ]);
  });

  it('reads a layout table cell holding the week and the kitchen after it', () => {
    expect(
      hours(`<table><tr><td><strong>Open 7 days</strong><br>Sunday – Wednesday: 11am – 10pm<br>Friday &amp; Saturday: 11am – midnight<br><strong>Kitchen</strong><br>Daily, 12 noon – 8.30pm</td>
<td>We're across from the library, above Kitchen Party Records. Groups of 8+ please book ahead.</td></tr></table>`),
    ).toEqual(['MoTuWeSu 11:00–22:00', 'FrSa 11:00–24:00', 'MoTuWeThFrSaSu 12:00–20:30 [Kitchen]']);
  });

  it('reads a table whose cells span rows as one row per day', () => {
    expect(
      hours(`<table><thead><tr><th>Day</th><th>Open</th></tr></thead><tbody>
<tr><td>Monday</td><td rowspan="2">7.30am – 8pm</td></tr><tr><td>Tuesday</td></tr>
<tr><td>Saturday</td><td>8.30am – 12.30pm</td></tr><tr><td>Sunday</td><td>Closed</td></tr></tbody></table>`),
    ).toEqual(['Mo 07:30–20:00', 'Tu 07:30–20:00', 'Sa 08:30–12:30', 'Su closed']);
  });
});
