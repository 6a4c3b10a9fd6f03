import { describe, expect, it } from 'vitest';
import type { GuardResult } from '../schemas.js';
import { classifyDefects, passed } from './defects.js';

const fail = (guard: string, evidence: Record<string, unknown>): GuardResult => ({
  guard,
  status: 'fail',
  message: guard,
  evidence,
});

describe('defect classifier', () => {
  it('labels each failure once, in guard order, and ignores passes and fixes', () => {
    const guards: GuardResult[] = [
      { guard: 'length', status: 'fixed', message: 'cut', evidence: {} },
      fail('voice_rules', { defect: 'banned_word', defects: ['banned_word', 'off_voice'] }),
      fail('unsupported_claims', { defect: 'unsupported_claim' }),
      fail('other', { defect: 'unsupported_claim' }),
      fail('mystery', { defect: 'not_a_label' }),
    ];
    expect(classifyDefects(guards)).toEqual(['banned_word', 'off_voice', 'unsupported_claim']);
  });

  it('adds off_voice from a voice score below the threshold', () => {
    expect(classifyDefects([], { voiceScore: 0.3 })).toEqual(['off_voice']);
    expect(classifyDefects([], { voiceScore: 0.7 })).toEqual([]);
    expect(classifyDefects([], { voiceScore: 0.7, offVoiceBelow: 0.8 })).toEqual(['off_voice']);
  });

  it('passed() holds only when no hard guard failed', () => {
    expect(passed({ guards: [{ guard: 'length', status: 'fixed', message: '' }] })).toBe(true);
    expect(passed({ guards: [fail('cta', { defect: 'missing_cta', soft: true })] })).toBe(true);
    expect(passed({ guards: [fail('pii', { defect: 'pii' })] })).toBe(false);
  });
});
