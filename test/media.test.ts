import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeGif, makeMp4, pngOf, sidewaysJpegWithGps } from '../src/modules/media/test-support/files.js';
import { createTestApp, type TestApp, type TestTenant } from './support/app.js';
import { testDialect } from './support/db.js';
import { addTestPage } from './support/knowledge.js';
import { type SiteServer, startSiteServer } from './support/site-server.js';

let t: TestApp;
let a: TestTenant;
let b: TestTenant;
let site: SiteServer;
let logoPng: Buffer;

interface Asset {
  id: string;
  kind: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  altText: string | null;
  source: string;
  parentId: string | null;
  metadata: Record<string, unknown>;
  data?: string;
}

async function call<T>(
  method: string,
  path: string,
  key: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await t.request(`/api/v1${path}`, {
    method,
    key,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

async function upload(key: string, data: Buffer, extra: Record<string, unknown> = {}): Promise<Asset> {
  const res = await call<Asset>('POST', '/media', key, { data: data.toString('base64'), ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function bytesOf(id: string): Promise<Buffer> {
  const res = await call<Asset>('GET', `/media/${id}?includeData=true`, a.keys.viewer);
  return Buffer.from(res.body.data as string, 'base64');
}

beforeAll(async () => {
  logoPng = await sharp({ create: { width: 240, height: 80, channels: 4, background: '#e63946' } })
    .composite([
      {
        input: Buffer.from(
          '<svg width="240" height="80"><rect x="160" y="0" width="80" height="80" fill="#1d3557"/></svg>',
        ),
      },
    ])
    .png()
    .toBuffer();
  site = await startSiteServer({
    pages: {
      '/index.html': `<!doctype html><html><head><title>Steelworks</title><meta name="theme-color" content="#1d3557">
        <link rel="stylesheet" href="/site.css"><style>.btn{background-color:#e63946;color:#ffffff}</style></head>
        <body><header><a class="logo" href="/"><img src="/logo.png" alt="Steelworks logo"></a></header><main><h1>Steel</h1></main></body></html>`,
      '/site.css':
        ':root{--brand-primary:#1d3557;--brand-accent:#e63946;--text:#222222}body{color:#222222;background:#ffffff}a{color:#457b9d}',
    },
    routes: {
      '/logo.png': ({ res }) => {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(logoPng);
      },
    },
  });
  t = await createTestApp({ env: { FETCH_ALLOW_HOSTS: '127.0.0.1' } });
  a = await t.tenant('Steelworks');
  b = await t.tenant('Other Co');
});
afterAll(async () => {
  await site?.close();
  await t?.cleanup();
});

describe(`media (${testDialect})`, () => {
  it('uploads an image, reads its facts from the bytes, and keeps tenants apart', async () => {
    const photo = await upload(a.keys.editor, await sidewaysJpegWithGps(), {
      name: 'site-visit.jpg',
      altText: 'Two welders at work',
    });
    expect(photo).toMatchObject({
      kind: 'image',
      mime: 'image/jpeg',
      width: 300,
      height: 400,
      source: 'upload',
      altText: 'Two welders at work',
    });
    expect(photo.metadata.image).toMatchObject({ orientation: 6, hasMetadata: true });
    expect(
      (
        await call('POST', '/media', a.keys.viewer, {
          data: (await pngOf(10, 10, '#000')).toString('base64'),
        })
      ).status,
    ).toBe(403);
    expect((await call('GET', `/media/${photo.id}`, b.keys.admin)).status).toBe(404);
    const list = await call<{ media: Asset[] }>('GET', '/media?kind=image', a.keys.viewer);
    expect(list.body.media.map((m) => m.id)).toContain(photo.id);
    expect((await call<{ media: Asset[] }>('GET', '/media', b.keys.viewer)).body.media).toEqual([]);
  });

  it('refuses what is not media, and empty or missing files, with clear errors', async () => {
    const text = await call<{ error: { code: string; message: string } }>('POST', '/media', a.keys.editor, {
      data: Buffer.from('hello, this is not an image').toString('base64'),
    });
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('media.unsupported_type');
    expect(
      (await call<{ error: { code: string } }>('POST', '/media', a.keys.editor, {})).body.error.code,
    ).toBe('media.no_input');
  });

  it('makes platform variants: exact sizes, EXIF rotation applied, metadata stripped, under the byte limits, alt text carried', async () => {
    const photo = await upload(a.keys.editor, await sidewaysJpegWithGps(), {
      altText: 'A blue and pink test card',
    });
    const res = await call<{
      variants: Array<{ size: string; media: Asset; guards: Array<{ status: string }> }>;
      warnings: string[];
    }>('POST', `/media/${photo.id}/variants`, a.keys.editor, {});
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const sizes = Object.fromEntries(res.body.variants.map((v) => [v.size, v]));
    expect(Object.keys(sizes).sort()).toEqual([
      'facebook',
      'instagram_portrait',
      'instagram_square',
      'linkedin',
      'x',
    ]);
    expect(sizes.linkedin?.media).toMatchObject({
      width: 1200,
      height: 627,
      mime: 'image/jpeg',
      altText: 'A blue and pink test card',
      parentId: photo.id,
    });
    expect(sizes.instagram_portrait?.media).toMatchObject({ width: 1080, height: 1350 });
    expect(res.body.warnings).toEqual([]);
    const out = await bytesOf(sizes.instagram_portrait?.media.id as string);
    const meta = await sharp(out).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(out.length).toBeLessThan(5 * 1024 * 1024);
    // The pink half sits on top once the EXIF rotation is applied (it was the left half of the stored pixels).
    const { data } = await sharp(out)
      .resize(1, 2, { fit: 'fill' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(200);
    expect(data[3]).toBeLessThan(120);
  });

  it('renders a graphic with the brand kit, checks it with the seven guards, and stores every element box', async () => {
    const logo = await upload(a.keys.editor, logoPng, { name: 'logo.png' });
    const kit = await call<{ kit: { palette: unknown[] }; version: number }>(
      'PATCH',
      '/brand-kit',
      a.keys.editor,
      {
        palette: [
          { hex: '#1d3557', role: 'primary' },
          { hex: '#457b9d', role: 'secondary' },
          { hex: '#e63946', role: 'accent' },
        ],
        logos: [{ mediaId: logo.id, variant: 'primary' }],
      },
    );
    expect(kit.status, JSON.stringify(kit.body)).toBe(200);
    expect(kit.body.version).toBe(1);
    const res = await call<{
      passed: boolean;
      graphics: Array<{
        media: Asset;
        size: string;
        passed: boolean;
        guards: Array<{ guard: string; status: string }>;
        elements: Array<{ id: string }>;
      }>;
    }>('POST', '/media/render', a.keys.editor, {
      headline: 'New I-beams in stock',
      subline: 'Cut to length, delivered in 48 hours',
      cta: 'Ask for a quote',
      platform: 'instagram',
      sizes: ['instagram_portrait', 'linkedin'],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.passed).toBe(true);
    const [portrait, linkedin] = res.body.graphics;
    expect(portrait?.media).toMatchObject({
      width: 1080,
      height: 1350,
      mime: 'image/jpeg',
      source: 'render',
    });
    expect(linkedin?.media).toMatchObject({ width: 1200, height: 627, mime: 'image/png' });
    expect(portrait?.guards.map((g) => g.guard).sort()).toEqual([
      'aspect_ratio',
      'brand_palette',
      'contrast',
      'logo_protection',
      'min_font_size',
      'safe_margin',
      'text_overlap',
    ]);
    expect(portrait?.elements.map((e) => e.id)).toEqual(
      expect.arrayContaining(['logo', 'headline', 'subline', 'cta']),
    );
    expect(portrait?.media.altText).toBe(
      'New I-beams in stock. Cut to length, delivered in 48 hours. Ask for a quote.',
    );
    const png = await sharp(await bytesOf(linkedin?.media.id as string)).metadata();
    expect(png).toMatchObject({ width: 1200, height: 627, format: 'png' });
  });

  it('renders carousel slides, numbered, with a photo in a split layout', async () => {
    const photo = await upload(a.keys.editor, await pngOf(900, 600, '#a8dadc'), { altText: 'Steel stock' });
    const res = await call<{
      passed: boolean;
      graphics: Array<{
        slide: number;
        size: string;
        media: Asset;
        elements: Array<{ id: string; text?: string }>;
      }>;
    }>('POST', '/media/render', a.keys.editor, {
      template: 'split',
      sizes: ['instagram_square'],
      slides: [
        { headline: 'Step 1: measure', photoId: photo.id },
        { headline: 'Step 2: we cut', subline: 'To the millimetre' },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.graphics.map((g) => g.slide)).toEqual([1, 2]);
    expect(res.body.graphics[0]?.media.parentId).toBe(photo.id);
    expect(res.body.graphics[0]?.elements.map((e) => e.id)).toEqual(
      expect.arrayContaining(['photo', 'headline', 'slide_number']),
    );
    expect(res.body.graphics[1]?.elements.find((e) => e.id === 'slide_number')?.text).toBe('2/2');
  });

  it('fixes a graphic that breaks the guards and says what it changed', async () => {
    const res = await call<{
      passed: boolean;
      graphics: Array<{ guards: Array<{ guard: string; status: string; fixes: string[] }> }>;
    }>('POST', '/media/render', a.keys.editor, {
      headline: 'Grey on grey is hard to read',
      background: { colour: '#808080' },
      textColour: '#999999',
      sublineFontSize: 14,
      subline: 'and this line is tiny',
      platform: 'x',
      logo: false,
    });
    expect(res.status).toBe(201);
    const guards = Object.fromEntries(res.body.graphics[0]?.guards.map((g) => [g.guard, g]) ?? []);
    expect(guards.contrast?.status).toBe('fixed');
    expect(guards.min_font_size?.status).toBe('fixed');
    expect(guards.brand_palette?.status).toBe('pass');
    expect(res.body.passed).toBe(true);
  });

  it('checks a photo of the wrong shape for Instagram and fixes it by cropping to size', async () => {
    const wide = await upload(a.keys.editor, await pngOf(1600, 400, '#457b9d'));
    const check = await call<{
      passed: boolean;
      guards: Array<{ guard: string; status: string }>;
      problems: Array<{ code: string }>;
      fixed?: Asset;
    }>('POST', `/media/${wide.id}/fix`, a.keys.editor, { platform: 'instagram' });
    expect(check.status, JSON.stringify(check.body)).toBe(201);
    expect(check.body.problems.map((p) => p.code)).toContain('format');
    expect(check.body.guards[0]).toMatchObject({ guard: 'aspect_ratio', status: 'fixed' });
    expect(check.body.fixed).toMatchObject({ width: 1080, height: 1350, mime: 'image/jpeg' });
    expect(check.body.passed).toBe(true);
    const viewer = await call<{ passed: boolean }>('POST', `/media/${wide.id}/check`, a.keys.viewer, {
      platform: 'linkedin',
    });
    expect(viewer.body.passed).toBe(false);
  });

  it('reads video and GIF facts and checks them against platform limits', async () => {
    const video = await upload(
      a.keys.editor,
      makeMp4({ seconds: 200, width: 1920, height: 1080, moovFirst: false }),
    );
    expect(video).toMatchObject({
      kind: 'video',
      mime: 'video/mp4',
      width: 1920,
      height: 1080,
      durationMs: 200000,
    });
    const x = await call<{
      passed: boolean;
      problems: Array<{ code: string; message: string }>;
      poster: { message?: string; mediaId?: string };
    }>('POST', `/media/${video.id}/check`, a.keys.viewer, { platform: 'x' });
    expect(x.body.passed).toBe(false);
    expect(x.body.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['too_long', 'too_wide']));
    if (x.body.poster.message?.includes('not installed'))
      expect(x.body.poster.message).toMatch(/ffmpeg is not installed/);
    const ig = await call<{ problems: Array<{ code: string }> }>(
      'POST',
      `/media/${video.id}/check`,
      a.keys.viewer,
      { platform: 'instagram' },
    );
    expect(ig.body.problems.map((p) => p.code)).toContain('moov_not_first');
    const gif = await upload(a.keys.editor, makeGif({ frames: 5 }));
    expect(gif).toMatchObject({ kind: 'gif', durationMs: 500 });
    const igGif = await call<{ problems: Array<{ code: string }> }>(
      'POST',
      `/media/${gif.id}/check`,
      a.keys.viewer,
      { platform: 'instagram' },
    );
    expect(igGif.body.problems[0]?.code).toBe('gif_not_accepted');
  });

  it('uses an uploaded brand font and refuses WOFF2 and unknown families', async () => {
    const require = createRequire(import.meta.url);
    const woff = readFileSync(require.resolve('@fontsource/lora/files/lora-latin-700-normal.woff'));
    const font = await upload(a.keys.editor, woff, { name: 'house-serif.woff' });
    expect(font.kind).toBe('font');
    const woff2 = await call<{ error: { message: string } }>('POST', '/media', a.keys.editor, {
      data: readFileSync(require.resolve('@fontsource/lora/files/lora-latin-700-normal.woff2')).toString(
        'base64',
      ),
    });
    expect(woff2.status).toBe(415);
    expect(woff2.body.error.message).toMatch(/WOFF2/);
    const unknown = await call<{ error: { code: string } }>('PATCH', '/brand-kit', a.keys.editor, {
      fonts: { heading: 'Nope Sans', body: 'Inter' },
    });
    expect(unknown.body.error.code).toBe('brand_kit.font_unknown');
    const ok = await call('PATCH', '/brand-kit', a.keys.editor, {
      uploadedFonts: [{ mediaId: font.id, family: 'House Serif', weight: 700 }],
      fonts: { heading: 'House Serif', body: 'Inter' },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const res = await call<{ graphics: Array<{ elements: Array<{ id: string; fontFamily?: string }> }> }>(
      'POST',
      '/media/render',
      a.keys.editor,
      { headline: 'Set in the house serif' },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.graphics[0]?.elements.find((e) => e.id === 'headline')?.fontFamily).toBe('House Serif');
    await call('PATCH', '/brand-kit', a.keys.editor, { fonts: { heading: 'Inter', body: 'Inter' } });
  });

  it('proposes a palette and logo from the website for a person to accept', async () => {
    await addTestPage(t.app, b.id, {
      url: `${site.origin}/`,
      title: 'Steelworks',
      markdown: '# Steel\n\nWe cut steel to length.',
      index: false,
    });
    const res = await call<{
      palette: Array<{ hex: string; role?: string; sources: string[] }>;
      logo: { mediaId: string; source: string } | null;
      site: string;
      notes: string[];
    }>('POST', '/brand-kit/propose', b.keys.editor, {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.site).toBe(`${site.origin}/`);
    expect(res.body.palette[0], JSON.stringify(res.body)).toMatchObject({ hex: '#1d3557', role: 'primary' });
    expect(res.body.palette.map((c) => c.hex)).toContain('#e63946');
    expect(res.body.palette.find((c) => c.role === 'text')?.hex).toBe('#222222');
    expect(res.body.logo?.source).toMatch(/header/);
    // Nothing changes until a person accepts it.
    expect(
      (await call<{ kit: { palette: unknown[] } }>('GET', '/brand-kit', b.keys.viewer)).body.kit.palette,
    ).toEqual([]);
    const accepted = await call<{
      kit: { palette: Array<{ hex: string }>; logos: Array<{ mediaId: string }> };
    }>('PATCH', '/brand-kit', b.keys.editor, {
      acceptProposal: { palette: true, logo: true },
    });
    expect(accepted.body.kit.palette[0]?.hex).toBe('#1d3557');
    expect(accepted.body.kit.logos[0]?.mediaId).toBe(res.body.logo?.mediaId);
  });

  it('renders stored content with its top candidate as the headline, and 404 for an unknown id', async () => {
    const content = await call<{ id: string }>('POST', '/content', a.keys.editor, {
      texts: {
        linkedin: 'New I-beams in stock. Cut to length, delivered in 48 hours. https://example.com #steel',
        x: 'I-beams are back!',
      },
    });
    expect(content.status, JSON.stringify(content.body)).toBe(201);
    const res = await call<{ graphics: Array<{ elements: Array<{ id: string; text?: string }> }> }>(
      'POST',
      '/media/render',
      a.keys.editor,
      { contentId: content.body.id, sizes: ['linkedin'] },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const elements = res.body.graphics[0]?.elements ?? [];
    expect(elements.map((e) => e.id)).toEqual(expect.arrayContaining(['headline', 'subline']));
    const missing = await call<{ error: { code: string } }>('POST', '/media/render', a.keys.editor, {
      contentId: 'cnt_123',
    });
    expect(missing.status).toBe(404);
  });

  it('builds image prompts from the brand kit and falls back to the designed graphic offline', async () => {
    const prompt = await call<{
      prompt: string;
      negativePrompt: string;
      aspect: string;
      palette: string[];
      imageModel: string;
    }>('POST', '/media/image-prompt', a.keys.viewer, {
      subject: 'A welder cutting an I-beam in a bright workshop',
      platform: 'linkedin',
    });
    expect(prompt.body.aspect).toBe('1.91:1');
    expect(prompt.body.prompt).toMatch(/welder/);
    expect(prompt.body.prompt).toMatch(/headline/);
    expect(prompt.body.negativePrompt).toMatch(/watermark/);
    expect(prompt.body.palette.length).toBeGreaterThan(0);
    expect(prompt.body.imageModel).toBe('local');
    const gen = await call<{ engine: string; note: string; media: Asset }>(
      'POST',
      '/media/generate-image',
      a.keys.editor,
      { subject: 'A welder at work', headline: 'Welding, done right' },
    );
    expect(gen.status, JSON.stringify(gen.body)).toBe(201);
    expect(gen.body.engine).toBe('designed-graphic');
    expect(gen.body.note).toMatch(/IMAGE_MODEL=local/);
    expect(gen.body.media).toMatchObject({ source: 'render', width: 1200, height: 627 });
  });

  it('deletes an asset and its file', async () => {
    const png = await upload(a.keys.editor, await pngOf(20, 20, '#123456'));
    const row = await t.app.db.read(a.id, (db) =>
      db
        .selectFrom('media_assets')
        .select('storage_key')
        .where('id', '=', png.id)
        .where('tenant_id', '=', a.id)
        .executeTakeFirst(),
    );
    expect(await t.app.media.store.get(row?.storage_key as string)).toBeDefined();
    expect((await call('DELETE', `/media/${png.id}`, a.keys.viewer)).status).toBe(403);
    expect((await call('DELETE', `/media/${png.id}`, a.keys.editor)).status).toBe(200);
    expect(await t.app.media.store.get(row?.storage_key as string)).toBeUndefined();
    expect((await call('GET', `/media/${png.id}`, a.keys.viewer)).status).toBe(404);
  });

  it("erasing a tenant removes its media files and leaves other tenants' files", async () => {
    const gone = await t.tenant('Erase Media Co');
    const mine = await upload(gone.keys.editor, await pngOf(16, 16, '#abcdef'));
    const kept = await upload(b.keys.editor, await pngOf(16, 16, '#fedcba'));
    const keyOf = async (tenantId: string, id: string) =>
      (
        await t.app.db.read(tenantId, (db) =>
          db
            .selectFrom('media_assets')
            .select('storage_key')
            .where('tenant_id', '=', tenantId)
            .where('id', '=', id)
            .executeTakeFirst(),
        )
      )?.storage_key as string;
    const mineKey = await keyOf(gone.id, mine.id);
    const keptKey = await keyOf(b.id, kept.id);
    const erased = await call('POST', '/tenant/erase', gone.keys.admin, { confirm: gone.slug });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(await t.app.media.store.get(mineKey)).toBeUndefined();
    expect(await t.app.media.store.get(keptKey)).toBeDefined();
  });

  it('keeps faces in the crop on a real photo', async () => {
    const file = '../shared/datasets/face-boxes-dlib/images/2008_002079.jpg';
    if (!existsSync(file)) {
      console.warn(`skipping: ${file} is absent (datasets are not part of the repository)`);
      return;
    }
    const photo = await upload(a.keys.editor, readFileSync(file));
    const res = await call<{
      variants: Array<{
        size: string;
        facesKept: number;
        facesCut: number;
        facesTotal: number;
        reason: string;
      }>;
    }>('POST', `/media/${photo.id}/variants`, a.keys.editor, {
      sizes: ['instagram_portrait'],
      altText: 'People at a gathering',
    });
    const v = res.body.variants[0];
    expect(v?.facesTotal).toBeGreaterThan(2);
    expect(v?.facesCut).toBe(0);
  });
});
