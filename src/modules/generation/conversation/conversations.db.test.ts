import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../../../test/support/app.js';
import { learnedWeights } from '../learning/weights.js';
import { defaultRerankWeights, type RerankWeights } from '../rerank/weights.js';
import type { Content } from '../schemas.js';
import { advanceConversation } from './repository.js';
import type { ConversationWithMessages, Message, SendOutput } from './schemas.js';

/**
 * The advisory chatflow through the REST API, on a bakery with a small knowledge base and catalogue and
 * the offline composer: a request gets options A/B/C with previews, a vague one a question, "make B
 * shorter" revises, "go with B" approves what publishing will send, "none of these" rejects.
 */

let t: TestApp;
let bakery: TestTenant;
let other: TestTenant;

interface Json {
  [key: string]: unknown;
}

async function api<T = Json>(path: string, key: string, body?: unknown) {
  const res = await t.request(`/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    key,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

async function put(path: string, key: string, body: unknown) {
  const res = await t.request(`/api/v1${path}`, { method: 'PUT', key, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
}

async function send(id: string, message: string, extra: Json = {}): Promise<Message> {
  const res = await api<SendOutput>(`/conversations/${id}/messages`, bakery.keys.editor, {
    message,
    ...extra,
  });
  if (res.status !== 200) throw new Error(`${message}: ${res.status} ${JSON.stringify(res.body)}`);
  expect(res.body.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  return res.body.messages[1] as Message;
}

beforeAll(async () => {
  t = await createTestApp();
  bakery = await t.tenant('Crumb and Co');
  other = await t.tenant('Other Co');
  await put('/products', bakery.keys.editor, {
    name: 'Cardamom knot',
    price: 3.4,
    currency: 'GBP',
    unit: 'each',
    url: 'https://crumb.example/knots',
    description: 'A twisted bun rolled in cardamom sugar, baked every morning.',
  });
  await put('/products', bakery.keys.editor, {
    name: 'Sourdough loaf',
    price: 5.2,
    currency: 'GBP',
    unit: 'each',
    url: 'https://crumb.example/sourdough',
    description: 'Our 48-hour sourdough with a dark, blistered crust.',
  });
  for (const [question, answer] of [
    ['When are cardamom knots baked?', 'Our cardamom knots come out of the oven at 7am every day.'],
    ['Do you deliver?', 'We deliver bread within 5 miles of the bakery every morning before 9am.'],
    ['When is the Saturday market?', 'We have a stall at the Saturday farmers market from 8am to 1pm.'],
    [
      'What is in a cardamom knot?',
      'Each cardamom knot is laminated dough with butter, cardamom sugar and a pinch of sea salt.',
    ],
    ['Are cardamom knots vegan?', 'Cardamom knots are not vegan: they are made with butter and milk.'],
    [
      'Can I order cardamom knots for an office?',
      'Offices can order a box of 12 cardamom knots with a day’s notice.',
    ],
    [
      'Who bakes the cardamom knots?',
      'Our head baker Mia shapes every cardamom knot by hand, a recipe from her grandmother in Gothenburg.',
    ],
    ['How long does the sourdough take?', 'Our sourdough ferments for 48 hours before it is baked.'],
  ]) {
    const res = await api('/knowledge/entries', bakery.keys.editor, {
      question,
      answer,
      category: 'products',
    });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  }
});
afterAll(async () => {
  await t?.cleanup();
});

const contentOf = async (id: string) => (await api<Content>(`/content/${id}`, bakery.keys.viewer)).body;

describe('conversations', () => {
  it('answers a request with options A/B/C over the stored draft, and shows the conversation back', async () => {
    const created = await api<ConversationWithMessages>('/conversations', bakery.keys.editor, {
      message: 'A post about our cardamom knots for LinkedIn and Instagram',
    });
    expect(created.status).toBe(201);
    const conv = created.body;
    expect(conv.title).toBe('A post about our cardamom knots for LinkedIn and Instagram');
    expect(conv.messages.map((m) => [m.seq, m.role, m.kind])).toEqual([
      [1, 'user', 'message'],
      [2, 'assistant', 'options'],
    ]);
    const answer = conv.messages[1] as Message;
    expect(answer.action).toBe('generate');
    expect(answer.options.length).toBeGreaterThanOrEqual(2);
    expect(answer.options.map((o) => o.letter)).toEqual(['A', 'B', 'C'].slice(0, answer.options.length));
    expect(answer.text).toContain('A: ');
    expect(answer.text).toContain('go with');
    const content = await contentOf(conv.contentId as string);
    expect(content.status).toBe('draft');
    expect(content.request).toBe('A post about our cardamom knots for LinkedIn and Instagram');
    // Option k is every platform's k-th ranked candidate, with its text; the preview is its beginning.
    for (const [k, option] of answer.options.entries()) {
      for (const c of option.candidates) {
        const stored = content.candidates.find((x) => x.id === c.candidateId);
        expect(stored).toMatchObject({ platform: c.platform, rank: k + 1, text: c.text });
      }
      expect(option.candidates[0]?.text.replace(/\s+/g, ' ')).toContain(option.preview.replace(/…$/, ''));
    }
    expect(new Set(answer.options.flatMap((o) => o.candidates.map((c) => c.platform)))).toEqual(
      new Set(['linkedin', 'instagram']),
    );

    const again = await api<ConversationWithMessages>(`/conversations/${conv.id}`, bakery.keys.viewer);
    expect(again.body).toEqual(conv);
    const list = await api<{ conversations: Json[] }>('/conversations', bakery.keys.viewer);
    expect(list.body.conversations.map((c) => c.id)).toContain(conv.id);
    const elsewhere = await api(`/conversations/${conv.id}`, other.keys.viewer);
    expect(elsewhere.status).toBe(404);
  });

  it('"make B shorter" revises against B, "go with B" approves B for publishing, "none of these" rejects', async () => {
    const conv = (
      await api<ConversationWithMessages>('/conversations', bakery.keys.editor, {
        message: 'A LinkedIn post about our cardamom knots',
      })
    ).body;
    const first = conv.messages[1] as Message;
    expect(first.kind).toBe('options');
    const b = first.options[1];
    expect(b).toBeDefined();
    const bLinkedin = b?.candidates.find((c) => c.platform === 'linkedin')?.text as string;

    const revised = await send(conv.id, 'make B shorter');
    expect(revised).toMatchObject({ kind: 'options', action: 'refine' });
    expect(revised.text).toContain('option B');
    const top = revised.options[0]?.candidates.find((c) => c.platform === 'linkedin')?.text as string;
    expect(top.length).toBeLessThan(bLinkedin.length);

    const chosen = revised.options[1] ?? revised.options[0];
    const letter = chosen?.letter as string;
    const approved = await send(
      conv.id,
      `Let's go with ${letter === 'A' ? 'the first one' : `option ${letter}`}`,
    );
    expect(approved).toMatchObject({ kind: 'approved', action: 'approve' });
    let content = await contentOf(conv.contentId as string);
    expect(content.status).toBe('approved');
    // Publishing sends each platform's rank-1 candidate: the chosen option's.
    for (const c of chosen?.candidates ?? []) {
      expect(content.candidates.find((x) => x.platform === c.platform && x.rank === 1)?.id).toBe(
        c.candidateId,
      );
    }

    const rejected = await send(conv.id, 'Actually, none of these. Too salesy.');
    expect(rejected).toMatchObject({ kind: 'rejected', action: 'reject', options: [] });
    content = await contentOf(conv.contentId as string);
    expect(content.status).toBe('rejected');
    const fb = await api<{ events: Json[] }>(`/content/${content.id}/feedback`, bakery.keys.viewer);
    expect(
      fb.body.events
        .filter((e) => e.kind === 'reject')
        .every((e) => (e.reasons as string[])[0] === 'too_salesy'),
    ).toBe(true);

    // After a no, a bare change revises the same content, which becomes a draft again.
    const playful = await send(conv.id, 'more playful');
    expect(playful).toMatchObject({ kind: 'options', action: 'refine', contentId: content.id });
    expect((await contentOf(content.id)).status).toBe('draft');

    const full = await api<ConversationWithMessages>(`/conversations/${conv.id}`, bakery.keys.viewer);
    expect(full.body.turns).toBe(5);
    expect(full.body.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('asks what the post is about when the request names nothing, then writes from the answer', async () => {
    const before = await api<{ contents: Json[] }>('/content?limit=200', bakery.keys.viewer);
    const conv = (
      await api<ConversationWithMessages>('/conversations', bakery.keys.editor, {
        message: 'write something for instagram',
      })
    ).body;
    const question = conv.messages[1] as Message;
    expect(question).toMatchObject({ kind: 'question', options: [], contentId: null });
    expect(question.text).toMatch(/what should it be about/i);
    const after = await api<{ contents: Json[] }>('/content?limit=200', bakery.keys.viewer);
    expect(after.body.contents).toHaveLength(before.body.contents.length);

    for (const vague of ['post something', 'Can you make me a post?']) {
      const m = await send(conv.id, vague);
      expect(m.kind).toBe('question');
    }
    const written = await send(conv.id, 'about the sourdough loaf');
    expect(written.kind).toBe('options');
    const content = await contentOf(written.contentId as string);
    expect(content.request).toMatch(/instagram/i);
    expect(content.request).toMatch(/sourdough/);
    expect(content.candidates.every((c) => c.platform === 'instagram')).toBe(true);
  });

  it('refuses bad input with typed errors and stores nothing for it', async () => {
    const conv = (await api<ConversationWithMessages>('/conversations', bakery.keys.editor, {})).body;
    expect(conv).toMatchObject({ title: 'New conversation', turns: 0, messages: [] });
    const empty = await api(`/conversations/${conv.id}/messages`, bakery.keys.editor, { message: '  ' });
    expect(empty.status).toBe(400);
    const viewer = await api(`/conversations/${conv.id}/messages`, bakery.keys.viewer, { message: 'hello' });
    expect(viewer.status).toBe(403);
    const missing = await api('/conversations/conv_nope/messages', bakery.keys.editor, { message: 'hello' });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'conversations.not_found' } });
    const foreign = await api(`/conversations/${conv.id}/messages`, other.keys.editor, { message: 'hello' });
    expect(foreign.status).toBe(404);
    const still = await api<ConversationWithMessages>(`/conversations/${conv.id}`, bakery.keys.viewer);
    expect(still.body.messages).toEqual([]);
  });

  it('moves a conversation to its next turn only from the turn it was read at', async () => {
    const conv = (await api<ConversationWithMessages>('/conversations', bakery.keys.editor, {})).body;
    const changes = {
      state: '{"options":[]}',
      content_id: null,
      title: 't',
      updated_at: new Date().toISOString(),
    };
    const first = await t.app.db.tenant(bakery.id, (tx) =>
      advanceConversation(tx, bakery.id, conv.id, 0, changes),
    );
    // A second writer that read the conversation at turn 0 too is refused: its answer would interleave.
    const stale = await t.app.db.tenant(bakery.id, (tx) =>
      advanceConversation(tx, bakery.id, conv.id, 0, changes),
    );
    expect([first, stale]).toEqual([true, false]);
  });

  it('closes the loop: with learnedWeights wired, the pipeline ranks by what this tenant taught it', async () => {
    // The conversations above approved and rejected content: the tenant's weights have moved.
    const ctx = {
      tenantId: bakery.id,
      role: 'viewer' as const,
      actor: { type: 'system' as const, id: null },
      scopes: [],
      requestId: 'req_test',
      app: t.app,
    };
    const learned = await learnedWeights(ctx);
    const w = { ...defaultRerankWeights, ...learned.rerank } as RerankWeights;
    expect(
      Object.keys(defaultRerankWeights).some(
        (k) => w[k as keyof RerankWeights] !== defaultRerankWeights[k as keyof RerankWeights],
      ),
    ).toBe(true);
    t.app.generationWeights = learnedWeights;
    try {
      const res = await api<{ candidates: Record<string, Content['candidates']> }>(
        '/content/generate',
        bakery.keys.editor,
        {
          request: 'A LinkedIn post about our sourdough loaf',
          platforms: ['linkedin'],
          engine: 'offline',
        },
      );
      expect(res.status).toBe(201);
      const list = res.body.candidates.linkedin ?? [];
      expect(list.length).toBeGreaterThan(0);
      for (const c of list) {
        const s = c.scores as Record<string, number>;
        const parts: [number, number][] = [
          [w.voice, s.voice as number],
          [w.skillFit, s.skillFit as number],
          [w.guards, s.guards as number],
          [w.performance, s.performance as number],
        ];
        const total = parts.reduce((sum, [weight]) => sum + weight, 0);
        const quality = parts.reduce((sum, [weight, v]) => sum + weight * v, 0) / total;
        expect(Math.abs(quality - (s.quality as number))).toBeLessThan(0.002);
      }
    } finally {
      t.app.generationWeights = undefined;
    }
  });
});
