import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../core/errors.js';

/**
 * Prompt templates live in `src/ai/prompts/<name>.v<N>.md`, one file per version, never as string
 * literals in code. A file is a small front matter block and one or two sections:
 *
 * ```
 * ---
 * name: summarize-page
 * version: 1
 * description: One-sentence summary of a web page.
 * variables: title, text
 * ---
 * [system]
 * You summarise web pages for a small business.
 * [prompt]
 * Summarise "{{title}}":
 * {{text}}
 * ```
 *
 * `[system]` is optional, `[prompt]` is required. `{{name}}` placeholders must be exactly the declared
 * variables. A changed prompt gets a new file with the next version, so results stay traceable to
 * the prompt that produced them (`promptId`, e.g. `summarize-page.v1`).
 */

export const PROMPTS_DIR = fileURLToPath(new URL('./prompts/', import.meta.url));

export interface PromptFile {
  name: string;
  version: number;
  description: string;
  variables: string[];
  system?: string;
  prompt: string;
  file: string;
}

export interface RenderedPrompt {
  /** `<name>.v<version>`, to record with what the prompt produced. */
  promptId: string;
  system?: string;
  prompt: string;
}

export interface PromptTemplate<V extends string> {
  readonly name: string;
  readonly version: number;
  readonly promptId: string;
  readonly variables: readonly V[];
  render(values: Readonly<Record<V, string | number>>): RenderedPrompt;
}

const FILE_NAME = /^([a-z0-9][a-z0-9-]*)\.v([1-9]\d*)\.md$/;
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

function invalid(file: string, message: string, line?: number): AppError {
  return new AppError(
    'ai.prompt_invalid',
    500,
    `${path.basename(file)}${line ? `:${line}` : ''}: ${message}`,
    line ? { file, line } : { file },
  );
}

function placeholders(text: string): Set<string> {
  return new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string));
}

/** Parses and checks one prompt file's text. `file` is used in error messages and must follow the naming rule. */
export function parsePromptFile(text: string, file: string): PromptFile {
  const base = path.basename(file);
  const named = FILE_NAME.exec(base);
  if (!named) throw invalid(file, 'file name must be <name>.v<N>.md, e.g. summarize-page.v1.md');
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[0]?.trim() !== '---') throw invalid(file, 'must start with a front matter line "---"', 1);
  const close = lines.indexOf('---', 1);
  if (close < 0) throw invalid(file, 'front matter is not closed with "---"', 1);

  const meta = new Map<string, string>();
  for (let i = 1; i < close; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const m = /^([a-z]+):\s*(.*)$/.exec(line);
    if (!m) throw invalid(file, `expected "key: value" in the front matter, got "${line}"`, i + 1);
    const key = m[1] as string;
    if (!['name', 'version', 'description', 'variables'].includes(key)) {
      throw invalid(file, `unknown front matter key "${key}"`, i + 1);
    }
    meta.set(key, (m[2] as string).trim());
  }
  const name = meta.get('name');
  const version = Number(meta.get('version'));
  if (name === undefined || name !== named[1]) {
    throw invalid(file, `front matter name "${name ?? ''}" must match the file name`);
  }
  if (version !== Number(named[2])) throw invalid(file, `front matter version must be ${named[2]}`);
  const description = meta.get('description') ?? '';
  if (!description) throw invalid(file, 'front matter needs a description');
  const variables = (meta.get('variables') ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
  for (const v of variables) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(v)) throw invalid(file, `"${v}" is not a valid variable name`);
  }

  // Sections: [system] (optional) then [prompt].
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (let i = close + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const header = /^\[(system|prompt)\]\s*$/.exec(line);
    if (header) {
      const key = header[1] as string;
      if (sections.has(key)) throw invalid(file, `section [${key}] appears twice`, i + 1);
      current = [];
      sections.set(key, current);
    } else if (current) current.push(line);
    else if (line.trim() !== '')
      throw invalid(file, 'text before the first [system] or [prompt] section', i + 1);
  }
  const prompt = sections.get('prompt')?.join('\n').trim();
  if (!prompt) throw invalid(file, 'needs a non-empty [prompt] section');
  const system = sections.get('system')?.join('\n').trim();

  const used = placeholders(`${system ?? ''}\n${prompt}`);
  for (const u of used) {
    if (!variables.includes(u)) throw invalid(file, `placeholder {{${u}}} is not a declared variable`);
  }
  for (const v of variables) {
    if (!used.has(v)) throw invalid(file, `variable "${v}" is declared but never used`);
  }
  return {
    name,
    version,
    description,
    variables,
    ...(system ? { system } : {}),
    prompt,
    file,
  };
}

/** Reads one template version from `dir` (default: the built-in prompts). */
export function loadPromptFile(name: string, version: number, dir: string = PROMPTS_DIR): PromptFile {
  const file = path.join(dir, `${name}.v${version}.md`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw invalid(file, 'prompt template file not found');
  }
  return parsePromptFile(text, file);
}

/** Every template in `dir`, parsed and checked; throws on the first bad file. */
export function listPromptFiles(dir: string = PROMPTS_DIR): PromptFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => parsePromptFile(readFileSync(path.join(dir, f), 'utf8'), path.join(dir, f)));
}

function fill(text: string, values: Readonly<Record<string, string | number>>): string {
  // One pass: a value that itself contains "{{x}}" is inserted as written, never expanded.
  return text.replace(PLACEHOLDER, (_, key: string) => String(values[key]));
}

/**
 * Declares the prompt template a piece of code uses, with its variables typed. The file is read and
 * checked now (at import), so a missing file or a variable mismatch stops the process at start
 * instead of at the first call.
 */
export function definePrompt<const V extends string>(
  name: string,
  version: number,
  variables: readonly V[],
  dir: string = PROMPTS_DIR,
): PromptTemplate<V> {
  const file = loadPromptFile(name, version, dir);
  const declared = [...file.variables].sort().join(',');
  const expected = [...variables].sort().join(',');
  if (declared !== expected) {
    throw invalid(file.file, `the code expects variables [${expected}] but the file declares [${declared}]`);
  }
  const promptId = `${name}.v${version}`;
  return {
    name,
    version,
    promptId,
    variables,
    render(values) {
      for (const v of variables) {
        if (values[v] === undefined || values[v] === null) {
          throw new AppError(
            'ai.prompt_variable_missing',
            500,
            `prompt ${promptId} needs a value for "${v}"`,
          );
        }
      }
      return {
        promptId,
        ...(file.system ? { system: fill(file.system, values) } : {}),
        prompt: fill(file.prompt, values),
      };
    },
  };
}
