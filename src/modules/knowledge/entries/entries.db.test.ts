import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/db.js';
import { errorOf } from '../../../../test/support/errors.js';
import { assembleAppServices } from '../../../app/create.js';
import { systemClock } from '../../../core/clock.js';
import { silentLogger } from '../../../core/logger.js';
import type { OperationContext, Role } from '../../../operations/define.js';
import type { AppServices } from '../../../operations/services.js';
import { productsDelete, productsList, productsUpsert } from '../catalog/operations.js';
import { knowledgeGapsOp } from '../gaps/operations.js';
import { deletePage, findPage } from '../pages/repository.js';
import type { Entity } from './entities.js';
import {
  entriesCreate,
  entriesDelete,
  entriesExtract,
  entriesGet,
  entriesList,
  entriesUpdate,
} from './operations.js';
import { removePageKnowledge } from './page-knowledge.js';
import { type BusinessSite, type FixturePage, loadFixtureSite } from './test-support/fixture-sites.js';
import { addTenant, storeFixturePage } from './test-support/store.js';

let t: TestDatabase;
let app: AppServices;
const sites = new Map<BusinessSite, FixturePage[]>();
/** tenant → fixture path → page id */
const pageIds = new Map<string, Map<string, string>>();

function ctx(tenantId: string, role: Role = 'editor'): OperationContext {
  return {
    tenantId,
    role,
    actor: { type: 'operator', id: null, userId: 'person@example.com' },
    scopes: [],
    requestId: 'req',
    app,
  };
}

const call = async <I, O>(
  op: { input: { parse(v: unknown): I }; handler(c: OperationContext, i: I): Promise<O> },
  tenant: string,
  input: unknown,
): Promise<O> => op.handler(ctx(tenant), op.input.parse(input));

async function loadSite(tenant: string, site: BusinessSite, only?: string[]): Promise<void> {
  const ids = pageIds.get(tenant) ?? new Map<string, string>();
  pageIds.set(tenant, ids);
  for (const page of sites.get(site) ?? []) {
    if (only && !only.includes(page.path)) continue;
    const id = await storeFixturePage(t.db, tenant, page);
    ids.set(page.path, id);
    await call(entriesExtract, tenant, { pageId: id });
  }
}

async function allEntities(tenant: string, type: Entity['type']) {
  const out = await t.db.read(tenant, (db) =>
    db
      .selectFrom('knowledge_entities')
      .selectAll()
      .where('tenant_id', '=', tenant)
      .where('type', '=', type)
      .where('hidden', '=', 0)
      .execute(),
  );
  return out.map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
}

async function products(tenant: string) {
  return (await call(productsList, tenant, { limit: 500 })).products;
}

beforeAll(async () => {
  t = await createTestDatabase();
  app = await assembleAppServices(t.config, t.db, { clock: systemClock, logger: silentLogger });
  for (const site of ['next-day-steel', 'crumb-and-co', 'bluepeak-plumbing'] as const)
    sites.set(site, loadFixtureSite(site));
  await addTenant(t.db, 'steel', 'Next Day Steel');
  await addTenant(t.db, 'bakery', 'Crumb & Co');
  await addTenant(t.db, 'plumber', 'Bluepeak Plumbing & Drain');
  await loadSite('steel', 'next-day-steel');
  await loadSite('bakery', 'crumb-and-co');
  await loadSite('plumber', 'bluepeak-plumbing');
}, 120_000);

afterAll(async () => {
  await t?.cleanup();
});

describe('extraction on the fixture sites, stored', () => {
  it('a steel stockholder: products with their exact prices, units and SKUs, one product for two pages', async () => {
    const list = await products('steel');
    const ub = list.find((p) => p.sku === 'UB203-25');
    expect(ub).toMatchObject({
      name: '203 x 133 x 25 UB',
      price: 32.4,
      currency: 'GBP',
      unit: 'm',
      // Stock is one vocabulary (in_stock, out_of_stock, preorder, coming_soon); the words stay beside it.
      availability: 'in_stock',
      availabilityText: 'In stock',
    });
    const shs = list.filter((p) => p.sku === 'SHS80-5');
    expect(shs).toHaveLength(1);
    expect(shs[0]).toMatchObject({ price: 17.6, currency: 'GBP' });
    expect(shs[0]?.provenance.sources.map((s) => s.url).sort()).toEqual([
      'https://nextdaysteel.example/products/box-section.html',
      'https://nextdaysteel.example/products/index.html',
    ]);
    const byName = (name: string) => list.find((p) => p.name === name);
    expect(byName('flat bar 100 x 10 mm')).toMatchObject({ price: 7.45, unit: 'm' });
    expect(byName('Drilling')).toMatchObject({ kind: 'service', price: 4.5, unit: 'hole' });
    // Delivery charges are facts (entries), not things to buy; a free-delivery threshold is no price.
    expect(list.some((p) => /delivery/i.test(p.name) || p.price === 95)).toBe(false);
    expect(list.some((p) => p.price === 1000)).toBe(false);
  });

  it('a bakery: menu prices from tables, lists and prose; JSON-LD and table rows merged', async () => {
    const list = await products('bakery');
    const loaf = list.filter((p) => p.name === 'Country sourdough loaf');
    expect(loaf).toHaveLength(1);
    expect(loaf[0]).toMatchObject({ price: 5.2, currency: 'GBP', sku: 'BR-SD-800' });
    const price = (name: string) => list.find((p) => p.name === name)?.price;
    expect(price('Butter croissant')).toBe(2.9);
    expect(price('flat white')).toBe(3.3);
    expect(price('pot of Yorkshire tea')).toBe(2.8);
    // Names are kept as the page writes them, qualifier included.
    expect(price('6-inch round cake (serves 10)')).toBe(38);
    expect(list.find((p) => p.name === 'Two-tier wedding cakes')).toMatchObject({
      price: 220,
      priceFrom: true,
    });
    expect(list.find((p) => p.name === 'cardamom knots')).toMatchObject({ price: 3.4, unit: 'each' });
  });

  it('a plumber: service prices in dollars, hourly rates, and no wage read as a price', async () => {
    const list = await products('plumber');
    const price = (name: string) => list.find((p) => p.name === name);
    expect(price('50-gallon gas water heater installed')).toMatchObject({
      price: 1850,
      currency: 'USD',
      kind: 'service',
    });
    expect(price('Tankless water heater installed')).toMatchObject({ price: 3900, priceFrom: true });
    expect(list.some((p) => p.price === 32)).toBe(false);
    expect(list.some((p) => p.price === 50)).toBe(false); // "$50 off" is a discount
  });

  it('FAQ pairs from headings, bold questions and definition lists', async () => {
    const faq = async (tenant: string) =>
      (await call(entriesList, tenant, { limit: 200 })).entries
        .filter((e) => e.kind === 'faq')
        .map((e) => [e.question, e.answer]);
    expect(await faq('steel')).toEqual(
      expect.arrayContaining([
        ['Is there a minimum order?', 'No. We are happy to cut a single length of steel.'],
        [
          'How do I pay?',
          'We accept Visa, Mastercard, bank transfer and, for approved trade customers, 30-day credit accounts.',
        ],
      ]),
    );
    expect(await faq('bakery')).toEqual(
      expect.arrayContaining([
        ['Can I reserve a table?', "We don't take bookings for tables; seats are first come, first served."],
      ]),
    );
    expect(await faq('plumber')).toEqual(
      expect.arrayContaining([
        [
          'Do you pull permits?',
          'Yes, we pull the city permit for every water heater, sewer and repipe job, and the price includes it.',
        ],
      ]),
    );
  });

  it('opening hours and contact points', async () => {
    const hours = async (tenant: string) =>
      (await allEntities(tenant, 'opening_hours'))
        .filter((h) => !h.data.closed)
        .map((h) => `${(h.data.days as string[]).join(',')} ${h.data.opens}-${h.data.closes}`)
        .sort();
    expect(await hours('steel')).toEqual([
      'Monday,Tuesday,Wednesday,Thursday,Friday 07:00-16:30',
      'Saturday 08:00-12:00',
    ]);
    expect(await hours('bakery')).toEqual([
      'Saturday 08:00-15:00',
      'Sunday 09:00-13:00',
      'Tuesday,Wednesday,Thursday,Friday 08:00-16:00',
    ]);
    expect(await hours('plumber')).toContain('Monday,Tuesday,Wednesday,Thursday,Friday 07:00-18:00');
    const contacts = async (tenant: string) =>
      (await allEntities(tenant, 'contact_point')).map((c) => c.data.value as string);
    expect(await contacts('steel')).toEqual(
      expect.arrayContaining(['0114 496 0321', 'sales@nextdaysteel.example']),
    );
    expect(await contacts('bakery')).toEqual(
      expect.arrayContaining(['01904 555123', 'hello@crumbandco.example']),
    );
    expect(await contacts('plumber')).toEqual(
      expect.arrayContaining(['(303) 555-0187', 'service@bluepeakplumbing.example']),
    );
    const people = (await allEntities('steel', 'person')).map((p) => [p.name, p.data.role]);
    expect(people).toEqual(expect.arrayContaining([['Emma Walsh', 'Managing Director']]));
  });

  it('every machine-made entry and entity cites text that is really in its page, at its offsets', async () => {
    for (const tenant of ['steel', 'bakery', 'plumber']) {
      const rows = await t.db.read(tenant, async (db) => ({
        entries: await db
          .selectFrom('knowledge_entry_sources')
          .selectAll()
          .where('tenant_id', '=', tenant)
          .execute(),
        entities: await db
          .selectFrom('knowledge_entity_sources')
          .selectAll()
          .where('tenant_id', '=', tenant)
          .execute(),
      }));
      expect(rows.entries.length).toBeGreaterThan(40);
      for (const s of [...rows.entries, ...rows.entities]) {
        const page = await t.db.read(tenant, (db) => findPage(db, tenant, s.page_id));
        const source = s.support_field === 'markdown' ? page?.markdown : page?.structured;
        expect(source?.slice(s.support_start, s.support_end)).toBe(s.support_text);
        expect(s.support_text.trim().length).toBeGreaterThan(0);
      }
    }
  });

  it('no two entries of a business ask one question, and re-extracting a page keeps its questions', async () => {
    const questions = async (tenant: string) =>
      (
        await t.db.read(tenant, (db) =>
          db
            .selectFrom('knowledge_entries')
            .select(['question', 'answer', 'source_url'])
            .where('tenant_id', '=', tenant)
            .where('hidden', '=', 0)
            .execute(),
        )
      )
        .map((r) => `${r.question} => ${r.answer} @ ${r.source_url}`)
        .sort();
    for (const tenant of ['steel', 'bakery', 'plumber']) {
      const all = await questions(tenant);
      const q = all.map((x) => x.split(' => ')[0]);
      expect(
        all.filter((_, i) => q.filter((y) => y === q[i]).length > 1),
        tenant,
      ).toEqual([]);
    }
    const pageId = pageIds.get('bakery')?.get('index.html') as string;
    const before = await questions('bakery');
    await call(entriesExtract, 'bakery', { pageId, force: true });
    expect(await questions('bakery')).toEqual(before);
  });

  it('the database refuses a machine-made entry without a support span', async () => {
    const now = new Date().toISOString();
    const attempt = t.db.tenant('steel', (tx) =>
      tx
        .insertInto('knowledge_entries')
        .values({
          id: 'unsupported-1',
          tenant_id: 'steel',
          question: 'How much is the HEA 200?',
          answer: '£99 per metre',
          category: 'pricing',
          category_confidence: 1,
          confidence: 1,
          kind: 'llm',
          origin: 'extracted',
          engine: 'llm',
          model: 'openai:gpt-4o-mini',
          page_id: null,
          source_url: null,
          support_field: null,
          support_start: null,
          support_end: null,
          support_text: null,
          heading_path: '[]',
          chunk_refs: '[]',
          entities: '[]',
          edited: 0,
          edited_by: null,
          edited_at: null,
          hidden: 0,
          created_at: now,
          updated_at: now,
        })
        .execute(),
    );
    await expect(attempt).rejects.toThrow(/CHECK|check constraint|knowledge_entries_supported/i);
  });

  it('entries join the search index as entry chunks, with their category', async () => {
    const results = await app.knowledgeIndex.search(t.db, 'steel', 'minimum order', {
      topK: 10,
      filters: { sourceType: 'entry' },
    });
    expect(results.hits.length).toBeGreaterThan(0);
    expect(results.hits[0]?.text).toMatch(/minimum order/i);
    expect(results.hits[0]?.category).toBe('ordering_payment');
  });

  it('another tenant cannot read, change or delete an entry or product', async () => {
    const own = (await call(entriesList, 'steel', { limit: 1 })).entries[0];
    const product = (await products('steel'))[0];
    if (!own || !product) throw new Error('fixture missing');
    expect((await errorOf(call(entriesGet, 'bakery', { id: own.id }))).status).toBe(404);
    expect((await errorOf(call(entriesUpdate, 'bakery', { id: own.id, answer: 'x' }))).status).toBe(404);
    expect((await errorOf(call(entriesDelete, 'bakery', { id: own.id }))).status).toBe(404);
    expect((await errorOf(call(productsUpsert, 'bakery', { id: product.id, price: 1 }))).status).toBe(404);
    expect((await errorOf(call(productsDelete, 'bakery', { id: product.id }))).status).toBe(404);
    const steelPage = pageIds.get('steel')?.get('faq.html') as string;
    expect((await errorOf(call(entriesExtract, 'bakery', { pageId: steelPage }))).status).toBe(404);
  });
});

describe('person corrections survive re-extraction', () => {
  it('an edited entry keeps its wording, and no twin appears', async () => {
    const pageId = pageIds.get('steel')?.get('faq.html') as string;
    const before = (await call(entriesList, 'steel', { pageId, limit: 100 })).entries;
    const target = before.find((e) => e.question === 'Is there a minimum order?');
    if (!target) throw new Error('fixture missing');
    const edited = await call(entriesUpdate, 'steel', {
      id: target.id,
      answer: 'No minimum order: we cut a single length.',
    });
    expect(edited.provenance.editedByPerson).toBe(true);
    expect(edited.provenance.editedBy).toBe('person@example.com');
    await call(entriesExtract, 'steel', { pageId, force: true });
    const after = (await call(entriesList, 'steel', { pageId, limit: 100 })).entries;
    const same = after.filter((e) => e.question === 'Is there a minimum order?');
    expect(same).toHaveLength(1);
    expect(same[0]).toMatchObject({ id: target.id, answer: 'No minimum order: we cut a single length.' });
    expect(after).toHaveLength(before.length);
  });

  it('a corrected product price and a deleted product stay as the person left them', async () => {
    const list = await products('steel');
    const ub = list.find((p) => p.sku === 'UB254-31');
    const rhs = list.find((p) => p.sku === 'RHS100-4');
    if (!ub || !rhs) throw new Error('fixture missing');
    await call(productsUpsert, 'steel', { id: ub.id, price: 41.1 });
    await call(productsDelete, 'steel', { id: rhs.id });
    await call(entriesExtract, 'steel', {
      pageId: pageIds.get('steel')?.get('products/index.html') as string,
      force: true,
    });
    const again = await products('steel');
    expect(again.find((p) => p.id === ub.id)).toMatchObject({
      price: 41.1,
      provenance: { editedByPerson: true },
    });
    expect(again.some((p) => p.sku === 'RHS100-4')).toBe(false);
    const hidden = (await call(productsList, 'steel', { includeHidden: true, limit: 500 })).products.find(
      (p) => p.id === rhs.id,
    );
    expect(hidden?.hidden).toBe(true);
  });

  it('a person sets stock with its back date, a sale price and variants', async () => {
    const list = await products('steel');
    const ub = list.find((p) => p.sku === 'UB305-40');
    if (!ub) throw new Error('fixture missing');
    const updated = await call(productsUpsert, 'steel', {
      id: ub.id,
      availability: 'out_of_stock',
      availableFrom: '--03',
      availabilityText: 'Back in March',
      referencePrice: 55,
      variants: [{ name: '6 m length', price: 307.2 }],
    });
    expect(updated).toMatchObject({
      availability: 'out_of_stock',
      availableFrom: '--03',
      availabilityText: 'Back in March',
      referencePrice: 55,
      variants: [{ name: '6 m length', price: 307.2 }],
      provenance: { editedByPerson: true },
    });
  });

  it('a deleted machine-made entry stays deleted; a manual entry is searchable and marked manual', async () => {
    const pageId = pageIds.get('steel')?.get('delivery.html') as string;
    const entry = (await call(entriesList, 'steel', { pageId, limit: 100 })).entries.find((e) =>
      /Dublin/.test(e.answer),
    );
    if (!entry) throw new Error('fixture missing');
    await call(entriesDelete, 'steel', { id: entry.id });
    await call(entriesExtract, 'steel', { pageId, force: true });
    const after = (await call(entriesList, 'steel', { limit: 200 })).entries;
    expect(after.some((e) => /Dublin/.test(e.answer))).toBe(false);
    const manual = await call(entriesCreate, 'steel', {
      question: 'Do you deliver to the Isle of Man?',
      answer: 'Yes, by ferry on Wednesdays.',
    });
    expect(manual.provenance).toMatchObject({
      origin: 'manual',
      engine: 'manual',
      editedByPerson: true,
      support: null,
    });
    const hits = await app.knowledgeIndex.search(t.db, 'steel', 'Isle of Man ferry', {
      filters: { sourceType: 'entry' },
    });
    expect(hits.hits[0]?.sourceId).toBe(manual.id);
  });
});

describe('gap scores follow the pages', () => {
  it('each category covered by a page scores lower without that page and back again with it', async () => {
    await addTenant(t.db, 'gaps');
    const site = sites.get('next-day-steel') as FixturePage[];
    const scores = async () =>
      new Map(
        (await call(knowledgeGapsOp, 'gaps', {})).categories.map((c) => [c.category, c.score] as const),
      );
    expect([...(await scores()).values()].every((s) => s === 0)).toBe(true);
    await loadSite('gaps', 'next-day-steel');
    const full = await scores();
    const moved: string[] = [];
    for (const page of site) {
      const pageId = pageIds.get('gaps')?.get(page.path) as string;
      // Categories this page covers: it states at least half of what the site says about them.
      const all = (await call(entriesList, 'gaps', { limit: 200 })).entries;
      const mine = all.filter((e) => e.provenance.sources.some((s) => s.pageId === pageId));
      const covered = new Set(
        mine
          .map((e) => e.category)
          .filter(
            (c) =>
              mine.filter((e) => e.category === c).length * 2 >= all.filter((e) => e.category === c).length,
          ),
      );
      await t.db.tenant('gaps', async (tx) => {
        await removePageKnowledge(app, tx, 'gaps', pageId);
        await deletePage(tx, 'gaps', pageId);
      });
      const without = await scores();
      for (const category of covered) {
        expect(without.get(category), `${category} without ${page.path}`).toBeLessThan(
          full.get(category) as number,
        );
        moved.push(category);
      }
      const restoredId = await storeFixturePage(t.db, 'gaps', page);
      pageIds.get('gaps')?.set(page.path, restoredId);
      await call(entriesExtract, 'gaps', { pageId: restoredId });
      expect(await scores()).toEqual(full);
    }
    expect(new Set(moved).size).toBeGreaterThanOrEqual(12);
  });

  it('suggests what is missing in words a business owner can act on', async () => {
    await addTenant(t.db, 'gaps2');
    await loadSite('gaps2', 'next-day-steel', ['products/index.html', 'terms.html']);
    const report = await call(knowledgeGapsOp, 'gaps2', {});
    const shipping = report.categories.find((c) => c.category === 'shipping_delivery');
    expect(shipping?.score).toBe(0);
    expect(shipping?.suggestions.join(' ')).toMatch(/delivery/i);
    await loadSite('gaps2', 'next-day-steel', ['delivery.html']);
    const withDelivery = (await call(knowledgeGapsOp, 'gaps2', { category: 'shipping_delivery' }))
      .categories[0];
    expect(withDelivery?.score).toBeGreaterThan(60);
    expect(withDelivery?.covered).toEqual(
      expect.arrayContaining(['delivery costs', 'delivery areas', 'delivery times']),
    );
  });
});
