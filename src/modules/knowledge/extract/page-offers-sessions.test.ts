import { describe, expect, it } from 'vitest';
import { dateLabel } from './dated-sessions.js';
import { extractPage } from './extract-page.js';
import { products } from './test-support/page-products.js';

describe('dated sessions, events and bookings read from the page markup', () => {
  it('dated sessions are variants: date rows, dates listed under a price, cards repeating one title', () => {
    const table = `<h2>Wheel-throwing taster</h2><table><thead><tr><th>Date</th><th>Time</th><th>Price</th><th>Places</th></tr></thead><tbody>
<tr><td>Saturday 8 March</td><td>10am–1pm</td><td>$95</td><td>Sold out</td></tr><tr><td>Saturday 22 March</td><td>10am–1pm</td><td>$95</td><td>3 left</td></tr></tbody></table>`;
    expect(products(table)).toEqual([
      'Wheel-throwing taster [Saturday 8 March] 95 (out_of_stock)',
      'Wheel-throwing taster [Saturday 22 March] 95 (in_stock)',
    ]);
    const listed = `<h2>Grommets Camp</h2><p>Five mornings of coaching. $450 per child.</p><ul><li>6–10 January: SOLD OUT</li><li>13–17 January: 4 places left</li></ul>`;
    expect(products(listed)).toEqual([
      'Grommets Camp [6–10 January] 450 (per child, out_of_stock)',
      'Grommets Camp [13–17 January] 450 (per child, in_stock)',
    ]);
    const cards = ['Sold out', 'Book now']
      .map(
        (b, i) =>
          `<li class="list-item"><h2 class="list-item-content__title">Kids Clay Club</h2><p>Mon ${14 + 7 * i} – Fri ${18 + 7 * i} April · 9am – 12pm</p><p>$240</p><a class="list-item-content__button" href="/b">${b}</a></li>`,
      )
      .join('');
    expect(products(`<ul>${cards}</ul>`)).toEqual([
      'Kids Clay Club [Mon 14 – Fri 18 April] 240 (out_of_stock)',
      'Kids Clay Club [Mon 21 – Fri 25 April] 240',
    ]);
    // A time is when, not what; a fraction is not a date.
    const times = `<div class="event"><h3 class="event-title">Green tea evening</h3><div class="event-meta">7pm · £30 per person</div></div>`;
    expect(products(times, 'https://shop.example/events', 'en-GB')).toEqual([
      'Green tea evening 30 (per person)',
    ]);
    expect(dateLabel('1/2')).toBeNull();
    expect(dateLabel('06/01 – 10/01')).toBe('06/01 – 10/01');
    expect(dateLabel('Saturday 8 March, 10am – 1pm')).toBe('Saturday 8 March');
    expect(dateLabel('Sourdough loaf')).toBeNull();
  });

  it('event cards with the date above the title are dated variants; closed registration is not bookable', () => {
    const card = (date: string, status: string) =>
      `<li data-hook="event-list-item"><div data-hook="ev-list-item-date">${date}</div><div data-hook="ev-list-item-title">Full Moon Paddle</div><div data-hook="ev-list-item-price">A$45</div><div data-hook="ev-rsvp-button">${status}</div></li>`;
    const html = `<ul data-hook="events-list">${card('Sat, 11 Jan', 'Sold Out')}${card('Sat, 8 Feb', 'Registration is closed')}${card('Sat, 8 Mar', 'Almost full')}</ul>`;
    expect(products(html, 'https://shop.example/events', 'en-AU')).toEqual([
      'Full Moon Paddle [Sat, 11 Jan] 45 (out_of_stock)',
      'Full Moon Paddle [Sat, 8 Feb] 45 (out_of_stock)',
      'Full Moon Paddle [Sat, 8 Mar] 45 (in_stock)',
    ]);
  });

  it('a booking widget’s service cards: the duration line is no name, a disabled "Fully booked" is no stock to sell', () => {
    const card = (name: string, duration: string, price: string, button: string, note = '') =>
      `<li data-hook="service-card"><div data-hook="info-card"><h2 data-hook="info-card-title">${name}</h2><p data-hook="tag-line">Three hours on flat water, with a guide.</p><div data-hook="info-card-details"><div data-hook="duration">${duration}</div><div data-hook="price">${price}</div></div>${note}<button data-hook="book-button">${button}</button></div></li>`;
    const html = `<ul data-hook="service-list">${card('Intro to Sea Kayaking', '3 hr', 'A$120', 'Book Now')}${card('Private Lesson', '1 hr 30 min', 'A$160', 'Book Now')}${card('Day Trip', '8 hr', 'A$295', 'Fully booked', '<p>Fully booked for this season – join the waitlist.</p>')}</ul>`;
    expect(products(html, 'https://kayak.example/lessons.html', 'en-AU')).toEqual([
      'Intro to Sea Kayaking 120',
      'Private Lesson 160',
      'Day Trip 295 (out_of_stock)',
    ]);
  });

  it('dates in repeater items under a price stated once: each item’s own stock line, a button is nothing', () => {
    const item = (...blocks: string[]) =>
      `<div role="listitem" class="wixui-repeater__item"><div data-testid="inline-content">${blocks.map((b) => `<div class="wixui-rich-text"><p>${b}</p></div>`).join('')}</div></div>`;
    const html = `<h2>Kids’ Paddle Camp</h2><p>Three mornings at Long Beach. A$240 per child for the three days.</p><p>Upcoming camps</p>
<div class="wixui-repeater" role="list">${item('6–8 January 2027', 'Sold out')}${item('13–15 January 2027', '4 spots left')}${item('20–22 January 2027', 'Book now')}</div>`;
    expect(products(html, 'https://kayak.example/lessons.html', 'en-AU')).toEqual([
      'Kids’ Paddle Camp [6–8 January 2027] 240 (per child, out_of_stock)',
      'Kids’ Paddle Camp [13–15 January 2027] 240 (per child, in_stock)',
      'Kids’ Paddle Camp [20–22 January 2027] 240 (per child)',
    ]);
  });

  it('a dated line may name what the session is about before its stock', () => {
    const html = `<h2>Wine tasting evenings</h2><p>Six wines from one region, with cheese. £30 per person.</p>
<ul><li>Thursday 12 March – Loire Valley – sold out</li><li>Thursday 23 April – Sicily – 8 places left</li></ul>`;
    expect(products(html, 'https://pub.example/whats-on/', 'en-GB')).toEqual([
      'Wine tasting evenings [Thursday 12 March] 30 (per person, out_of_stock)',
      'Wine tasting evenings [Thursday 23 April] 30 (per person, in_stock)',
    ]);
  });

  it('booking lists: a session per start time with its own stock, button words and stock badges naming nothing', () => {
    expect(
      products(
        `<h3>Boat-based Whale Watching</h3><ul>
<li>Sat 12 Sep 2026, 09:00 R1,150 Sold out Book</li>
<li>Sat 12 Sep 2026, 12:30 R1,150 2 seats left Book</li>
<li>Sun 13 Sep 2026, 09:00 R1,150 Available Book</li></ul>`,
        'https://tours.example/departures/',
        'en-ZA',
      ),
    ).toEqual([
      'Boat-based Whale Watching [Sat 12 Sep 2026, 09:00] 1150 (out_of_stock)',
      'Boat-based Whale Watching [Sat 12 Sep 2026, 12:30] 1150 (in_stock)',
      'Boat-based Whale Watching [Sun 13 Sep 2026, 09:00] 1150 (in_stock)',
    ]);
    const event = (title: string, cta: string) =>
      `<article class="tribe-events-calendar-list__event"><h3 class="tribe-events-calendar-list__event-title">${title}</h3><address><span class="tribe-events-calendar-list__event-venue-title">Kōwhai Kitchen</span> 18 Tasman Street</address><div class="tribe-events-c-small-cta">${cta}</div></article>`;
    expect(
      products(
        event('Dumpling Night', '<a>Get Tickets</a> <span>$145.00</span>') +
          event('Knife Skills Masterclass', '<span>Sold out</span> <span>$120.00</span>') +
          event('Street Food of Vietnam', '<a>Get Tickets</a> <span>$135.00</span>'),
        'https://school.example/events/',
        'en-NZ',
      ),
    ).toEqual([
      'Dumpling Night 145',
      'Knife Skills Masterclass 120 (out_of_stock)',
      'Street Food of Vietnam 135',
    ]);
  });

  it('a programme priced once over dated repeater titles, a priced note between them, a date typed with a colon', () => {
    const html = `<h2>Summer Holiday Programme</h2><p>NZ$295 per child, per week</p>
<p>Early drop-off from 8am is an extra NZ$10 a day.</p>
<div role="list"><div role="listitem"><h4>Mon 4 – Fri 8 Jan</h4><p>Knots and belaying</p><p>Sold Out</p><a href="/c">Join waitlist</a></div>
<div role="listitem"><h4>Week 3: 18 Jan – 22 Jan</h4><p>Top-rope week</p><a href="/b">3 spots left</a></div></div>`;
    expect(products(html, 'https://climb.example/holiday.html', 'en-NZ')).toEqual([
      'Summer Holiday Programme [Mon 4 – Fri 8 Jan] 295 (per child, out_of_stock)',
      'Summer Holiday Programme [Week 3: 18 Jan – 22 Jan] 295 (per child, in_stock)',
    ]);
  });

  it("a schedule's rows name their item in a cell of their own, the date is the session; a free row is 0", () => {
    const html = `<h2>Spring workshops</h2><table><thead><tr><th>Date</th><th>Workshop</th><th>Time</th><th>Fee</th><th>Spaces</th></tr></thead><tbody>
<tr><td>Sat, April 10, 2027</td><td><strong>Spring Pruning Basics</strong></td><td>10:00 am – 12:00 pm</td><td>$35</td><td>Sold out</td></tr>
<tr><td>Sat, April 24, 2027</td><td><strong>Spring Pruning Basics</strong></td><td>10:00 am – 12:00 pm</td><td>$35</td><td>6 spots left</td></tr>
<tr><td>Thu, June 3, 2027</td><td><strong>Garden Walk</strong></td><td>6:30 – 8:00 pm</td><td>Free</td><td></td></tr></tbody></table>`;
    expect(products(html)).toEqual([
      'Spring Pruning Basics [Sat, April 10, 2027] 35 (out_of_stock)',
      'Spring Pruning Basics [Sat, April 24, 2027] 35 (in_stock)',
      'Garden Walk [Thu, June 3, 2027] 0',
    ]);
  });

  it("a booking widget's slots: date, time, stock and button side by side", () => {
    const html = `<h3>Kokedama Workshop</h3><p>$55.00 per person · 2 hours</p><ul>
<li><span>Saturday 12 June 2027</span> <span>10:00</span> <span>2 seats left</span> <a href="/b">Book</a></li>
<li><span>Saturday 26 June 2027</span> <span>10:00</span> <span>Fully booked</span> <button disabled>Full</button></li>
<li><span>Saturday 10 July 2027</span> <span>10:00</span> <a href="/b">Book</a></li></ul>`;
    expect(products(html)).toEqual([
      'Kokedama Workshop [Saturday 12 June 2027] 55 (per person, in_stock)',
      'Kokedama Workshop [Saturday 26 June 2027] 55 (per person, out_of_stock)',
      'Kokedama Workshop [Saturday 10 July 2027] 55 (per person)',
    ]);
  });

  it('a compare-at price struck only by a "--strikethrough" class; weekly series and a lone date with its stock', () => {
    const html = `<div class="product-list-item"><h6>Bitterroot Worsted</h6><div><p class="price-content price-content--strikethrough">$26.00</p><p class="price-content">$19.50</p></div></div>
<h3>Learn to Knit</h3><p>Four weekly evenings. $120 for the series.</p><p>Tuesdays from March 10 — Sold out</p><p>Saturdays from March 21 — 2 places left</p>
<h3>Brioche Basics</h3><p>One evening. $45.</p><p>Wednesday, March 25 — 1 place left</p>`;
    expect(products(html)).toEqual([
      'Bitterroot Worsted 19.5 (was 26)',
      'Learn to Knit [Tuesdays from March 10] 120 (out_of_stock)',
      'Learn to Knit [Saturdays from March 21] 120 (in_stock)',
      'Brioche Basics [Wednesday, March 25] 45 (in_stock)',
    ]);
  });

  it("an events list: each card's date above its title, its stock after its price; a recurring series is one session per date", () => {
    const card = (date: string, title: string, price: string, stock: string) =>
      `<div class="row"><div class="date-tag"><span>Sat</span> <span>7</span></div><div><article><div class="details"><header><div class="dt"><time><span>${date}</span> - <span>1:30 pm</span></time> <a href="/s"><span class="a11y">Recurring</span></a></div><h3><a href="/e">${title}</a></h3></header><address><span class="venue">Kōwhai Kitchen</span> <span>18 Tasman Street, Nelson</span></address><div class="desc"><p>Sourdough and focaccia.</p></div><div class="cta"><a href="/e#t">Get Tickets</a> <span class="price">${price}</span> <span class="stock">${stock}</span></div></div></article></div></div>`;
    const html = `<h2>Upcoming</h2>${card('March 7 @ 9:30 am', 'Saturday Bread School', '$95.00', '6 tickets left')}${card('March 14 @ 9:30 am', 'Saturday Bread School', '$95.00', 'Sold out')}`;
    expect(products(html, 'https://cook.example/events/', 'en-NZ')).toEqual([
      'Saturday Bread School [March 7] 95 (in_stock)',
      'Saturday Bread School [March 14] 95 (out_of_stock)',
    ]);
  });

  it("an event's own page: its ticket types are its options; a details list, a recurrence line and a cart total name nothing", () => {
    const html = `<a href="/events">« All Events</a><h1>Dumpling Night</h1><p>March 13 @ 6:00 pm - 9:00 pm</p><p>Every Friday, until June 26</p><p>$145.00 – $270.00</p>
<p>This class is full for couples.</p><h2>Tickets</h2><h3>Single seat</h3><p>One cook, one station.</p><p>$ 145.00</p><p>3  available</p>
<h3>Couple (two seats)</h3><p>Two cooks.</p><p>$ 270.00</p><p>Sold Out</p><p>Quantity: 0</p><p>Total: $ 0.00</p>
<h2>Details</h2><h3>Time:</h3><p>6:00 pm - 9:00 pm</p><p>Cost:</p><p>$145.00 – $270.00</p>`;
    const got = products(html, 'https://cook.example/event/dumpling-night/', 'en-NZ');
    expect(got).toContain('Dumpling Night [Single seat] 145 (in_stock)');
    expect(got).toContain('Dumpling Night [Couple (two seats)] 270 (out_of_stock)');
    expect(got.every((p) => p.startsWith('Dumpling Night'))).toBe(true);
  });

  it('a date with its time running to midnight is a date label', () => {
    expect(dateLabel('Saturday 28 March, 7.30pm – midnight')).toBe('Saturday 28 March');
  });

  it('an events list whose cards print the stock after the title and the venue, street and time before the price (Modern Events Calendar)', () => {
    const card = (title: string, date: string, price: string) =>
      `<article class="mec-event"><h3 class="mec-event-title">${title}</h3><p>Four evenings for pups and their people.</p><div class="mec-date">${date}</div><div class="mec-event-loc"><div class="mec-time">6:30 pm - 7:30 pm</div><div class="mec-loc-place">Blackwattle training paddock</div><div class="mec-address">14 Peisley Street, Orange NSW 2800</div><div class="mec-price">${price}</div></div></article>`;
    const html = `${card('Puppy Preschool <span class="mec-sold">Sold Out</span>', '3 March 2026', '$220')}${card('Family Manners', '7 March 2026', '$295')}${card('Scent Games Taster', '29 March 2026', '$55')}`;
    expect(products(html, 'https://dogs.example/courses/', 'en-AU')).toEqual([
      'Puppy Preschool [3 March 2026] 220 (out_of_stock)',
      'Family Manners [7 March 2026] 295',
      'Scent Games Taster [29 March 2026] 55',
    ]);
  });

  it("an event card's describing sentence is named by the card's title; past events and a delivery page's zones sell nothing", () => {
    const event = (title: string, date: string, text: string) =>
      `<article class="eventlist-event"><h3>${title}</h3><div class="meta"><p>${date}</p><p>19:00 21:00</p></div><div class="excerpt"><p>${text}</p></div></article>`;
    const events = `<h1>Events</h1><div class="eventlist eventlist--upcoming">${event('Spring Wreath Evening', 'Thursday 19 March 2026', 'Sold Out — email us to go on the waiting list. A willow wreath with spring bulbs and moss, €55 per person.')}</div>
<div class="eventlist eventlist--past">${event('December Wreath Night', 'Thursday 11 December 2025', 'Our December wreath night: €50 per person with mulled wine.')}</div>`;
    expect(products(events, 'https://florist.example/events', 'en-IE')).toEqual([
      'Spring Wreath Evening [Thursday 19 March 2026] 55 (per person, out_of_stock)',
    ]);
    const delivery = `<h1>Delivery &amp; returns</h1><h3>Fresh flowers</h3><p>Kilkenny city: €8.00, same day if you order by 12 noon</p><p>Rest of County Kilkenny: €15.00, next day</p>`;
    expect(products(delivery, 'https://florist.example/delivery', 'en-IE')).toEqual([]);
  });

  it('dates listed under a price with its duration are sessions; a period ("Term 1") in a grid row is no name', () => {
    const html = `<h2>Bush Trail Ride</h2><p>2 hours · A$120 per rider · morning tea at the creek</p><p>Coming up:</p>
<p>Saturday 16 January – fully booked<br>Sunday 17 January – 4 spots left</p>`;
    expect(products(html, 'https://ride.example/trail-rides.html', 'en-AU')).toEqual([
      'Bush Trail Ride [Saturday 16 January] 120 (per rider, out_of_stock)',
      'Bush Trail Ride [Sunday 17 January] 120 (per rider, in_stock)',
    ]);
  });

  it('dates written as sentences after the price on its line are sessions, each with its stock', () => {
    const html = `<h2>Half-Day Ride &amp; Picnic</h2><p>4 hours · A$210 per rider, picnic lunch included. Sunday 7 February – only 2 places left. Sunday 21 February – booked out.</p>`;
    expect(products(html, 'https://ride.example/trail-rides.html', 'en-AU')).toEqual([
      'Half-Day Ride & Picnic [Sunday 7 February] 210 (per rider, in_stock)',
      'Half-Day Ride & Picnic [Sunday 21 February] 210 (per rider, out_of_stock)',
    ]);
  });

  it("a table drawn with ARIA roles reads as a table; rows that only say when are terms of the table's item", () => {
    const cell = (role: string, text: string) =>
      `<div role="${role}" class="wixui-table__cell"><div class="cell-content">${text}</div></div>`;
    const row = (role: string, cells: string[]) =>
      `<div role="row">${cells.map((c) => cell(role, c)).join('')}</div>`;
    const html = `<h2>Saturday Pony Club</h2><p>A weekly group lesson. Fees are per term, paid on enrolment.</p>
<div role="grid" aria-label="Saturday Pony Club term dates">${row('columnheader', ['Term', 'Dates', 'Weeks', 'Fee', 'Places'])}${row('gridcell', ['Term 1', '6 Feb – 3 Apr', '9', '$405', 'Full'])}${row('gridcell', ['Term 2', '1 May – 26 Jun', '9', '$405', '2 places left'])}${row('gridcell', ['Term 4', '16 Oct – 4 Dec', '8', '$360', 'Available'])}</div>`;
    expect(products(html, 'https://ride.example/camps.html', 'en-AU')).toEqual([
      'Saturday Pony Club [6 Feb – 3 Apr] 405 (out_of_stock)',
      'Saturday Pony Club [1 May – 26 Jun] 405 (in_stock)',
      'Saturday Pony Club [16 Oct – 4 Dec] 360 (in_stock)',
    ]);
    const page = extractPage(
      `<html><body><main>${html}</main></body></html>`,
      'https://ride.example/camps.html',
    );
    expect(page.markdown).toContain('| Term 2 | 1 May – 26 Jun | 9 | $405 | 2 places left |');
  });

  it("a heading that introduces the dates does not end them; a table of weeks under the price line is of the section's item", () => {
    const list = `<h2>Summer Grom Camp</h2><p>$495 per week — boards included. Kids need to swim 50 metres.</p><p><strong>Summer 2027 weeks</strong></p><ul><li>Jan 4–8 · SOLD OUT</li><li>Jan 11–15 · 2 spots</li><li>Feb 1–5</li></ul>`;
    expect(products(list, 'https://surf.example/camps.html', 'en-NZ')).toEqual([
      'Summer Grom Camp [Jan 4–8] 495 (per week, out_of_stock)',
      'Summer Grom Camp [Jan 11–15] 495 (per week, in_stock)',
      'Summer Grom Camp [Feb 1–5] 495 (per week)',
    ]);
    const table = `<h2>Teen Surf Camp</h2><p>Ages 13–17</p><p>$545 per week</p><table><thead><tr><th>Week</th><th>Dates</th><th>Price</th><th>Spaces</th></tr></thead><tbody><tr><td>Week 1</td><td>11–15 Jan</td><td>$545</td><td>Full</td></tr><tr><td>Week 2</td><td>18–22 Jan</td><td>$545</td><td>3 left</td></tr></tbody></table>`;
    expect(products(table, 'https://surf.example/camps.html', 'en-NZ')).toEqual([
      'Teen Surf Camp 545 (per week)',
      'Teen Surf Camp [11–15 Jan] 545 (out_of_stock)',
      'Teen Surf Camp [18–22 Jan] 545 (in_stock)',
    ]);
  });

  it("a booking card's dotted detail line gives its session, so cards repeating one title stay apart", () => {
    const card = (tagline: string, stock: string) =>
      `<li data-hook="Grid-item"><section><h2 data-hook="service-info-title-text">Summer Adventure Camp</h2><p data-hook="service-info-tagline">${tagline}</p><div><p data-hook="details-root">5 days</p><p data-hook="details-root" aria-hidden="true">€260</p><div class="sr-only">260.00 euros</div><p>${stock}</p></div></section></li>`;
    const html = `<h1>Holiday camps</h1><ul>${card('Week 1 · Mon 5 – Fri 9 July · ages 9–14', 'Fully booked')}${card('Week 2 · Mon 12 – Fri 16 July · ages 9–14', '3 spots left')}</ul>`;
    expect(products(html, 'https://climb.example/holiday-camps.html', 'en-IE')).toEqual([
      'Summer Adventure Camp [Mon 5 – Fri 9 July] 260 (out_of_stock)',
      'Summer Adventure Camp [Mon 12 – Fri 16 July] 260 (in_stock)',
    ]);
  });

  it('Wix: a paragraph styled as a heading names the dates under it; struck dates are gone; a date with its own price in brackets is a session', () => {
    const rich = (inner: string) =>
      `<div class="wixui-rich-text" data-testid="richTextElement">${inner}</div>`;
    const html = `${rich('<p class="font_5 wixui-rich-text__text"><span>Bush Craft Camp 3</span></p><p class="font_8">A$465 / week</p>')}
${rich('<p class="font_5 wixui-rich-text__text"><span>Young Shredders MTB Camp</span></p><p class="font_8">Ages 9–13. Four days on the flow trails.</p>')}
${rich('<p class="font_8">A$420 per rider</p><p class="font_8">5–8 Jan <span style="color:#c00"><b>SOLD OUT</b></span><br>12–15 Jan · 3 spots left<br>27–29 Jan (3 days, A$330)</p>')}
${rich('<p class="font_5">Teen Trail Camp</p><p class="font_8">A$540 per rider</p><p class="font_8">Struck-out dates are full.</p><p class="font_8"><s>6–8 Jan</s><br>13–15 Jan – last few places</p>')}`;
    expect(products(html, 'https://kids.example/holiday-camps.html', 'en-AU')).toEqual([
      'Bush Craft Camp 3 465 (per week)',
      'Young Shredders MTB Camp [5–8 Jan] 420 (per rider, out_of_stock)',
      'Young Shredders MTB Camp [12–15 Jan] 420 (per rider, in_stock)',
      'Young Shredders MTB Camp [27–29 Jan] 330',
      'Teen Trail Camp [6–8 Jan] 540 (per rider, out_of_stock)',
      'Teen Trail Camp [13–15 Jan] 540 (per rider, in_stock)',
    ]);
  });

  it("a ribbon drawn as an image says the card's stock in its alt text", () => {
    const card = (ribbon: string, name: string) =>
      `<div class="wixui-repeater__item"><img src="a.jpg" alt="Campers carving pegs">${ribbon}<h3>${name}</h3><p>Monday to Friday</p><p>A$465 / week</p></div>`;
    const html = `<div class="wixui-repeater">${card('<img src="ribbon.png" alt="Sold out">', 'Bush Craft Camp 1')}${card('', 'Bush Craft Camp 2')}</div>`;
    expect(products(html, 'https://kids.example/holiday-camps.html', 'en-AU')).toEqual([
      'Bush Craft Camp 1 465 (per week, out_of_stock)',
      'Bush Craft Camp 2 465 (per week)',
    ]);
  });

  it('facts led by a date before the price ("4–7 Jan · ages 8–12 · A$440 — Sold out") are a session of the title above', () => {
    const item = (title: string, line: string) =>
      `<div class="gallery-item"><div aria-hidden="true"><h6>${title}</h6></div><p>${line}</p></div>`;
    const html = `<h2>January 2027</h2>${item('Junior Paddle Camp', '4–7 Jan · ages 8–12 · A$440 — Sold out')}${item('Junior Paddle Camp', '11–14 Jan · ages 8–12 · A$440 — Only 2 places left')}`;
    expect(products(html, 'https://kids.example/paddling.html', 'en-AU')).toEqual([
      'Junior Paddle Camp [4–7 Jan] 440 (out_of_stock)',
      'Junior Paddle Camp [11–14 Jan] 440 (in_stock)',
    ]);
  });

  it("an item's own page lists its sessions in a section of their own further down (Wix Bookings' service page)", () => {
    const day = (date: string, state: string) =>
      `<li data-hook="daily-sessions"><span data-hook="date">${date}</span><ul><li data-hook="session-details"><time data-hook="start-time">7:30 PM</time><span data-hook="duration">2 hr</span><span data-hook="location">Pontoon, Rio Mira</span>${state ? `<span data-hook="session-availability">${state}</span>` : ''}<a data-hook="session-book-button" href="#">Book</a></li></ul></li>`;
    const html = `<h1 data-hook="header-title">Sunset SUP Tour</h1><p>Two hours on the river as the sun goes down.</p>
<section data-hook="details-section"><span data-hook="details-duration">2 hr</span><span data-hook="details-price">€45</span><span data-hook="details-locations">Pontoon, Rio Mira</span></section>
<h2>About the tour</h2><p>We paddle up the estuary on the incoming tide.</p><p>Ages 10 and up.</p>
<section data-hook="scheduling-section"><h2 data-hook="scheduling-title">Upcoming Sessions</h2><ul>${day('Friday, Jun 4', 'Fully booked')}${day('Saturday, Jun 5', '2 spots left')}${day('Friday, Jun 11', '')}</ul></section>`;
    expect(products(html, 'https://surf.example/service-page/sunset-sup-tour', 'en-PT')).toEqual([
      'Sunset SUP Tour [Friday, Jun 4] 45 (out_of_stock)',
      'Sunset SUP Tour [Saturday, Jun 5] 45 (in_stock)',
      'Sunset SUP Tour [Friday, Jun 11] 45',
    ]);
  });

  it('a course priced once over a table of start dates: each row says its stock in a cell of its own', () => {
    const html = `<h2>Adult Ballet from Scratch</h2><p><strong>S$280 for the eight weeks</strong> (75 minutes a week).</p><h3>Start dates</h3>
<table><thead><tr><th>Starts</th><th>Class time</th><th>Teacher</th><th>Places</th></tr></thead><tbody>
<tr><td>Tue 9 Mar 2027</td><td>7:00 – 8:15 pm</td><td>Clara Ng</td><td>Full</td></tr>
<tr><td>Sat 13 Mar 2027</td><td>10:00 – 11:15 am</td><td>Clara Ng</td><td>4 places left</td></tr>
<tr><td>Sat 8 May 2027</td><td>10:00 – 11:15 am</td><td>Clara Ng</td><td></td></tr></tbody></table>`;
    expect(products(html, 'https://dance.example/courses/', 'en-SG')).toEqual([
      'Adult Ballet from Scratch [Tue 9 Mar 2027] 280 (out_of_stock)',
      'Adult Ballet from Scratch [Sat 13 Mar 2027] 280 (in_stock)',
      'Adult Ballet from Scratch [Sat 8 May 2027] 280',
    ]);
  });

  it("a wine's stock written after its bottle price belongs to the glass too", () => {
    const html = `<h2>Wine</h2><div class="item"><h3 class="mprm-title">Naramata Pinot Noir</h3><p><span class="mprm-proportion">6 oz</span></p>
<p class="mprm-excerpt">Cherry and forest floor. Bottle $58. Sold out until the new vintage arrives in June.</p><span class="mprm-price">$15.00</span></div>
<div class="item"><h3 class="mprm-title">Similkameen Syrah</h3><p><span class="mprm-proportion">6 oz</span></p><p class="mprm-excerpt">Black pepper. Bottle $54.</p><span class="mprm-price">$14.00</span></div>`;
    const got = products(html, 'https://pub.example/drinks/', 'en-CA');
    expect(got.filter((p) => p.startsWith('Naramata'))).toEqual([
      'Naramata Pinot Noir [Bottle] 58 (out_of_stock, --06)',
      'Naramata Pinot Noir [6 oz] 15 (out_of_stock, --06)',
    ]);
    expect(got.filter((p) => p.startsWith('Similkameen')).every((p) => !/stock/.test(p))).toBe(true);
  });

  it("Wix Stores: a card naming its dates in brackets; a product page's date swatches, one with its own 'Sold out' subtitle", () => {
    expect(
      products(
        '<ul><li data-hook="product-list-grid-item"><p data-hook="product-item-name">Autumn Tennis Camp (29 Mar – 1 Apr)</p><span data-hook="product-item-price-to-pay">R1,180.00</span></li></ul>',
        'https://tennis.example/shop.html',
        'en-ZA',
      ),
    ).toEqual(['Autumn Tennis Camp [29 Mar – 1 Apr] 1180']);
    const swatch = (date: string, extra: string, attrs: string) =>
      `<label data-hook="text-option"${attrs}><input type="radio" name="option-Dates" value="${date}"${attrs ? ' disabled' : ''}><span data-hook="text-option-label">${date}</span>${extra}</label>`;
    const page = `<h1 data-hook="product-title">Mini Tennis Holiday Club</h1><span data-hook="formatted-primary-price">R690.00</span>
<div data-hook="product-options"><fieldset><legend data-hook="product-options-title">Dates: <span>5–7 Jan (3 days)</span></legend><div role="radiogroup">${swatch('15–17 Dec (3 days)', ' <span data-hook="text-option-subtitle">Sold out</span>', ' aria-disabled="true"')}${swatch('5–7 Jan (3 days)', '', '')}${swatch('12–16 Jan (5 days)', '', '')}</div></fieldset></div>`;
    expect(products(page, 'https://tennis.example/product-page/mini.html', 'en-ZA')).toEqual([
      'Mini Tennis Holiday Club 690',
      'Mini Tennis Holiday Club [15–17 Dec (3 days)] 690 (out_of_stock)',
      'Mini Tennis Holiday Club [5–7 Jan (3 days)] 690',
      'Mini Tennis Holiday Club [12–16 Jan (5 days)] 690',
    ]);
  });

  it('a Wix repeater of camp dates under a year-range heading, a badge before some dates; a question heading and a colon-led name start the next item', () => {
    const item = (date: string, note: string, before: string, after: string) =>
      `<div class="wixui-repeater__item" role="listitem"><div data-testid="inline-content">${before ? `<div class="wixui-rich-text"><p class="font_8">${before}</p></div>` : ''}<div class="wixui-rich-text"><h3 class="font_4"><span>${date}</span></h3></div><div class="wixui-rich-text"><p class="font_8">${note}</p></div>${after ? `<div class="wixui-rich-text"><p class="font_8">${after}</p></div>` : ''}<div><a class="wixui-button" href="/contact.html"><span class="wixui-button__label">Book Now</span></a></div></div></div>`;
    const html = `<h1>Junior Dive Camps</h1><p>Five mornings of diving for kids aged 10–14. ₱12,800 per child, including gear.</p><p>Camps run 8:00 am – 12:00 noon, Monday to Friday.</p><p>Siblings get ₱1,000 off the second child.</p>
<h2>2026 – 2027 camp dates</h2><div role="list">${item('22 – 26 December 2026', 'Christmas week', 'Sold out', '')}${item('5 – 9 January 2027', 'New Year week', 'Sold out', '')}${item('29 March – 2 April 2027', 'Holy Week', '', 'Only 2 spots left')}${item('5 – 9 April 2027', 'Easter week', '', 'Spaces available')}${item('24 – 28 May 2027', 'Summer break', '', '')}</div>
<h2>Too young for the camp?</h2><p>Bubblemaker (ages 8–9): a first breath underwater in the pool. ₱2,900, any afternoon.</p>`;
    expect(products(html, 'https://dive.example/junior-camps.html', 'en-PH')).toEqual([
      'Junior Dive Camps [22 – 26 December 2026] 12800 (per child, out_of_stock)',
      'Junior Dive Camps [5 – 9 January 2027] 12800 (per child, out_of_stock)',
      'Junior Dive Camps [29 March – 2 April 2027] 12800 (per child, in_stock)',
      'Junior Dive Camps [5 – 9 April 2027] 12800 (per child, in_stock)',
      'Junior Dive Camps [24 – 28 May 2027] 12800 (per child)',
      'Bubblemaker 2900',
    ]);
  });

  it("Wix's table element (every cell's text in a div): a week's label before its dates, its stock in a column; an unstated week stays unstated", () => {
    const cell = (t: string) =>
      `<td class="wixui-table__cell" role="cell"><div class="tY1czp">${t}</div></td>`;
    const row = (...cells: string[]) =>
      `<tr class="wixui-table__row" role="row">${cells.map(cell).join('')}</tr>`;
    const html = `<h2>Holiday Snow Week</h2><p><strong>¥98,000 per child</strong> for the five days.</p><p>Siblings get ¥5,000 off the second child.</p>
<table role="table"><thead><tr><th><div>Week</div></th><th><div>Dates</div></th><th><div>Places</div></th></tr></thead><tbody>
${row('Christmas', '21 – 25 December 2026', 'Full')}${row('New Year', '28 December 2026 – 1 January 2027', 'Full – waitlist only')}${row('', '4 – 8 January 2027', '2 places left')}${row('', '22 – 26 February 2027', '')}</tbody></table>
<p>To join the waitlist for a full week, email us.</p>`;
    expect(products(html, 'https://snow.example/holiday-programmes.html', 'en-JP')).toEqual([
      'Holiday Snow Week [21 – 25 December 2026] 98000 (per child, out_of_stock)',
      'Holiday Snow Week [28 December 2026 – 1 January 2027] 98000 (per child, out_of_stock)',
      'Holiday Snow Week [4 – 8 January 2027] 98000 (per child, in_stock)',
      'Holiday Snow Week [22 – 26 February 2027] 98000 (per child)',
    ]);
  });

  it('a heading naming the dates as weekends, workshops or tours introduces them', () => {
    const html = `<h2>Weekend Raku Workshop</h2><p>Two days in the studio and the yard.</p><p>C$195 per person, all materials included. Eight places each weekend.</p>
<h3>2027 weekends</h3><ul><li>Sat 6 – Sun 7 February — Full</li><li>Sat 13 – Sun 14 March — 4 places left</li><li>Sat 17 – Sun 18 April</li></ul>`;
    expect(products(html, 'https://clay.example.ca/workshops.html', 'en-CA')).toEqual([
      'Weekend Raku Workshop [Sat 6 – Sun 7 February] 195 (per person, out_of_stock)',
      'Weekend Raku Workshop [Sat 13 – Sun 14 March] 195 (per person, in_stock)',
      'Weekend Raku Workshop [Sat 17 – Sun 18 April] 195 (per person)',
    ]);
  });

  it("a booking calendar's rows, each a date, a price and a status of its own, keep their own status", () => {
    const row = (date: string, status: string) =>
      `<li><div class="fh-calendar__date">${date}</div><div class="fh-calendar__time">9:00 am – 12:30 pm</div><div class="fh-calendar__price">NZ$395.00</div><div class="fh-calendar__status">${status}</div></li>`;
    const html = `<h3 class="fh-calendar__item-name">Grom Surf Camp</h3><span>Ages 8–14</span><ul>${row('Mon 4 Jan – Fri 8 Jan 2027', 'Sold out')}${row('Mon 11 Jan – Fri 15 Jan 2027', '3 spots left')}${row('Mon 19 Apr – Fri 23 Apr 2027', 'Available')}</ul>`;
    expect(products(html, 'https://surf.example.co.nz/grom-camp', 'en-NZ')).toEqual([
      'Grom Surf Camp [Mon 4 Jan – Fri 8 Jan 2027] 395 (out_of_stock)',
      'Grom Surf Camp [Mon 11 Jan – Fri 15 Jan 2027] 395 (in_stock)',
      'Grom Surf Camp [Mon 19 Apr – Fri 23 Apr 2027] 395 (in_stock)',
    ]);
  });

  it('a dated event card whose description opens with "Free" is a free item; "Free" features and amenities are not', () => {
    const card = (date: string, title: string, text: string, status: string) =>
      `<li class="ev-card"><div class="ev-date">${date}</div><h2 class="ev-title">${title}</h2><div class="ev-loc">Dale Mill yard</div><div class="ev-desc">${text}</div><div class="ev-status">${status}</div></li>`;
    const events = `<ul>${card('Sat, 21 Mar, 09:30', 'Trail Build Day', 'Free volunteer dig with the trails trust: tools and cake provided.', 'Registration Closed')}${card('Sun, 12 Apr, 09:00', 'Ride &amp; Brunch', 'A social loop, then brunch. £25 including brunch.', 'Get Tickets')}</ul>`;
    expect(products(events, 'https://mtb.example.co.uk/events.html', 'en-GB')).toEqual([
      'Trail Build Day [Sat, 21 Mar] 0 (out_of_stock)',
      'Ride & Brunch [Sun, 12 Apr] 25',
    ]);
    // schema.org's Event says dated where no date is written as one line.
    const odoo = `<article itemscope itemtype="http://schema.org/Event"><h5 class="card-title"><span itemprop="name">Crag Clean-up Day</span></h5><small itemprop="description">Free – we car-pool from the gym at 7:30</small></article>`;
    expect(products(odoo, 'https://gym.example.be/event', 'en-BE')).toEqual(['Crag Clean-up Day 0']);
    // A plan's features, an amenity under a heading, a free-from dish: no free items.
    const plan = `<div class="plan"><h3>Monthly</h3><ul><li>Free yoga on Sundays</li><li>10% off in the shop</li></ul><p>€59 / month</p></div>`;
    const amenity = `<h2>The tea room</h2><p>Open daily from 24 May.</p><p>Free Wi-Fi and a reading corner.</p>`;
    expect(products(plan + amenity, 'https://gym.example.ie/plans', 'en-IE')).toEqual([
      'Monthly 59 (per month)',
    ]);
  });

  it("a booking widget's departures: two times of one day are two sessions, a note after a date is no name, a screen-reader hint is no part of the title", () => {
    const row = (when: string, status: string) =>
      `<tr class="cf-cal-row"><td class="cf-cal-date">${when}</td><td class="cf-cal-price">$115.00</td><td class="cf-timeslot-avail"><span class="cf-item-status">${status}</span></td><td><a href="#b" class="btn">Book now</a></td></tr>`;
    const html = `<h2 class="grid-h2">Seal Colony Paddle<span class="sr-only"> (opens booking dialog)</span></h2><p>Two and a half hours along the reef.</p><table class="cf-cal-table"><thead><tr><th>Departure</th><th>Adult</th><th>Availability</th><th></th></tr></thead><tbody>${row('<span class="cf-date">Sat 11 Jul 2026</span>, <span class="cf-time">10:00am</span>', 'Sold out')}${row('<span class="cf-date">Sat 11 Jul 2026</span>, <span class="cf-time">1:30pm</span>', '2 remaining')}${row('<span class="cf-date">Tue 29 Sep – Thu 1 Oct 2026</span> <small class="cf-cal-note">Spring holidays</small>', 'Available')}</tbody></table>`;
    expect(products(html, 'https://kayak.example.nz/tours', 'en-NZ')).toEqual([
      'Seal Colony Paddle [Sat 11 Jul 2026, 10:00am] 115 (out_of_stock)',
      'Seal Colony Paddle [Sat 11 Jul 2026, 1:30pm] 115 (in_stock)',
      'Seal Colony Paddle [Tue 29 Sep – Thu 1 Oct 2026] 115 (in_stock)',
    ]);
  });

  it("a schedule's unpriced rows are dated sessions of the items priced above, each with its day and stock", () => {
    const day = (d: string) => `<tr class="day_title"><th colspan="3"><time>${d}</time></th></tr>`;
    const event = (name: string, time: string, status: string, cls = '') =>
      `<tr class="event bw-event${cls}"><td class="duration">${time}</td><td class="summary"><button type="button">${name}</button></td><td class="availability">${status}</td></tr>`;
    const html = `<h2>Prices</h2><table><thead><tr><th></th><th>Child</th><th>Sibling</th></tr></thead><tbody><tr><td>Wild Day (ages 5–11)</td><td>£38</td><td>£32</td></tr><tr><td>Summer Wild Week (5 days)</td><td>£175</td><td>£150</td></tr></tbody></table>
<h2>Dates</h2><table class="agenda"><tbody>${day('Monday 30 March')}${event('Wild Day (ages 5–11)', '9:30am – 3:30pm', 'Booking closed')}${day('Tuesday 31 March')}${event('Wild Day (ages 5–11)', '9:30am – 3:30pm', '<a href="#w">Join waiting list</a>', ' bw-event--sold-out')}${event('Wild Day (ages 5–11)', '1:00pm – 4:00pm', '2 places left')}${day('Monday 27 July')}${event('Summer Wild Week', '9:30am – 3:30pm', '')}</tbody></table>`;
    expect(products(html, 'https://forest.example.co.uk/holiday-clubs/', 'en-GB')).toEqual([
      'Wild Day (ages 5–11) [Child] 38',
      'Wild Day (ages 5–11) [Sibling] 32',
      'Wild Day (ages 5–11) [Monday 30 March] 38 (out_of_stock)',
      'Wild Day (ages 5–11) [Tuesday 31 March, 9:30am] 38 (out_of_stock)',
      'Wild Day (ages 5–11) [Tuesday 31 March, 1:00pm] 38 (in_stock)',
      'Summer Wild Week (5 days) [Child] 175',
      'Summer Wild Week (5 days) [Sibling] 150',
      'Summer Wild Week (5 days) [Monday 27 July] 175',
    ]);
    // One row naming an item is no schedule.
    const one = `<h2>Wild Day</h2><p>£38 a day.</p><table><tbody>${day('Monday 30 March')}${event('Wild Day', '9:30am', '2 places left')}</tbody></table>`;
    expect(products(one, 'https://forest.example.co.uk/one/', 'en-GB')).toEqual(['Wild Day 38 (per day)']);
  });

  it("an event page's ticket table under a 'Tickets' heading holds the event's tickets; a ticket bought only with another is an add-on", () => {
    const row = (name: string, details: string, price: string) =>
      `<tr class="ticket"><td class="ticket_title"><strong>${name}</strong><div class="ticket_details">${details}</div></td><td class="ticket_cost"><span class="bw-money">${price}</span></td><td><button type="button">Select</button></td></tr>`;
    const html = `<h2 class="bw-event-view__title">Wild Day (ages 5–11)</h2><div><time>Tuesday 7 April 2026, 9:30am</time></div><p>Fire lighting, dens and whittling.</p><h3>Tickets</h3><table class="tickets"><thead><tr><th>Ticket</th><th>Cost</th><th></th></tr></thead><tbody>${row('Child', 'One ticket per child.', '£38.00')}${row('Sibling', 'For each further child.', '£32.00')}${row('Hot lunch', 'Soup from the fire. Must be booked with a Child or Sibling ticket.', '£4.00')}</tbody></table>`;
    expect(products(html, 'https://forest.example.co.uk/wild-day-7-april/', 'en-GB')).toEqual([
      'Wild Day (ages 5–11) [Child] 38',
      'Wild Day (ages 5–11) [Sibling] 32',
    ]);
    // A course booked as one is dated by the span its row gives ("5 sessions: 27–31 July").
    const agenda = `<section><h2>Summer Wild Week</h2><p>£175 per child for the week.</p></section><section><h2>Dates</h2><table><tbody><tr><th colspan="3">Monday 27 July</th></tr><tr class="event"><td>9:30am</td><td><button>Summer Wild Week</button><div><span>Course</span> <span>5 sessions: 27–31 July</span></div></td><td>8 places left</td></tr><tr><th colspan="3">Monday 3 August</th></tr><tr class="event bw-event--sold-out"><td>9:30am</td><td><button>Summer Wild Week</button><div><span>5 sessions: 3–7 August</span></div></td><td>Fully booked</td></tr></tbody></table></section>`;
    expect(products(agenda, 'https://forest.example.co.uk/weeks/', 'en-GB')).toEqual([
      'Summer Wild Week 175 (per child)',
      'Summer Wild Week [27–31 July] 175 (per child, in_stock)',
      'Summer Wild Week [3–7 August] 175 (per child, out_of_stock)',
    ]);
  });

  it("a week grid's sessions are the days their columns head; who leads a class names nothing", () => {
    const session = (name: string, staff: string, price: string, status: string) =>
      `<div class="bw-session"><div class="bw-session__time"><time>7:00 pm</time> - <time>8:15 pm</time></div><div class="bw-session__info"><div class="bw-session__name">${name}</div><div class="bw-session__staff">${staff}</div><div class="bw-session__price">${price}</div></div><div class="bw-session__availability">${status}</div><button>Book</button></div>`;
    const day = (weekday: string, date: string, sessions: string) =>
      `<div class="bw-widget__day"><div class="bw-widget__date"><div class="bw-widget__weekday">${weekday}</div><div class="bw-widget__monthday">${date}</div></div><div class="bw-widget__sessions-of-day">${sessions}</div></div>`;
    const html = `<div class="bw-widget__sessions">${day('Mon', 'Mar 1', session('Contemporary Open Level', 'Mei Ling Tan', 'Drop-in S$32', '3 spots left'))}${day('Tue', 'Mar 2', session('Lunch Express Barre', 'Clara Ng', 'S$25', ''))}${day('Thu', 'Mar 4', session('Contemporary Open Level', 'Mei Ling Tan', 'Drop-in S$32', 'Full'))}</div>`;
    expect(products(html, 'https://dance.example.sg/schedule/', 'en-SG')).toEqual([
      'Contemporary Open Level [Mon Mar 1] 32 (in_stock)',
      'Contemporary Open Level [Thu Mar 4] 32 (out_of_stock)',
      'Lunch Express Barre [Mar 2] 25',
    ]);
  });

  it("an events list's card: the place under its pin and the capacity line name nothing; the title does", () => {
    const card = (date: string, title: string, place: string, capacity: string) =>
      `<div class="eb-event-container"><h2 class="eb-even-title-container"><a class="eb-event-title" href="/e">${title}</a></h2><div class="eb-event-information row"><div class="col-md-8"><div class="eb-event-date-info"><i class="fa fa-calendar"></i> ${date}</div><div class="clearfix"><i class="fa fa-map-marker-alt"></i> ${place}</div><div class="eb-event-capacity"><i class="fa fa-users"></i> ${capacity}</div></div><div class="col-md-4"><div class="eb-event-price-container"><span class="eb-individual-price">€ 320,00</span></div></div></div><p>Two days of leading on bolted routes.</p></div>`;
    const html = `${card('16.05.2026 - 17.05.2026', 'Lead Climbing Course', 'Zirler Klettergarten', 'Places left: 3')}${card('13.06.2026 - 14.06.2026', 'Lead Climbing Course', 'Zirler Klettergarten', 'Event full')}`;
    expect(products(html, 'https://climb.example.at/courses', 'en-AT')).toEqual([
      'Lead Climbing Course [16.05.2026 - 17.05.2026] 320 (in_stock)',
      'Lead Climbing Course [13.06.2026 - 14.06.2026] 320 (out_of_stock)',
    ]);
    // A tourist tax the guesthouse collects for the municipality is no item.
    const tax = `<h2>Multi-pitch Week</h2><p>The Ortstaxe (tourist tax) of € 2,60 per person per night is not included.</p>`;
    expect(products(tax, 'https://climb.example.at/weeks', 'en-AT')).toEqual([]);
  });

  it("an Eventbrite listing: a badge in the card's image aside and an urgency signal are the card's stock; past events sell nothing", () => {
    const card = (name: string, date: string, price: string, badge: string, signal: string, past = false) =>
      `<div class="eds-event-card--consumer${past ? ' eds-event-card--past' : ''}"><article class="eds-event-card-content"><aside class="eds-event-card-content__image-container"><img src="a.jpg" alt="">${badge ? `<div class="eds-event-card-content__image-badge"><span class="eds-badge">${badge}</span></div>` : ''}</aside><div class="eds-event-card-content__primary-content">${signal ? `<aside class="eds-event-card-content__urgency-signals"><p>${signal}</p></aside>` : ''}<a href="/e" class="eds-event-card-content__action-link"><h3 class="eds-event-card-content__title"><div class="eds-is-hidden-accessible">${name}</div><div data-spec="event-card__formatted-name"><div data-spec="event-card__formatted-name--content">${name}</div></div></h3></a><div class="eds-text-color--primary-brand eds-text-bm">${date}</div></div><div class="eds-event-card-content__sub-content"><div class="eds-event-card-content__sub"><div data-subcontent-key="location">The Net Loft · Whitstable</div></div><div class="eds-event-card-content__sub">${price}</div></div></article></div>`;
    const html = `<section class="organizer-profile__section--upcoming"><h2>Upcoming events</h2>${card('Christmas Feast', 'Wed, 23 Dec, 18:30', '£75.00', 'Sold out', '')}${card('Wine Tasting', 'Thu, 14 Jan, 19:30', 'From £45.00', '', 'Going fast')}${card('Smokehouse Supper', 'Wed, 9 Dec, 19:00', '£48.00 <span>Sales ended</span>', '', '')}</section><section class="organizer-profile__section organizer-profile__section--past"><h2>Past events</h2>${card('Harvest Moon Supper', 'Sat, 17 Oct, 19:00', '£52.00', '', '', true)}</section><aside class="sidebar"><h3>Newsletter</h3><p>Sign up for our newsletter and hear first about new supper nights and classes.</p></aside>`;
    expect(products(html, 'https://supper.example.co.uk/supper-club/', 'en-GB')).toEqual([
      'Christmas Feast [Wed, 23 Dec] 75 (out_of_stock)',
      'Wine Tasting [Thu, 14 Jan] 45 (from, in_stock)',
      'Smokehouse Supper [Wed, 9 Dec] 48 (out_of_stock)',
    ]);
  });
});
