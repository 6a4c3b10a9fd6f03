import { AppError, notFound } from '../../core/errors.js';
import { newPrefixedId } from '../../core/ids.js';
import type { Executor } from '../../db/connect.js';
import type { OperationContext, Role } from '../../operations/define.js';
import { forgetCachedKeys } from './keys.js';
import { assertWithinQuota, loadLimits } from './limits.js';
import * as repo from './repository.js';
import type { Member } from './schemas.js';

function toMember(row: repo.MemberRow): Member {
  return {
    userId: row.user_id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    createdAt: row.created_at,
  };
}

export async function listMembers(ctx: OperationContext): Promise<Member[]> {
  const rows = await ctx.app.db.read(ctx.tenantId, (db) => repo.listMembers(db, ctx.tenantId));
  return rows.map(toMember);
}

/** Adds a person to the tenant (creating the user if the email is new to this installation). */
export async function addMember(
  ctx: OperationContext,
  input: { email: string; name?: string; role: Role },
): Promise<Member> {
  const now = ctx.app.clock.iso();
  const email = input.email.toLowerCase();
  // Users are shared across tenants, so finding or creating one is system work; the membership is the tenant's.
  const user = await ctx.app.db.system(async (tx) => {
    const existing = await repo.findUserByEmail(tx, email);
    if (existing) return existing;
    const row = { id: newPrefixedId('usr'), email, name: input.name ?? email, created_at: now };
    await repo.insertUser(tx, row);
    return row;
  });
  return ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    if (await repo.findMember(tx, ctx.tenantId, user.id)) {
      throw new AppError('members.exists', 409, `${email} is already a member of this tenant`);
    }
    const limits = await loadLimits(tx, ctx.app, ctx.tenantId);
    assertWithinQuota(limits, 'members', (await repo.countMembers(tx, ctx.tenantId)) + 1);
    await repo.insertMembership(tx, ctx.tenantId, user.id, input.role, now);
    return toMember((await repo.findMember(tx, ctx.tenantId, user.id)) as repo.MemberRow);
  });
}

async function existingMember(db: Executor, tenantId: string, userId: string): Promise<repo.MemberRow> {
  const member = await repo.findMember(db, tenantId, userId);
  if (!member) throw notFound('members.not_found', `member ${userId}`);
  return member;
}

/** A tenant must always keep one admin, or nobody could manage it any more. */
async function assertNotLastAdmin(db: Executor, tenantId: string, member: repo.MemberRow): Promise<void> {
  if (member.role === 'admin' && (await repo.countMembers(db, tenantId, 'admin')) <= 1) {
    throw new AppError(
      'members.last_admin',
      409,
      'this is the only admin member; make someone else admin first',
    );
  }
}

export async function setMemberRole(ctx: OperationContext, userId: string, role: Role): Promise<Member> {
  return ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    const member = await existingMember(tx, ctx.tenantId, userId);
    if (role !== 'admin') await assertNotLastAdmin(tx, ctx.tenantId, member);
    await repo.updateMembershipRole(tx, ctx.tenantId, userId, role);
    return toMember(await existingMember(tx, ctx.tenantId, userId));
  });
}

/** Removes a member and revokes every key issued to them. */
export async function removeMember(
  ctx: OperationContext,
  userId: string,
): Promise<{ removed: true; userId: string }> {
  const now = ctx.app.clock.iso();
  await ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    const member = await existingMember(tx, ctx.tenantId, userId);
    await assertNotLastAdmin(tx, ctx.tenantId, member);
    await repo.revokeUserApiKeys(tx, ctx.tenantId, userId, now);
    forgetCachedKeys(ctx.app);
    await repo.deleteMembership(tx, ctx.tenantId, userId);
  });
  await ctx.app.db.system((tx) => repo.deleteOrphanUsers(tx, [userId]));
  return { removed: true, userId };
}
