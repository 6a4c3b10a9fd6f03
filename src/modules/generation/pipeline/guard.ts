/**
 * The pipeline's side of the guards contract (g1-shared.md): the facts and context it hands to
 * `runTextGuards`, and the call itself. The shapes mirror the guards engine's `GuardContext`; written
 * here so the pipeline states exactly what it gives.
 */
import type { Platform } from '../../../core/platforms.js';
import { runTextGuards } from '../guards/index.js';
import type { Citation, GuardResult } from '../schemas.js';

export interface GuardFactsInput {
  entries: { id: string; text: string }[];
  products: {
    id: string;
    name: string;
    price?: string | null;
    referencePrice?: string | null;
    availability?: 'in_stock' | 'out_of_stock' | 'preorder' | 'unknown' | null;
    backOn?: string | null;
  }[];
  request?: string;
}

export interface GuardContextInput {
  facts?: GuardFactsInput;
  voice?: { bannedWords: string[]; pinnedRules: { kind: string; value: string }[] };
  recentPosts?: { id: string; text: string }[];
  language?: string;
}

export interface GuardOutcome {
  text: string;
  guards: GuardResult[];
  defects: string[];
  citations: Citation[];
}

type GuardFn = (
  platform: Platform,
  text: string,
  context?: GuardContextInput,
) => { text: string; guards: GuardResult[]; defects: readonly string[]; citations?: Citation[] };

const guard: GuardFn = runTextGuards;

export function guardText(platform: Platform, text: string, context: GuardContextInput): GuardOutcome {
  const r = guard(platform, text, context);
  return { text: r.text, guards: r.guards, defects: [...r.defects], citations: r.citations ?? [] };
}
