/**
 * Per platform, against the simulator: token refresh (or reconnect-needed where tokens do not refresh),
 * 429 with its reset, 5xx retries, a timeout after the post was sent (unconfirmed, then reconciled),
 * duplicate-content errors and permanent errors. Every case also checks that the simulator holds the
 * post exactly once (or not at all).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../src/core/platforms.js';
import { openTokens } from '../src/modules/publishing/accounts/vault.js';
import { scanExpiringTokens } from '../src/modules/publishing/jobs.js';
import { type AccountRow, findAccount } from '../src/modules/publishing/repository.js';
import { testDialect } from './support/db.js';
import {
  type Account,
  OffsetClock,
  type Publication,
  type PublishingWorld,
  publishingWorld,
} from './support/publishing.js';

let w: PublishingWorld;
const clock = new OffsetClock();
const accounts = {} as Record<Platform, Account>;

/** The call that makes the post visible, per platform (simulator fault paths). */
const createPath: Record<Platform, string> = {
  x: '/2/tweets',
  linkedin: '/rest/posts',
  facebook: '/*/photos',
  instagram: '/*/media_publish',
};
/** A call before it (media upload) whose failure is safe to retry. */
const uploadPath: Record<Platform, string> = {
  x: '/2/media/upload',
  linkedin: '/rest/images',
  facebook: '/*/photos',
  instagram: '/*/media',
};

interface Attempt {
  kind: string;
  outcome: string | null;
  error: { code: string } | null;
  retryAt: string | null;
}
type Detail = Publication & { attemptLog: Attempt[]; nextAttemptAt: string | null };

const simId = (a: Account) =>
  w.sim.control.accounts(a.platform).find((s) => s.id === a.externalId || s.urn === a.externalId)
    ?.id as string;
const postsWith = (a: Account, marker: string) =>
  w.sim.control.posts(a.platform, simId(a)).filter((p) => p.renderedText.includes(marker) && !p.deleted);

let n = 0;
/**
 * Publishes an image post (every platform takes one) with a unique marker in its text; returns the
 * publication id and the marker. `images` picks which of the media server's images go with it.
 */
async function publish(
  platform: Platform,
  options: { text?: string; images?: number[] } = {},
): Promise<{ id: string; marker: string }> {
  const marker = `m${++n}x${Math.random().toString(36).slice(2, 6)}`;
  const text = options.text ?? `Fresh stock of steel ${marker} — cut to length and delivered.`;
  const images = (options.images ?? [n % 6]).map((i) => ({
    kind: 'image' as const,
    url: `${w.media.url}/img${i}.jpg`,
  }));
  const contentId = await w.content({ [platform]: text }, images);
  const { publications } = await w.api<{ publications: Publication[] }>('POST', '/posts', {
    contentId,
    accountIds: [accounts[platform].id],
  });
  return { id: publications[0]?.id as string, marker };
}

const detail = (id: string) => w.api<Detail>('GET', `/posts/${id}`);
const log = (d: Detail) => d.attemptLog.map((a) => `${a.kind}:${a.outcome}`);

beforeAll(async () => {
  w = await publishingWorld({ clock });
  for (const platform of ['x', 'linkedin', 'facebook', 'instagram'] as const) {
    const [account] = await w.connect(platform);
    accounts[platform] = account as Account;
  }
});
afterAll(async () => {
  await w?.close();
});

describe.each(['x', 'linkedin', 'facebook', 'instagram'] as const)(
  `%s under faults (${testDialect})`,
  (platform) => {
    it('429: waits for the reset the platform gave, without spending an attempt, then publishes once', async () => {
      w.sim.control.addFault({ kind: '429', platform, method: 'POST', path: createPath[platform], count: 1 });
      const { id, marker } = await publish(platform);
      let d = await detail(id);
      // Until the attempt has its outcome and the publication has left 'publishing' (the outcome is
      // logged a moment before the status moves on); the test's own timeout bounds it.
      for (
        const until = Date.now() + 90_000;
        (!d.attemptLog[0]?.outcome || d.status === 'publishing') && Date.now() < until;
      ) {
        await new Promise((r) => setTimeout(r, 20));
        d = await detail(id);
      }
      expect(d.status).toBe('queued');
      expect(d.attempts).toBe(0);
      expect(log(d)).toEqual(['publish:rate_limited']);
      const reset = Date.parse(d.nextAttemptAt as string);
      expect(reset - clock.nowMs()).toBeGreaterThan(5 * 60_000);
      expect(postsWith(accounts[platform], marker)).toHaveLength(0);
      clock.advance(reset - clock.nowMs() + 1000);
      const [done] = await w.settle([id]);
      expect(done).toMatchObject({ status: 'published', attempts: 1 });
      expect(postsWith(accounts[platform], marker)).toHaveLength(1);
    });

    it('5xx before anything is visible: retried with backoff', async () => {
      w.sim.control.addFault({
        kind: '5xx',
        status: 503,
        platform,
        method: 'POST',
        path: uploadPath[platform],
        count: 1,
      });
      // Two images: on Facebook they are uploaded unpublished first, then one feed post shows them.
      const { id, marker } = await publish(platform, { images: [1, 2] });
      const [done] = await w.settle([id]);
      expect(done).toMatchObject({ status: 'published', attempts: 2 });
      expect(log(await detail(id))).toEqual(['publish:retry', 'publish:published']);
      expect(postsWith(accounts[platform], marker)).toHaveLength(1);
    });

    it('5xx on the call that creates the post: looks on the account first, then sends again', async () => {
      w.sim.control.addFault({
        kind: '5xx',
        status: 500,
        platform,
        method: 'POST',
        path: createPath[platform],
        count: 1,
      });
      const { id, marker } = await publish(platform);
      const [done] = await w.settle([id]);
      expect(done).toMatchObject({ status: 'published', attempts: 2 });
      expect(log(await detail(id))).toEqual([
        'publish:unconfirmed',
        'reconcile:absent',
        'reconcile:absent',
        'publish:published',
      ]);
      expect(postsWith(accounts[platform], marker)).toHaveLength(1);
    });

    it('timeout after the post was sent: unconfirmed, then found on the account, never sent twice', async () => {
      w.sim.control.addFault({
        kind: 'lost_response',
        lostMode: 'hold',
        holdMs: 10_000,
        platform,
        method: 'POST',
        path: createPath[platform],
        count: 1,
      });
      const { id, marker } = await publish(platform);
      const [done] = await w.settle([id]);
      expect(done).toMatchObject({ status: 'published', attempts: 1 });
      const d = await detail(id);
      expect(log(d)).toEqual(['publish:unconfirmed', 'reconcile:found']);
      expect(d.attemptLog[0]?.error?.code).toBe('publishing.transient');
      const posts = postsWith(accounts[platform], marker);
      expect(posts).toHaveLength(1);
      expect(done?.platformPostId).toBe(posts[0]?.id);
      expect(w.sim.control.state().duplicates).toBe(0);
    });

    it('duplicate content: refused by the platform, reported, nothing posted twice', async () => {
      const first = await publish(platform, { images: [3] });
      const [one] = await w.settle([first.id]);
      expect(one?.status).toBe('published');
      if (platform === 'instagram') {
        // Instagram has no duplicate rule of its own; the simulator answers its error on demand.
        w.sim.control.addFault({
          kind: 'duplicate',
          platform,
          method: 'POST',
          path: createPath[platform],
          count: 1,
        });
      }
      const same = one?.text as string;
      const second = await publish(platform, { text: same, images: [3] });
      const [two] = await w.settle([second.id]);
      expect(two).toMatchObject({ status: 'failed', error: { code: 'publishing.duplicate' } });
      expect(two?.error?.message).toMatch(/duplicate/);
      expect(postsWith(accounts[platform], first.marker)).toHaveLength(1);
      expect(w.sim.control.state().duplicates).toBe(0);
    });

    it('permanent error: media the platform cannot take fails at once with its reason', async () => {
      const contentId = await w.content({ [platform]: `Broken picture ${Math.random()}` }, [
        { kind: 'image', url: `${w.media.url}/not-an-image.jpg` },
      ]);
      const { publications } = await w.api<{ publications: Publication[] }>('POST', '/posts', {
        contentId,
        accountIds: [accounts[platform].id],
      });
      const [done] = await w.settle(publications.map((p) => p.id));
      expect(done?.status).toBe('failed');
      expect(done?.attempts).toBe(1);
      expect(['publishing.invalid_media', 'publishing.permanent']).toContain(done?.error?.code);
    });
  },
);

describe(`tokens (${testDialect})`, () => {
  it.each(['x', 'linkedin'] as const)(
    '%s: renews a token before it expires (scheduled scan → refresh job)',
    async (platform) => {
      const minted = w.sim.control.mintToken({
        platform,
        withRefreshToken: true,
        expiresInSec: platform === 'x' ? 600 : 3 * 86_400,
      });
      const account = await w.api<Account>('POST', '/accounts/token', {
        platform,
        // A LinkedIn token reaches the member and the Page they administer: name the one to connect.
        ...(platform === 'linkedin' ? { externalId: accounts.linkedin.externalId } : {}),
        accessToken: minted.access_token,
        refreshToken: minted.refresh_token,
        expiresAt: new Date(clock.nowMs() + (minted.expires_in as number) * 1000).toISOString(),
      });
      expect(account.canRefresh).toBe(true);
      const before = account.tokenExpiresAt as string;
      expect(await scanExpiringTokens(w.t.app)).toBeGreaterThanOrEqual(1);
      let now: Account | undefined;
      for (const until = Date.now() + 90_000; Date.now() < until; ) {
        const { accounts: list } = await w.api<{ accounts: Account[] }>(
          'GET',
          `/accounts?platform=${platform}`,
        );
        now = list.find((a) => a.id === account.id);
        if (now?.tokenExpiresAt !== before) break;
        await new Promise((r) => setTimeout(r, 30));
      }
      expect(now?.status).toBe('active');
      expect(Date.parse(now?.tokenExpiresAt as string)).toBeGreaterThan(Date.parse(before));
      const events = await w.api<{ events: Array<{ type: string; subjectId: string }> }>(
        'GET',
        `/events?subjectId=${account.id}`,
      );
      expect(events.events.map((e) => e.type)).toContain('publishing.token_refreshed');
      // The renewed token publishes.
      const { id } = await publish(platform);
      expect((await w.settle([id]))[0]?.status).toBe('published');
    },
  );

  it('warns ahead of expiry when the platform gave no refresh token (LinkedIn self-serve apps)', async () => {
    const minted = w.sim.control.mintToken({ platform: 'linkedin', expiresInSec: 2 * 86_400 });
    const account = await w.api<Account & { statusReason: string | null }>('POST', '/accounts/token', {
      platform: 'linkedin',
      externalId: accounts.linkedin.externalId,
      accessToken: minted.access_token,
      expiresAt: new Date(clock.nowMs() + 2 * 86_400_000).toISOString(),
    });
    expect(account.canRefresh).toBe(false);
    await scanExpiringTokens(w.t.app);
    let warned: (Account & { statusReason: string | null }) | undefined;
    for (const until = Date.now() + 90_000; Date.now() < until && !warned?.statusReason; ) {
      await new Promise((r) => setTimeout(r, 30));
      const { accounts: list } = await w.api<{ accounts: Array<Account & { statusReason: string | null }> }>(
        'GET',
        '/accounts?platform=linkedin',
      );
      warned = list.find((a) => a.id === account.id);
    }
    expect(warned?.status).toBe('active');
    expect(warned?.statusReason).toMatch(/gave no refresh token; connect the account again/);
    const events = await w.api<{ events: Array<{ type: string }> }>('GET', `/events?subjectId=${account.id}`);
    expect(events.events.map((e) => e.type)).toContain('publishing.token_expiring');
  });

  it.each(['facebook', 'instagram'] as const)(
    '%s: a revoked Page token makes the account "reconnect needed"; reconnecting and retrying publishes',
    async (platform) => {
      // The person removes the app on the platform: the login's tokens stop working.
      const row = await w.t.app.db.read(w.tenant.id, (db) =>
        findAccount(db, w.tenant.id, accounts[platform].id),
      );
      const tokens = await w.t.app.db.read(w.tenant.id, (db) =>
        openTokens(w.t.app.crypto, db, row as AccountRow),
      );
      expect(w.sim.control.revokeToken(tokens?.accessToken as string)).toBe(true);
      const { id } = await publish(platform);
      const [failed] = await w.settle([id]);
      expect(failed).toMatchObject({ status: 'failed', error: { code: 'publishing.auth_expired' } });
      const { accounts: list } = await w.api<{ accounts: Account[] }>(
        'GET',
        `/accounts?platform=${platform}`,
      );
      expect(list.find((a) => a.id === accounts[platform].id)?.status).toBe('reconnect_needed');
      const events = await w.api<{ events: Array<{ type: string }> }>(
        'GET',
        `/events?subjectId=${accounts[platform].id}`,
      );
      expect(events.events.map((e) => e.type)).toContain('publishing.account_reconnect_needed');
      const again = await w.connect(platform, (choices) =>
        choices.filter((c) => c.name === 'Sim Steel').map((c) => c.externalId),
      );
      expect(again[0]?.id).toBe(accounts[platform].id);
      await w.api('POST', `/posts/${id}/retry`);
      expect((await w.settle([id]))[0]?.status).toBe('published');
    },
  );
});
