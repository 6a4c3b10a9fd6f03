/**
 * Reading the YAML front matter into typed fields, with every problem reported at its line and column.
 * A small reader over the `yaml` library's document nodes: each accessor knows its path
 * (`slots.hook.max`) and the node's position, so messages point at what to fix.
 */
import { isMap, isScalar, isSeq, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import type { SkillIssue } from './types.js';

/** Where a front-matter field sits in the file, by path (`slots.hook.max`), for later checks. */
export type NodeIndex = Map<string, Node>;

export class FrontMatterReader {
  readonly issues: SkillIssue[] = [];

  constructor(
    private readonly lines: LineCounter,
    /** 1-based file line of the YAML text's first line. */
    private readonly firstLine: number,
  ) {}

  /** File position of a node (or of the front matter's start when there is none). */
  position(node: Node | null | undefined): { line: number; column: number } {
    const offset = node?.range?.[0];
    if (offset === undefined) return { line: this.firstLine - 1, column: 1 };
    const p = this.lines.linePos(offset);
    return { line: p.line + this.firstLine - 1, column: p.col };
  }

  issue(
    node: Node | null | undefined,
    code: string,
    message: string,
    path?: string,
    severity: SkillIssue['severity'] = 'error',
  ): void {
    this.issues.push({ code, message, ...this.position(node), severity, ...(path ? { path } : {}) });
  }

  /** The pairs of a mapping, or undefined (with an issue) when the node is not one. */
  map(
    node: Node | null | undefined,
    path: string,
  ): Array<{ key: string; keyNode: Node; value: Node | null }> | undefined {
    if (!isMap(node)) {
      this.issue(node, 'skills.invalid_type', `${path} must be a mapping of names to values`, path);
      return undefined;
    }
    return (node as YAMLMap).items.map((pair: Pair) => {
      const keyNode = pair.key as Node;
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      return { key, keyNode, value: (pair.value as Node | null) ?? null };
    });
  }

  /** Reports keys outside `allowed` (usually a typo) and returns the rest by name. */
  fields(
    node: Node | null | undefined,
    path: string,
    allowed: readonly string[],
    what: string,
  ): Map<string, { keyNode: Node; value: Node | null }> | undefined {
    const pairs = this.map(node, path);
    if (!pairs) return undefined;
    const out = new Map<string, { keyNode: Node; value: Node | null }>();
    for (const p of pairs) {
      if (!allowed.includes(p.key)) {
        this.issue(
          p.keyNode,
          'skills.unknown_field',
          `"${p.key}" is not a field of ${what}; the fields are ${allowed.join(', ')}`,
          path ? `${path}.${p.key}` : p.key,
        );
        continue;
      }
      out.set(p.key, { keyNode: p.keyNode, value: p.value });
    }
    return out;
  }

  string(
    node: Node | null | undefined,
    path: string,
    options: { min?: number; max?: number } = {},
  ): string | undefined {
    if (!isScalar(node) || typeof node.value !== 'string') {
      if (isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'boolean')) {
        return this.checkLength(node, path, String(node.value), options);
      }
      this.issue(node, 'skills.invalid_type', `${path} must be text`, path);
      return undefined;
    }
    return this.checkLength(node, path, node.value, options);
  }

  private checkLength(node: Node, path: string, value: string, options: { min?: number; max?: number }) {
    const min = options.min ?? 1;
    if (value.trim().length < min) {
      this.issue(node, 'skills.invalid_value', `${path} must not be empty`, path);
      return undefined;
    }
    if (options.max !== undefined && value.length > options.max) {
      this.issue(node, 'skills.invalid_value', `${path} is longer than ${options.max} characters`, path);
      return undefined;
    }
    return value;
  }

  integer(
    node: Node | null | undefined,
    path: string,
    min: number,
    code = 'skills.invalid_value',
  ): number | undefined {
    if (!isScalar(node) || typeof node.value !== 'number' || !Number.isInteger(node.value)) {
      this.issue(node, code, `${path} must be a whole number`, path);
      return undefined;
    }
    if (node.value < min) {
      this.issue(node, code, `${path} must be at least ${min}`, path);
      return undefined;
    }
    return node.value;
  }

  number(node: Node | null | undefined, path: string): number | undefined {
    if (!isScalar(node) || typeof node.value !== 'number' || !Number.isFinite(node.value)) {
      this.issue(node, 'skills.invalid_value', `${path} must be a number`, path);
      return undefined;
    }
    return node.value;
  }

  boolean(node: Node | null | undefined, path: string): boolean | undefined {
    if (!isScalar(node) || typeof node.value !== 'boolean') {
      this.issue(node, 'skills.invalid_type', `${path} must be true or false`, path);
      return undefined;
    }
    return node.value;
  }

  /** A list; a single scalar is accepted as a list of one. */
  list(node: Node | null | undefined, path: string): Node[] | undefined {
    if (isSeq(node)) return node.items as Node[];
    if (isScalar(node)) return [node];
    this.issue(node, 'skills.invalid_type', `${path} must be a list`, path);
    return undefined;
  }

  /** A list of words from a fixed vocabulary; each unknown word is reported with `code`. */
  enumList<T extends string>(
    node: Node | null | undefined,
    path: string,
    vocabulary: readonly T[],
    code: string,
    what: string,
    aliases: Record<string, T> = {},
  ): T[] | undefined {
    const items = this.list(node, path);
    if (!items) return undefined;
    if (items.length === 0) {
      this.issue(node, 'skills.invalid_value', `${path} must name at least one ${what}`, path);
      return undefined;
    }
    const out: T[] = [];
    let ok = true;
    for (const item of items) {
      const raw = isScalar(item) ? String(item.value).trim().toLowerCase() : '';
      const value = (aliases[raw] ?? raw) as T;
      if (!vocabulary.includes(value)) {
        this.issue(item, code, `"${raw}" is not a known ${what}; use one of ${vocabulary.join(', ')}`, path);
        ok = false;
      } else if (out.includes(value)) {
        this.issue(item, 'skills.duplicate_value', `${what} "${value}" is listed twice`, path, 'warning');
      } else out.push(value);
    }
    return ok ? out : undefined;
  }

  stringList(node: Node | null | undefined, path: string): string[] | undefined {
    const items = this.list(node, path);
    if (!items) return undefined;
    const out: string[] = [];
    for (const [i, item] of items.entries()) {
      const s = this.string(item, `${path}[${i}]`);
      if (s !== undefined) out.push(s);
    }
    return out;
  }
}
