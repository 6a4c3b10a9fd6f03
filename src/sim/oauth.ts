import { createHash } from 'node:crypto';
import type { AuthCode, Provider, SimApp, SimWorld } from './world.js';

/** Shared pieces of the three OAuth 2.0 authorization-code flows (X, LinkedIn, Meta). */

export interface AuthorizeRequest {
  provider: Provider;
  clientId: string | undefined;
  redirectUri: string | undefined;
  scopes: string[];
  state: string | undefined;
  codeChallenge?: string | undefined;
  codeChallengeMethod?: string | undefined;
  /** Login as this identity (the `sim_user` query parameter), else the control API's choice. */
  userHint?: string | undefined;
  codeTtlMs: number;
}

export type AuthorizeOutcome =
  | { kind: 'error'; status: number; error: string; description: string }
  | { kind: 'redirect'; location: URL; code?: AuthCode };

/** Checks the client and redirect URI (errors shown to the person, no redirect), then "logs in". */
export function authorize(world: SimWorld, req: AuthorizeRequest): AuthorizeOutcome {
  const app = req.clientId ? world.app(req.provider, req.clientId) : undefined;
  if (!app) return { kind: 'error', status: 400, error: 'invalid_client', description: 'unknown client_id' };
  if (!req.redirectUri)
    return { kind: 'error', status: 400, error: 'invalid_request', description: 'redirect_uri is required' };
  if (!redirectAllowed(app, req.redirectUri)) {
    return {
      kind: 'error',
      status: 400,
      error: 'invalid_request',
      description: 'redirect_uri does not match the registered value',
    };
  }
  let location: URL;
  try {
    location = new URL(req.redirectUri);
  } catch {
    return { kind: 'error', status: 400, error: 'invalid_request', description: 'redirect_uri is not a URL' };
  }
  const choice = world.loginChoice(req.provider);
  const hinted = req.userHint ? findIdentity(world, req.provider, req.userHint) : undefined;
  const identityId = hinted ?? choice.identityId;
  if (req.state !== undefined) location.searchParams.set('state', req.state);
  if (choice.decision === 'deny') {
    location.searchParams.set('error', 'access_denied');
    location.searchParams.set('error_description', 'The user denied the request');
    return { kind: 'redirect', location };
  }
  const scopes = req.scopes.filter((s) => !choice.declineScopes.includes(s));
  const code: AuthCode = {
    code: world.secret(''),
    provider: req.provider,
    clientId: app.clientId,
    redirectUri: req.redirectUri,
    identityId,
    scopes,
    ...(req.codeChallenge ? { codeChallenge: req.codeChallenge } : {}),
    ...(req.codeChallengeMethod ? { codeChallengeMethod: req.codeChallengeMethod } : {}),
    issuedAtMs: world.now(),
    ttlMs: req.codeTtlMs,
    used: false,
  };
  world.codes.set(code.code, code);
  location.searchParams.set('code', code.code);
  return { kind: 'redirect', location, code };
}

function findIdentity(world: SimWorld, provider: Provider, hint: string): string | undefined {
  for (const identity of world.identities.values()) {
    if (identity.provider !== provider) continue;
    if (identity.id === hint || identity.username === hint || identity.email === hint) return identity.id;
  }
  for (const account of world.accounts.values()) {
    if (account.id === hint || account.username === hint) {
      const manager = account.managers[0];
      const identity = manager ? world.identities.get(manager) : undefined;
      if (identity?.provider === provider) return identity.id;
    }
  }
  return undefined;
}

export function redirectAllowed(app: SimApp, uri: string): boolean {
  return app.redirectUris.length === 0 || app.redirectUris.includes(uri);
}

export type CodeProblem = 'invalid' | 'expired' | 'used' | 'redirect_mismatch' | 'client_mismatch' | 'pkce';

/** Takes a code for exchange: single use, within its lifetime, same client and redirect, PKCE verified. */
export function redeemCode(
  world: SimWorld,
  provider: Provider,
  value: string | undefined,
  check: { clientId: string; redirectUri: string | undefined; codeVerifier?: string | undefined },
): AuthCode | CodeProblem {
  const code = value ? world.codes.get(value) : undefined;
  if (!code || code.provider !== provider) return 'invalid';
  if (code.used) return 'used';
  if (world.now() > code.issuedAtMs + code.ttlMs) return 'expired';
  if (code.clientId !== check.clientId) return 'client_mismatch';
  if (check.redirectUri !== code.redirectUri) return 'redirect_mismatch';
  if (code.codeChallenge) {
    if (
      !check.codeVerifier ||
      !pkceMatches(code.codeChallenge, code.codeChallengeMethod ?? 'plain', check.codeVerifier)
    ) {
      return 'pkce';
    }
  }
  code.used = true;
  return code;
}

export function pkceMatches(challenge: string, method: string, verifier: string): boolean {
  if (method.toUpperCase() === 'S256') {
    return createHash('sha256').update(verifier).digest('base64url') === challenge;
  }
  return method === 'plain' && verifier === challenge;
}

/** Revokes every token of the grant `grantId` (an authorisation's access and refresh tokens). */
export function revokeGrant(world: SimWorld, grantId: string): number {
  let n = 0;
  for (const t of world.tokens.values()) {
    if (t.grantId === grantId && !t.revoked) {
      t.revoked = true;
      n++;
    }
  }
  return n;
}
