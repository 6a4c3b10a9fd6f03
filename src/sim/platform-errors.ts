import type { SimContext } from './http.js';
import type { SimWorld } from './world.js';

/** A platform's answers to injected faults, in its own error format. */
export interface PlatformErrors {
  serverError(status: number, world: SimWorld, c: SimContext): Response;
  rateLimited(world: SimWorld, c: SimContext): Response;
  duplicate(world: SimWorld, c: SimContext): Response;
}
