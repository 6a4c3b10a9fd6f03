import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findOption, parseTurn } from './intent.js';

const choose = (option: number) => ({ kind: 'choose', option });

describe('parseTurn: choosing an option', () => {
  it.each([
    ['go with B', 1],
    ['Go with b please', 1],
    ["Let's go with option C.", 2],
    ['B', 1],
    ['c.', 2],
    ['(a)', 0],
    ['A please', 0],
    ['Option A looks great', 0],
    ['I like the second one best', 1],
    ['the last one', 2],
    ['Number 2 please', 1],
    ['#3', 2],
    ["I'll take c", 2],
    ['B is perfect, publish it', 1],
    ['I prefer B over A', 1],
    ['go with a', 0],
    ['the 1st', 0],
    ['Option two', 1],
    ['perfect, ship it', 0],
    ['looks good', 0],
  ])('%s → option %i', (message, option) => {
    expect(parseTurn(message, 3)).toEqual(choose(option));
  });

  it('never picks an option that was not offered', () => {
    expect(findOption('go with C', 2)).toMatchObject({ option: 2, offered: false });
    expect(parseTurn('the third one', 2)).toEqual({ kind: 'missing_option', option: 2 });
    expect(parseTurn('make B shorter', 1)).toEqual({ kind: 'missing_option', option: 1 });
    expect(parseTurn('the last one', 2)).toEqual({ kind: 'choose', option: 1 });
  });
});

describe('parseTurn: changing options', () => {
  it.each([
    ['make B shorter', 1, /shorter/],
    ['Can you make the second one more playful?', 1, /playful/],
    ['C but mention the price', 2, /mention the price/],
    ['B looks good but make it shorter', 1, /shorter/],
    ['What about C with no emoji', 2, /no emoji/],
    ['Make A shorter', 0, /shorter/],
    ['option 1, more formal please', 0, /formal/],
    ['rewrite b to mention our Saturday market', 1, /Saturday market/],
  ])('%s → refine option %i', (message, option, feedback) => {
    const turn = parseTurn(message, 3);
    expect(turn).toMatchObject({ kind: 'refine', option });
    expect(turn.kind === 'refine' && turn.feedback).toMatch(feedback);
    // The option reference is not part of the feedback.
    expect(turn.kind === 'refine' && /\b(option|B|C)\b/.test(turn.feedback.replace(/\bC\w+/g, ''))).toBe(
      false,
    );
  });

  it.each([
    'shorter please',
    'Make them all more playful',
    'try again',
    'Can I see some different options?',
    'less formal, and no hashtags',
    'none of these, make them shorter',
    // A complaint a revision can fix is read as the change it asks for.
    'None of them, far too long and wordy',
  ])('%s → refine all', (message) => {
    expect(parseTurn(message, 3)).toMatchObject({ kind: 'refine', option: null });
  });

  it('refines a turned-down draft when the next turn only asks for a change', () => {
    expect(parseTurn('more playful', 0, true)).toMatchObject({ kind: 'refine', option: null });
    expect(parseTurn('more playful', 0, false)).toMatchObject({ kind: 'request' });
  });
});

describe('parseTurn: turning them down', () => {
  it.each([
    ['None of these, too salesy', ['too_salesy']],
    ["I don't like any of them", ['other']],
    ['Neither. It does not sound like us', ['off_voice']],
    ['nope, the prices are wrong', ['wrong_facts']],
    ['not B', ['other']],
    ['None of them, this is off-topic', ['off_topic']],
  ])('%s → reject %j', (message, reasons) => {
    expect(parseTurn(message, 3)).toMatchObject({ kind: 'reject', reasons });
  });
});

describe('parseTurn: a new request', () => {
  it.each([
    'A post about our new rye bread',
    'write a post about croissants for Instagram',
    'Now something about the Saturday market',
    'Announce that we open on Sundays from March',
    'We are hiring a baker, can you write about that?',
  ])('%s → request', (message) => {
    expect(parseTurn(message, 3)).toEqual({ kind: 'request', text: message });
  });

  it('reads everything as a request before any option is on the table', () => {
    expect(parseTurn('go with B', 0)).toEqual({ kind: 'request', text: 'go with B' });
  });
});

describe('parseTurn on held-out turns (fixtures/conversation/; how they were used: docs/conversations.md)', () => {
  const label = (text: string): string => {
    const turn = parseTurn(text, 3);
    if (turn.kind === 'choose') return `choose:${turn.option}`;
    if (turn.kind === 'refine') return `refine:${turn.option ?? 'all'}`;
    return turn.kind;
  };
  it.each([
    ['turns-heldout.json', 0.85],
    ['turns-heldout-2.json', 0.85],
  ])('%s: at least %d of them read as meant; the misses are reported', (file, floor) => {
    const { turns } = JSON.parse(readFileSync(`fixtures/conversation/${file}`, 'utf8')) as {
      turns: { text: string; expect: string }[];
    };
    const misses = turns
      .filter((t) => label(t.text) !== t.expect)
      .map((t) => `${t.text} → ${label(t.text)} (want ${t.expect})`);
    const accuracy = 1 - misses.length / turns.length;
    console.log(`${file}: ${turns.length - misses.length}/${turns.length} read as meant`, misses);
    expect(accuracy).toBeGreaterThanOrEqual(floor);
  });
});
