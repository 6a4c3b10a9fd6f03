/**
 * Personal data and secrets a post must never carry:
 * - e-mail addresses and phone numbers that are not the business's own (the facts' contact details);
 *   with no facts given they are reported as not checked, since a person's text may well give their
 *   own shop's number;
 * - payment card numbers (13-19 digits passing the Luhn check) and IBANs (passing the mod-97 check),
 *   unless the facts give them (a charity's donation account);
 * - API keys, tokens and private keys (known prefixes: sk-, AKIA, ghp_, xox…, AIza, JWTs, PEM blocks,
 *   and "api_key=…"-style assignments), always.
 * No fixer: cutting a number out of a sentence leaves a broken one, and a leak needs a person's eyes.
 */
import type { GuardCheck, GuardEnv, GuardFacts, TextGuard } from './types.js';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const PHONE = /(?<![\w+])(?:\+|00)?\d[\d\s().-]{6,18}\d(?![\w])/g;
const CARD = /(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g;
const SECRETS: readonly { name: string; pattern: RegExp }[] = [
  { name: 'OpenAI-style key', pattern: /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}/ },
  { name: 'AWS access key', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}/ },
  { name: 'Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { name: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'Stripe key', pattern: /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}/ },
  { name: 'JSON web token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { name: 'private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  {
    name: 'credential',
    pattern: /\b(?:api[_-]?key|secret|access[_-]?token|password|passwd)\s*[:=]\s*["']?[A-Za-z0-9_\-./+]{8,}/i,
  },
];

export function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export function validIban(raw: string): boolean {
  const s = raw.replace(/\s/g, '').toUpperCase();
  if (s.length < 15 || s.length > 34) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const v = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of v) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

const digitsOf = (s: string) => s.replace(/\D/g, '');

const cache = new WeakMap<GuardFacts, { text: string; digits: string }>();
function factText(facts: GuardFacts) {
  let hit = cache.get(facts);
  if (!hit) {
    const text = [
      ...facts.entries.map((e) => e.text),
      ...facts.products.map((p) => p.description ?? ''),
      facts.request ?? '',
    ]
      .join('\n')
      .toLowerCase();
    hit = { text, digits: text.replace(/[^\d\n]/g, '') };
    cache.set(facts, hit);
  }
  return hit;
}

interface Finding {
  kind: string;
  value: string;
}

const mask = (v: string) => (v.length <= 6 ? '***' : `${v.slice(0, 3)}…${v.slice(-2)}`);

function check(text: string, env: GuardEnv): GuardCheck {
  const facts = env.context.facts;
  const known = facts ? factText(facts) : null;
  const inFacts = (v: string) => !!known && known.text.includes(v.toLowerCase());
  const digitsInFacts = (v: string) => !!known && known.digits.includes(digitsOf(v));
  const findings: Finding[] = [];
  const unchecked: string[] = [];
  for (const s of SECRETS) {
    const m = s.pattern.exec(text);
    if (m) findings.push({ kind: s.name, value: mask(m[0]) });
  }
  const cards = [...text.matchAll(CARD)].filter((m) => luhn(digitsOf(m[0])) && !digitsInFacts(m[0]));
  for (const m of cards) findings.push({ kind: 'card number', value: mask(digitsOf(m[0])) });
  for (const m of text.matchAll(IBAN))
    if (validIban(m[0]) && !inFacts(m[0])) findings.push({ kind: 'IBAN', value: mask(m[0]) });
  for (const m of text.matchAll(EMAIL)) {
    if (!known) unchecked.push(m[0]);
    else if (!inFacts(m[0])) findings.push({ kind: 'e-mail address', value: m[0] });
  }
  for (const m of text.matchAll(PHONE)) {
    const d = digitsOf(m[0]);
    if (d.length < 8 || d.length > 15) continue;
    if (cards.some((c) => c.index <= m.index && c.index + c[0].length >= m.index + m[0].length)) continue;
    // Dates, times and prices are not phone numbers: "2026-12-05", "19.50", "1,200.00".
    if (/^\d{4}-\d{2}-\d{2}$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(m[0].trim())) continue;
    if (!/[\s().-]|^\+|^00/.test(m[0]) && d.length < 10) continue;
    if (!known) unchecked.push(m[0].trim());
    else if (!digitsInFacts(m[0])) findings.push({ kind: 'phone number', value: m[0].trim() });
  }
  if (findings.length > 0) {
    return {
      status: 'fail',
      message: `personal data or secrets: ${findings.map((f) => `${f.kind} ${f.value}`).join(', ')}`,
      evidence: { findings },
    };
  }
  if (unchecked.length > 0)
    return {
      status: 'pass',
      message: `contact details not checked against the business's own (no facts given): ${unchecked.join(', ')}`,
      evidence: { unchecked },
    };
  return { status: 'pass', message: 'no personal data or secrets' };
}

export const piiGuard: TextGuard = { name: 'pii', defect: 'pii', check };
