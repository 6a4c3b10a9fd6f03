import { AppError } from '../core/errors.js';
import type { CommandOverride } from './operations.js';
import { renderHuman } from './render.js';

interface PublicationView {
  id: string;
  accountId: string;
  platform: string;
  status: string;
  url: string | null;
  scheduledAt: string | null;
  scheduledAtLocal: string | null;
  error: { code: string; message: string } | null;
  notes: string[];
}

const FINAL = new Set(['published', 'failed', 'cancelled']);
const POLL_MS = 500;

function outcome(p: PublicationView): string {
  if (p.status === 'published') return p.url ?? 'published';
  if (p.status === 'scheduled') return `scheduled for ${p.scheduledAtLocal ?? p.scheduledAt}`;
  if (p.status === 'unconfirmed') return `unconfirmed: ${p.error?.message ?? 'being checked on the account'}`;
  return p.error ? `${p.error.code}: ${p.error.message}` : p.status;
}

function table(pubs: PublicationView[]): string {
  return renderHuman(
    pubs.map((p) => ({ account: p.accountId, platform: p.platform, status: p.status, outcome: outcome(p) })),
  );
}

/**
 * `dify-agent posts publish <content-id> --accounts a b`: publishes and, unless `--detach` or the posts
 * are scheduled for later, waits until every account has an outcome (published, failed, cancelled) or
 * `--wait` seconds pass, printing each outcome as it comes. Exits 0 only when every post is published
 * (or scheduled).
 */
export const publishCommand: CommandOverride = {
  flags: [
    [
      '--accounts <ids...>',
      'accounts to publish to (ids from `dify-agent accounts list`); same as --account-ids',
    ],
    ['--detach', 'return the publications at once instead of waiting for their outcome'],
    ['--wait <seconds>', 'how long to wait for the outcome (default 180)'],
  ],
  async run(op, input, client, { json, flags, print, operationAt }) {
    if (Array.isArray(flags.accounts)) {
      input.accountIds = (flags.accounts as string[]).flatMap((a) => a.split(',')).filter(Boolean);
    }
    const started = (await client.call(op, input)) as { publications: PublicationView[] };
    const due = started.publications.filter((p) => !FINAL.has(p.status) && p.status !== 'scheduled');
    if (flags.detach || due.length === 0) {
      if (!json) print(table(started.publications));
      else print(JSON.stringify(started, null, 2));
      return undefined;
    }
    const get = operationAt('GET', '/posts/{id}');
    const waitMs = Number(flags.wait ?? 180) * 1000;
    const deadline = Date.now() + (Number.isFinite(waitMs) ? waitMs : 180_000);
    const current = new Map(started.publications.map((p) => [p.id, p]));
    const reported = new Set<string>();
    await client.whileJobsRun(async () => {
      for (;;) {
        for (const p of [...current.values()]) {
          if (FINAL.has(p.status) || p.status === 'scheduled') continue;
          const now = (await client.call(get, { id: p.id })) as PublicationView;
          current.set(p.id, now);
          if (FINAL.has(now.status) && !reported.has(now.id) && !json) {
            reported.add(now.id);
            process.stderr.write(`${now.platform} ${now.accountId}: ${outcome(now)}\n`);
          }
        }
        const pending = [...current.values()].filter((p) => !FINAL.has(p.status) && p.status !== 'scheduled');
        if (pending.length === 0 || Date.now() > deadline) return;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    });
    const pubs = [...current.values()];
    print(json ? JSON.stringify({ publications: pubs }, null, 2) : table(pubs));
    const missing = pubs.filter((p) => p.status !== 'published' && p.status !== 'scheduled');
    if (missing.length > 0) {
      throw new AppError(
        'publishing.not_all_published',
        502,
        `${missing.length} of ${pubs.length} posts are not published: ${missing.map((p) => `${p.platform} ${p.status}`).join(', ')}`,
        { publications: missing.map((p) => ({ id: p.id, status: p.status, error: p.error })) },
      );
    }
    return undefined;
  },
};
