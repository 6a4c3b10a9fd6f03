import { describe, expect, it } from 'vitest';
import { backDate, classStock, readStock, schemaStock } from './stock.js';

describe('stock', () => {
  it('reads the words pages use, with the date it is back or ships', () => {
    expect(readStock('Currently out of stock — next bottling in June')).toEqual({
      state: 'out_of_stock',
      text: 'Currently out of stock — next bottling in June',
      availableFrom: '--06',
    });
    // "Full" after a dash closes a dated line; "Full day" says how long.
    expect(readStock('Saturday 7 November – FULL')?.state).toBe('out_of_stock');
    expect(readStock('Sat 6 – Sun 7 February — Full – waitlist only')?.state).toBe('out_of_stock');
    expect(readStock('Canyoning – full day')).toBeNull();
    expect(readStock('Event full')?.state).toBe('out_of_stock');
    // A session's status "Cancelled" alone; a sentence about cancelling is no stock.
    expect(readStock('Cancelled')?.state).toBe('out_of_stock');
    expect(readStock('Cancelled bookings are refunded in full.')).toBeNull();
    expect(readStock('Course full – join the waiting list')?.state).toBe('out_of_stock');
    expect(readStock('Back in October – birria is our cold-weather special.')).toMatchObject({
      state: 'out_of_stock',
      availableFrom: '--10',
    });
    expect(readStock('Pre-order now – ships the week of November 18.')).toMatchObject({
      state: 'preorder',
      availableFrom: '--11-18',
    });
    expect(readStock('Available on backorder')?.state).toBe('preorder');
    expect(readStock('Sold')?.state).toBe('out_of_stock');
    expect(readStock('Sold out today')?.state).toBe('out_of_stock');
    expect(readStock('Off the menu until September')).toMatchObject({
      state: 'out_of_stock',
      availableFrom: '--09',
    });
    expect(readStock('Coming soon')?.state).toBe('coming_soon');
    expect(readStock('Registration opens April 15')).toMatchObject({
      state: 'coming_soon',
      availableFrom: '--04-15',
    });
    expect(readStock('In stock')?.state).toBe('in_stock');
  });

  it('reads low-stock notes as in stock, and notify-me, waitlist and none-left as out', () => {
    for (const t of [
      'Only 2 left!',
      'Only 4 left in stock',
      '3 places left',
      '2 spots left',
      'Low stock',
      'Places available.',
      'Few left',
      'Last few',
      'Last one!',
      '3 – 6 June · last 3 places',
      'Back in stock after the summer shortage.',
      'Just back in stock!',
    ])
      expect(readStock(t)?.state, t).toBe('in_stock');
    // "Limited" opening a sentence of a description, not a limited edition.
    expect(readStock('Thirty-day aged, hand-cut chips. Limited – ask at the bar.')).toMatchObject({
      state: 'in_stock',
      text: 'Limited – ask at the bar.',
    });
    expect(readStock('A limited edition print, signed.')).toBeNull();
    // A ribbon's "Last few" is stock; "Last chance" and "Last orders" are not.
    expect(readStock('Last chance')).toBeNull();
    expect(readStock('Last orders at 22:30')).toBeNull();
    for (const t of [
      'Notify me when available',
      'Email me when back in stock',
      'Join the waitlist',
      '0 left',
      'No places left',
      'Back in stock soon',
      'Back in stock mid-June',
      'Back in stock March 22',
      'Notify me when back in stock',
    ])
      expect(readStock(t)?.state, t).toBe('out_of_stock');
    expect(readStock('· Sold out')?.text).toBe('Sold out');
    expect(readStock('Back in stock on 12 March')).toMatchObject({
      state: 'out_of_stock',
      availableFrom: '--03-12',
    });
    expect(readStock('Only 0 left')?.state).toBe('out_of_stock');
  });

  it('does not read stock into ordinary sentences', () => {
    expect(readStock('Orders ship within 3 business days.')).toBeNull();
    expect(readStock('Sold by weight at the counter.')).toBeNull();
    expect(readStock('Available October to March.')).toBeNull();
  });

  it('keeps the sentence that says it, not the description around it', () => {
    expect(readStock('Beef birria, Oaxaca cheese. Back in October – a cold-weather special.')?.text).toBe(
      'Back in October – a cold-weather special.',
    );
  });

  it('reads schema.org values and theme classes', () => {
    expect(schemaStock('https://schema.org/PreOrder')).toBe('preorder');
    expect(schemaStock('OutOfStock')).toBe('out_of_stock');
    expect(schemaStock('InStock')).toBe('in_stock');
    expect(classStock('product type-product outofstock purchasable')).toBe('out_of_stock');
    expect(classStock('e-loop-item status-sold')).toBe('out_of_stock');
    expect(classStock('product onbackorder')).toBe('preorder');
    expect(classStock('card cookie-card')).toBeNull();
    expect(backDate('until 3 March 2027')).toBe('2027-03-03');
  });

  it("reads a kitchen's 86'd and a ticket seller's 'Sales end soon'", () => {
    expect(readStock('86’d tonight — back tomorrow.')?.state).toBe('out_of_stock');
    expect(readStock("86'd")?.state).toBe('out_of_stock');
    expect(readStock('Sales end soon')?.state).toBe('in_stock');
  });

  it('reads "3 available" and "This class is full"', () => {
    expect(readStock('3  available')?.state).toBe('in_stock');
    expect(readStock('This class is full. Email us to go on the waitlist.')?.state).toBe('out_of_stock');
  });

  it('reads a count after its label ("Spots left: 3", "Places remaining: 0")', () => {
    expect(readStock('Spots left: 3')?.state).toBe('in_stock');
    expect(readStock('Places remaining: 0')?.state).toBe('out_of_stock');
  });

  it('reads "returns in May" and a count opening a sentence ("Brewed in Cromarty. 3 bottles left.")', () => {
    expect(readStock('Seasonal — returns in May')).toMatchObject({
      state: 'out_of_stock',
      availableFrom: '--05',
    });
    expect(readStock('Brewed in Cromarty. 3 bottles left.')?.state).toBe('in_stock');
  });

  it('reads "Next available: 14 Jan" as bookable', () => {
    expect(readStock('Next available: 14 Jan')?.state).toBe('in_stock');
  });

  it('reads hire gear that is out ("Out on hire until 20 Feb", "Currently out for repair") as out of stock', () => {
    expect(readStock('Out on hire until 20 Feb')).toMatchObject({
      state: 'out_of_stock',
      availableFrom: '--02-20',
    });
    expect(readStock('Currently out for repair')?.state).toBe('out_of_stock');
  });
  it('reads how publicans and menus type stock', () => {
    expect(readStock('Seasonal – back mid-September.')).toMatchObject({
      state: 'out_of_stock',
      availableFrom: '--09',
    });
    expect(readStock('Back early March')).toMatchObject({ state: 'out_of_stock', availableFrom: '--03' });
    expect(readStock('Gone for the season')?.state).toBe('out_of_stock');
    expect(readStock('Crossed-out dishes are finished for tonight.')?.state).toBe('out_of_stock');
    for (const t of [
      'Limited — only 10 a night',
      'Limited – ask at the bar.',
      'Our last bottle – when it’s gone, it’s gone.',
      'Last few bottles of this vintage.',
      'The 12–16 Jan week is nearly full',
      'Almost sold out!',
    ])
      expect(readStock(t)?.state, t).toBe('in_stock');
    // Words that only look like stock.
    expect(readStock('Limited edition print')).toBeNull();
    expect(readStock('The last Friday of the month')).toBeNull();
  });

  it("reads a booking widget's counts", () => {
    expect(readStock('14 / 16 booked')?.state).toBe('in_stock');
    expect(readStock('20 / 20 booked')?.state).toBe('out_of_stock');
    expect(readStock('Spots: 4')?.state).toBe('in_stock');
    expect(readStock('Seats: 0')?.state).toBe('out_of_stock');
    expect(readStock('Spots left: 2')?.state).toBe('in_stock');
  });

  it('reads "Open to new members" and "Bookings are open" as in', () => {
    expect(readStock('Open to new members')?.state).toBe('in_stock');
    expect(readStock('Bookings are now open')?.state).toBe('in_stock');
    expect(readStock('Bookings open 1 March')?.state).toBe('coming_soon');
  });

  it('reads "Closed for bookings" as out', () => {
    expect(readStock('Lowers and seals. Closed for bookings until our seal kits arrive')?.state).toBe(
      'out_of_stock',
    );
  });
});
