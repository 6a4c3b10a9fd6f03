/**
 * Recognising our own post among an account's recent posts, to settle an unknown outcome. Platforms
 * give the text back changed: X shortens links to t.co and appends a link for attached media, LinkedIn
 * returns little text escaped, Facebook and Instagram may trim whitespace. The fingerprint keeps what
 * survives all of that: the words, lowercased, without links, escapes or spacing.
 */
export function textFingerprint(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/https?:\/\/\S+/gi, ' ')
    .replace(/\\([|{}@[\]()<>#\\*_~])/g, '$1')
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
