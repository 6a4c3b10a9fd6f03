import { AwsClient } from 'aws4fetch';
import { XMLParser } from 'fast-xml-parser';
import type { Config } from '../../../config/load.js';
import { AppError } from '../../../core/errors.js';
import { checkKey, type MediaStore } from './store.js';

type S3Settings = NonNullable<Config['media']['s3']>;

const xml = new XMLParser({ ignoreAttributes: true });

/**
 * An S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, Garage …) through the plain REST API signed
 * with SigV4 (aws4fetch). The endpoint is the operator's own configuration, so it is called directly
 * rather than through safeFetch, which would refuse a bucket on a private address.
 */
export class S3MediaStore implements MediaStore {
  readonly kind = 's3' as const;
  private readonly client: AwsClient;

  constructor(
    private readonly settings: S3Settings,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.client = new AwsClient({
      accessKeyId: settings.accessKeyId,
      secretAccessKey: settings.secretAccessKey,
      region: settings.region,
      service: 's3',
    });
  }

  private url(key: string, query = ''): string {
    const encoded = key
      .split('/')
      .map((part) => encodeURIComponent(part))
      .join('/');
    const endpoint = new URL(this.settings.endpoint);
    const base = this.settings.forcePathStyle
      ? `${endpoint.origin}${endpoint.pathname.replace(/\/$/, '')}/${this.settings.bucket}`
      : `${endpoint.protocol}//${this.settings.bucket}.${endpoint.host}${endpoint.pathname.replace(/\/$/, '')}`;
    return `${base}/${encoded}${query}`;
  }

  private async send(method: string, url: string, body?: Buffer, headers?: Record<string, string>) {
    const request = await this.client.sign(url, {
      method,
      ...(headers ? { headers } : {}),
      ...(body ? { body: new Uint8Array(body) } : {}),
    });
    try {
      return await this.fetchImpl(request);
    } catch (error) {
      throw new AppError(
        'media.storage_unavailable',
        503,
        `the S3 media store at ${this.settings.endpoint} cannot be reached: ${(error as Error).message}`,
      );
    }
  }

  private async fail(res: Response, action: string): Promise<never> {
    const text = await res.text().catch(() => '');
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
    throw new AppError(
      'media.storage_failed',
      502,
      `the S3 media store refused to ${action} (HTTP ${res.status}${code ? ` ${code}` : ''})`,
      { status: res.status, ...(code ? { s3Code: code } : {}) },
    );
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    const res = await this.send('PUT', this.url(this.settings.prefix + checkKey(key)), data, {
      'content-type': contentType,
    });
    if (!res.ok) await this.fail(res, `store ${key}`);
    await res.arrayBuffer();
  }

  async get(key: string): Promise<Buffer | undefined> {
    const res = await this.send('GET', this.url(this.settings.prefix + checkKey(key)));
    if (res.status === 404) {
      await res.arrayBuffer();
      return undefined;
    }
    if (!res.ok) await this.fail(res, `read ${key}`);
    return Buffer.from(await res.arrayBuffer());
  }

  async delete(key: string): Promise<void> {
    const res = await this.send('DELETE', this.url(this.settings.prefix + checkKey(key)));
    if (!res.ok && res.status !== 404) await this.fail(res, `delete ${key}`);
    await res.arrayBuffer();
  }

  async deletePrefix(prefix: string): Promise<number> {
    const full = this.settings.prefix + checkKey(prefix.replace(/\/$/, '')) + '/';
    let removed = 0;
    let token: string | undefined;
    do {
      const query = `?list-type=2&prefix=${encodeURIComponent(full)}${token ? `&continuation-token=${encodeURIComponent(token)}` : ''}`;
      const res = await this.send('GET', this.url('', query).replace(/\/\?/, '?'));
      if (!res.ok) await this.fail(res, `list ${prefix}`);
      const parsed = xml.parse(await res.text()) as {
        ListBucketResult?: {
          Contents?: { Key: string } | Array<{ Key: string }>;
          IsTruncated?: boolean | string;
          NextContinuationToken?: string;
        };
      };
      const result = parsed.ListBucketResult ?? {};
      const contents = result.Contents === undefined ? [] : [result.Contents].flat();
      for (const item of contents) {
        const res2 = await this.send('DELETE', this.url(String(item.Key)));
        if (!res2.ok && res2.status !== 404) await this.fail(res2, `delete ${item.Key}`);
        await res2.arrayBuffer();
        removed++;
      }
      token =
        String(result.IsTruncated) === 'true' && result.NextContinuationToken
          ? String(result.NextContinuationToken)
          : undefined;
    } while (token);
    return removed;
  }
}
