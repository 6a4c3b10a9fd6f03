/**
 * Plain text of the Markdown this module writes: what a reader sees, without Markdown syntax,
 * link targets or images. Used to compare extractions with plain-text references and wherever a
 * consumer wants words only.
 */

const FENCE = /^\s*(```|~~~)/;

function inlineText(line: string): string {
  return (
    line
      // images disappear, links keep their text
      .replace(/!\[(?:\\.|[^\]\\])*\]\((?:\\.|[^)\\])*\)/g, '')
      .replace(/\[((?:\\.|[^\]\\])*)\]\((?:\\.|[^)\\])*\)/g, '$1')
      .replace(/<br\s*\/?>/gi, ' ')
      // emphasis, strike-through and inline code markers
      .replace(/(\*\*|__|~~)(?=\S)([\s\S]*?\S)\1/g, '$2')
      .replace(/(^|[^\w*])([*_])(?=\S)([^*_]*?\S)\2(?!\w)/g, '$1$3')
      .replace(/`([^`]*)`/g, '$1')
      // backslash escapes Turndown adds
      .replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, '$1')
  );
}

/** Plain text of `markdown`, one block per line, blank lines between blocks kept. */
export function markdownToText(markdown: string): string {
  const out: string[] = [];
  let inFence = false;
  for (const raw of markdown.split('\n')) {
    if (FENCE.test(raw)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push(raw);
      continue;
    }
    let line = raw;
    if (/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line)) continue; // table divider
    if (/^\s*(---|\*\*\*|___)\s*$/.test(line)) continue; // horizontal rule
    line = line
      .replace(/^\s{0,3}#{1,6}\s+/, '')
      .replace(/^\s*(>\s*)+/, '')
      .replace(/^\s*(?:[-*+]|\d+[.)])\s+(\[[ xX]\]\s+)?/, '');
    if (/^\s*\|.*\|\s*$/.test(line)) {
      line = line
        .trim()
        .replace(/^\|/, '')
        .replace(/\|$/, '')
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim())
        .filter((cell) => cell !== '')
        .join(' | ');
    }
    out.push(inlineText(line).trim());
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
