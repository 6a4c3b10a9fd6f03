/**
 * Offline knowledge extraction measured against the hand-labelled gold set
 * (fixtures/knowledge-labels): entry recall (labelled facts covered by an entry's support span),
 * category accuracy of the covering entries, page category accuracy, and precision/recall of prices,
 * phones, e-mails, addresses, opening hours and people. The `dev` sites were used while building the
 * engine; the `heldout` site was not, and is reported on its own. Also times the engine per page.
 *
 * Runs: `npm run bench -- knowledge-extraction [--repeat N]`.
 */
import {
  evaluateSite,
  loadGold,
  type Score,
  type SiteEvaluation,
} from '../../src/modules/knowledge/entries/evaluation.js';
import { extractOffline } from '../../src/modules/knowledge/entries/offline-engine.js';
import {
  businessSites,
  FIXTURE_ROOT,
  loadFixtureSite,
} from '../../src/modules/knowledge/entries/test-support/fixture-sites.js';
import type { BenchArgs } from '../run.js';

function sum(scores: Score[]): Score {
  const tp = scores.reduce((a, s) => a + s.tp, 0);
  const fp = scores.reduce((a, s) => a + s.fp, 0);
  const fn = scores.reduce((a, s) => a + s.fn, 0);
  const r = (n: number) => Math.round(n * 1000) / 1000;
  return { tp, fp, fn, precision: tp + fp ? r(tp / (tp + fp)) : 1, recall: tp + fn ? r(tp / (tp + fn)) : 1 };
}

function summarise(evals: SiteEvaluation[]) {
  const facts = evals.reduce((a, e) => a + e.facts, 0);
  const covered = evals.reduce((a, e) => a + e.factsCovered, 0);
  const correct = evals.reduce((a, e) => a + e.categoryCorrect, 0);
  const pages = evals.reduce((a, e) => a + e.pages, 0);
  const r = (n: number) => Math.round(n * 1000) / 1000;
  return {
    sites: evals.map((e) => e.site),
    pages,
    entries: evals.reduce((a, e) => a + e.entries, 0),
    entriesPerPage: r(evals.reduce((a, e) => a + e.entries, 0) / pages),
    facts,
    entryRecall: r(covered / facts),
    categoryAccuracy: r(correct / covered),
    categoryAccuracyOverAllFacts: r(correct / facts),
    pageCategoryAccuracy: r(evals.reduce((a, e) => a + e.pageCategoryCorrect, 0) / pages),
    prices: sum(evals.map((e) => e.prices)),
    phones: sum(evals.map((e) => e.phones)),
    emails: sum(evals.map((e) => e.emails)),
    addresses: sum(evals.map((e) => e.addresses)),
    hours: sum(evals.map((e) => e.hours)),
    people: sum(evals.map((e) => e.people)),
    confusions: evals.flatMap((e) =>
      e.confusions.map((c) => `${e.site}/${c.fact.slice(0, 70)} — gold ${c.gold}, got ${c.got}`),
    ),
    missedFacts: evals.flatMap((e) => e.missedFacts.map((m) => `${e.site}/${m.slice(0, 80)}`)),
    wrongPrices: evals.flatMap((e) => e.wrongPrices.map((m) => `${e.site}/${m}`)),
    missedPrices: evals.flatMap((e) => e.missedPrices.map((m) => `${e.site}/${m}`)),
  };
}

export default async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  const repeat = Number(args.repeat ?? 20);
  const evals: SiteEvaluation[] = [];
  const timings: number[] = [];
  for (const site of businessSites) {
    const pages = loadFixtureSite(site);
    const results = new Map(
      pages.map((p) => [p.path, { markdown: p.input.markdown, extraction: extractOffline(p.input) }]),
    );
    evals.push(evaluateSite(loadGold(FIXTURE_ROOT, site), results));
    for (let i = 0; i < repeat; i++) {
      for (const p of pages) {
        const t0 = performance.now();
        extractOffline(p.input);
        timings.push(performance.now() - t0);
      }
    }
  }
  timings.sort((a, b) => a - b);
  const q = (p: number) => Math.round((timings[Math.floor(p * (timings.length - 1))] ?? 0) * 100) / 100;
  return {
    dev: summarise(evals.filter((e) => e.split === 'dev')),
    heldout: summarise(evals.filter((e) => e.split === 'heldout')),
    all: summarise(evals),
    speed: { pagesTimed: timings.length, p50Ms: q(0.5), p95Ms: q(0.95) },
  };
}
