import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from './support/app.js';
import { runCli } from './support/cli.js';
import { testDialect } from './support/db.js';

/** The skills commands a person runs from a shell: validate a file, build one from posts, keep it. */

let t: TestApp;
let a: TestTenant;
let dir: string;

beforeAll(async () => {
  t = await createTestApp();
  a = await t.tenant('Cli Bakery');
  dir = mkdtempSync(path.join(tmpdir(), 'skills-cli-'));
});
afterAll(async () => {
  await t.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[], key: string = a.keys.editor) => runCli(t.t, args, { DIFY_AGENT_API_KEY: key });

describe(`skills commands (${testDialect})`, () => {
  it('validate prints file:line:col: code: message for each problem and exits 2', async () => {
    const file = path.join(dir, 'broken.skill.md');
    const text = readFileSync('src/modules/skills/builtin/quick-tip.skill.md', 'utf8')
      .replace('version: 1', 'version: 0')
      .replace('platforms: [linkedin, x, facebook, instagram]', 'platforms: [linkedin, myspace]');
    writeFileSync(file, text);
    const res = await cli(['skills', 'validate', file]);
    expect(res.code).toBe(2);
    expect(res.stdout.trim().split('\n')).toEqual([
      `${file}:4:10: skills.invalid_version: version must be at least 1`,
      `${file}:9:23: skills.unknown_platform: "myspace" is not a known platform; use one of linkedin, x, facebook, instagram`,
    ]);
    expect(res.stderr).toContain('2 errors');
  }, 60_000);

  it('validate accepts a valid file with exit code 0', async () => {
    const res = await cli(['skills', 'validate', 'src/modules/skills/builtin/quick-tip.skill.md']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout.trim()).toBe('src/modules/skills/builtin/quick-tip.skill.md: valid');
  }, 60_000);

  it('build --examples writes a valid skill file that create stores', async () => {
    const posts = path.join(dir, 'posts.jsonl');
    writeFileSync(
      posts,
      Array.from({ length: 6 }, (_, i) =>
        JSON.stringify({
          text: `Fresh out of the oven! 🥐 Our ${['croissants', 'buns', 'loaves'][i % 3]} are on the counter now. #CrumbAndCo`,
          likes: 100 + i,
        }),
      ).join('\n'),
    );
    const out = path.join(dir, 'built.skill.md');
    const built = await cli([
      'skills',
      'build',
      '--examples',
      posts,
      '--out',
      out,
      '--id',
      'fresh-out',
      '--engine',
      'offline',
    ]);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toMatch(/^wrote .*built\.skill\.md: ".+" \(fresh-out\), built from 6 of 6 posts/);
    const valid = await cli(['skills', 'validate', out]);
    expect(valid.code, valid.stdout).toBe(0);
    const created = await cli(['skills', 'create', out, '--json']);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ id: 'fresh-out', version: 1, origin: 'tenant' });
    const exported = path.join(dir, 'export');
    const exp = await cli(['skills', 'export', '--out', exported]);
    expect(exp.code, exp.stderr).toBe(0);
    expect(readFileSync(path.join(exported, 'fresh-out.skill.md'), 'utf8')).toBe(readFileSync(out, 'utf8'));
  }, 180_000);
});
