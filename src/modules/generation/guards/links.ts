/**
 * Links, checked without the network: a malformed URL ("http//shop.com", "https:/shop.com",
 * "htps://…", "www.shop" with no domain ending) fails; so does a missing required link (`context.link`)
 * and a link in an Instagram caption, where links are not clickable (POST-CRAFT.md §5.4). A link to a
 * host other than the business's site is NOT a failure (posts point to partners, press, maps).
 * Whether a link answers is the async `checkLinks` (check-links.ts), which the pipeline calls.
 */
import { urlsOf } from './text-parts.js';
import type { GuardCheck, GuardEnv, TextGuard } from './types.js';

/** Things that look like an attempt at a URL but are not one. */
const MALFORMED: readonly RegExp[] = [
  /\bh?t{1,2}p?s?:\/(?!\/)\S+/gi, // one slash: "https:/shop.com"
  /\b(?:https?|htps?|htt?ps?|hhtps?)\/\/\S+/gi, // no colon: "http//shop.com"
  /\b(?:htps?|htt?p?s?|hhtps?|ttps?):\/\/\S+/gi, // misspelt scheme
  /\bhttps?:\/\/\/\S*/gi, // three slashes
  /\bhttps?:\/\/(?:\s|$)/gi, // scheme and nothing
  /\bwww\.[\p{L}\p{N}-]+(?![.\p{L}\p{N}-])/giu, // "www.shop" without a domain ending
];

const stripPunct = (s: string) => s.replace(/[),.;:!?'"”’]+$/, '');

export function malformedUrls(text: string): string[] {
  const found = new Set<string>();
  for (const p of MALFORMED) {
    for (const m of text.matchAll(p)) {
      const raw = stripPunct(m[0].trim());
      if (/^https?:\/\/[^/\s]/i.test(raw) && !/^https?:\/\/\//i.test(raw)) {
        try {
          new URL(raw);
          continue;
        } catch {
          // fall through: a URL parser that refuses it is a broken link
        }
      }
      found.add(raw);
    }
  }
  for (const u of urlsOf(text)) {
    const href = /^https?:\/\//i.test(u.text) ? u.text : `https://${u.text}`;
    try {
      new URL(href);
    } catch {
      found.add(u.text);
    }
  }
  return [...found];
}

const comparable = (u: string) =>
  u
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/\/+$/, '');

function check(text: string, env: GuardEnv): GuardCheck {
  const urls = urlsOf(text).map((u) => u.text);
  const broken = malformedUrls(text);
  const evidence: Record<string, unknown> = { urls, malformed: broken };
  if (broken.length > 0) return { status: 'fail', message: `malformed link: ${broken.join(', ')}`, evidence };
  const required = env.context.link;
  if (required && !urls.some((u) => comparable(u) === comparable(required))) {
    return {
      status: 'fail',
      message: `the link ${required} is missing`,
      evidence: { ...evidence, required },
    };
  }
  if (env.platform === 'instagram' && urls.length > 0) {
    return {
      status: 'fail',
      message: 'links in an Instagram caption are not clickable: point to the link in the bio instead',
      evidence,
    };
  }
  return {
    status: 'pass',
    message: urls.length > 0 ? `${urls.length} well-formed link${urls.length === 1 ? '' : 's'}` : 'no links',
    evidence,
  };
}

export const linksGuard: TextGuard = { name: 'links', defect: 'broken_link', check };
