/**
 * The offline engine's deterministic building blocks: no network, no model files, the same output on
 * every machine. Later modules compose them (extraction, voice analysis, guards, the composer).
 */
export { LOCAL_EMBEDDING_DIMENSION, LOCAL_EMBEDDING_MODEL_ID, LocalEmbeddingModel } from './embedding.js';
export { extractKeywords, type Keyphrase, type KeywordOptions } from './keywords.js';
export { detectLanguage, type LanguageGuess } from './language.js';
export { type Readability, readability } from './readability.js';
export { type Sentence, splitSentences } from './sentences.js';
export { isStopword, type Language, languages, stopwordsFor } from './stopwords.js';
export { countSyllables } from './syllables.js';
export { normalizeWord, tokenizeWords, type WordKind, type WordToken, words } from './words.js';
