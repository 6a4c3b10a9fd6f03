/** Loads the hand-made example sets in fixtures/voice for tests. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseVoiceExamples } from '../examples/parse.js';
import type { VoiceExample } from '../types.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../fixtures/voice');

export const fixtureText = (name: string): string => readFileSync(path.join(dir, name), 'utf8');

/** A formal B2B steel supplier (CSV, LinkedIn). */
export const steelExamples = (): VoiceExample[] => parseVoiceExamples(fixtureText('steel-supplier.csv'));
/** A playful bakery (JSONL, Instagram). */
export const bakeryExamples = (): VoiceExample[] => parseVoiceExamples(fixtureText('bakery.jsonl'));
/** A plain-spoken one-person plumber (pasted text, Facebook). */
export const plumberExamples = (): VoiceExample[] =>
  parseVoiceExamples(fixtureText('plumber.txt'), { platform: 'facebook' });
