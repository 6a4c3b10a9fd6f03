/**
 * Markup that site builders lay out with their stylesheets, rewritten so that text alone reads the
 * same: tables drawn with `<div>`s and ARIA roles become `<table>`s, and a widget's fields written
 * side by side get a space between them. Both the full body and Readability's copy go through it.
 */

/** Rewrites builder markup under `root` in place (see the module comment). */
export function normaliseBuilderMarkup(root: Element): void {
  expandRowSpans(root);
  ariaTablesToTables(root);
  boxRowsToTables(root);
  unwrapTableCells(root);
  separateWidgetFields(root);
  joinSplitPrices(root);
  dropInteractionHints(root);
  breakParagraphSpans(root);
  separatePriceSiblings(root);
}

/**
 * A cell spanning rows (`<td rowspan="3">7.30am – 8pm</td>` beside Monday, Tuesday and Wednesday)
 * is written into each row it spans: Markdown has no spans, and each row must say its own value.
 */
function expandRowSpans(root: Element): void {
  for (const table of Array.from(root.querySelectorAll('table'))) {
    if (!table.querySelector('td[rowspan], th[rowspan]')) continue;
    const rows = Array.from(table.querySelectorAll('tr')).filter((r) => r.closest('table') === table);
    // Per column: the spanning cell and how many rows below it still share it.
    const pending: { cell: Element; left: number }[] = [];
    for (const row of rows) {
      const cells = Array.from(row.children).filter((c) => c.nodeName === 'TD' || c.nodeName === 'TH');
      let col = 0;
      let k = 0;
      while (k < cells.length || pending.slice(col).some((p) => p && p.left > 0)) {
        const span = pending[col];
        if (span && span.left > 0) {
          const copy = span.cell.cloneNode(true) as Element;
          copy.removeAttribute('rowspan');
          const before = cells[k];
          if (before) before.before(copy);
          else row.appendChild(copy);
          span.left--;
          col += Number(copy.getAttribute('colspan') ?? 1) || 1;
          continue;
        }
        const cell = cells[k++];
        if (!cell) break;
        const down = Number(cell.getAttribute('rowspan') ?? 1);
        if (down > 1 && down < 100) {
          pending[col] = { cell, left: down - 1 };
          cell.removeAttribute('rowspan');
        }
        col += Number(cell.getAttribute('colspan') ?? 1) || 1;
      }
    }
  }
}

/**
 * Carrd writes a text block's paragraphs as `<span class="p">` side by side inside one `<p>`, shown
 * as blocks by its stylesheet: a line break between them keeps "… ON L8R 2L2" and "Side door …"
 * apart instead of gluing a postcode to the next word.
 */
function breakParagraphSpans(root: Element): void {
  for (const span of Array.from(root.querySelectorAll('p > span.p + span.p')))
    span.before(root.ownerDocument.createElement('br'));
}

/**
 * A sale price and its compare-at price in sibling elements with nothing between them ("890 kr" +
 * "1 100 kr" read "890 kr1 100 kr"): a space keeps the two amounts apart.
 */
function separatePriceSiblings(root: Element): void {
  for (const el of Array.from(root.querySelectorAll('[class*="price" i] + [class*="price" i]'))) {
    const before = el.previousSibling;
    if (before && before.nodeType === 1 && /[\p{L}\p{N}]$/u.test(before.textContent ?? ''))
      el.before(root.ownerDocument.createTextNode(' '));
  }
}

const TABLE_ROLES = '[role="table"], [role="grid"], [role="treegrid"]';
const CELL_ROLES = new Set(['cell', 'gridcell', 'columnheader', 'rowheader']);
const HEADER_ROLES = new Set(['columnheader', 'rowheader']);

function roleOf(el: Element): string {
  return (el.getAttribute('role') ?? '').trim().toLowerCase();
}

/** The table's rows: its `role="row"` elements that belong to it, not to a table nested in a cell. */
function rowsOf(table: Element): Element[] {
  return Array.from(table.querySelectorAll('[role="row"]')).filter(
    (row) => row.parentElement?.closest(TABLE_ROLES) === table,
  );
}

/** A row's cells: its descendants with a cell role that are not inside a nested row. */
function cellsOf(row: Element): Element[] {
  return Array.from(row.querySelectorAll('[role]')).filter(
    (el) => CELL_ROLES.has(roleOf(el)) && el.parentElement?.closest('[role="row"]') === row,
  );
}

/**
 * What a cell holds, without the wrappers a builder puts around it (`<div class="cell-content">`):
 * a `<td>` holding a `<div>` reads as a layout cell.
 */
function cellContent(cell: Element): Node[] {
  let el = cell;
  for (;;) {
    const only = el.children.length === 1 ? (el.children[0] as Element) : null;
    const loose = Array.from(el.childNodes).some(
      (n) => n.nodeType === 3 && (n.textContent ?? '').trim() !== '',
    );
    if (!only || loose || !WRAPPER.has(only.nodeName)) break;
    el = only;
  }
  return Array.from(el.childNodes);
}

const WRAPPER = new Set(['DIV', 'P', 'SPAN']);

/**
 * Tables drawn with `<div>`s and ARIA roles (Wix's table element, data-grid widgets: `role="grid"` /
 * `role="row"` / `role="gridcell"`) become real `<table>`s, so Markdown keeps their rows and the
 * offers reader reads each row as one, as it does a `<table>`.
 */
function ariaTablesToTables(root: Element): void {
  const doc = root.ownerDocument;
  // Innermost first: a table inside a cell is rewritten before the cell is moved.
  const tables = Array.from(root.querySelectorAll(TABLE_ROLES))
    .filter((t) => t.nodeName !== 'TABLE')
    .reverse();
  for (const table of tables) {
    const rows = rowsOf(table)
      .map((row) => ({ row, cells: cellsOf(row) }))
      .filter((r) => r.cells.length > 0);
    // One row or one column is a list laid out by a grid, not a table of values.
    if (rows.length < 2 || Math.max(...rows.map((r) => r.cells.length)) < 2) continue;
    const out = doc.createElement('table');
    const label = table.getAttribute('aria-label');
    if (label) out.setAttribute('aria-label', label);
    const body = doc.createElement('tbody');
    out.append(body);
    for (const { cells } of rows) {
      const tr = doc.createElement('tr');
      for (const cell of cells) {
        const td = doc.createElement(HEADER_ROLES.has(roleOf(cell)) ? 'th' : 'td');
        td.append(...cellContent(cell));
        tr.append(td);
      }
      body.append(tr);
    }
    table.replaceWith(out);
  }
}

const TEXT_BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li';

/**
 * The one short text block a box holds (its only `<p>` or heading), the box itself when it is empty
 * (a cell left blank), or null.
 */
function onlyBlock(box: Element): Element | null {
  const text = (box.textContent ?? '').replace(/\s+/g, ' ').trim();
  if (box.querySelector('img, a[href], button, table')) return null;
  if (text === '') return box;
  const blocks = box.querySelectorAll(TEXT_BLOCKS);
  return blocks.length === 1 && text.length <= 80 ? (blocks[0] as Element) : null;
}

/**
 * A table drawn as rows of boxes side by side (Google Sites' column layouts, a page builder's rows
 * of text boxes: "Week 1" | "28 June – 2 July" | "FULL – waitlist only"), three rows or more with the
 * same number of one-line boxes each, becomes a real `<table>`, so each row reads as one. A first row
 * of words alone ("Week" | "Dates" | "Places") is its header.
 */
function boxRowsToTables(root: Element): void {
  const doc = root.ownerDocument;
  const cellsOf = (row: Element): Element[] | null => {
    const boxes = Array.from(row.children);
    if (boxes.length < 2 || boxes.length > 6) return null;
    const blocks = boxes.map(onlyBlock);
    // Not a row of blank boxes, nor a lone box beside blank ones.
    const filled = boxes.filter((b) => (b.textContent ?? '').trim() !== '').length;
    return blocks.every((b) => b !== null) && filled >= 2 ? (blocks as Element[]) : null;
  };
  for (const parent of Array.from(root.querySelectorAll('*'))) {
    if (!root.contains(parent) || parent.closest('table')) continue;
    const kids = Array.from(parent.children);
    const rows = kids.map(cellsOf);
    for (let i = 0; i < kids.length; ) {
      const width = rows[i]?.length ?? 0;
      let j = i;
      while (j < kids.length && width > 0 && rows[j]?.length === width) j++;
      if (j - i >= 3) {
        const table = doc.createElement('table');
        const body = doc.createElement('tbody');
        table.append(body);
        rows.slice(i, j).forEach((row, n) => {
          const cells = row as Element[];
          const header = n === 0 && cells.every((c) => !/\d/.test(c.textContent ?? ''));
          const tr = doc.createElement('tr');
          for (const cell of cells) {
            const td = doc.createElement(header ? 'th' : 'td');
            td.append(...Array.from(cell.childNodes));
            tr.append(td);
          }
          body.append(tr);
        });
        (kids[i] as Element).before(table);
        for (const row of kids.slice(i, j)) row.remove();
        i = j;
      } else i = Math.max(j, i + 1);
    }
  }
}

/**
 * A real table whose every cell wraps its text in a `<div>` (Wix's table element: `<td><div
 * class="…">Full</div></td>`) reads as a layout table of blocks; without the wrappers it is the
 * data table it is.
 */
function unwrapTableCells(root: Element): void {
  for (const cell of Array.from(root.querySelectorAll('td, th'))) {
    const inner = cellContent(cell);
    const wrapped = inner.length > 0 && inner[0]?.parentNode !== cell;
    // A value, not a column of paragraphs laid out by a table (Weebly's multicolumn `<br>` lines).
    const value =
      (cell.textContent ?? '').trim().length <= 120 &&
      !cell.querySelector('br') &&
      inner.every((n) => n.nodeType !== 1 || !BLOCKS_IN_CELL.has((n as Element).nodeName));
    if (wrapped && value) cell.replaceChildren(...inner);
  }
}

const BLOCKS_IN_CELL = new Set(['DIV', 'P', 'UL', 'OL', 'TABLE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6']);

const FIELD_ATTRIBUTES = ['data-hook', 'data-testid', 'data-aid', 'itemprop'];
const SR_ONLY = '.sr-only, .visually-hidden, .screen-reader-text';
const INLINE = new Set([
  'SPAN',
  'TIME',
  'A',
  'B',
  'STRONG',
  'EM',
  'I',
  'SMALL',
  'ABBR',
  'DATA',
  'BUTTON',
  'LABEL',
]);

/**
 * A widget's fields written as inline elements side by side with nothing between them (Wix Bookings'
 * `<time data-hook="start-time">7:30 PM</time><span data-hook="duration">2 hr</span>`), which its
 * stylesheet lays out apart: a space between them, so "7:30 PM2 hr" reads "7:30 PM 2 hr".
 */
function separateWidgetFields(root: Element): void {
  const inline = (n: Node | null): n is Element =>
    n !== null && n.nodeType === 1 && INLINE.has((n as Element).nodeName);
  const isField = (n: Node | null): n is Element =>
    inline(n) && FIELD_ATTRIBUTES.some((a) => n.hasAttribute(a));
  for (const el of Array.from(root.querySelectorAll(FIELD_ATTRIBUTES.map((a) => `[${a}]`).join(', ')))) {
    const next = el.nextSibling;
    if (isField(el) && isField(next)) el.after(root.ownerDocument.createTextNode(' '));
  }
  // The shown price and its screen-reader copy side by side ("€110" + "110 euros") are two readings
  // of one value, not digits of one number (a space alone would read "110 110" as 110110).
  for (const el of Array.from(root.querySelectorAll('[aria-hidden="true"]'))) {
    const next = el.nextSibling;
    if (inline(el) && inline(next) && next.matches(SR_ONLY))
      el.after(root.ownerDocument.createTextNode(' · '));
  }
}

/** What a link or button will do, said to screen readers: "(opens booking dialog)", "opens in a new tab". */
const INTERACTION_HINT =
  /^\(?\s*(?:this\s+)?(?:link\s+)?(?:opens?|will open|launches?)\b.{0,40}\b(?:dialog|window|tab|modal|pop-?up|lightbox|overlay|page)\s*\)?\.?$|^\(?\s*(?:external link|link is external|opens externally)\s*\)?$/i;

/** Screen-reader hints of what a control does are no part of the name beside them. */
function dropInteractionHints(root: Element): void {
  for (const el of Array.from(root.querySelectorAll(SR_ONLY)))
    if (INTERACTION_HINT.test((el.textContent ?? '').trim())) el.remove();
}

const FRACTION = '[class*="fraction"], [class*="cents"], [class*="decimal"]';
const INTEGER_CLASS = /integer|whole|dollars|units|(?:^|[\s_-])price(?:$|\s)/i;

/**
 * A price whose integer and fractional parts sit in blocks of their own (Elementor's price table:
 * `<span class="…__integer-part">34</span><div class="…__after-price"><span class="…__fractional-part">00`),
 * drawn side by side by the stylesheet: the fraction joins its integer ("34.00"), which would
 * otherwise read as a price of 34 followed by a line "00".
 */
function joinSplitPrices(root: Element): void {
  for (const fraction of Array.from(root.querySelectorAll(FRACTION))) {
    // "50" or, with its separator, ",50" (Odoo's comparison snippet).
    const digits = (fraction.textContent ?? '').trim().replace(/^[.,]/, '');
    if (!/^\d{1,2}$/.test(digits) || fraction.children.length > 0) continue;
    // The integer part before it in the same price block, at most three levels up.
    let integer: Element | undefined;
    let scope = fraction.parentElement;
    for (let depth = 0; scope && !integer && depth < 3; depth++, scope = scope.parentElement) {
      integer = Array.from(scope.querySelectorAll('[class]')).find(
        (el) =>
          INTEGER_CLASS.test(el.getAttribute('class') ?? '') &&
          // Its digits may sit in a bold of their own (`<span class="…_price"><b>13</b></span>`).
          Array.from(el.children).every((c) => c.children.length === 0 && c.nodeName === 'B') &&
          /^\d[\d.,\s]*$/.test((el.textContent ?? '').trim()) &&
          (el.compareDocumentPosition(fraction) & 4) !== 0,
      );
    }
    if (!integer) continue;
    integer.textContent = `${(integer.textContent ?? '').trim()}.${digits}`;
    fraction.remove();
  }
}
