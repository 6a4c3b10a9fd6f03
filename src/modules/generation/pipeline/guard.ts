/**
 * The pipeline's call into the guards engine (the contract in guards/index.ts): each draft's text with
 * the facts its claims may trace to, the voice rules, the recent posts and the language.
 */
import type { Platform } from '../../../core/platforms.js';
import { type GuardContext, type GuardedText, type GuardFacts, runTextGuards } from '../guards/index.js';

export type GuardFactsInput = GuardFacts;
export type GuardContextInput = GuardContext;
export type GuardOutcome = GuardedText;

export function guardText(platform: Platform, text: string, context: GuardContext): GuardedText {
  return runTextGuards(platform, text, context);
}
