import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../core/errors.js';
import { readFileArgument, readInputOption, readTextValue } from './inputs.js';

const dir = mkdtempSync(path.join(tmpdir(), 'dify-agent-inputs-'));
const file = path.join(dir, 'examples.jsonl');
writeFileSync(file, '{"text":"one"}\n{"text":"two"}\n');
const stdin = { stdin: () => 'from stdin' };

describe('CLI input values', () => {
  it('reads @file and - (stdin), and keeps @@ as a literal @', () => {
    expect(readTextValue(`@${file}`, stdin)).toContain('"two"');
    expect(readTextValue('-', stdin)).toBe('from stdin');
    expect(readTextValue('@@acme thanks for the order', stdin)).toBe('@acme thanks for the order');
    expect(readTextValue('plain text', stdin)).toBe('plain text');
  });

  it('says which file it could not read, and how to pass text starting with @', () => {
    const error = (() => {
      try {
        readTextValue('@acme thanks', stdin);
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(error?.code).toBe('cli.unreadable_file');
    expect(error?.message).toContain('begin it with @@');
  });

  it('reads a document argument from the file it names, and refuses a file name that names none', () => {
    expect(readFileArgument(file, stdin)).toContain('"one"');
    expect(() => readFileArgument(path.join(dir, 'missing.csv'), stdin)).toThrow(/no such file/);
    expect(readFileArgument('Fresh croissants this morning', stdin)).toBe('Fresh croissants this morning');
  });

  it('takes the whole input as JSON from text, a file or stdin', () => {
    const json = path.join(dir, 'input.json');
    writeFileSync(json, '{"name":"Acme"}');
    expect(readInputOption(`@${json}`, stdin)).toEqual({ name: 'Acme' });
    expect(readInputOption('-', { stdin: () => '{"a":1}' })).toEqual({ a: 1 });
    expect(() => readInputOption('[1]', stdin)).toThrow(/JSON object/);
  });
});
