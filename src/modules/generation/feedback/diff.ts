/**
 * What a person changed when they edited a candidate, as learning needs it: the words they removed and
 * added (a token-level diff by longest common subsequence), how the length moved, and which emoji,
 * hashtags and exclamation marks went. Pure and deterministic; stored with the edit.
 */

export interface EditDiff {
  /** Words (lower-cased) the person deleted, once per occurrence. */
  removedWords: string[];
  /** Words (lower-cased) the person wrote in. */
  addedWords: string[];
  /** Emoji deleted / added. */
  removedEmoji: string[];
  addedEmoji: string[];
  /** Hashtags deleted / added (with their #). */
  removedHashtags: string[];
  addedHashtags: string[];
  /** Hashtags left in the edited text. */
  hashtagsAfter: number;
  /** Exclamation marks before and after. */
  exclamationsBefore: number;
  exclamationsAfter: number;
  /** Characters (code points) before and after. */
  lengthBefore: number;
  lengthAfter: number;
  /** 0-1: the share of tokens that changed (0 = untouched, 1 = rewritten). */
  magnitude: number;
  /** The diff as a person reads it: kept text, [-removed-] and {+added+} runs of tokens. */
  readable: string;
}

const TOKEN =
  /#[\p{L}\p{N}_]+|@[\p{L}\p{N}_.]+|https?:\/\/\S+|[\p{L}\p{N}]+(?:['’][\p{L}]+)*|\p{RI}\p{RI}|\p{Extended_Pictographic}(?:\uFE0F|\p{EMod})?(?:\u200D\p{Extended_Pictographic}(?:\uFE0F|\p{EMod})?)*|[^\s]/gu;
const EMOJI = /^(?:\p{RI}\p{RI}|\p{Extended_Pictographic})/u;
const WORD = /^[\p{L}\p{N}]/u;

type Op = { kind: 'same' | 'removed' | 'added'; token: string };

function tokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Longest common subsequence over tokens (case-insensitive), as a list of operations. */
function diffTokens(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const key = (t: string) => t.toLowerCase();
  // lengths[i][j] = LCS length of a[i..] and b[j..]; posts are short, so O(n·m) is cheap.
  const lengths: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = lengths[i] as Uint32Array;
    const below = lengths[i + 1] as Uint32Array;
    for (let j = m - 1; j >= 0; j--) {
      row[j] =
        key(a[i] as string) === key(b[j] as string)
          ? (below[j + 1] as number) + 1
          : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (key(a[i] as string) === key(b[j] as string)) {
      ops.push({ kind: 'same', token: b[j] as string });
      i++;
      j++;
    } else if (
      ((lengths[i + 1] as Uint32Array)[j] as number) >= ((lengths[i] as Uint32Array)[j + 1] as number)
    ) {
      ops.push({ kind: 'removed', token: a[i++] as string });
    } else {
      ops.push({ kind: 'added', token: b[j++] as string });
    }
  }
  while (i < n) ops.push({ kind: 'removed', token: a[i++] as string });
  while (j < m) ops.push({ kind: 'added', token: b[j++] as string });
  return ops;
}

function readable(ops: readonly Op[]): string {
  const out: string[] = [];
  let run: Op['kind'] | undefined;
  let buffer: string[] = [];
  const flush = () => {
    if (buffer.length === 0) return;
    const text = buffer.join(' ');
    out.push(run === 'removed' ? `[-${text}-]` : run === 'added' ? `{+${text}+}` : text);
    buffer = [];
  };
  for (const op of ops) {
    if (op.kind !== run) {
      flush();
      run = op.kind;
    }
    buffer.push(op.token);
  }
  flush();
  return out.join(' ');
}

const codePoints = (s: string): number => [...s].length;
const exclamations = (s: string): number => (s.match(/!/g) ?? []).length;

export function diffEdit(before: string, after: string): EditDiff {
  const a = tokens(before);
  const b = tokens(after);
  const ops = diffTokens(a, b);
  const pick = (kind: 'removed' | 'added', test: (t: string) => boolean, lower = false) =>
    ops.filter((o) => o.kind === kind && test(o.token)).map((o) => (lower ? o.token.toLowerCase() : o.token));
  const isWord = (t: string) => WORD.test(t) && !/^https?:\/\//.test(t);
  const isEmoji = (t: string) => EMOJI.test(t) && !/^[#*0-9]/.test(t);
  const isHashtag = (t: string) => t.startsWith('#') && t.length > 1;
  const changed = ops.filter((o) => o.kind !== 'same').length;
  return {
    removedWords: pick('removed', isWord, true),
    addedWords: pick('added', isWord, true),
    removedEmoji: pick('removed', isEmoji),
    addedEmoji: pick('added', isEmoji),
    removedHashtags: pick('removed', isHashtag, true),
    addedHashtags: pick('added', isHashtag, true),
    hashtagsAfter: b.filter(isHashtag).length,
    exclamationsBefore: exclamations(before),
    exclamationsAfter: exclamations(after),
    lengthBefore: codePoints(before),
    lengthAfter: codePoints(after),
    magnitude: a.length + b.length === 0 ? 0 : changed / (a.length + b.length),
    readable: readable(ops),
  };
}
