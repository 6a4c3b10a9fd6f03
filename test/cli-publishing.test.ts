import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { testDialect } from './support/db.js';
import { type Account, type PublishingWorld, publishingWorld } from './support/publishing.js';

let w: PublishingWorld;
let x: Account;
let page: Account;

beforeAll(async () => {
  // On SQLite no worker runs here: the CLI's own process works the queue, as it does without a server.
  // A PostgreSQL queue belongs to the installation's workers (the CLI never takes their jobs), so one runs.
  w = await publishingWorld({ worker: testDialect === 'postgres' });
  [x] = (await w.connect('x')) as [Account];
  [page] = (await w.connect('facebook', (c) =>
    c.filter((p) => p.name === 'Sim Steel').map((p) => p.externalId),
  )) as [Account];
});
afterAll(async () => {
  await w?.close();
});

const cli = (args: string[]) => runCli(w.t.t, args, { ...w.env, DIFY_AGENT_API_KEY: w.tenant.keys.editor });

describe(`dify-agent posts publish (${testDialect})`, () => {
  it('publishes to several accounts, waits, and shows each account’s outcome', async () => {
    const contentId = await w.content(
      {
        x: 'Beams cut to length today, from the CLI.',
        facebook: 'Beams cut to length today, posted from the command line.',
      },
      [{ kind: 'image', url: `${w.media.url}/img2.jpg` }],
    );
    const out = await cli(['posts', 'publish', contentId, '--accounts', x.id, page.id]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/account\s+platform\s+status\s+outcome/);
    expect(out.stdout).toMatch(new RegExp(`${x.id}\\s+x\\s+published\\s+https://x.com/`));
    expect(out.stdout).toMatch(
      new RegExp(`${page.id}\\s+facebook\\s+published\\s+https://www.facebook.com/`),
    );
    expect(out.stderr).toContain(`x ${x.id}: https://x.com/`);
    expect(out.stderr).toContain(
      testDialect === 'postgres' ? 'waiting for its workers' : 'the job runs in this process',
    );
    expect(w.sim.control.state().duplicates).toBe(0);
  }, 120_000);

  it('reports a post the platform refused with its reason and a non-zero exit code', async () => {
    const contentId = await w.content({ x: 'One more CLI post, whose image is not an image.' }, [
      { kind: 'image', url: `${w.media.url}/missing.jpg` },
    ]);
    const out = await cli(['posts', 'publish', contentId, '--accounts', x.id, '--json']);
    expect(out.code).toBe(7);
    const body = JSON.parse(out.stdout) as {
      publications: Array<{ status: string; error: { code: string } }>;
    };
    expect(body.publications[0]).toMatchObject({
      status: 'failed',
      error: { code: 'publishing.invalid_media' },
    });
    expect(out.stderr).toContain('publishing.not_all_published');
  }, 120_000);
});
