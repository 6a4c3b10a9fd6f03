/** Page extraction: the built-in extractor, the optional hosted readers, and their shared types. */
export * from './adapters/index.js';
export { DEFAULT_MAX_HTML_CHARS, extractPage } from './extract-page.js';
export { markdownToText } from './plain-text.js';
export type * from './types.js';
