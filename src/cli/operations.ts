import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { AppError } from '../core/errors.js';
import type { AnyOperation } from '../operations/define.js';
import { inputJsonSchema, type JsonSchema, propertyType } from '../operations/json-schema.js';
import { cliWords, kebab } from '../operations/names.js';
import type { OperationClient } from './client.js';
import { renderHuman } from './render.js';

/** Short names for command groups, kept beside the long ones (`dify-agent kb search` = `knowledge search`). */
const GROUP_ALIASES: Record<string, string> = { knowledge: 'kb' };

export interface CliRuntime {
  /** The client for this invocation, built from the global options once they are parsed. */
  client(command: Command): OperationClient;
  /** Writes a result. */
  print(text: string): void;
}

/** Custom handling for a command whose generic form is not what a person wants (progress bars, waiting). */
export interface CommandOverride {
  /** Extra flags of the command, e.g. `['--detach', 'return at once']`. */
  flags?: Array<[flag: string, description: string]>;
  run(
    op: AnyOperation,
    input: Record<string, unknown>,
    client: OperationClient,
    options: { json: boolean; flags: Record<string, unknown>; print(text: string): void },
  ): Promise<unknown>;
}

function words(op: AnyOperation): string[] {
  return op.cli?.command ?? cliWords(op.name);
}

function describeOption(name: string, schema: JsonSchema, required: boolean): string {
  const parts = [schema.description ?? ''];
  const type = propertyType(schema);
  if (type === 'array') parts.push('repeat the option for several values');
  if (type === 'object') parts.push('JSON');
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  if (required) parts.push('required');
  return parts.filter(Boolean).join('; ') || name;
}

function parseValue(raw: string, schema: JsonSchema | undefined): unknown {
  const type = propertyType(schema);
  if (type === 'integer' || type === 'number') {
    const n = Number(raw);
    return raw.trim() !== '' && Number.isFinite(n) ? n : raw;
  }
  if (type === 'object' || (type === 'array' && raw.trim().startsWith('['))) {
    try {
      return JSON.parse(raw);
    } catch {
      throw new AppError('cli.invalid_json', 400, `expected JSON, got: ${raw.slice(0, 60)}`);
    }
  }
  return raw;
}

/** `--input '{"a":1}'`, `--input @file.json` or `--input -` (stdin): the whole input as JSON. */
function readInputOption(value: string): Record<string, unknown> {
  const text =
    value === '-'
      ? readFileSync(0, 'utf8')
      : value.startsWith('@')
        ? readFileSync(value.slice(1), 'utf8')
        : value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('cli.invalid_json', 400, '--input must be a JSON object, @file.json or - for stdin');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AppError('cli.invalid_json', 400, '--input must be a JSON object');
  }
  return parsed as Record<string, unknown>;
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
  operations: readonly AnyOperation[],
  runtime: CliRuntime,
  overrides: Record<string, CommandOverride> = {},
): void {
  for (const op of operations) {
    const path = words(op);
    let parent = program;
    for (const w of path.slice(0, -1)) parent = findOrCreate(parent, w);
    const schema = inputJsonSchema(op);
    const props = schema.properties ?? {};
    const required = new Set(schema.required ?? []);
    const positional = op.cli?.positional ?? [];

    const cmd = parent.command(path.at(-1) as string).description(op.summary);
    if (op.description) cmd.addHelpText('after', `\n${op.description}`);
    for (const name of positional) {
      cmd.argument(
        required.has(name) ? `<${kebab(name)}>` : `[${kebab(name)}]`,
        props[name]?.description ?? name,
      );
    }
    for (const [name, prop] of Object.entries(props)) {
      if (positional.includes(name)) continue;
      const flag = kebab(name);
      const type = propertyType(prop);
      const help = describeOption(name, prop, required.has(name));
      if (type === 'boolean') {
        cmd.addOption(new Option(`--${flag}`, help));
        cmd.addOption(new Option(`--no-${flag}`).hideHelp());
      } else if (type === 'array') {
        cmd.addOption(
          new Option(`--${flag} <value>`, help).argParser((v: string, prev: unknown[] | undefined) => {
            const parsed = parseValue(v, prop);
            return Array.isArray(parsed) ? parsed : [...(prev ?? []), parseValue(v, prop.items)];
          }),
        );
      } else {
        const option = new Option(`--${flag} <value>`, help).argParser((v: string) => parseValue(v, prop));
        if (Array.isArray(prop.enum)) option.choices(prop.enum.map(String));
        cmd.addOption(option);
      }
    }
    cmd.option('--input <json>', 'the whole input as JSON, @file.json, or - for stdin');
    for (const [flag, description] of overrides[op.name]?.flags ?? []) cmd.option(flag, description);
    cmd.action(async (...args: unknown[]) => {
      const command = args.at(-1) as Command;
      const opts = command.opts<Record<string, unknown>>();
      const input: Record<string, unknown> = opts.input ? readInputOption(String(opts.input)) : {};
      positional.forEach((name, i) => {
        if (args[i] !== undefined) input[name] = parseValue(String(args[i]), props[name]);
      });
      for (const name of Object.keys(props)) {
        const value = opts[name];
        if (value !== undefined && !positional.includes(name)) input[name] = value;
      }
      const json = Boolean(command.optsWithGlobals().json);
      const client = runtime.client(command);
      try {
        const override = overrides[op.name];
        const output = override
          ? await override.run(op, input, client, { json, flags: opts, print: runtime.print })
          : await client.call(op, input);
        if (output !== undefined) runtime.print(json ? JSON.stringify(output, null, 2) : renderHuman(output));
      } finally {
        await client.close();
      }
    });
  }
}
