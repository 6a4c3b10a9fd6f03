import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.js';
import { errorOf } from '../../../test/support/errors.js';
import { insertTestTenant } from '../../../test/support/tenants.js';
import { assembleAppServices } from '../../app/create.js';
import { systemClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import type { OperationContext, Role } from '../../operations/define.js';
import type { AppServices } from '../../operations/services.js';
import {
  getVoiceOperation,
  learnVoiceOperation,
  scoreVoiceOperation,
  updateVoiceRulesOperation,
  voiceDriftOperation,
} from './operations.js';
import { fixtureText } from './test-support/fixtures.js';

let t: TestDatabase;
let app: AppServices;

async function addTenant(id: string): Promise<void> {
  await insertTestTenant(t.db, id);
}

function ctx(tenantId: string, role: Role = 'editor'): OperationContext {
  return { tenantId, role, actor: { type: 'operator', id: null }, scopes: [], requestId: 'req_test', app };
}

const learn = (tenant: string, input: Record<string, unknown>, role: Role = 'editor') =>
  learnVoiceOperation.handler(ctx(tenant, role), learnVoiceOperation.input.parse(input));

beforeAll(async () => {
  t = await createTestDatabase();
  app = await assembleAppServices(t.config, t.db, { clock: systemClock, logger: silentLogger });
  await addTenant('bakery');
  await addTenant('plumber');
});

afterAll(async () => {
  await app?.queue.close();
  await app?.fetch.close();
  await t?.cleanup();
});

describe('voice service on real storage', () => {
  it('learns from JSONL, writes an offline analysis and returns the summary', async () => {
    const summary = await learn('bakery', { examples: fixtureText('bakery.jsonl') });
    expect(summary.version).toBe(1);
    expect(summary.baselineVersion).toBe(1);
    expect(summary.examples.posts).toBe(16);
    expect(summary.hashtags.recurring[0]).toBe('#CrumbAndCo');
    expect(summary.analysisModel).toBe('local');
    expect(summary.analysis?.summary).toMatch(/playful/);
    expect(summary.analysis?.do.join(' ')).toMatch(/#CrumbAndCo/);
  });

  it('stores profiles, examples and rules encrypted: the raw rows hold no plaintext phrases', async () => {
    await updateVoiceRulesOperation.handler(
      ctx('bakery'),
      updateVoiceRulesOperation.input.parse({ addText: ["never say 'cheapskate bargain'"] }),
    );
    const rows = await t.db.system((tx) =>
      tx.selectFrom('voice_profile_versions').selectAll().where('tenant_id', '=', 'bakery').execute(),
    );
    const state = await t.db.system((tx) =>
      tx.selectFrom('voice_profiles').selectAll().where('tenant_id', '=', 'bakery').execute(),
    );
    expect(rows).toHaveLength(1);
    const blobs = [rows[0]?.profile, rows[0]?.examples, state[0]?.rules, state[0]?.analysis].map((b) =>
      Buffer.from(b as Buffer),
    );
    for (const blob of blobs) {
      expect(blob.length).toBeGreaterThan(28);
      for (const encoding of ['utf8', 'latin1', 'hex', 'base64'] as const) {
        const raw = blob.toString(encoding);
        for (const phrase of [
          'CrumbAndCo',
          'croissant',
          'Cinnamon',
          'cheapskate',
          'sourdough',
          'playful',
          'Rosie',
        ])
          expect(raw.includes(phrase), `${phrase} in ${encoding}`).toBe(false);
      }
      // Not merely compressed: the stored bytes are ciphertext.
      expect(() => gunzipSync(blob)).toThrow();
    }
  });

  it('scores drafts against the stored profile, with rule violations', async () => {
    const good = await scoreVoiceOperation.handler(
      ctx('bakery', 'viewer'),
      scoreVoiceOperation.input.parse({
        text: 'Chocolate chip cookies straight from the oven 🍪 Come grab one while they are still gooey! #CrumbAndCo',
        platform: 'instagram',
      }),
    );
    const bad = await scoreVoiceOperation.handler(
      ctx('bakery', 'viewer'),
      scoreVoiceOperation.input.parse({
        text: 'We are pleased to announce our comprehensive cheapskate bargain catalogue for corporate clients.',
        platform: 'instagram',
      }),
    );
    expect(good.score).toBeGreaterThan(bad.score + 30);
    expect(good.violations).toEqual([]);
    expect(bad.violations[0]?.message).toContain('cheapskate bargain');
    expect(bad.score).toBeLessThan(50);
    expect(scoreVoiceOperation.output.safeParse(good).success).toBe(true);
  });

  it('removes rules by id, and refuses unknown ids without changing anything', async () => {
    const { summary } = await getVoiceOperation.handler(ctx('bakery', 'viewer'), {});
    expect(summary.analysis?.dont).toContain('Never say "cheapskate bargain" (pinned rule).');
    const id = summary.rules[0]?.id as string;
    const e = await errorOf(
      updateVoiceRulesOperation.handler(
        ctx('bakery'),
        updateVoiceRulesOperation.input.parse({ remove: [id, 'vrule_nope'] }),
      ),
    );
    expect(e.code).toBe('voice.rule_not_found');
    expect((await getVoiceOperation.handler(ctx('bakery', 'viewer'), {})).summary.rules).toHaveLength(1);
    const after = await updateVoiceRulesOperation.handler(
      ctx('bakery'),
      updateVoiceRulesOperation.input.parse({ remove: [id] }),
    );
    expect(after.rules).toEqual([]);
    const cleared = await getVoiceOperation.handler(ctx('bakery', 'viewer'), {});
    expect(cleared.summary.analysis?.dont.join(' ')).not.toContain('cheapskate');
  });

  it('keeps versions: a relearn becomes current while drift still compares with the baseline', async () => {
    const v2 = await learn('bakery', { examples: fixtureText('plumber.txt'), platform: 'facebook' });
    expect(v2.version).toBe(2);
    expect(v2.baselineVersion).toBe(1);
    const details = await getVoiceOperation.handler(ctx('bakery', 'viewer'), {});
    expect(details.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(details.summary.person.dominant).toBe('i');
    const old = await getVoiceOperation.handler(ctx('bakery', 'viewer'), { version: 1 });
    expect(old.summary.person.dominant).toBe('we');
    const drift = await voiceDriftOperation.handler(
      ctx('bakery', 'viewer'),
      voiceDriftOperation.input.parse({ posts: fixtureText('plumber.txt') }),
    );
    expect(drift.baselineVersion).toBe(1);
    expect(drift.alert).toBe(true);
    const rebaselined = await learn('bakery', { examples: fixtureText('bakery.jsonl'), setBaseline: true });
    expect(rebaselined.baselineVersion).toBe(3);
  });

  it("never shows one tenant's voice to another", async () => {
    const e = await errorOf(getVoiceOperation.handler(ctx('plumber', 'viewer'), {}));
    expect(e.code).toBe('voice.not_learned');
    const s = await errorOf(
      scoreVoiceOperation.handler(ctx('plumber', 'viewer'), { text: 'hello', platform: 'x' }),
    );
    expect(s.code).toBe('voice.not_learned');
  });

  it('refuses viewers and bad input without writing anything', async () => {
    const forbidden = await errorOf(learn('plumber', { examples: fixtureText('plumber.txt') }, 'viewer'));
    expect(forbidden.status).toBe(403);
    const bad = await errorOf(learn('plumber', { examples: '{"text":"ok"}\n{broken' }));
    expect(bad.code).toBe('voice.invalid_examples');
    const tooFew = await errorOf(learn('plumber', { examples: 'One post only' }));
    expect(tooFew.code).toBe('voice.too_few_examples');
    const rows = await t.db.system((tx) =>
      tx.selectFrom('voice_profile_versions').select('id').where('tenant_id', '=', 'plumber').execute(),
    );
    expect(rows).toEqual([]);
  });
});
