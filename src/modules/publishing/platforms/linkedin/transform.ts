/**
 * LinkedIn's `commentary` is "little text": the reserved characters | { } @ [ ] ( ) < > # \ * _ ~ must be
 * backslash-escaped even where they are not markup, or LinkedIn silently cuts the post at the first one.
 * Hashtags (#word) stay hashtags; mentions need a URN we do not have, so @ is escaped to plain text.
 * At most 3,000 characters; images 1-20 (one is `media`, more are `multiImage`) or one video.
 */
import { textLength, textLimits } from '../../../../core/platforms.js';
import { PlatformError } from '../errors.js';
import { capMedia } from '../media-caps.js';
import type { PostDraft, PreparedPost } from '../types.js';

const RESERVED = /[|{}@[\]()<>#\\*_~]/g;
const HASHTAG = /#[\p{L}\p{N}_]+/gu;

/** Escapes little-text reserved characters, keeping hashtags as hashtags. */
export function escapeLittleText(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(HASHTAG)) {
    const at = m.index ?? 0;
    const before = at === 0 ? '' : text[at - 1];
    // A # inside a word (C#) is not a hashtag.
    if (before && /[\p{L}\p{N}_]/u.test(before)) continue;
    out += text.slice(last, at).replace(RESERVED, (c) => `\\${c}`);
    out += `#${m[0].slice(1).replace(/_/g, '\\_')}`;
    last = at + m[0].length;
  }
  return out + text.slice(last).replace(RESERVED, (c) => `\\${c}`);
}

/** The text a reader sees for little text (what the API gives back in `commentary`). */
export function unescapeLittleText(text: string): string {
  return text.replace(/\\([|{}@[\]()<>#\\*_~])/g, '$1');
}

export function prepareLinkedInPost(draft: PostDraft): PreparedPost {
  const text = draft.text.normalize('NFC').trim();
  const length = textLength('linkedin', text);
  if (length > textLimits.linkedin.maxLength) {
    throw new PlatformError({
      platform: 'linkedin',
      kind: 'permanent',
      delivery: 'not_sent',
      message: `the text has ${length} characters; LinkedIn takes ${textLimits.linkedin.maxLength}`,
    });
  }
  const { media, notes } = capMedia('linkedin', draft.media, { maxImages: 20, mixed: false });
  if (!text && media.length === 0) {
    throw new PlatformError({
      platform: 'linkedin',
      kind: 'permanent',
      delivery: 'not_sent',
      message: 'the post has no text and no media',
    });
  }
  return { parts: [{ text }], media, notes };
}
