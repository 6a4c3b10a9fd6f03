import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.js';
import { errorOf } from '../../../test/support/errors.js';
import { insertTestTenant } from '../../../test/support/tenants.js';
import { systemClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import type { OperationContext } from '../../operations/define.js';
import type { AppServices } from '../../operations/services.js';
import { contentCreate, contentGet, contentList } from './operations.js';

let t: TestDatabase;
let app: AppServices;

function ctx(tenantId: string): OperationContext {
  return {
    tenantId,
    role: 'editor',
    actor: { type: 'operator', id: null },
    scopes: [],
    requestId: 'req_t',
    app,
  };
}
const create = (tenant: string, input: Record<string, unknown>) =>
  contentCreate.handler(ctx(tenant), contentCreate.input.parse(input));

beforeAll(async () => {
  t = await createTestDatabase();
  app = { config: t.config, db: t.db, clock: systemClock, logger: silentLogger } as AppServices;
  await insertTestTenant(t.db, 'bakery');
  await insertTestTenant(t.db, 'steel');
});
afterAll(async () => {
  await t?.cleanup();
});

describe('content store', () => {
  it("stores a person's text as one approved candidate per platform, with guard results", async () => {
    const content = await create('bakery', {
      texts: { linkedin: 'Fresh sourdough every morning from 7am.', x: 'Sourdough from 7am. #bread' },
      media: [{ kind: 'image', url: 'https://cdn.example/loaf.jpg', altText: 'A loaf' }],
    });
    expect(content.status).toBe('approved');
    expect(content.source).toBe('person');
    expect(content.engine).toBe('person');
    expect(content.media).toEqual([
      { kind: 'image', url: 'https://cdn.example/loaf.jpg', altText: 'A loaf' },
    ]);
    expect(content.candidates.map((c) => [c.platform, c.rank])).toEqual([
      ['linkedin', 1],
      ['x', 1],
    ]);
    const x = content.candidates.find((c) => c.platform === 'x');
    expect(x?.guards.find((g) => g.guard === 'length')).toMatchObject({ status: 'pass' });
    expect(x?.defects).toEqual([]);
    const again = await contentGet.handler(ctx('bakery'), { id: content.id });
    expect(again).toEqual(content);
  });

  it('reports a failing guard with its evidence and defect instead of refusing the text', async () => {
    const long = 'word '.repeat(80).trim();
    const tags = 'Cakes! #a #b #c #d #e #f';
    const content = await create('bakery', { texts: { x: long, instagram: tags }, approve: false });
    expect(content.status).toBe('draft');
    const x = content.candidates.find((c) => c.platform === 'x');
    expect(x?.guards.find((g) => g.guard === 'length')).toMatchObject({
      guard: 'length',
      status: 'fail',
      evidence: { length: 399, limit: 280 },
    });
    expect(x?.defects).toEqual(['too_long']);
    const ig = content.candidates.find((c) => c.platform === 'instagram');
    expect(ig?.defects).toEqual(['too_many_hashtags']);
    // A person's text is reported on, never rewritten: the fix is offered in the evidence.
    expect(ig?.text).toBe(tags);
    expect(ig?.guards.find((g) => g.guard === 'hashtags')?.evidence?.fixable).toMatch(/dropped #f/);
  });

  it('refuses empty input with field paths, and never shows another tenant’s content', async () => {
    expect(contentCreate.input.safeParse({ texts: {} }).success).toBe(false);
    const parsed = contentCreate.input.safeParse({ texts: { x: '   ' } });
    expect(parsed.success).toBe(false);
    expect(contentCreate.input.safeParse({ texts: { myspace: 'hi' } }).success).toBe(false);
    const own = await create('steel', { texts: { facebook: 'Steel beams cut to size.' } });
    const error = await errorOf(contentGet.handler(ctx('bakery'), { id: own.id }));
    expect(error).toMatchObject({ code: 'generation.content_not_found', status: 404 });
  });

  it('lists newest first with a cursor and a status filter', async () => {
    const list = await contentList.handler(ctx('bakery'), contentList.input.parse({ limit: 1 }));
    expect(list.contents).toHaveLength(1);
    expect(list.contents[0]?.status).toBe('draft');
    expect(list.contents[0]?.platforms).toEqual(['instagram', 'x']);
    const next = await contentList.handler(
      ctx('bakery'),
      contentList.input.parse({ limit: 5, cursor: list.nextCursor }),
    );
    expect(next.contents.map((c) => c.preview)).toEqual(['Fresh sourdough every morning from 7am.']);
    const approved = await contentList.handler(
      ctx('bakery'),
      contentList.input.parse({ status: 'approved' }),
    );
    expect(approved.contents).toHaveLength(1);
  });
});
