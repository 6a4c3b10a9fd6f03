import type { HttpMethod, Role } from '../operations/define.js';

/**
 * What the CLI needs to know of an operation to offer it as a command and call it over HTTP: its name,
 * words, options (from the input's JSON Schema) and REST binding. The build writes the manifest of every
 * operation to dist/cli/manifest.json, so a command that talks to a running server starts without
 * loading the modules behind the operations (about a second of the CLI's start-up otherwise).
 */
export interface CliOperation {
  name: string;
  summary: string;
  description?: string;
  http: { method: HttpMethod; path: string; successStatus?: number };
  scope: 'tenant' | 'operator' | 'installation';
  role: Role;
  mutating: boolean;
  /** Words after `dify-agent`. */
  command: string[];
  /** Input fields taken as positional arguments, in order. */
  positional: string[];
  /** The input's fields, from its JSON Schema. */
  fields: CliField[];
}

export interface CliManifest {
  operations: CliOperation[];
}

/** One input field as the CLI offers it: an option, or a positional argument. */
export interface CliField {
  name: string;
  /** JSON type (`string`, `integer`, `number`, `boolean`, `array`, `object`), looking through nullables. */
  type?: string;
  /** Type of an array's items. */
  itemType?: string;
  description?: string;
  default?: unknown;
  enum?: string[];
  required: boolean;
}
