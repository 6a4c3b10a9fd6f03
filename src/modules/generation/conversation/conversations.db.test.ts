import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../../../test/support/app.js';
import type { Content } from '../schemas.js';
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
    ['What is in a cardamom knot?', 'Each cardamom knot is laminated dough with butter, cardamom sugar and a pinch of sea salt.'],
    ['Are cardamom knots vegan?', 'Cardamom knots are not vegan: they are made with butter and milk.'],
    ['Can I order cardamom knots for an office?', 'Offices can order a box of 12 cardamom knots with a day’s notice.'],
    ['Who bakes the cardamom knots?', 'Our head baker Mia shapes every cardamom knot by hand, a recipe from her grandmother in Gothenburg.'],
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

describe('conversations', () => {
  it('explores', async () => {
    const created = await api<ConversationWithMessages>('/conversations', bakery.keys.editor, {
      message: 'A post about our cardamom knots for LinkedIn and Instagram',
    });
    console.log(JSON.stringify(created.body, null, 1).slice(0, 4000));
    const id = created.body.id;
    for (const m of [
      'make B shorter',
      'go with B',
      'none of these, too salesy',
      'more playful',
      'write something',
      'about our Saturday market stall',
    ]) {
      const r = await send(id, m);
      console.log('>>>', m, '\n', r.kind, r.action, r.text);
    }
  });
});
