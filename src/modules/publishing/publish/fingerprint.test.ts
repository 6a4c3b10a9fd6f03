import { describe, expect, it } from 'vitest';
import { escapeLittleText } from '../platforms/linkedin/transform.js';
import { textFingerprint } from './fingerprint.js';

describe('text fingerprint', () => {
  it('matches the text a platform gives back for the text we sent', () => {
    const sent = 'New I-beams in stock! See https://steel.example/beams #steel';
    expect(textFingerprint('New I-beams in stock! See https://t.co/abc123 #steel https://t.co/media9')).toBe(
      textFingerprint(sent),
    );
    expect(textFingerprint(escapeLittleText(sent))).toBe(textFingerprint(sent));
    expect(textFingerprint(`  ${sent.replace(/ /g, '\n')} `)).toBe(textFingerprint(sent));
  });

  it('tells different posts apart', () => {
    expect(textFingerprint('Open Saturday 9-5')).not.toBe(textFingerprint('Open Sunday 9-5'));
    expect(textFingerprint('Part one 1/2')).not.toBe(textFingerprint('Part one 2/2'));
  });
});
