/**
 * Image models by configuration, against a local stand-in that speaks the OpenAI Images API
 * (POST /v1/images/generations → { data: [{ b64_json }] }): OpenAI itself and an OpenAI-compatible server.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';
import { testDialect } from './support/db.js';

interface Received {
  path: string;
  authorization: string | undefined;
  body: { model?: string; prompt?: string; size?: string; n?: number };
}

let server: http.Server;
let origin: string;
const received: Received[] = [];
/** Requests still to fail (the SDK retries once). */
let failures = 0;

beforeAll(async () => {
  const image = await sharp({ create: { width: 1536, height: 1024, channels: 3, background: '#2a9d8f' } })
    .png()
    .toBuffer();
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        authorization: req.headers.authorization,
        body: JSON.parse(Buffer.concat(chunks).toString() || '{}'),
      });
      if (failures > 0) {
        failures--;
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'the stand-in is down', type: 'server_error' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ created: 1760000000, data: [{ b64_json: image.toString('base64') }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe(`image models (${testDialect})`, () => {
  let t: TestApp | undefined;
  afterAll(async () => {
    await t?.cleanup();
  });

  it('generates with OpenAI Images, stores the original and a variant cut to the platform size', async () => {
    t = await createTestApp({
      env: {
        IMAGE_MODEL: 'openai:gpt-image-1',
        OPENAI_API_KEY: 'sk-test-key',
        OPENAI_BASE_URL: `${origin}/v1`,
      },
    });
    const a = await t.tenant('Garden Co');
    const res = await t.request('/api/v1/media/generate-image', {
      method: 'POST',
      key: a.keys.editor,
      body: JSON.stringify({ subject: 'A gardener planting tulips', platform: 'instagram' }),
    });
    const body = (await res.json()) as {
      engine: string;
      model: string;
      media: { width: number; height: number; parentId: string; mime: string };
      original: { id: string; source: string; metadata: { prompt: { prompt: string } } };
    };
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({ engine: 'image-model', model: 'openai:gpt-image-1' });
    expect(body.media).toMatchObject({
      width: 1080,
      height: 1350,
      mime: 'image/jpeg',
      parentId: body.original.id,
    });
    expect(body.original.source).toBe('generated');
    const call = received.at(-1);
    expect(call?.path).toBe('/v1/images/generations');
    expect(call?.authorization).toBe('Bearer sk-test-key');
    expect(call?.body).toMatchObject({ model: 'gpt-image-1', size: '1024x1536', n: 1 });
    expect(call?.body.prompt).toMatch(/gardener planting tulips.*Avoid: text, letters/);

    failures = 2;
    const failed = await t.request('/api/v1/media/generate-image', {
      method: 'POST',
      key: a.keys.editor,
      body: JSON.stringify({ subject: 'Another tulip photo' }),
    });
    expect(failed.status).toBe(502);
    expect(((await failed.json()) as { error: { code: string } }).error.code).toBe(
      'media.image_model_failed',
    );
    await t.cleanup();
    t = undefined;
  });

  it('generates with an OpenAI-compatible server named in OPENAI_COMPATIBLE', async () => {
    t = await createTestApp({
      env: {
        IMAGE_MODEL: 'openai-compatible:studio:sdxl-turbo',
        OPENAI_COMPATIBLE: JSON.stringify([
          { name: 'studio', baseUrl: `${origin}/v1`, apiKey: 'studio-key' },
        ]),
      },
    });
    const a = await t.tenant('Studio Co');
    const res = await t.request('/api/v1/media/generate-image', {
      method: 'POST',
      key: a.keys.editor,
      body: JSON.stringify({ subject: 'A ceramic vase on a table', size: 'x' }),
    });
    const body = (await res.json()) as { engine: string; media: { width: number; height: number } };
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.media).toMatchObject({ width: 1200, height: 675 });
    expect(received.at(-1)).toMatchObject({
      path: '/v1/images/generations',
      authorization: 'Bearer studio-key',
      body: { model: 'sdxl-turbo' },
    });
  });
});
