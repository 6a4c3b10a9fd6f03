/**
 * Markdown tables: a table of opening hours becomes one hours entry; a price table becomes one
 * entry and one product (or service) per row, its columns found from the header and the cells;
 * any other table gives one "what is the <column> for <row>?" entry per row.
 */
import type { Block, TableRow } from './markdown-blocks.js';
import { type PageContext, pushHoursDraft } from './offline-page-context.js';
import { findHours, findPrices, PERIOD_LABEL } from './patterns.js';
import { questionForPrice } from './questions.js';
import { minorHoursLabel, productKind } from './text-entities.js';

interface TableColumns {
  name: number;
  price: number;
  sku: number;
  availability: number;
  unit: string | null;
}

function tableColumns(header: string[] | null, rows: TableRow[]): TableColumns | null {
  const width = Math.max(...rows.map((r) => r.cells.length));
  let price = -1;
  for (let c = 0; c < width; c++) {
    const withPrice = rows.filter((r) => {
      const cell = r.cells[c];
      return cell && findPrices(cell.text).some((p) => p.role === 'price');
    }).length;
    if (withPrice >= Math.max(1, rows.length / 2)) {
      price = c;
      break;
    }
  }
  if (price < 0) return null;
  const h = (header ?? []).map((t) => t.toLowerCase());
  const find = (re: RegExp) => h.findIndex((t) => re.test(t));
  const sku = find(/\b(?:code|sku|ref|part)\b/);
  const availability = find(/\b(?:stock|availab)/);
  let name = find(/\b(?:product|item|service|name|description|loaf|pastry|area|plan|zone|size|dish)\b/);
  if (name < 0 || name === price) name = [...Array(width).keys()].find((c) => c !== price && c !== sku) ?? -1;
  if (name < 0) return null;
  const unitMatch = /\bper\s+([a-z]+)|\/\s*([a-z]+)\b/.exec(h[price] ?? '');
  const unitWord = unitMatch ? ((unitMatch[1] ?? unitMatch[2]) as string) : null;
  const unit = unitWord ? (/^met(?:re|er)s?$/.test(unitWord) ? 'm' : unitWord.replace(/s$/, '')) : null;
  return { name, price, sku, availability, unit };
}

export function readTable(ctx: PageContext, b: Extract<Block, { kind: 'table' }>): void {
  const scan = ctx.scan(b.path, b.start);
  const rowText = (r: TableRow) => r.cells.map((c) => c.text).join(' ');
  const hoursRows = b.rows.filter((r) => findHours(rowText(r)).length > 0);
  if (b.rows.length > 0 && hoursRows.length >= b.rows.length / 2) {
    const answer = b.rows
      .map((r) =>
        r.cells
          .map((c) => c.text)
          .filter((t) => t !== '')
          .join(': '),
      )
      .join('; ');
    pushHoursDraft(ctx, b, answer);
    for (const r of b.rows) {
      const first = r.cells[0];
      const last = r.cells[r.cells.length - 1];
      if (!first || !last) continue;
      // Hours read across the cells: "Monday to Friday | 7:00am – 4:30pm".
      const times = r.cells
        .slice(1)
        .map((c) => c.text)
        .join(' ');
      const text = `${first.text} ${times}`;
      let after = 0;
      for (const h of findHours(text)) {
        // A layout table's cell may hold a whole schedule and the kitchen's after it ("Kitchen" /
        // "Daily, 12 noon – 8.30pm"): what a rule is of is said between it and the rule before.
        // Only the few words right before the rule: a cell's address above it may name anything
        // ("above Kitchen Party Records").
        const from = Math.max(after, h.start - 25);
        const label = minorHoursLabel(text.slice(from), h.start - from);
        after = h.end;
        ctx.entities.push({
          type: 'opening_hours',
          // The rule as written: the whole row can be longer than a name may be.
          name: h.text.length <= 300 ? h.text : h.text.slice(0, 300),
          days: h.days,
          opens: h.opens,
          closes: h.closes,
          closed: h.closed,
          seasonal: h.seasonal,
          label: label ?? scan.hoursLabel ?? null,
          group: scan.group ?? null,
          via: 'text',
          confidence: 0.9,
          support: ctx.span(first.start, last.end),
        });
      }
    }
    return;
  }
  const cols = tableColumns(b.header, b.rows);
  for (const r of b.rows) {
    const first = r.cells[0];
    const last = r.cells[r.cells.length - 1];
    if (!first || !last) continue;
    const support = ctx.span(first.start, last.end);
    if (cols) {
      const nameCell = r.cells[cols.name];
      const priceCell = r.cells[cols.price];
      const price = priceCell ? findPrices(priceCell.text).find((p) => p.role === 'price') : undefined;
      if (nameCell && priceCell && price && nameCell.text !== '') {
        const sku = cols.sku >= 0 ? (r.cells[cols.sku]?.text ?? null) : null;
        const availability = cols.availability >= 0 ? (r.cells[cols.availability]?.text ?? null) : null;
        const unit = price.unit ?? cols.unit;
        const others = r.cells
          .filter((_, k) => k !== cols.name && k !== cols.price && k !== cols.sku)
          .map((c) => c.text)
          .filter((t) => t !== '');
        const unitText = !price.unit && cols.unit ? ` per ${cols.unit === 'm' ? 'metre' : cols.unit}` : '';
        // A row named by its period ("Term 4 | 16 Oct – 4 Dec | $360") is a term of what the table is under.
        const heading = b.path[b.path.length - 1];
        const subject =
          PERIOD_LABEL.test(nameCell.text) && heading ? `${heading}, ${nameCell.text}` : nameCell.text;
        const answer = `${subject}${sku ? ` (${sku})` : ''}: ${priceCell.text}${unitText}${others.length ? `. ${others.join('; ')}` : ''}`;
        ctx.drafts.push({
          question: questionForPrice(subject, scan.delivery),
          answer,
          kind: 'table_row',
          support,
          headingPath: b.path,
          confidence: 0.85,
          classifyText: `${answer}`,
        });
        if (!scan.careers && !ctx.pageProducts) {
          ctx.entities.push({
            type: productKind(nameCell.text, scan.delivery),
            name: scan.delivery ? `Delivery: ${nameCell.text}` : nameCell.text,
            sku: sku && sku !== '' ? sku : null,
            price: price.amount,
            priceText: price.text,
            currency: price.currency,
            unit,
            priceFrom: price.from,
            availability: availability && availability !== '' ? availability : null,
            url: ctx.page.url,
            description: others.length ? others.join('; ') : null,
            confidence: 0.9,
            support,
          });
        }
        continue;
      }
    }
    const cells = r.cells.filter((c) => c.text !== '');
    if (cells.length < 2) continue;
    const key = (cells[0] as { text: string }).text;
    const value = cells
      .slice(1)
      .map((c) => c.text)
      .join('; ');
    const valueHeader = b.header?.[1];
    // The table's own header names the value; else the heading above it says what the table is about.
    const heading = b.path[b.path.length - 1];
    const question = valueHeader
      ? `What is the ${valueHeader.toLowerCase()} for ${key}?`
      : heading && heading.length <= 40 && !/\?$/.test(heading)
        ? `What does ${ctx.business ?? 'the business'} say about ${key} (${heading.toLowerCase()})?`
        : `What does ${ctx.business ?? 'the business'} say about ${key}?`;
    ctx.drafts.push({
      question,
      answer: `${key}: ${value}`,
      kind: 'table_row',
      support,
      headingPath: b.path,
      confidence: 0.7,
      classifyText: `${key}: ${value}`,
    });
  }
}
