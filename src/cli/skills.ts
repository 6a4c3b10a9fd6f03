/**
 * The skills commands that work with files: `skills validate <file>` prints `file:line:col: code:
 * message` lines and exits 2 on errors; `skills build --examples posts.jsonl [--out x.skill.md]`
 * writes the built skill; `skills create <file>`, `skills update <id> --content <file>`,
 * `skills import --from <file or folder>` and `skills export --out <folder>` read and write .skill.md
 * files. Everything else is the generated command.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../core/errors.js';
import type { CommandOverride } from './operations.js';

interface Issue {
  code: string;
  message: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
}

/** A value that names an existing file is replaced by the file's text. */
function fileText(value: unknown): { text: string; file?: string } {
  if (
    typeof value === 'string' &&
    value.length < 4096 &&
    !value.includes('\n') &&
    existsSync(value) &&
    statSync(value).isFile()
  )
    return { text: readFileSync(value, 'utf8'), file: value };
  return { text: String(value ?? '') };
}

export function issueLines(file: string, issues: readonly Issue[]): string[] {
  return issues.map(
    (i) =>
      `${file}:${i.line}:${i.column}: ${i.code}: ${i.message}${i.severity === 'warning' ? ' (warning)' : ''}`,
  );
}

const validateCommand: CommandOverride = {
  async run(op, input, client, { json, print }) {
    const { text, file } = fileText(input.content);
    const name = file ?? 'input';
    const result = (await client.call(op, { content: text, fileName: name })) as {
      valid: boolean;
      issues: Issue[];
    };
    if (json) print(JSON.stringify(result, null, 2));
    else {
      for (const line of issueLines(name, result.issues)) print(line);
      if (result.valid) {
        const warnings = result.issues.length;
        print(`${name}: valid${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}`);
      }
    }
    if (!result.valid) {
      const errors = result.issues.filter((i) => i.severity === 'error').length;
      // Exit code 2 (invalid input), with the count on stderr; the lines above say what to fix.
      throw new AppError('skills.invalid_file', 400, `${name}: ${errors} error${errors > 1 ? 's' : ''}`);
    }
    return undefined;
  },
};

const buildCommand: CommandOverride = {
  flags: [['--out <file>', 'write the skill file here instead of printing it']],
  async run(op, input, client, { json, flags, print }) {
    const { text } = fileText(input.examples);
    const result = (await client.call(op, { ...input, examples: text })) as {
      content: string;
      skill: { id: string; name: string };
      analysis: { posts: number; chosen: string; structures: Array<{ posts: number }> };
      model: string;
    };
    const out = typeof flags.out === 'string' ? flags.out : undefined;
    if (out) {
      writeFileSync(out, result.content);
      const chosen = result.analysis.structures[0]?.posts ?? 0;
      print(
        json
          ? JSON.stringify(
              { file: out, id: result.skill.id, analysis: result.analysis, model: result.model },
              null,
              2,
            )
          : `wrote ${out}: "${result.skill.name}" (${result.skill.id}), built from ${chosen} of ${result.analysis.posts} posts with the structure ${result.analysis.chosen}`,
      );
      return undefined;
    }
    if (json) return result;
    print(result.content.trimEnd());
    return undefined;
  },
};

const createCommand: CommandOverride = {
  async run(op, input, client) {
    return client.call(op, { ...input, content: fileText(input.content).text });
  },
};

const updateCommand: CommandOverride = {
  async run(op, input, client) {
    return client.call(
      op,
      input.content === undefined ? input : { ...input, content: fileText(input.content).text },
    );
  },
};

function skillFiles(from: string): Array<{ content: string; fileName: string }> {
  const stat = statSync(from);
  const files = stat.isDirectory()
    ? readdirSync(from)
        .filter((f) => f.endsWith('.skill.md'))
        .sort()
        .map((f) => path.join(from, f))
    : [from];
  return files.map((f) => ({ content: readFileSync(f, 'utf8'), fileName: f }));
}

const importCommand: CommandOverride = {
  flags: [['--from <path>', 'a .skill.md file, or a folder of them']],
  async run(op, input, client, { flags }) {
    const files = typeof flags.from === 'string' ? skillFiles(flags.from) : input.files;
    return client.call(op, { files });
  },
};

const exportCommand: CommandOverride = {
  flags: [['--out <folder>', 'write one .skill.md file per skill into this folder']],
  async run(op, input, client, { json, flags, print }) {
    const result = (await client.call(op, input)) as { files: Array<{ fileName: string; content: string }> };
    const out = typeof flags.out === 'string' ? flags.out : undefined;
    if (!out) return result;
    mkdirSync(out, { recursive: true });
    for (const f of result.files) writeFileSync(path.join(out, path.basename(f.fileName)), f.content);
    print(
      json
        ? JSON.stringify({ folder: out, files: result.files.map((f) => f.fileName) }, null, 2)
        : `wrote ${result.files.length} files to ${out}`,
    );
    return undefined;
  },
};

export const skillCommands: Record<string, CommandOverride> = {
  'skills.validate': validateCommand,
  'skills.build': buildCommand,
  'skills.create': createCommand,
  'skills.update': updateCommand,
  'skills.import': importCommand,
  'skills.export': exportCommand,
};
