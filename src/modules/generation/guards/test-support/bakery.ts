/** A small bakery's facts for the guard tests (invented for these tests; no dataset is copied). */
import type { Platform } from '../../../../core/platforms.js';
import { runGuards } from '../engine.js';
import type { GuardContext, GuardedText, GuardFacts, TextGuard } from '../types.js';

export const bakeryFacts: GuardFacts = {
  entries: [
    { id: 'ent_hours', text: 'When are you open? We open at 7am Monday to Saturday and close at 18:30.' },
    { id: 'ent_delivery', text: 'Do you deliver? Free delivery on orders over €25 within 5 km of the shop.' },
    { id: 'ent_since', text: 'About us: a family bakery since 1998, baking with 100% organic flour.' },
    {
      id: 'ent_review',
      kind: 'testimonial',
      text: 'Review from Anna: "The best rye bread in town, with a crust like a dream."',
    },
    { id: 'ent_contact', text: 'Contact: hello@ryeandco.example, phone +44 20 7946 0958.' },
    { id: 'ent_market', text: 'Christmas market stall on 5 December 2026, from 10:00.' },
  ],
  products: [
    { id: 'prd_rye', name: 'Rye Sourdough', price: 4.5, currency: 'EUR', availability: 'in_stock' },
    {
      id: 'prd_spelt',
      name: 'Spelt Loaf 800g',
      price: 5.2,
      referencePrice: 6,
      currency: 'EUR',
      availability: 'in_stock',
    },
    {
      id: 'prd_stollen',
      name: 'Christmas Stollen',
      price: 18,
      currency: 'EUR',
      availability: 'out_of_stock',
      backOn: '2026-12-01',
    },
    { id: 'prd_cake', name: 'Carrot Cake', price: '3,80 €', availability: 'preorder' },
    { id: 'prd_baguette', name: 'Baguette', price: 2.1, currency: 'EUR', availability: 'in_stock' },
  ],
  request: 'A LinkedIn post about our rye sourdough for Saturday 12 December',
};

/** Runs one guard (with its fixer) the way the engine does. */
export function runOne(
  guard: TextGuard,
  text: string,
  context: GuardContext = {},
  platform: Platform = 'linkedin',
): GuardedText & { result: GuardedText['guards'][number] } {
  const out = runGuards([guard], platform, text, context);
  return { ...out, result: out.guards[0] as GuardedText['guards'][number] };
}
