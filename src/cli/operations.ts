import { type Command, Option } from 'commander';
import { kebab } from '../operations/names.js';
import type { OperationClient } from './client.js';
import { type InputReader, parseJson, readFileArgument, readInputOption, readTextValue } from './inputs.js';
import type { CliField, CliOperation } from './manifest.js';
import { renderResult } from './render.js';
import { fold } from './text-layout.js';

/** Short names for command groups, kept beside the long ones (`dify-agent kb search` = `knowledge search`). */
const GROUP_ALIASES: Record<string, string> = { knowledge: 'kb' };

export interface CliRuntime {
  /** The client for this invocation, built from the global options once they are parsed. */
  client(command: Command): Promise<OperationClient>;
  /** Writes a result on stdout. */
  print(text: string): void;
  /** Writes a note or progress on stderr. */
  notice(text: string): void;
  /** Width to fold human output to. */
  width(): number;
  /** Reads standard input (for `-`). */
  stdin(): string;
}

export interface OverrideOptions {
  json: boolean;
  flags: Record<string, unknown>;
  print(text: string): void;
  notice(text: string): void;
  width: number;
  /** Another operation of the manifest by its REST binding (the status of what this one started). */
  operationAt(method: string, path: string): CliOperation;
}

/** Custom handling for a command whose generic form is not what a person wants (progress bars, waiting). */
export interface CommandOverride {
  /** Extra flags of the command, e.g. `['--detach', 'return at once']`. */
  flags?: Array<[flag: string, description: string]>;
  /** Replaces the summary in `--help` when the command does more than the operation. */
  summary?: string;
  /** Help text after the options, in place of the operation's description (what the command does). */
  help?: string;
  /**
   * Input fields that name a document: a value that is a path to an existing file is read from the file
   * (`dify-agent voice learn examples.jsonl`), as `@file` is for every field.
   */
  fileFields?: string[];
  run(
    op: CliOperation,
    input: Record<string, unknown>,
    client: OperationClient,
    options: OverrideOptions,
  ): Promise<unknown>;
}

function describeOption(field: CliField): string {
  const parts = [field.description ?? ''];
  if (field.type === 'array') parts.push('repeat the option for several values');
  if (field.type === 'object') parts.push('JSON, @file.json or - for stdin');
  if (field.type === 'string') parts.push('@file or - reads it');
  if (field.default !== undefined) parts.push(`default ${JSON.stringify(field.default)}`);
  if (field.required) parts.push('required');
  return parts.filter(Boolean).join('; ') || field.name;
}

function parseValue(raw: string, type: string | undefined, read: InputReader): unknown {
  if (type === 'integer' || type === 'number') {
    const n = Number(raw);
    return raw.trim() !== '' && Number.isFinite(n) ? n : raw;
  }
  if (type === 'boolean') {
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    return raw;
  }
  const text = readTextValue(raw, read);
  if (type === 'object' || (type === 'array' && text.trim().startsWith('['))) {
    return parseJson(text, raw);
  }
  return text;
}

function findOrCreate(parent: Command, name: string): Command {
  const existing = parent.commands.find((c) => c.name() === name);
  if (existing) return existing;
  const cmd = parent.command(name).description(`${name} commands`);
  const alias = GROUP_ALIASES[name];
  if (alias && parent.parent === null) cmd.alias(alias);
  return cmd;
}

/** Adds one command per operation, nested by name (`keys create`), with options from its input schema. */
export function addOperationCommands(
  program: Command,
  operations: readonly CliOperation[],
  runtime: CliRuntime,
  overrides: Record<string, CommandOverride> = {},
): void {
  for (const op of operations) {
    const override = overrides[op.name];
    const path = op.command;
    let parent = program;
    for (const w of path.slice(0, -1)) parent = findOrCreate(parent, w);
    const fields = new Map(op.fields.map((f) => [f.name, f]));
    const positional = op.positional;

    const cmd = parent.command(path.at(-1) as string).description(override?.summary ?? op.summary);
    const help = [override?.help ?? op.description, roleNote(op)].filter(Boolean).join('\n\n');
    cmd.addHelpText('after', `\n${fold(help, Math.min(runtime.width(), 100))}`);
    // Optional to commander even when the input requires them: `--input` may carry them instead, and a
    // missing one is reported by validation with its field name, like any other missing field.
    for (const name of positional) {
      const field = fields.get(name);
      cmd.argument(
        `[${kebab(name)}]`,
        [
          field?.description ?? name,
          override?.fileFields?.includes(name) ? 'or a file' : '',
          field?.required ? 'required' : '',
        ]
          .filter(Boolean)
          .join('; '),
      );
    }
    for (const field of op.fields) {
      if (positional.includes(field.name)) continue;
      const flag = kebab(field.name);
      const help = describeOption(field);
      if (field.type === 'boolean') {
        cmd.addOption(new Option(`--${flag}`, help));
        cmd.addOption(new Option(`--no-${flag}`).hideHelp());
      } else if (field.type === 'array') {
        cmd.addOption(
          new Option(`--${flag} <value>`, help).argParser((v: string, prev: unknown[] | undefined) => {
            const parsed = parseValue(v, field.type, reader);
            return Array.isArray(parsed) ? parsed : [...(prev ?? []), parseValue(v, field.itemType, reader)];
          }),
        );
      } else {
        const option = new Option(`--${flag} <value>`, help).argParser((v: string) =>
          parseValue(v, field.type, reader),
        );
        if (field.enum) option.choices(field.enum);
        cmd.addOption(option);
      }
    }
    cmd.option('--input <json>', 'the whole input as JSON, @file.json, or - for stdin');
    for (const [flag, description] of override?.flags ?? []) cmd.option(flag, description);
    cmd.action(async (...args: unknown[]) => {
      const command = args.at(-1) as Command;
      const opts = command.opts<Record<string, unknown>>();
      const input: Record<string, unknown> = opts.input ? readInputOption(String(opts.input), reader) : {};
      positional.forEach((name, i) => {
        if (args[i] === undefined) return;
        const raw = String(args[i]);
        input[name] = override?.fileFields?.includes(name)
          ? readFileArgument(raw, reader)
          : parseValue(raw, fields.get(name)?.type, reader);
      });
      for (const name of fields.keys()) {
        const value = opts[name];
        if (value === undefined || positional.includes(name)) continue;
        input[name] =
          override?.fileFields?.includes(name) && typeof value === 'string'
            ? readFileArgument(value, reader)
            : value;
      }
      const json = Boolean(command.optsWithGlobals().json);
      const client = await runtime.client(command);
      try {
        const output = override
          ? await override.run(op, input, client, {
              json,
              flags: opts,
              print: runtime.print,
              notice: runtime.notice,
              width: runtime.width(),
              operationAt: (method, route) => {
                const found = operations.find((o) => o.http.method === method && o.http.path === route);
                if (!found) throw new Error(`no operation serves ${method} ${route}`);
                return found;
              },
            })
          : await client.call(op, input);
        if (output !== undefined) {
          runtime.print(
            json ? JSON.stringify(output, null, 2) : renderResult(op.name, output, runtime.width()),
          );
        }
      } finally {
        await client.close();
      }
    });
  }

  /** Reads `@file` and `-` values; stdin is read once, for the one value that asks for it. */
  let stdinText: string | undefined;
  const reader: InputReader = {
    stdin: () => {
      stdinText ??= runtime.stdin();
      return stdinText;
    },
  };
}

function roleNote(op: CliOperation): string {
  if (op.scope === 'operator')
    return 'Who may run it: the operator (the CLI on the server’s machine, or OPERATOR_API_KEY).';
  return `Who may run it: a key with the ${op.role} role or higher${op.scope === 'installation' ? ', or the operator' : ''}.`;
}
