import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from './support/app.js';
import { runCli } from './support/cli.js';
import { testDialect } from './support/db.js';

let t: TestApp;
let a: TestTenant;
let out: string;

beforeAll(async () => {
  t = await createTestApp();
  a = await t.tenant('Cli Bakery');
  out = mkdtempSync(path.join(tmpdir(), 'dify-agent-cli-media-'));
});
afterAll(async () => {
  await t.cleanup();
  rmSync(out, { recursive: true, force: true });
});

const cli = (args: string[]) => runCli(t.t, args, { DIFY_AGENT_API_KEY: a.keys.editor });

describe(`media commands (${testDialect})`, () => {
  it('media render writes the images and prints each guard', async () => {
    const dir = path.join(out, 'render');
    const res = await cli([
      'media',
      'render',
      '--headline',
      'Sourdough Saturday is back',
      '--subline',
      'Fresh loaves from 7am',
      '--platform',
      'instagram',
      '--sizes',
      'instagram_square',
      '--sizes',
      'instagram_portrait',
      '--out',
      dir,
    ]);
    expect(res.code, res.stderr).toBe(0);
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    for (const guard of [
      'text_overlap',
      'safe_margin',
      'contrast',
      'logo_protection',
      'aspect_ratio',
      'brand_palette',
      'min_font_size',
    ]) {
      expect(res.stdout).toContain(guard);
    }
    expect(res.stdout).toMatch(/alt text: Sourdough Saturday is back\. Fresh loaves from 7am\./);
    const sizes = await Promise.all(
      files.map(async (f) => sharp(readFileSync(path.join(dir, f))).metadata()),
    );
    expect(sizes.map((m) => `${m.width}x${m.height}`).sort()).toEqual(['1080x1080', '1080x1350']);
  }, 120_000);

  it('exits 2 and still writes the image when a guard cannot be fixed', async () => {
    const dir = path.join(out, 'failing');
    const long =
      'Everything you ever wanted to know about our flour, our ovens and our bakers, all in one headline. '
        .repeat(3)
        .trim();
    const res = await cli(['media', 'render', '--headline', long, '--font-size', '96', '--out', dir]);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stdout, res.stderr).toMatch(
      /FAIL\s+text_overlap\s+headline overflows its area by \d+px: shorten it/,
    );
    expect(readdirSync(dir)).toHaveLength(1);
  }, 120_000);

  it('media render --content renders stored content, and exits 4 for content that does not exist', async () => {
    const created = await cli([
      'content',
      'create',
      '--texts',
      '{"linkedin":"Fresh loaves every morning. Come early for the rye."}',
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const { id } = JSON.parse(created.stdout) as { id: string };
    const dir = path.join(out, 'content');
    const res = await cli(['media', 'render', '--content', id, '--sizes', 'linkedin', '--out', dir]);
    expect(res.code, res.stderr).toBe(0);
    expect(readdirSync(dir)).toHaveLength(1);
    const missing = await cli(['media', 'render', '--content', 'cnt_01', '--out', dir]);
    expect(missing.code).toBe(4);
  }, 120_000);

  it('media upload --file uploads from disk', async () => {
    const file = path.join(out, 'loaf.png');
    writeFileSync(
      file,
      await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c68b59' } })
        .png()
        .toBuffer(),
    );
    const res = await cli(['media', 'upload', '--file', file, '--alt-text', 'A loaf', '--json']);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({
      kind: 'image',
      width: 64,
      height: 48,
      originalName: 'loaf.png',
      altText: 'A loaf',
    });
  }, 60_000);
});
