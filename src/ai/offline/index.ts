/**
 * The offline engine's deterministic building blocks: no network, no model files, the same output on
 * every machine. Later modules compose them (extraction, voice analysis, guards, the composer). The
 * text toolkit they stand on (sentences, words, syllables, stop words, word frequencies) is src/core/text.
 */
export { LOCAL_EMBEDDING_DIMENSION, LOCAL_EMBEDDING_MODEL_ID, LocalEmbeddingModel } from './embedding.js';
export { extractKeywords, type Keyphrase, type KeywordOptions } from './keywords.js';
export { detectLanguage, type LanguageGuess } from './language.js';
export { type Readability, readability } from './readability.js';
