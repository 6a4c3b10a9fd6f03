import { describe, expect, it } from 'vitest';
import { evaluateSite, loadGold, type SiteEvaluation } from './evaluation.js';
import { extractOffline } from './offline-engine.js';
import { businessSites, FIXTURE_ROOT, loadFixtureSite } from './test-support/fixture-sites.js';

/**
 * Regression guard on the hand-labelled gold set (figures and their history: docs/benchmarks.md).
 * Thresholds sit at the targets, not at today's scores, so honest changes can move them.
 */
const evals: SiteEvaluation[] = businessSites.map((site) =>
  evaluateSite(
    loadGold(FIXTURE_ROOT, site),
    new Map(
      loadFixtureSite(site).map((p) => [
        p.path,
        { markdown: p.input.markdown, extraction: extractOffline(p.input) },
      ]),
    ),
  ),
);

describe('offline extraction against the gold set', () => {
  it('labels at least 150 facts, and every labelled fact is in its page', () => {
    expect(evals.reduce((a, e) => a + e.facts, 0)).toBeGreaterThanOrEqual(150);
    expect(evals.flatMap((e) => e.evidenceMissing)).toEqual([]);
  });

  it('categorises at least 80% of covered facts correctly and covers at least 90% of facts', () => {
    const facts = evals.reduce((a, e) => a + e.facts, 0);
    const covered = evals.reduce((a, e) => a + e.factsCovered, 0);
    const correct = evals.reduce((a, e) => a + e.categoryCorrect, 0);
    expect(covered / facts).toBeGreaterThanOrEqual(0.9);
    expect(correct / covered).toBeGreaterThanOrEqual(0.8);
  });

  it('reads prices with at least 95% precision and 90% recall over all sites', () => {
    const tp = evals.reduce((a, e) => a + e.prices.tp, 0);
    const fp = evals.reduce((a, e) => a + e.prices.fp, 0);
    const fn = evals.reduce((a, e) => a + e.prices.fn, 0);
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.95);
    expect(tp / (tp + fn)).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps delivery fees out of the products and services (they stay facts)', () => {
    expect(evals.flatMap((e) => e.feesAsProducts)).toEqual([]);
  });

  it('finds every labelled phone number, e-mail address and opening-hours rule', () => {
    for (const e of evals) {
      expect(e.phones.recall, e.site).toBe(1);
      expect(e.emails.recall, e.site).toBe(1);
      expect(e.hours.recall, e.site).toBe(1);
      expect(e.hours.precision, e.site).toBe(1);
    }
  });

  it('makes about 5-8 entries per page where the page supports it', () => {
    const pages = evals.reduce((a, e) => a + e.pages, 0);
    const entries = evals.reduce((a, e) => a + e.entries, 0);
    expect(entries / pages).toBeGreaterThanOrEqual(5);
  });
});
