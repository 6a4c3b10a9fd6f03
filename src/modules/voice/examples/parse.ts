/**
 * Reads example posts in the forms people have them: JSONL or a JSON array (one object per post),
 * CSV with a header row, or pasted text with posts separated by `---` lines (or by blank lines when
 * there is no `---`). Each post may carry a platform and an engagement number.
 */
import { AppError } from '../../../core/errors.js';
import { normalisePlatform, type VoiceExample, type VoicePlatform } from '../types.js';
import { parseCsv } from './csv.js';

export type ExampleFormat = 'auto' | 'jsonl' | 'csv' | 'text';

export interface ExampleObject {
  id?: string | number;
  text?: string;
  platform?: string;
  engagement?: number | string;
  publishedAt?: string;
  [key: string]: unknown;
}

export interface ParseOptions {
  format?: ExampleFormat;
  /** Platform for examples that do not name one. */
  platform?: VoicePlatform;
  source?: VoiceExample['source'];
  /** Prefix for generated ids (`ex` → ex1, ex2…). */
  idPrefix?: string;
}

/** Hard limits that keep one learn request bounded. */
export const MAX_EXAMPLES = 20_000;
export const MAX_EXAMPLE_CHARS = 20_000;

const textKeys = ['text', 'content', 'message', 'post', 'caption', 'body', 'copy'];
const engagementKeys = ['engagement', 'likes', 'like_count', 'reactions', 'score', 'clicks'];
const platformKeys = ['platform', 'network', 'channel'];
const idKeys = ['id', 'post_id', 'tweet_id'];
const dateKeys = ['publishedat', 'published_at', 'date', 'created_at', 'createdat', 'time'];

function invalid(message: string, details?: Record<string, unknown>): AppError {
  return new AppError('voice.invalid_examples', 400, message, details);
}

function pick(obj: Record<string, unknown>, keys: readonly string[]): unknown {
  const lower = new Map(Object.entries(obj).map(([k, v]) => [k.toLowerCase(), v]));
  for (const k of keys) if (lower.has(k)) return lower.get(k);
  return undefined;
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function fromObject(
  obj: Record<string, unknown>,
  index: number,
  options: ParseOptions,
  where: string,
): VoiceExample {
  const text = pick(obj, textKeys);
  if (typeof text !== 'string' || text.trim() === '')
    throw invalid(`${where}: no post text; give it a "text" field (or content, message, caption)`, { index });
  const id = pick(obj, idKeys);
  const platform = pick(obj, platformKeys);
  const engagement = toNumber(pick(obj, engagementKeys));
  const publishedAt = pick(obj, dateKeys);
  return build(
    text,
    index,
    options,
    id === undefined || id === null || id === '' ? undefined : String(id),
    typeof platform === 'string' ? platform : undefined,
    engagement,
    typeof publishedAt === 'string' && publishedAt.trim() ? publishedAt.trim() : undefined,
  );
}

function build(
  text: string,
  index: number,
  options: ParseOptions,
  id?: string,
  platform?: string,
  engagement?: number,
  publishedAt?: string,
): VoiceExample {
  if (text.length > MAX_EXAMPLE_CHARS)
    throw invalid(`example ${index + 1} is ${text.length} characters; the limit is ${MAX_EXAMPLE_CHARS}`, {
      index,
    });
  const p = normalisePlatform(platform) ?? options.platform;
  const example: VoiceExample = {
    id: id ?? `${options.idPrefix ?? 'ex'}${index + 1}`,
    text: text.trim(),
    source: options.source ?? 'post',
  };
  if (p) example.platform = p;
  if (engagement !== undefined) example.engagement = engagement;
  if (publishedAt) example.publishedAt = publishedAt;
  return example;
}

function detect(input: string): Exclude<ExampleFormat, 'auto'> {
  const t = input.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) return 'jsonl';
  const firstLine = (t.split(/\r?\n/, 1)[0] ?? '').toLowerCase();
  const cells = firstLine.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
  if (cells.length > 1 && cells.some((c) => textKeys.includes(c))) return 'csv';
  return 'text';
}

function parseJson(input: string, options: ParseOptions): VoiceExample[] {
  const t = input.trim();
  if (t.startsWith('[')) {
    let arr: unknown;
    try {
      arr = JSON.parse(t);
    } catch (error) {
      throw invalid(`the JSON array could not be read: ${(error as Error).message}`);
    }
    if (!Array.isArray(arr)) throw invalid('expected a JSON array of posts');
    return fromArray(arr, options);
  }
  const out: VoiceExample[] = [];
  t.split(/\r?\n/).forEach((line, lineNo) => {
    if (line.trim() === '') return;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (error) {
      throw invalid(`line ${lineNo + 1} is not valid JSON: ${(error as Error).message}`, {
        line: lineNo + 1,
      });
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
      throw invalid(`line ${lineNo + 1}: expected one JSON object per line`, { line: lineNo + 1 });
    out.push(fromObject(obj as Record<string, unknown>, out.length, options, `line ${lineNo + 1}`));
  });
  return out;
}

function parseCsvExamples(input: string, options: ParseOptions): VoiceExample[] {
  let table: ReturnType<typeof parseCsv>;
  try {
    table = parseCsv(input);
  } catch (error) {
    throw invalid(`the CSV could not be read: ${(error as Error).message}`);
  }
  if (!table.header.some((h) => textKeys.includes(h)))
    throw invalid(`the CSV header needs a text column (one of: ${textKeys.join(', ')})`, {
      header: table.header,
    });
  return table.rows.map((row, i) => {
    const obj: Record<string, unknown> = {};
    table.header.forEach((h, k) => {
      obj[h] = row[k];
    });
    return fromObject(obj, i, options, `CSV row ${i + 2}`);
  });
}

function parseText(input: string, options: ParseOptions): VoiceExample[] {
  const normalised = input.replace(/\r\n?/g, '\n');
  const blocks = /^\s*(?:---+|\*\*\*+)\s*$/m.test(normalised)
    ? normalised.split(/^\s*(?:---+|\*\*\*+)\s*$/m)
    : normalised.split(/\n\s*\n/);
  return blocks
    .map((b) => b.trim())
    .filter((b) => b.length > 0)
    .map((b, i) => build(b, i, options));
}

function fromArray(items: readonly unknown[], options: ParseOptions): VoiceExample[] {
  return items.map((item, i) => {
    if (typeof item === 'string') {
      if (item.trim() === '') throw invalid(`example ${i + 1} is empty`, { index: i });
      return build(item, i, options);
    }
    if (typeof item === 'object' && item !== null && !Array.isArray(item))
      return fromObject(item as Record<string, unknown>, i, options, `example ${i + 1}`);
    throw invalid(`example ${i + 1} must be a string or an object with a "text" field`, { index: i });
  });
}

/** Parses examples from a string (JSONL, JSON array, CSV or pasted text) or an array. */
export function parseVoiceExamples(
  input: string | readonly (string | ExampleObject)[],
  options: ParseOptions = {},
): VoiceExample[] {
  const examples =
    typeof input === 'string'
      ? (() => {
          const format = options.format && options.format !== 'auto' ? options.format : detect(input);
          if (format === 'jsonl') return parseJson(input, options);
          if (format === 'csv') return parseCsvExamples(input, options);
          return parseText(input, options);
        })()
      : fromArray(input, options);
  if (examples.length > MAX_EXAMPLES)
    throw invalid(`${examples.length} examples is more than the ${MAX_EXAMPLES} one request may carry`);
  const seen = new Set<string>();
  for (const e of examples) {
    if (seen.has(e.id)) throw invalid(`two examples have the id "${e.id}"; ids must be unique`, { id: e.id });
    seen.add(e.id);
  }
  return examples;
}

/** Website copy: plain texts tagged as source 'website' (ids web1, web2…). */
export function websiteExamples(texts: readonly string[], startIndex = 0): VoiceExample[] {
  return texts
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .map((text, i) => ({
      id: `web${startIndex + i + 1}`,
      text: text.slice(0, MAX_EXAMPLE_CHARS),
      source: 'website' as const,
    }));
}
