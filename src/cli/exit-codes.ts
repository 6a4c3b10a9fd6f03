/**
 * Exit codes scripts can rely on. Documented in docs/cli.md.
 * 0 success · 1 unexpected error · 2 invalid input or usage · 3 not authenticated or not allowed ·
 * 4 not found · 5 conflict · 6 rate limited or over quota · 7 unavailable (server, database, network) ·
 * 78 invalid configuration
 */
export const exitCodes = {
  ok: 0,
  error: 1,
  invalid: 2,
  auth: 3,
  notFound: 4,
  conflict: 5,
  limited: 6,
  unavailable: 7,
  config: 78,
} as const;

export function exitCodeForStatus(status: number, code?: string): number {
  if (code === 'quota.exceeded') return exitCodes.limited;
  if (status === 400 || status === 413 || status === 415 || status === 422) return exitCodes.invalid;
  if (status === 401 || status === 403) return exitCodes.auth;
  if (status === 404) return exitCodes.notFound;
  if (status === 409) return exitCodes.conflict;
  if (status === 429 || status === 402) return exitCodes.limited;
  if (status >= 500) return exitCodes.unavailable;
  return exitCodes.error;
}
