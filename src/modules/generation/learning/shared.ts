/**
 * Structural learning shared across tenants: per platform and built-in skill, the share of decisions
 * that were approvals. Only these numbers ever leave a tenant, and only so:
 *
 * - no text and no tenant-made names: a cell is keyed by platform and a built-in skill id (the shipped
 *   library), never by a tenant's own skill, word or post;
 * - one vote per tenant: each tenant contributes its approval rate in the cell (0-1), not its counts, and
 *   only once it has MIN_DECISIONS decisions there;
 * - k-anonymity: a cell is released only when at least MIN_TENANTS tenants contributed; the number of
 *   tenants is released as a band (5-9, 10-19 …), never exactly;
 * - differential privacy: the released mean carries Laplace noise of scale 1/(n·ε), the sensitivity of a
 *   mean of n values in [0, 1] to one tenant's value, so whatever an observer knows about every other
 *   tenant, the figure shifts its odds about one tenant's rate by at most e^ε; releases are at most one
 *   a day, each with fresh noise, so nobody can average the noise away by asking again.
 *
 * Pure: the randomness comes in as a function, so tests can seed it.
 */

export const MIN_TENANTS = 5;
export const MIN_DECISIONS = 3;
/** Privacy budget of one cell in one release. */
export const EPSILON = 1;

export interface Contribution {
  platform: string;
  skillId: string;
  approved: number;
  rejected: number;
}

export interface SharedFigure {
  key: string;
  platform: string;
  skillId: string;
  /** 0-1, rounded to 0.01, noise included. */
  approvalRate: number;
  tenantsBand: string;
}

export function tenantsBand(n: number): string {
  if (n >= 50) return '50+';
  if (n >= 20) return '20-49';
  if (n >= 10) return '10-19';
  return '5-9';
}

/** A draw from Laplace(0, scale) by inverse transform of one uniform draw in (0, 1). */
export function laplace(random: () => number, scale: number): number {
  let u = random();
  while (u <= 0 || u >= 1) u = random();
  const centred = u - 0.5;
  return -scale * Math.sign(centred) * Math.log(1 - 2 * Math.abs(centred));
}

/**
 * The released figures from every tenant's counts (`byTenant`: one list per tenant; the tenant ids are not
 * an input, so they cannot leak into the output). `isShared(skillId)` says which skills are built in.
 */
export function releaseFigures(
  byTenant: readonly (readonly Contribution[])[],
  isShared: (skillId: string) => boolean,
  random: () => number,
  epsilon: number = EPSILON,
): SharedFigure[] {
  const cells = new Map<string, { platform: string; skillId: string; rates: number[] }>();
  for (const contributions of byTenant) {
    const own = new Map<string, Contribution>();
    for (const c of contributions) {
      if (!isShared(c.skillId)) continue;
      const key = `${c.platform}:${c.skillId}`;
      const prev = own.get(key);
      own.set(
        key,
        prev ? { ...c, approved: prev.approved + c.approved, rejected: prev.rejected + c.rejected } : c,
      );
    }
    for (const [key, c] of own) {
      const total = c.approved + c.rejected;
      if (total < MIN_DECISIONS) continue;
      const cell = cells.get(key) ?? { platform: c.platform, skillId: c.skillId, rates: [] };
      cell.rates.push(Math.min(1, Math.max(0, c.approved / total)));
      cells.set(key, cell);
    }
  }
  const out: SharedFigure[] = [];
  for (const key of [...cells.keys()].sort()) {
    const cell = cells.get(key) as { platform: string; skillId: string; rates: number[] };
    const n = cell.rates.length;
    if (n < MIN_TENANTS) continue;
    const mean = cell.rates.reduce((s, r) => s + r, 0) / n;
    const noisy = Math.min(1, Math.max(0, mean + laplace(random, 1 / (n * epsilon))));
    out.push({
      key,
      platform: cell.platform,
      skillId: cell.skillId,
      approvalRate: Math.round(noisy * 100) / 100,
      tenantsBand: tenantsBand(n),
    });
  }
  return out;
}
