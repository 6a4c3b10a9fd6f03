/**
 * One contract for every media store: run against the local directory and against an S3-compatible
 * server. No S3-compatible server installs from npm or Debian without a download at run time here
 * (MinIO and Garage ship as separate binaries; s3rver is unmaintained), so the S3 store is tested
 * against a small in-test imitation of the S3 REST API that also checks the SigV4 signature's shape.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalMediaStore } from './local.js';
import { S3MediaStore } from './s3.js';
import type { MediaStore } from './store.js';

interface S3Imitation {
  endpoint: string;
  objects: Map<string, { body: Buffer; type: string }>;
  unsigned: number;
  close(): Promise<void>;
}

async function startS3Imitation(bucket: string, accessKey: string): Promise<S3Imitation> {
  const objects = new Map<string, { body: Buffer; type: string }>();
  const state = { unsigned: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const auth = req.headers.authorization ?? '';
      const signed =
        new RegExp(
          `^AWS4-HMAC-SHA256 Credential=${accessKey}/\\d{8}/[a-z0-9-]+/s3/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$`,
        ).test(auth) &&
        typeof req.headers['x-amz-date'] === 'string' &&
        typeof req.headers['x-amz-content-sha256'] === 'string';
      if (!signed) {
        state.unsigned++;
        res.writeHead(403, { 'content-type': 'application/xml' });
        res.end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
        return;
      }
      const url = new URL(req.url ?? '/', 'http://s3.local');
      const parts = url.pathname.split('/').slice(1);
      if (parts[0] !== bucket) {
        res.writeHead(404, { 'content-type': 'application/xml' });
        res.end('<Error><Code>NoSuchBucket</Code></Error>');
        return;
      }
      const key = parts.slice(1).map(decodeURIComponent).join('/');
      if (req.method === 'GET' && url.searchParams.get('list-type') === '2') {
        const prefix = url.searchParams.get('prefix') ?? '';
        const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
        const after = url.searchParams.get('continuation-token');
        const from = after ? keys.indexOf(after) + 1 : 0;
        const page = keys.slice(from, from + 2);
        const truncated = from + 2 < keys.length;
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(
          `<?xml version="1.0"?><ListBucketResult><IsTruncated>${truncated}</IsTruncated>${page.map((k) => `<Contents><Key>${k}</Key></Contents>`).join('')}${truncated ? `<NextContinuationToken>${page.at(-1)}</NextContinuationToken>` : ''}</ListBucketResult>`,
        );
        return;
      }
      if (req.method === 'PUT') {
        objects.set(key, { body: Buffer.concat(chunks), type: String(req.headers['content-type'] ?? '') });
        res.writeHead(200);
        res.end();
        return;
      }
      const found = objects.get(key);
      if (req.method === 'GET') {
        if (!found) {
          res.writeHead(404, { 'content-type': 'application/xml' });
          res.end('<Error><Code>NoSuchKey</Code></Error>');
          return;
        }
        res.writeHead(200, { 'content-type': found.type });
        res.end(found.body);
        return;
      }
      if (req.method === 'DELETE') {
        objects.delete(key);
        res.writeHead(204);
        res.end();
        return;
      }
      res.writeHead(405);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    get unsigned() {
      return state.unsigned;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function contract(name: string, make: () => MediaStore) {
  describe(`media store contract: ${name}`, () => {
    it('stores, reads back and deletes bytes', async () => {
      const store = make();
      const data = Buffer.from([0, 1, 2, 250, 251, 252]);
      await store.put('tenant_a/med_1.png', data, 'image/png');
      expect(await store.get('tenant_a/med_1.png')).toEqual(data);
      await store.delete('tenant_a/med_1.png');
      expect(await store.get('tenant_a/med_1.png')).toBeUndefined();
      await store.delete('tenant_a/med_1.png');
    });

    it('answers undefined for a key never written', async () => {
      expect(await make().get('tenant_a/never.jpg')).toBeUndefined();
    });

    it("erases one tenant's files and leaves the others", async () => {
      const store = make();
      for (const k of ['t1/a.jpg', 't1/b.jpg', 't1/c.jpg', 't2/a.jpg'])
        await store.put(k, Buffer.from(k), 'image/jpeg');
      expect(await store.deletePrefix('t1')).toBe(3);
      expect(await store.get('t1/a.jpg')).toBeUndefined();
      expect(await store.get('t2/a.jpg')).toEqual(Buffer.from('t2/a.jpg'));
    });

    it('refuses keys that could escape the store', async () => {
      const store = make();
      await expect(store.put('../etc/passwd', Buffer.from('x'), 'text/plain')).rejects.toMatchObject({
        code: 'media.invalid_key',
      });
      await expect(store.get('t1/../../x')).rejects.toMatchObject({ code: 'media.invalid_key' });
    });
  });
}

let dir: string;
let s3: S3Imitation;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'dify-agent-media-'));
  s3 = await startS3Imitation('media-bucket', 'AKIATESTKEY');
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await s3.close();
});

contract('local directory', () => new LocalMediaStore(path.join(dir, 'media')));
contract(
  'S3-compatible (in-test imitation)',
  () =>
    new S3MediaStore({
      endpoint: s3.endpoint,
      bucket: 'media-bucket',
      region: 'eu-central-1',
      accessKeyId: 'AKIATESTKEY',
      secretAccessKey: 'secret',
      forcePathStyle: true,
      prefix: '',
    }),
);

describe('local store permissions', () => {
  it('writes files 0600 in folders 0700', async () => {
    const store = new LocalMediaStore(path.join(dir, 'perm'));
    await store.put('tenant_x/med_1.jpg', Buffer.from('x'), 'image/jpeg');
    expect(statSync(path.join(dir, 'perm', 'tenant_x', 'med_1.jpg')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, 'perm', 'tenant_x')).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, 'perm')).mode & 0o777).toBe(0o700);
  });
});

describe('S3 store', () => {
  it('signs every request, puts objects under the prefix, and reports refusals with the S3 code', async () => {
    const store = new S3MediaStore({
      endpoint: s3.endpoint,
      bucket: 'media-bucket',
      region: 'eu-central-1',
      accessKeyId: 'AKIATESTKEY',
      secretAccessKey: 'secret',
      forcePathStyle: true,
      prefix: 'dify/',
    });
    await store.put('t9/med.png', Buffer.from('png'), 'image/png');
    expect(s3.objects.get('dify/t9/med.png')?.type).toBe('image/png');
    expect(s3.unsigned).toBe(0);
    const wrongBucket = new S3MediaStore({
      endpoint: s3.endpoint,
      bucket: 'other',
      region: 'eu-central-1',
      accessKeyId: 'AKIATESTKEY',
      secretAccessKey: 'secret',
      forcePathStyle: true,
      prefix: '',
    });
    await expect(wrongBucket.put('t9/x.png', Buffer.from('x'), 'image/png')).rejects.toMatchObject({
      code: 'media.storage_failed',
      details: { s3Code: 'NoSuchBucket' },
    });
    const unreachable = new S3MediaStore({
      endpoint: 'http://127.0.0.1:1',
      bucket: 'b',
      region: 'r',
      accessKeyId: 'k',
      secretAccessKey: 's',
      forcePathStyle: true,
      prefix: '',
    });
    await expect(unreachable.get('t/x')).rejects.toMatchObject({ code: 'media.storage_unavailable' });
  });
});
