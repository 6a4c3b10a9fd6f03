/**
 * The knowledge module on our mini-sites (`fixtures/mini-sites/`, see bench/support/mini-sites.ts):
 * each is served locally, crawled into a fresh tenant through the REST API with a real worker, and
 * scored on the aspects its labels test (contact, weekly hours, catalogue with stock and fees). Tuned
 * and held-out mini-sites are reported apart.
 *
 * Runs: `npm run bench -- mini-sites [--site <slug>] [--details]`. `--details` lists what went wrong on
 * tuned mini-sites only; held-out ones show their figures, never their misses, unless
 * `--heldout-details` is given (for a final report, not for tuning).
 */

import type { BenchArgs } from '../run.js';
import { openBusinessSitesRunner } from '../support/business-sites.js';
import { type SiteScore, scoreSite } from '../support/business-sites-score.js';
import { loadMiniSites, type MiniScore, miniScore, summariseMini } from '../support/mini-sites.js';

export default async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  const only = typeof args.site === 'string' ? args.site.split(',') : null;
  const sites = loadMiniSites().filter((s) => !only || only.includes(s.slug));
  if (sites.length === 0) return { skipped: 'no mini-sites found (fixtures/mini-sites)' };
  const runner = await openBusinessSitesRunner();
  const scores: SiteScore[] = [];
  try {
    for (const site of sites) {
      process.stderr.write(`${site.slug} (${site.split}) … `);
      const score = scoreSite(await runner.run(site, { queries: false }));
      process.stderr.write(`${score.seconds}s\n`);
      scores.push(score);
    }
  } finally {
    await runner.close();
  }
  const part = (split: string) => {
    const chosen = sites
      .map((s, i) => ({ s, score: scores[i] as SiteScore }))
      .filter((x) => x.s.split === split);
    return chosen.length === 0
      ? null
      : summariseMini(
          chosen.map((x) => x.s),
          chosen.map((x) => x.score),
        );
  };
  const details = sites.map((s, i) => miniScore(s, scores[i] as SiteScore));
  return {
    tuned: part('tuned'),
    heldout: part('heldout'),
    sites: details.map((d) =>
      args.details && (d.split === 'tuned' || args['heldout-details']) ? d : brief(d),
    ),
  };
}

/** A mini-site's figures without what went wrong (held-out sites, or no `--details`). */
function brief(d: MiniScore) {
  return {
    site: d.site,
    split: d.split,
    builder: d.builder,
    ...(d.catalogue
      ? {
          catalogue: { f1: d.catalogue.f1, availability: d.catalogue.availability, leaks: d.catalogue.leaks },
        }
      : {}),
    ...(d.contact
      ? {
          contact: [d.contact.address, d.contact.phone, d.contact.email].map((b) => (b ? '✓' : '✗')).join(''),
        }
      : {}),
    ...(d.hours ? { hours: `${d.hours.right}/7` } : {}),
  };
}
