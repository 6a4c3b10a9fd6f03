import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from './support/app.js';
import { type CliServer, runCli, serveForCli } from './support/cli.js';
import { testDialect } from './support/db.js';

/** Files and standard input as the CLI reads them, and what a person sees of the results. */
let t: TestApp;
let a: TestTenant;
let server: CliServer;
const dir = mkdtempSync(path.join(tmpdir(), 'dify-agent-cli-inputs-'));
const bakery = path.resolve('fixtures/voice/bakery.jsonl');

beforeAll(async () => {
  t = await createTestApp();
  a = await t.tenant('Crumb and Co');
  server = await serveForCli(t);
});
afterAll(async () => {
  await server.close();
  await t.cleanup();
});

const cli = (args: string[], input?: string) =>
  runCli(t.t, args, { DIFY_AGENT_API_KEY: a.keys.editor, COLUMNS: '100' }, input);

describe(`CLI inputs and output (${testDialect})`, () => {
  it('learns the voice from the file `voice learn <file>` names, as docs/voice.md shows', async () => {
    const posts = readFileSync(bakery, 'utf8').trim().split('\n').length;
    const learned = await cli(['voice', 'learn', bakery, '--json']);
    expect(learned.code, learned.stderr).toBe(0);
    expect((JSON.parse(learned.stdout) as { examples: { total: number } }).examples.total).toBe(posts);

    const missing = await cli(['voice', 'learn', path.join(dir, 'no-such-examples.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
  });

  it('reads any text input from @file or from standard input (-)', async () => {
    const post = 'Fresh croissants this morning 🥐 Come early, they never last past 10! #CrumbAndCo';
    const file = path.join(dir, 'draft.txt');
    writeFileSync(file, post);
    const fromFile = await cli(['voice', 'score', `@${file}`, '--json']);
    const fromStdin = await cli(['voice', 'score', '-', '--json'], post);
    const literal = await cli(['voice', 'score', post, '--json']);
    expect([fromFile.code, fromStdin.code, literal.code], fromFile.stderr + fromStdin.stderr).toEqual([
      0, 0, 0,
    ]);
    const scores = [fromFile, fromStdin, literal].map(
      (r) => (JSON.parse(r.stdout) as { score: number }).score,
    );
    expect(new Set(scores).size).toBe(1);

    const input = path.join(dir, 'input.json');
    writeFileSync(input, JSON.stringify({ text: post, platform: 'instagram' }));
    const whole = await cli(['voice', 'score', '--input', `@${input}`, '--json']);
    expect(whole.code, whole.stderr).toBe(0);
    expect(JSON.parse(whole.stdout)).toMatchObject({ platform: 'instagram' });
  });

  it('shows a voice score with its reasons in full', async () => {
    const off =
      'BUY NOW!!! Huge discounts on all products, limited time only, click the link http://x.example';
    const scored = await cli(['voice', 'score', off, '--platform', 'instagram']);
    expect(scored.code, scored.stderr).toBe(0);
    expect(scored.stdout).toMatch(/^Voice match: \d+\/100 \(instagram, profile version \d+\)/);
    const json = JSON.parse(
      (await cli(['voice', 'score', off, '--platform', 'instagram', '--json'])).stdout,
    ) as {
      reasons: { message: string }[];
    };
    expect(json.reasons.length).toBeGreaterThan(0);
    const flat = scored.stdout.replace(/\s+/g, ' ');
    for (const reason of json.reasons) expect(flat).toContain(reason.message.replace(/\s+/g, ' '));
  });
});
