/**
 * Offline category classifier: multinomial naive Bayes over stemmed words, word pairs and cue
 * features, trained when first used from the labelled examples in `training.tsv` (written for this
 * purpose, independent of the evaluation fixtures), plus a few rules for cues that decide a category
 * on their own (opening hours, quoted testimonials, job adverts). Deterministic: the same text always
 * gets the same category and confidence.
 */
import { readFileSync } from 'node:fs';
import { AppError } from '../../../../core/errors.js';
import { isKnowledgeCategory, type KnowledgeCategory, knowledgeCategories } from '../categories.js';
import { cueFeatures, textFeatures } from './features.js';

export interface CategoryGuess {
  category: KnowledgeCategory;
  /** Posterior probability of the chosen category after calibration (0-1). */
  confidence: number;
  /** The three best categories with their probabilities, best first. */
  ranking: { category: KnowledgeCategory; probability: number }[];
}

export interface ClassifyInput {
  /** The text itself (question and answer, or a page's title and text). */
  text: string;
  /** Headings above the text and the page title: weaker evidence than the text itself. */
  context?: readonly string[];
}

interface Model {
  logPrior: Map<KnowledgeCategory, number>;
  logLikelihood: Map<KnowledgeCategory, Map<string, number>>;
  logUnknown: Map<KnowledgeCategory, number>;
  vocabulary: Set<string>;
  examples: number;
}

const CONTEXT_WEIGHT = 0.6;
const CUE_WEIGHT = 2;
/** Naive Bayes is over-confident; posteriors are computed from log-scores scaled by this. */
const CALIBRATION = 0.35;

export interface TrainingExample {
  category: KnowledgeCategory;
  text: string;
}

export function readTrainingFile(path: string): TrainingExample[] {
  const examples: TrainingExample[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '' || line.startsWith('#')) return;
      const [category, text] = line.split('\t');
      if (!isKnowledgeCategory(category) || !text) {
        throw new AppError(
          'knowledge.training_invalid',
          500,
          `${path}:${i + 1}: expected "<category>\\t<text>"`,
        );
      }
      examples.push({ category, text });
    });
  return examples;
}

function featuresOf(input: ClassifyInput): Map<string, number> {
  const features = textFeatures(input.text);
  for (const ctx of input.context ?? []) {
    for (const [f, n] of textFeatures(ctx)) features.set(f, (features.get(f) ?? 0) + n * CONTEXT_WEIGHT);
  }
  for (const cue of cueFeatures(input.text)) features.set(cue, (features.get(cue) ?? 0) + CUE_WEIGHT);
  return features;
}

/** Trains a model (Laplace smoothing, alpha 0.5). */
export function trainClassifier(examples: readonly TrainingExample[]): Model {
  const counts = new Map<KnowledgeCategory, Map<string, number>>();
  const totals = new Map<KnowledgeCategory, number>();
  const docs = new Map<KnowledgeCategory, number>();
  const vocabulary = new Set<string>();
  for (const c of knowledgeCategories) {
    counts.set(c, new Map());
    totals.set(c, 0);
    docs.set(c, 0);
  }
  for (const ex of examples) {
    docs.set(ex.category, (docs.get(ex.category) ?? 0) + 1);
    const bucket = counts.get(ex.category) as Map<string, number>;
    for (const [f, n] of featuresOf({ text: ex.text })) {
      vocabulary.add(f);
      bucket.set(f, (bucket.get(f) ?? 0) + n);
      totals.set(ex.category, (totals.get(ex.category) ?? 0) + n);
    }
  }
  const alpha = 0.5;
  const v = vocabulary.size;
  const logPrior = new Map<KnowledgeCategory, number>();
  const logLikelihood = new Map<KnowledgeCategory, Map<string, number>>();
  const logUnknown = new Map<KnowledgeCategory, number>();
  for (const c of knowledgeCategories) {
    // A flat prior: the training set's balance says nothing about a real site's.
    logPrior.set(c, Math.log(1 / knowledgeCategories.length));
    const denom = (totals.get(c) ?? 0) + alpha * v;
    const table = new Map<string, number>();
    for (const [f, n] of counts.get(c) as Map<string, number>) table.set(f, Math.log((n + alpha) / denom));
    logLikelihood.set(c, table);
    logUnknown.set(c, Math.log(alpha / denom));
  }
  return { logPrior, logLikelihood, logUnknown, vocabulary, examples: examples.length };
}

/** Rules: strong cues that shift the score of one category (added to its log-score). */
function ruleBoosts(text: string, cues: readonly string[]): Map<KnowledgeCategory, number> {
  const boosts = new Map<KnowledgeCategory, number>();
  const add = (c: KnowledgeCategory, n: number) => boosts.set(c, (boosts.get(c) ?? 0) + n);
  const t = text.toLowerCase();
  if (
    cues.includes('#hours') ||
    /\b(?:open|closed)\b.*\b(?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?|weekends?)\b/.test(
      t,
    )
  )
    add('locations_hours', 4);
  if (cues.includes('#quote')) add('reviews_testimonials', 4);
  if (
    /\b(?:hiring|vacanc|recruit|your cv|resume|apprentices?hips?|journeym[ae]n|job(?:s)? (?:at|with)|join (?:our|the) team)/.test(
      t,
    )
  )
    add('careers', 4);
  if (/\b(?:refund|returns?|returned|warranty|guarantee)\b/.test(t)) add('returns_warranty', 2);
  if (/\b(?:iso \d{4,5}|accredit|certified|award|licen[cs]ed?\b|insured|bonded|members of|member of)/.test(t))
    add('certifications_awards', 2);
  if (/\b(?:founded|established|started in|since (?:19|20)\d{2})\b/.test(t)) add('company_overview', 2);
  if (
    cues.includes('#discount') ||
    cues.includes('#promo_code') ||
    /\b(?:\d+(?:st|nd|rd|th)? (?:one )?(?:is )?free|loyalty|stamp card)\b/.test(t)
  )
    add('promotions_offers', 2.5);
  if (cues.includes('#name_role')) add('team_people', 2);
  if (/\b(?:privacy|personal data|your details|third parties|terms and conditions|property of)\b/.test(t))
    add('policies_legal', 2.5);
  if (cues.includes('#phone') || cues.includes('#email')) add('customer_support', 1);
  return boosts;
}

let defaultModel: Model | undefined;

/** The model trained from the bundled `training.tsv` (trained once per process, in a few ms). */
function bundledModel(): Model {
  defaultModel ??= trainClassifier(readTrainingFile(new URL('./training.tsv', import.meta.url).pathname));
  return defaultModel;
}

/** Classifies a text into one of the 18 categories, with a calibrated confidence. */
export function classifyText(input: ClassifyInput, model: Model = bundledModel()): CategoryGuess {
  const features = featuresOf(input);
  const cues = cueFeatures(input.text);
  const boosts = ruleBoosts(input.text, cues);
  const scores: { category: KnowledgeCategory; score: number }[] = [];
  for (const c of knowledgeCategories) {
    let score = model.logPrior.get(c) as number;
    const table = model.logLikelihood.get(c) as Map<string, number>;
    const unknown = model.logUnknown.get(c) as number;
    for (const [f, n] of features) {
      if (!model.vocabulary.has(f)) continue; // words never seen in training say nothing
      score += n * (table.get(f) ?? unknown);
    }
    score += (boosts.get(c) ?? 0) / CALIBRATION;
    scores.push({ category: c, score });
  }
  const max = Math.max(...scores.map((s) => s.score));
  const exp = scores.map((s) => ({ category: s.category, p: Math.exp((s.score - max) * CALIBRATION) }));
  const sum = exp.reduce((a, b) => a + b.p, 0);
  const ranking = exp
    .map((e) => ({ category: e.category, probability: e.p / sum }))
    .sort((a, b) => b.probability - a.probability || a.category.localeCompare(b.category));
  const best = ranking[0] as { category: KnowledgeCategory; probability: number };
  return {
    category: best.category,
    confidence: round(best.probability),
    ranking: ranking.slice(0, 3).map((r) => ({ ...r, probability: round(r.probability) })),
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
