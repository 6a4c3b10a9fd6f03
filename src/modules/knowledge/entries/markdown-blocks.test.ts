import { describe, expect, it } from 'vitest';
import { parseBlocks } from './markdown-blocks.js';

describe('parseBlocks: lists', () => {
  it('keeps a list item that holds several blocks (an indented paragraph after a blank line) as one item', () => {
    // What Turndown writes for `<li><div>Monday</div><div>Closed</div></li>` (a business-hours widget).
    const md = [
      '### Hours',
      '',
      '- Monday',
      '',
      '    Closed',
      '',
      '- Tuesday',
      '',
      '    7:00 AM – 4:00 PM',
      '',
      'After.',
    ].join('\n');
    const blocks = parseBlocks(md);
    const list = blocks.find((b) => b.kind === 'list');
    expect(list?.kind === 'list' ? list.items.map((i) => i.text) : null).toEqual([
      'Monday Closed',
      'Tuesday 7:00 AM – 4:00 PM',
    ]);
    expect(blocks.at(-1)).toMatchObject({ kind: 'paragraph', text: 'After.' });
  });

  it('ends a list at a blank line followed by an unindented paragraph', () => {
    const blocks = parseBlocks(['- One', '- Two', '', 'A paragraph.'].join('\n'));
    expect(blocks.map((b) => b.kind)).toEqual(['list', 'paragraph']);
  });

  it('leaves the blocks of a card-like item (a heading, a description, a price) as blocks of their own', () => {
    const image = [
      '- ![](/decaf.jpg)',
      '',
      '    ### Sierra Decaf',
      '',
      '    Milk chocolate.',
      '',
      '    12 oz bag: $18.00',
    ];
    expect(parseBlocks(image.join('\n')).map((b) => b.kind)).toEqual([
      'list',
      'paragraph',
      'paragraph',
      'paragraph',
    ]);
    const titled = ['- ### Sierra Decaf', '', '    Milk chocolate.', '', '    12 oz bag: $18.00'];
    expect(parseBlocks(titled.join('\n')).map((b) => b.kind)).toEqual(['list', 'paragraph', 'paragraph']);
  });
});
