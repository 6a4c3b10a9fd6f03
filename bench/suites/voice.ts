/**
 * Voice benchmark: authorship attribution on real brand posts, drift calibration and scoring latency.
 *
 * Data: ../shared/datasets/brand-tweets (7 brand accounts, internal evaluation only; read in place,
 * never copied). Each brand's profile is learned from the chronologically first 80% of its tweets;
 * every held-out tweet (last 20%) is attributed to the brand whose profile gives it the highest voice
 * score. Same split as the dataset's reference baseline (char 2–4-gram naive Bayes, 63.7%).
 *
 *   npm run bench -- voice                 attribution + latency + drift
 *   npm run bench -- voice --quick         fewer latency samples, no drift windows
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareVoice, DRIFT_THRESHOLD } from '../../src/modules/voice/drift.js';
import { parseCsv } from '../../src/modules/voice/examples/csv.js';
import { learnVoiceProfile } from '../../src/modules/voice/learn/learn-profile.js';
import { scoreVoiceMatch, voiceEvidence } from '../../src/modules/voice/score.js';
import type { BrandVoiceProfile, VoiceExample } from '../../src/modules/voice/types.js';
import type { BenchArgs } from '../run.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const datasetDir =
  process.env.BRAND_TWEETS_DIR ?? path.resolve(here, '../../../shared/datasets/brand-tweets');

type Kind = 'original' | 'reply';
interface Tweet {
  brand: string;
  id: string;
  text: string;
  at: string;
  kind: Kind;
  retweet: boolean;
}

/**
 * A customer-care reply is a tweet answering another account: `in_reply_to_user` is set and is not
 * the brand's own id (ids were saved as floats, so compared with a relative tolerance). Replies to the
 * brand's own tweets are thread continuations and count as original posts.
 */
function loadTweets(file: string): Tweet[] {
  const table = parseCsv(readFileSync(file, 'utf8'));
  const col = (name: string) => {
    const i = table.header.indexOf(name);
    if (i < 0) throw new Error(`brand_tweets.csv has no column ${name}`);
    return i;
  };
  const [u, uid, tid, at, text, irt] = [
    'username',
    'user_id',
    'tweet_id',
    'created_at',
    'text',
    'in_reply_to_user',
  ].map(col) as number[];
  return table.rows.map((r) => {
    const replyTo = r[irt as number] ?? '';
    const own = Number(r[uid as number]);
    const self = replyTo !== '' && Math.abs(Number(replyTo) - own) / Math.max(own, 1) < 1e-9;
    const body = r[text as number] ?? '';
    return {
      brand: r[u as number] ?? '',
      id: r[tid as number] ?? '',
      text: body,
      at: r[at as number] ?? '',
      kind: replyTo !== '' && !self ? 'reply' : 'original',
      retweet: body.startsWith('RT @'),
    };
  });
}

function split(tweets: Tweet[]): { brands: string[]; train: Map<string, Tweet[]>; test: Tweet[] } {
  const brands = [...new Set(tweets.map((t) => t.brand))].sort();
  const train = new Map<string, Tweet[]>();
  const test: Tweet[] = [];
  for (const b of brands) {
    const rows = tweets.filter((t) => t.brand === b).sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
    const cut = Math.floor(rows.length * 0.8);
    train.set(b, rows.slice(0, cut));
    test.push(...rows.slice(cut));
  }
  return { brands, train, test };
}

interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  n: number;
}

function metrics(pairs: Array<{ truth: string; predicted: string }>, brands: string[]) {
  const per: Record<string, Confusion> = {};
  for (const b of brands) per[b] = { tp: 0, fp: 0, fn: 0, n: 0 };
  let correct = 0;
  for (const { truth, predicted } of pairs) {
    (per[truth] as Confusion).n++;
    if (truth === predicted) {
      correct++;
      (per[truth] as Confusion).tp++;
    } else {
      (per[truth] as Confusion).fn++;
      (per[predicted] as Confusion).fp++;
    }
  }
  const perBrand: Record<string, { n: number; precision: number; recall: number; f1: number }> = {};
  let f1Sum = 0;
  let f1Count = 0;
  for (const b of brands) {
    const c = per[b] as Confusion;
    const precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0;
    const recall = c.n > 0 ? c.tp / c.n : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    if (c.n > 0) {
      f1Sum += f1;
      f1Count++;
    }
    perBrand[b] = { n: c.n, precision: r3(precision), recall: r3(recall), f1: r3(f1) };
  }
  return {
    n: pairs.length,
    accuracy: r3(correct / Math.max(pairs.length, 1)),
    macroF1: r3(f1Sum / Math.max(f1Count, 1)),
    perBrand,
  };
}

const r3 = (v: number) => Math.round(v * 1000) / 1000;

function toExamples(rows: Tweet[]): VoiceExample[] {
  return rows.map((t) => ({ id: t.id, text: t.text, source: 'post', platform: 'x', publishedAt: t.at }));
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

export default async function voiceBench(args: BenchArgs): Promise<Record<string, unknown>> {
  const file = path.join(datasetDir, 'brand_tweets.csv');
  if (!existsSync(file)) {
    const message = `voice benchmark skipped: ${file} not found (set BRAND_TWEETS_DIR to the brand-tweets dataset folder)`;
    console.error(message);
    return { skipped: true, reason: message };
  }
  const tweets = loadTweets(file);
  const { brands, train, test } = split(tweets);
  console.error(`[voice] ${tweets.length} tweets, ${brands.length} brands, ${test.length} held out`);

  const learnStarted = performance.now();
  const profiles = new Map<string, BrandVoiceProfile>();
  for (const b of brands) {
    const t0 = performance.now();
    profiles.set(b, learnVoiceProfile(toExamples(train.get(b) ?? []), { now: '2026-11-25T00:00:00.000Z' }));
    console.error(`[voice] learned ${b} in ${Math.round(performance.now() - t0)} ms`);
  }
  const learnMs = performance.now() - learnStarted;

  // Attribution by the voice score (what the product shows), and by the raw evidence for comparison.
  const byScore: Array<{ truth: string; predicted: string; kind: Kind; retweet: boolean }> = [];
  const byEvidence: Array<{ truth: string; predicted: string }> = [];
  const byFeatures: Array<{ truth: string; predicted: string }> = [];
  const byLexical: Array<{ truth: string; predicted: string }> = [];
  for (const t of test) {
    let best = '';
    let bestScore = -Infinity;
    let bestEvidence = '';
    let bestEv = -Infinity;
    let bestF = '';
    let bestFv = -Infinity;
    let bestL = '';
    let bestLv = -Infinity;
    for (const b of brands) {
      const p = profiles.get(b) as BrandVoiceProfile;
      const s = scoreVoiceMatch(p, t.text, 'x');
      // The score is a fixed increasing function of the evidence; the evidence breaks ties where the
      // rounded score saturates at 100.0 or 0.0.
      const value = s.score + s.components.evidence * 1e-6;
      if (value > bestScore) {
        bestScore = value;
        best = b;
      }
      const ev = voiceEvidence(p, t.text, 'x');
      if (ev > bestEv) {
        bestEv = ev;
        bestEvidence = b;
      }
      if (s.components.features > bestFv) {
        bestFv = s.components.features;
        bestF = b;
      }
      if (s.components.lexical.perChar > bestLv) {
        bestLv = s.components.lexical.perChar;
        bestL = b;
      }
    }
    byScore.push({ truth: t.brand, predicted: best, kind: t.kind, retweet: t.retweet });
    byEvidence.push({ truth: t.brand, predicted: bestEvidence });
    byFeatures.push({ truth: t.brand, predicted: bestF });
    byLexical.push({ truth: t.brand, predicted: bestL });
  }

  // Latency: score held-out tweets against one profile with a warm (compiled) scorer.
  const latencySamples = args.quick ? 500 : 3000;
  const profile = profiles.get('DennysDiner') ?? (profiles.values().next().value as BrandVoiceProfile);
  const sampleTexts = test.slice(0, latencySamples).map((t) => t.text);
  for (const text of sampleTexts.slice(0, 50)) scoreVoiceMatch(profile, text, 'x');
  const times: number[] = [];
  for (const text of sampleTexts) {
    const t0 = performance.now();
    scoreVoiceMatch(profile, text, 'x');
    times.push((performance.now() - t0) * 1000);
  }
  times.sort((a, b) => a - b);

  const result: Record<string, unknown> = {
    dataset: 'brand-tweets (7 brands, chronological 80/20 per brand)',
    train: [...train.values()].reduce((s, r) => s + r.length, 0),
    test: test.length,
    baseline: { method: 'char 2-4-gram naive Bayes (dataset PROVENANCE.md)', accuracy: 0.637 },
    attributionByScore: {
      all: metrics(byScore, brands),
      originals: metrics(
        byScore.filter((p) => p.kind === 'original'),
        brands,
      ),
      replies: metrics(
        byScore.filter((p) => p.kind === 'reply'),
        brands,
      ),
      retweetsAmongOriginals: byScore.filter((p) => p.retweet).length,
    },
    attributionByEvidence: metrics(byEvidence, brands),
    componentsAlone: {
      featuresOnly: metrics(byFeatures, brands).accuracy,
      lexicalOnly: metrics(byLexical, brands).accuracy,
    },
    learnMsTotal: Math.round(learnMs),
    latencyMicroseconds: {
      samples: times.length,
      p50: Math.round(percentile(times, 0.5)),
      p95: Math.round(percentile(times, 0.95)),
      p99: Math.round(percentile(times, 0.99)),
    },
  };

  if (!args.quick) result.drift = driftCalibration(brands, profiles, test, Number(args.window ?? 30));
  return result;
}

/**
 * Drift calibration: windows of consecutive held-out posts from the same brand (no drift: the voice
 * is the brand's own, only later in time) against windows of another brand's posts (a voice change).
 */
function driftCalibration(
  brands: string[],
  profiles: Map<string, BrandVoiceProfile>,
  test: Tweet[],
  size: number,
) {
  const same: number[] = [];
  const other: number[] = [];
  for (const b of brands) {
    const own = test.filter((t) => t.brand === b);
    const profile = profiles.get(b) as BrandVoiceProfile;
    for (let i = 0; i + size <= own.length; i += size) {
      same.push(compareVoice(profile, toExamples(own.slice(i, i + size))).distance);
    }
    for (const o of brands) {
      if (o === b) continue;
      const theirs = test.filter((t) => t.brand === o);
      for (let i = 0; i + size <= theirs.length && i < size * 3; i += size) {
        other.push(compareVoice(profile, toExamples(theirs.slice(i, i + size))).distance);
      }
    }
  }
  same.sort((a, b) => a - b);
  other.sort((a, b) => a - b);
  const rate = (xs: number[], pred: (v: number) => boolean) =>
    r3(xs.filter(pred).length / Math.max(xs.length, 1));
  return {
    windowSize: size,
    threshold: DRIFT_THRESHOLD,
    sameBrandWindows: same.length,
    otherBrandWindows: other.length,
    sameBrand: {
      p50: r3(percentile(same, 0.5)),
      p90: r3(percentile(same, 0.9)),
      p95: r3(percentile(same, 0.95)),
      max: r3(same[same.length - 1] ?? 0),
    },
    otherBrand: {
      p5: r3(percentile(other, 0.05)),
      p10: r3(percentile(other, 0.1)),
      p50: r3(percentile(other, 0.5)),
    },
    falseAlarmRate: rate(same, (v) => v >= DRIFT_THRESHOLD),
    detectionRate: rate(other, (v) => v >= DRIFT_THRESHOLD),
  };
}
