import { existsSync, readFileSync, statSync } from 'node:fs';
import { AppError } from '../core/errors.js';

/** Where `-` reads from (standard input, read once per command). */
export interface InputReader {
  stdin(): string;
}

function readFile(file: string, given: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const why =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new AppError(
      'cli.unreadable_file',
      400,
      `cannot read ${file} (${why}) for ${given}; to pass text that starts with @, begin it with @@`,
    );
  }
}

/**
 * The value of a text or JSON input as typed: `@path` is the content of that file, `-` is standard
 * input, `@@text` is the text `@text`, anything else is itself.
 */
export function readTextValue(raw: string, read: InputReader): string {
  if (raw === '-') return read.stdin();
  if (raw.startsWith('@@')) return raw.slice(1);
  if (raw.startsWith('@') && raw.length > 1) return readFile(raw.slice(1), raw);
  return raw;
}

/** File names a person means as a file, not as text (`examples.jsonl`). */
const FILE_NAME = /^[^\s]+\.(jsonl|ndjson|json|csv|tsv|txt|md)$/i;

/**
 * The value of an input that names a document (`voice learn <file>`): an existing file is read, as are
 * `@file` and `-`; a single word that looks like a file name but names none is an error rather than a
 * one-word text; anything else is the text itself.
 */
export function readFileArgument(raw: string, read: InputReader): string {
  if (raw === '-' || raw.startsWith('@')) return readTextValue(raw, read);
  if (existsSync(raw) && statSync(raw).isFile()) return readFile(raw, raw);
  if (FILE_NAME.test(raw)) readFile(raw, raw);
  return raw;
}

export function parseJson(text: string, given: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError(
      'cli.invalid_json',
      400,
      `expected JSON${given === text ? '' : ` in ${given}`}, got: ${text.slice(0, 60)}`,
    );
  }
}

/** `--input '{"a":1}'`, `--input @file.json` or `--input -` (stdin): the whole input as JSON. */
export function readInputOption(value: string, read: InputReader): Record<string, unknown> {
  const parsed = parseJson(readTextValue(value, read), value);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AppError('cli.invalid_json', 400, '--input must be a JSON object, @file.json or - for stdin');
  }
  return parsed as Record<string, unknown>;
}
