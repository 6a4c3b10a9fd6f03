/**
 * HTML → clean Markdown with Turndown and GFM tables (@joplin/turndown-plugin-gfm).
 *
 * "Clean" means: ATX headings, `-` bullets, fenced code, tables as GFM pipe tables (never raw
 * HTML), absolute links (the DOM is made absolute before conversion), no links without text, no
 * `data:` or tracking-pixel images, `<br>` as a line break, no runs of blank lines or trailing
 * spaces. Definition lists and `<details>` become bold term/summary lines followed by their text,
 * which keeps FAQ-style markup readable as question and answer.
 */
import { gfm } from '@joplin/turndown-plugin-gfm';
import TurndownService from 'turndown';
import { collapseWhitespace, NON_CONTENT_ELEMENTS } from './dom.js';
import type { PageImage } from './types.js';

const REMOVED_TAGS = new Set<string>([
  ...NON_CONTENT_ELEMENTS,
  'audio',
  'video',
  'input',
  'select',
  'textarea',
  'button',
  'map',
  'dialog',
]);

function isTinyImage(node: HTMLElement): boolean {
  const w = Number(node.getAttribute('width'));
  const h = Number(node.getAttribute('height'));
  return (w > 0 && w <= 2) || (h > 0 && h <= 2);
}

function usableImageSrc(node: HTMLElement): string | null {
  const src = node.getAttribute('src');
  if (!src || !/^https?:\/\//i.test(src) || isTinyImage(node)) return null;
  return src;
}

function escapeLinkText(text: string): string {
  return text.replace(/([[\]])/g, '\\$1');
}

function createConverter(): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    emDelimiter: '_',
    strongDelimiter: '**',
    hr: '---',
    linkStyle: 'inlined',
  });
  service.use(gfm);
  service.remove((node) => REMOVED_TAGS.has(node.nodeName.toLowerCase()));
  service.addRule('lineBreak', { filter: 'br', replacement: () => '\n' });
  service.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => {
      const src = usableImageSrc(node);
      if (!src) return '';
      const alt = escapeLinkText(collapseWhitespace(node.getAttribute('alt') ?? ''));
      return `![${alt}](${src.replace(/[()\s]/g, encodeURIComponent)})`;
    },
  });
  service.addRule('link', {
    filter: (node) => node.nodeName === 'A',
    replacement: (content, node) => {
      const href = node.getAttribute('href');
      const text = content.trim();
      if (text === '') return '';
      if (!href) return content;
      const title = collapseWhitespace(node.getAttribute('title') ?? '').replace(/"/g, '\\"');
      const target = href.replace(/[()\s]/g, encodeURIComponent);
      return `[${text}](${target}${title ? ` "${title}"` : ''})`;
    },
  });
  service.addRule('definitionTerm', {
    filter: ['dt', 'summary'],
    replacement: (content) => {
      const text = content.trim();
      return text === '' ? '' : `\n\n**${text.replace(/\*\*/g, '')}**\n\n`;
    },
  });
  service.addRule('definitionBody', {
    filter: ['dd', 'details'],
    replacement: (content) => `\n\n${content.trim()}\n\n`,
  });
  return service;
}

let converter: TurndownService | undefined;

/**
 * Repairs orphan table parts and flattens block content inside table cells (lists, headings, paragraphs, code blocks) to inline
 * content with line breaks, so that the GFM plugin writes a pipe table instead of keeping the
 * table as raw HTML.
 */
function prepareTables(root: ParentNode): void {
  const doc = (root as Node).ownerDocument ?? (root as Document);
  // Rows and cells outside any table (broken markup; linkedom does not repair it) would make the
  // table converter fail: they become plain blocks.
  for (const orphan of root.querySelectorAll('tr, td, th, thead, tbody, tfoot')) {
    if (orphan.closest('table')) continue;
    const div = doc.createElement('div');
    div.append(...Array.from(orphan.childNodes));
    orphan.replaceWith(div);
  }
  // A first row of header cells with an empty corner cell (`<td></td><th>Mon</th>…`) is a header
  // row: make the corner a <th> so that the converter writes it as the GFM header.
  for (const table of root.querySelectorAll('table')) {
    const first = (table as unknown as { rows: Element[] }).rows[0];
    if (!first?.querySelector('th')) continue;
    const cells = Array.from(first.children).filter((c) => c.nodeName === 'TD' || c.nodeName === 'TH');
    if (!cells.every((c) => c.nodeName === 'TH' || (c.textContent ?? '').trim() === '')) continue;
    for (const td of cells.filter((c) => c.nodeName === 'TD')) {
      const th = doc.createElement('th');
      th.append(...Array.from(td.childNodes));
      td.replaceWith(th);
    }
  }
  for (const cell of root.querySelectorAll('td, th')) {
    if (!cell.querySelector('ul, ol, h1, h2, h3, h4, h5, h6, hr, blockquote, pre, p, div')) continue;
    for (const hr of cell.querySelectorAll('hr')) hr.remove();
    for (const heading of cell.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
      const strong = doc.createElement('strong');
      strong.textContent = heading.textContent ?? '';
      heading.replaceWith(strong, doc.createElement('br'));
    }
    for (const li of cell.querySelectorAll('li')) {
      const span = doc.createElement('span');
      span.append(doc.createTextNode('• '), ...Array.from(li.childNodes), doc.createElement('br'));
      li.replaceWith(span);
    }
    for (const block of cell.querySelectorAll('ul, ol, blockquote, p, div, pre')) {
      if (block.nodeName === 'PRE') {
        const code = doc.createElement('code');
        code.textContent = block.textContent ?? '';
        block.replaceWith(code);
      } else {
        block.replaceWith(...Array.from(block.childNodes), doc.createElement('br'));
      }
    }
  }
}

/** Tidies converter output: whitespace, empty constructs, blank-line runs. */
export function tidyMarkdown(markdown: string): string {
  const lines = markdown
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/[\u200b\u2060\ufeff]/g, '')
    .split('\n');
  const out: string[] = [];
  let inFence = false;
  for (const raw of lines) {
    let line = raw.replace(/[ \t]+$/, '');
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (!inFence) {
      // Constructs left empty once their content was removed (an image-only heading, …).
      if (/^\s*(#{1,6}|[-*+]|\d+\.|>)\s*$/.test(line) || /^\s*(\*\*|__|_|\*)\s*\1?\s*$/.test(line)) line = '';
      // Decorative quote marks a theme puts around a quote block.
      if (/^\s*["“”„«»‘’]\s*$/.test(line)) line = '';
      line = line.replace(/(\S)[ \t]{2,}/g, '$1 ');
    }
    if (line.trim() === '' && !inFence) {
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      continue;
    }
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

/** Turndown converts recursively; beyond this depth a subtree is reduced to its text. */
const MAX_CONVERTED_DEPTH = 100;

/** Reduces subtrees nested deeper than `maxDepth` below `root` to their text (pathological pages only). */
function flattenDeepNesting(root: Element, maxDepth: number): void {
  const stack: [Element, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [element, depth] = stack.pop() as [Element, number];
    if (depth >= maxDepth) {
      if (element.children.length > 0) element.textContent = element.textContent ?? '';
      continue;
    }
    for (const child of Array.from(element.children)) stack.push([child, depth + 1]);
  }
}

/** Markdown of `root`'s content. `root` is changed (tables are tidied); pass a clone to keep it. */
export function elementToMarkdown(root: Element): string {
  flattenDeepNesting(root, MAX_CONVERTED_DEPTH);
  prepareTables(root);
  converter ??= createConverter();
  return tidyMarkdown(converter.turndown(root as unknown as HTMLElement));
}

/** Images under `root` with an absolute http(s) src, in document order, deduplicated, with their captions. */
export function collectImages(root: ParentNode): PageImage[] {
  const images: PageImage[] = [];
  const seen = new Set<string>();
  for (const img of root.querySelectorAll('img[src]')) {
    const src = usableImageSrc(img as HTMLElement);
    if (!src || seen.has(src)) continue;
    seen.add(src);
    const caption = collapseWhitespace(img.closest('figure')?.querySelector('figcaption')?.textContent ?? '');
    images.push({
      src,
      alt: collapseWhitespace(img.getAttribute('alt') ?? ''),
      caption: caption === '' ? null : caption,
    });
  }
  return images;
}
