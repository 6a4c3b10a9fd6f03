/**
 * Would a business owner publish it? Offline content.generate on the three fixture businesses for
 * their tuned and held-out requests (bench/support/quality-requests.ts), every platform, and the
 * checks of bench/support/post-quality.ts on each rank-1 candidate (and on all candidates): topic
 * relevance, no unasked-for safety or policy lines, nothing pasted (signatures, navigation, cookie
 * text), no dangling labels, fitting emoji, a hook, one call to action, the brand's sentence
 * rhythm, no repeated stems, platform norms, and honesty when the subject is absent. Reports the
 * share of posts passing each check, per split.
 *
 *   npm run bench -- generation-quality [--show] [--split tuned|heldOut] [--site crumb-and-co]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { assembleAppServices } from '../../src/app/create.js';
import { systemClock } from '../../src/core/clock.js';
import { isAppError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Platform } from '../../src/core/platforms.js';
import { splitSentences } from '../../src/core/text/sentences.js';
import { generateContent } from '../../src/modules/generation/index.js';
import { listEntryViews, listProducts } from '../../src/modules/knowledge/index.js';
import { loadVoice } from '../../src/modules/voice/index.js';
import { createTestDatabase } from '../../test/support/db.js';
import {
  addFixtureBusiness,
  type BusinessSite,
  businessSites,
  operationContext,
} from '../../test/support/skills.js';
import type { BenchArgs } from '../run.js';
import { type CheckName, checkNames, checkPost, type QualityRequest } from '../support/post-quality.js';
import { qualityRequests } from '../support/quality-requests.js';

const PLATFORMS: Platform[] = ['linkedin', 'x', 'facebook', 'instagram'];
const SKILLS_DIR = path.resolve(import.meta.dirname, '../../src/modules/skills/builtin');

/** "Price:"-style labels the built-in skills' layouts print before a value. */
function layoutLabels(): Set<string> {
  const out = new Set<string>();
  for (const f of readdirSync(SKILLS_DIR).filter((x) => x.endsWith('.skill.md')))
    for (const m of readFileSync(path.join(SKILLS_DIR, f), 'utf8').matchAll(/^([A-Za-z ]{2,30}):\s*\{\{/gm))
      out.add((m[1] as string).trim().toLowerCase());
  return out;
}

interface Tally {
  posts: number;
  allPass: number;
  failed: Record<CheckName, number>;
  nothingWritten: number;
}

function tally(): Tally {
  return {
    posts: 0,
    allPass: 0,
    failed: Object.fromEntries(checkNames.map((c) => [c, 0])) as Record<CheckName, number>,
    nothingWritten: 0,
  };
}

function summary(t: Tally) {
  const pct = (n: number) => Math.round((1000 * n) / Math.max(1, t.posts)) / 10;
  return {
    posts: t.posts,
    allChecksPassPct: pct(t.allPass),
    passPct: Object.fromEntries(checkNames.map((c) => [c, pct(t.posts - t.failed[c])])),
    nothingWritten: t.nothingWritten,
  };
}

export default async function generationQuality(args: BenchArgs): Promise<Record<string, unknown>> {
  const show = Boolean(args.show);
  const splits = (args.split ? [String(args.split)] : ['tuned', 'heldOut']) as Array<'tuned' | 'heldOut'>;
  const sites = (args.site ? [String(args.site)] : businessSites) as BusinessSite[];
  const labels = layoutLabels();
  const t = await createTestDatabase({}, 'sqlite');
  try {
    const app = await assembleAppServices(t.config, t.db, { clock: systemClock, logger: silentLogger });
    const results: Record<string, { rank1: Tally; all: Tally }> = {};
    for (const split of splits) results[split] = { rank1: tally(), all: tally() };
    const failures: Record<string, string[]> = {};
    for (const site of sites) {
      await addFixtureBusiness(app, site);
      const ctx = operationContext(app, site);
      const entryCtx = { tenantId: site, actor: ctx.actor, app };
      const [entries, products, voice] = await Promise.all([
        listEntryViews(entryCtx, { limit: 2000 }),
        listProducts(entryCtx, { limit: 1000 }),
        loadVoice({ tenantId: site, role: ctx.role, app }),
      ]);
      const knowledge: string[] = [];
      for (const e of entries.entries)
        for (const s of splitSentences(`${e.question}. ${e.answer}`)) knowledge.push(s.text.trim());
      for (const p of products.products)
        for (const s of splitSentences(`${p.name}. ${p.description ?? ''}`)) knowledge.push(s.text.trim());
      const wps = voice.profile.sentences.wordsPerSentence;
      for (const split of splits)
        for (const request of qualityRequests[site][split]) {
          const run = await generate(ctx, request);
          const r = results[split] as { rank1: Tally; all: Tally };
          for (const platform of PLATFORMS) {
            const list = run?.candidates[platform] ?? [];
            if (list.length === 0) {
              // Nothing written is right for an absent subject (the 422) and a failure otherwise.
              if (!request.absent) {
                r.rank1.posts++;
                r.rank1.nothingWritten++;
                for (const c of checkNames) r.rank1.failed[c]++;
              } else {
                r.rank1.posts++;
                r.rank1.allPass++;
              }
              continue;
            }
            for (const c of list) {
              const checks = checkPost({
                platform,
                text: c.text,
                request,
                knowledge,
                wordsPerSentence: { p10: wps.p10, p50: wps.p50, p90: wps.p90 },
                layoutLabels: labels,
              });
              const targets = c.rank === 1 ? [r.rank1, r.all] : [r.all];
              for (const target of targets) {
                target.posts++;
                if (checks.every((x) => x.ok)) target.allPass++;
                for (const x of checks) if (!x.ok) target.failed[x.check]++;
              }
              if (c.rank === 1) {
                const bad = checks.filter((x) => !x.ok);
                for (const x of bad) {
                  const list = failures[x.check] ?? [];
                  list.push(`${site}/${platform} "${request.request}": ${x.evidence}`);
                  failures[x.check] = list;
                }
                if (show)
                  process.stderr.write(
                    `\n=== [${split}] ${site} / ${platform} / "${request.request}"${bad.length ? ` ✗ ${bad.map((x) => x.check).join(', ')}` : ' ✓'}\n${c.text}\n`,
                  );
              }
            }
          }
        }
    }
    return {
      note: 'share of posts passing each reader check; heldOut requests are never tuned on',
      ...Object.fromEntries(
        Object.entries(results).map(([split, r]) => [
          split,
          { rank1: summary(r.rank1), all: summary(r.all) },
        ]),
      ),
      ...(args.failures ? { failures } : {}),
    };
  } finally {
    await t.cleanup();
  }
}

async function generate(ctx: ReturnType<typeof operationContext>, request: QualityRequest) {
  try {
    return await generateContent(ctx, {
      request: request.request,
      platforms: PLATFORMS,
      candidates: 3,
      engine: 'offline',
    });
  } catch (error) {
    if (isAppError(error) && error.code === 'generation.nothing_to_write') return null;
    throw error;
  }
}
