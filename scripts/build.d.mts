// Types of scripts/build.mjs, for the TypeScript that imports it (the tests' global setup, the bench).
export interface BuildResult {
  built: boolean;
  ms: number;
  reason: string;
}
export type BuildState = { fresh: true } | { fresh: false; reason: string };
export function buildState(): BuildState;
export function build(options?: { force?: boolean }): Promise<BuildResult>;
export function sourceEntries(): string[];
export function fingerprint(entries: string[]): string;
export const STAMP_FILE: string;
