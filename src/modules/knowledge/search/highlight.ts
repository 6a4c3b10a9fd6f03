import { stem, tokenize } from '../../../ai/offline/lexical-terms.js';
import type { SearchHighlight } from './types.js';

const ELLIPSIS = '…';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Picks the passage of `text` (about `windowWords` words) that contains the most distinct query terms,
 * and marks every word whose stem is a query stem. Works the same for every dialect, so highlights do
 * not depend on the database.
 */
export function highlight(text: string, queryStems: ReadonlySet<string>, windowWords = 32): SearchHighlight {
  const tokens = tokenize(text);
  const matched = tokens.map((t) => queryStems.has(stem(t.word)));
  let bestStart = 0;
  if (tokens.length > windowWords) {
    let bestDistinct = -1;
    let bestCount = -1;
    // Windows are small and texts are chunk-sized (~500 tokens): a direct scan is cheap enough.
    for (let s = 0; s + windowWords <= tokens.length; s++) {
      if (s > 0 && !matched[s]) continue; // a best window starts at a match (or at the beginning)
      const seen = new Set<string>();
      let count = 0;
      for (let i = s; i < s + windowWords; i++) {
        if (matched[i]) {
          count++;
          seen.add(stem((tokens[i] as { word: string }).word));
        }
      }
      if (seen.size > bestDistinct || (seen.size === bestDistinct && count > bestCount)) {
        bestDistinct = seen.size;
        bestCount = count;
        bestStart = s;
      }
    }
    // Start a few words before the first match so the passage reads naturally.
    if (bestStart > 0) bestStart = Math.max(0, bestStart - 3);
  }
  const last = Math.min(tokens.length, bestStart + windowWords) - 1;
  const from = bestStart === 0 ? 0 : (tokens[bestStart]?.start ?? 0);
  const to = last === tokens.length - 1 || last < 0 ? text.length : (tokens[last]?.end ?? text.length);
  const prefix = from > 0 ? ELLIPSIS : '';
  const suffix = to < text.length ? ELLIPSIS : '';
  const passage = prefix + text.slice(from, to).trim() + suffix;
  const shift =
    prefix.length - from - (text.slice(from, to).length - text.slice(from, to).trimStart().length);

  const ranges: Array<{ start: number; end: number }> = [];
  for (let i = bestStart; i <= last; i++) {
    const t = tokens[i];
    if (t && matched[i]) ranges.push({ start: t.start + shift, end: t.end + shift });
  }
  let html = '';
  let at = 0;
  for (const r of ranges) {
    html += `${escapeHtml(passage.slice(at, r.start))}<mark>${escapeHtml(passage.slice(r.start, r.end))}</mark>`;
    at = r.end;
  }
  html += escapeHtml(passage.slice(at));
  return { text: passage, ranges, html };
}
