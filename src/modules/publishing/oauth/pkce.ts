/** PKCE (RFC 7636, S256) and the `state` that ties a callback to the connection that started it. */
import { createHash, randomBytes } from 'node:crypto';

export function newState(): string {
  return randomBytes(24).toString('base64url');
}

export function hashState(state: string): string {
  return createHash('sha256').update(state).digest('hex');
}

/** A code verifier of 64 URL-safe characters (RFC 7636 asks for 43-128) and its S256 challenge. */
export function newPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}
