/**
 * The knowledge module on labelled small-business websites nobody here wrote
 * (`../shared/datasets/business-sites`, read in place) and on our own fixture sites
 * (`fixtures/business-sites`): each site is served locally, crawled into a fresh tenant through the
 * REST API with a real worker, and scored against its labels (see bench/support/business-sites-score.ts).
 * Tuned and held-out sites are reported apart, for the dataset and for our fixtures alike: the
 * dataset's split is fixed in business-sites-labels.ts, a fixture site's in its labels (`"split"`).
 *
 * Runs: `npm run bench -- business-sites [--site <slug>] [--details]`. `--details` lists what went wrong
 * on tuned sites only; held-out sites show their figures, never their misses, unless `--heldout-details`
 * is given (for the final report, not for tuning). Set TEST_DIALECT=postgres (and TEST_POSTGRES_URL) to
 * run on PostgreSQL.
 */

import type { BenchArgs } from '../run.js';
import { openBusinessSitesRunner } from '../support/business-sites.js';
import { loadBusinessSites } from '../support/business-sites-labels.js';
import { type SiteScore, scoreSite, summarise } from '../support/business-sites-score.js';

export default async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  const only = typeof args.site === 'string' ? args.site.split(',') : null;
  const sites = loadBusinessSites().filter((s) => !only || only.includes(s.slug));
  if (sites.length === 0)
    return { skipped: 'no business sites found (../shared/datasets/business-sites is absent)' };
  const runner = await openBusinessSitesRunner();
  const scores: SiteScore[] = [];
  try {
    for (const site of sites) {
      process.stderr.write(`${site.slug} (${site.source}, ${site.split}) … `);
      const score = scoreSite(await runner.run(site));
      process.stderr.write(`${score.seconds}s\n`);
      scores.push(score);
    }
  } finally {
    await runner.close();
  }
  const part = (pred: (s: SiteScore) => boolean) => {
    const chosen = scores.filter(pred);
    return chosen.length > 0 ? summarise(chosen) : null;
  };
  return {
    dataset: {
      tuned: part((s) => s.source === 'dataset' && s.split === 'tuned'),
      heldout: part((s) => s.source === 'dataset' && s.split === 'heldout'),
    },
    fixtures: {
      tuned: part((s) => s.source === 'fixtures' && s.split === 'tuned'),
      heldout: part((s) => s.source === 'fixtures' && s.split === 'heldout'),
    },
    sites: args.details
      ? scores.map((s) => (s.split === 'heldout' && !args['heldout-details'] ? brief(s) : s))
      : scores.map(brief),
  };
}

function brief(s: SiteScore) {
  return {
    site: s.site,
    split: s.split,
    catalogF1: s.catalog.f1,
    availability: `${s.catalog.availability.right}/${s.catalog.availability.stated}`,
    leaks: s.catalog.leaks.length,
    contact: [s.contact.address, s.contact.phone, s.contact.email].map((b) => (b ? '✓' : '✗')).join(''),
    hours: `${s.hours.right}/7`,
    facts: `${s.facts.covered}/${s.facts.facts}`,
    pageHit5: `${s.queries.pageHit5}/${s.queries.queries}`,
    factHit5: `${s.queries.factHit5}/${s.queries.queries}`,
    dify: `${s.queries.difyRight}/${s.queries.queries}`,
    gapFalseMissing: s.gaps.falseMissing.length,
    catchAll: s.entries.catchAll.length,
  };
}
