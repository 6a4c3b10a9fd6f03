import { describe, expect, it } from 'vitest';
import { piiGuard as guard, luhn, validIban } from './pii.js';
import { bakeryFacts as facts, runOne } from './test-support/bakery.js';

describe('PII and secrets', () => {
  it('checks card numbers with Luhn and IBANs with mod 97', () => {
    expect(luhn('4111111111111111')).toBe(true);
    expect(luhn('4111111111111112')).toBe(false);
    expect(validIban('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(validIban('GB82 WEST 1234 5698 7654 33')).toBe(false);
  });

  it('fails secrets whatever the facts', () => {
    for (const secret of [
      'sk-proj-abcdefghijklmnopqrstuvwx1234',
      'AKIAIOSFODNN7EXAMPLE',
      'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      'api_key=Zx8s7d6f5g4h3j2k',
      '-----BEGIN RSA PRIVATE KEY-----',
    ]) {
      const r = runOne(guard, `Our config: ${secret}`, { facts });
      expect(r.result.status, secret).toBe('fail');
      expect(r.defects).toEqual(['pii']);
    }
  });

  it('fails a valid card number and IBAN but not an invalid one', () => {
    expect(runOne(guard, 'Pay with 4111 1111 1111 1111', { facts }).result.status).toBe('fail');
    expect(runOne(guard, 'Pay to GB82 WEST 1234 5698 7654 32', { facts }).result.status).toBe('fail');
    expect(runOne(guard, 'Order 4111 1111 1111 1112', { facts }).result.status).toBe('pass');
  });

  it("allows the business's own e-mail and phone, fails other people's", () => {
    expect(
      runOne(guard, 'Mail hello@ryeandco.example or ring +44 20 7946 0958.', { facts }).result.status,
    ).toBe('pass');
    const r = runOne(guard, 'Mail joe.bloggs@gmail.com or ring 07700 900123.', { facts });
    expect(r.result.status).toBe('fail');
    expect(((r.result.evidence?.findings ?? []) as { kind: string }[]).map((f) => f.kind)).toEqual([
      'e-mail address',
      'phone number',
    ]);
  });

  it('reports contact details as not checked when there are no facts', () => {
    const r = runOne(guard, 'Mail joe.bloggs@gmail.com', {});
    expect(r.result.status).toBe('pass');
    expect(r.result.message).toMatch(/not checked/);
  });

  it('does not take dates or prices for phone numbers', () => {
    expect(
      runOne(guard, 'Market on 05/12/2026, loaves 1,200.00 in total, 2026-12-05.', { facts }).result.status,
    ).toBe('pass');
  });
});
