/**
 * The skill library: shared skills shipped as files, a tenant's own skills as immutable versions,
 * pins, search, import and export, and the usage and results recorded per skill. The repository does
 * the SQL; every write is one transaction.
 */

import { AppError, forbidden } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Platform } from '../../core/platforms.js';
import { type Role, roleAllows } from '../../operations/define.js';
import type { AppServices } from '../../operations/services.js';
import { type BuiltinSkill, loadBuiltinSkills } from './builtin/load.js';
import type { SkillContext } from './execute/facts.js';
import { parseSkill } from './format/parse.js';
import type { SkillDocument, SkillFormat, SkillIntent, SkillIssue, SkillVisibility } from './format/types.js';
import * as repo from './repository.js';
import { hybridRank, searchText } from './search.js';

export type { SkillContext };

export function requireRole(ctx: SkillContext, need: Role): void {
  if (!roleAllows(ctx.role, need)) throw forbidden(`this needs the ${need} role; the caller is ${ctx.role}`);
}

export function createdBy(ctx: SkillContext): string {
  return ctx.actor.id ?? ctx.actor.type;
}

const builtinCache = new WeakMap<AppServices, BuiltinSkill[]>();

/** The shared skills shipped with this release, read once per process. */
export function builtinSkills(app: AppServices): BuiltinSkill[] {
  let skills = builtinCache.get(app);
  if (!skills) {
    skills = loadBuiltinSkills();
    builtinCache.set(app, skills);
  }
  return skills;
}

/** One skill as the tenant sees it: the version in use, and how it came to be that one. */
export interface LibraryEntry {
  skill: SkillDocument;
  content: string;
  origin: 'builtin' | 'tenant';
  /** The newest version there is (for a shared skill: the one this release ships). */
  latestVersion: number;
  /** The version the tenant pinned, or null when it follows the latest. */
  pinnedVersion: number | null;
  /** Every version the tenant can use. */
  versions: Array<{ version: number; createdAt: string | null; createdBy: string | null }>;
}

const notFound = (id: string) => new AppError('skills.not_found', 404, `no skill has the id "${id}"`, { id });

function parseStored(app: AppServices, content: string, where: string): SkillDocument | undefined {
  const { skill } = parseSkill(content);
  // Stored versions were valid when written; a later release may be stricter. Skip rather than fail.
  if (!skill) app.logger.warn({ where }, 'a stored skill version no longer validates');
  return skill;
}

/** Every skill the tenant can use, at the version it uses. */
export async function libraryOf(ctx: SkillContext): Promise<LibraryEntry[]> {
  const { rows, versions } = await ctx.app.db.read(ctx.tenantId, async (db) => {
    const rows = await repo.listSkillRows(db, ctx.tenantId);
    return {
      rows,
      versions: await repo.listVersions(
        db,
        ctx.tenantId,
        rows.map((r) => r.id),
      ),
    };
  });
  const out: LibraryEntry[] = [];
  const versionsOf = (rowId: string) => versions.filter((v) => v.skill_row_id === rowId);
  for (const b of builtinSkills(ctx.app)) {
    const row = rows.find((r) => r.origin === 'builtin' && r.skill_id === b.skill.id);
    const snapshots = row ? versionsOf(row.id) : [];
    const pinned = row?.pinned_version ?? null;
    const snapshot = pinned !== null ? snapshots.find((v) => v.version === pinned) : undefined;
    const skill = snapshot ? parseStored(ctx.app, snapshot.content, `${b.skill.id}@${pinned}`) : b.skill;
    const all = new Map<number, { version: number; createdAt: string | null; createdBy: string | null }>();
    for (const v of snapshots)
      all.set(v.version, { version: v.version, createdAt: v.created_at, createdBy: v.created_by });
    all.set(
      b.skill.version,
      all.get(b.skill.version) ?? { version: b.skill.version, createdAt: null, createdBy: null },
    );
    out.push({
      skill: skill ?? b.skill,
      content: snapshot?.content ?? b.content,
      origin: 'builtin',
      latestVersion: Math.max(b.skill.version, ...snapshots.map((v) => v.version)),
      pinnedVersion: skill ? pinned : null,
      versions: [...all.values()].sort((a, c) => a.version - c.version),
    });
  }
  for (const row of rows) {
    if (row.origin !== 'tenant') continue;
    const own = versionsOf(row.id);
    const use = row.pinned_version ?? row.latest_version;
    const version = own.find((v) => v.version === use);
    const skill = version ? parseStored(ctx.app, version.content, `${row.skill_id}@${use}`) : undefined;
    if (!version || !skill) continue;
    out.push({
      skill,
      content: version.content,
      origin: 'tenant',
      latestVersion: row.latest_version,
      pinnedVersion: row.pinned_version,
      versions: own.map((v) => ({ version: v.version, createdAt: v.created_at, createdBy: v.created_by })),
    });
  }
  return out;
}

async function entryOf(ctx: SkillContext, id: string): Promise<LibraryEntry> {
  const entry = (await libraryOf(ctx)).find((e) => e.skill.id === id);
  if (!entry) throw notFound(id);
  return entry;
}

/** A specific version of a skill (the one in use when `version` is omitted). */
export async function skillVersion(
  ctx: SkillContext,
  id: string,
  version?: number,
): Promise<{ entry: LibraryEntry; skill: SkillDocument; content: string }> {
  requireRole(ctx, 'viewer');
  const entry = await entryOf(ctx, id);
  if (version === undefined || version === entry.skill.version)
    return { entry, skill: entry.skill, content: entry.content };
  const shipped =
    entry.origin === 'builtin' ? builtinSkills(ctx.app).find((b) => b.skill.id === id) : undefined;
  if (shipped && shipped.skill.version === version)
    return { entry, skill: shipped.skill, content: shipped.content };
  const row = await ctx.app.db.read(ctx.tenantId, (db) => repo.findSkill(db, ctx.tenantId, id));
  const stored = row
    ? await ctx.app.db.read(ctx.tenantId, (db) => repo.findVersion(db, ctx.tenantId, row.id, version))
    : undefined;
  const skill = stored ? parseStored(ctx.app, stored.content, `${id}@${version}`) : undefined;
  if (!stored || !skill)
    throw new AppError('skills.version_not_found', 404, `skill "${id}" has no version ${version}`, {
      id,
      versions: entry.versions.map((v) => v.version),
    });
  return { entry, skill, content: stored.content };
}

export interface SkillStats {
  uses: number;
  lastUsedAt: string | null;
  outcomes: number;
  /** Mean outcome score (0-1), null before any. */
  meanScore: number | null;
}

export async function statsOf(ctx: SkillContext): Promise<Map<string, SkillStats>> {
  const rows = await ctx.app.db.read(ctx.tenantId, (db) => repo.listStats(db, ctx.tenantId));
  return new Map(
    rows.map((r) => [
      r.skill_id,
      {
        uses: Number(r.uses),
        lastUsedAt: r.last_used_at,
        outcomes: Number(r.outcomes),
        meanScore: Number(r.outcomes) > 0 ? Number(r.score_sum) / Number(r.outcomes) : null,
      },
    ]),
  );
}

const noStats: SkillStats = { uses: 0, lastUsedAt: null, outcomes: 0, meanScore: null };

export interface SkillSummary {
  id: string;
  name: string;
  version: number;
  description: string;
  intents: SkillIntent[];
  platforms: Platform[];
  formats: SkillFormat[];
  visibility: SkillVisibility;
  origin: 'builtin' | 'tenant';
  latestVersion: number;
  pinnedVersion: number | null;
  stats: SkillStats;
  /** Relevance to the search query (0-1), when searching. */
  score?: number;
}

function summary(entry: LibraryEntry, stats: SkillStats): SkillSummary {
  const s = entry.skill;
  return {
    id: s.id,
    name: s.name,
    version: s.version,
    description: s.description,
    intents: s.intents,
    platforms: s.platforms,
    formats: s.formats,
    visibility: s.visibility,
    origin: entry.origin,
    latestVersion: entry.latestVersion,
    pinnedVersion: entry.pinnedVersion,
    stats,
  };
}

export interface ListSkillsInput {
  query?: string | undefined;
  intent?: SkillIntent | undefined;
  platform?: Platform | undefined;
  format?: SkillFormat | undefined;
  visibility?: SkillVisibility | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Lists the library, filtered; with a query, ranked by the hybrid search instead of by id. */
export async function listSkills(
  ctx: SkillContext,
  input: ListSkillsInput,
): Promise<{ skills: SkillSummary[]; nextCursor: string | null }> {
  requireRole(ctx, 'viewer');
  const [library, stats] = await Promise.all([libraryOf(ctx), statsOf(ctx)]);
  let entries = library.filter(
    (e) =>
      (!input.intent || e.skill.intents.includes(input.intent)) &&
      (!input.platform || e.skill.platforms.includes(input.platform)) &&
      (!input.format || e.skill.formats.includes(input.format)) &&
      (!input.visibility || e.skill.visibility === input.visibility),
  );
  const scores = new Map<string, number>();
  if (input.query?.trim()) {
    const ranked = await hybridRank(
      ctx.app,
      ctx.tenantId,
      input.query,
      entries.map((e) => ({ key: e.skill.id, version: e.skill.version, text: searchText(e.skill) })),
      ctx.signal,
    );
    for (const r of ranked) scores.set(r.key, Math.round(r.score * 1000) / 1000);
    entries = ranked.map((r) => entries.find((e) => e.skill.id === r.key) as LibraryEntry);
  } else {
    entries.sort((a, b) => (a.skill.id < b.skill.id ? -1 : 1));
  }
  const offset = input.cursor ? Number.parseInt(input.cursor, 10) || 0 : 0;
  const page = entries.slice(offset, offset + input.limit);
  return {
    skills: page.map((e) => {
      const s = summary(e, stats.get(e.skill.id) ?? noStats);
      const score = scores.get(e.skill.id);
      return score === undefined ? s : { ...s, score };
    }),
    nextCursor: offset + input.limit < entries.length ? String(offset + input.limit) : null,
  };
}

export interface SkillDetail extends SkillSummary {
  content: string;
  document: SkillDocument;
  versions: Array<{ version: number; createdAt: string | null; createdBy: string | null }>;
  /** Warnings the file has (it has no errors, or it could not be stored). */
  warnings: SkillIssue[];
}

export async function getSkill(
  ctx: SkillContext,
  input: { id: string; version?: number | undefined },
): Promise<SkillDetail> {
  const { entry, skill, content } = await skillVersion(ctx, input.id, input.version);
  const stats = (await statsOf(ctx)).get(skill.id) ?? noStats;
  return {
    ...summary({ ...entry, skill }, stats),
    content,
    document: skill,
    versions: entry.versions,
    warnings: parseSkill(content).issues,
  };
}

function invalidFile(issues: readonly SkillIssue[], fileName?: string): AppError {
  const errors = issues.filter((i) => i.severity === 'error');
  const first = errors[0] as SkillIssue;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new AppError(
    first.code,
    400,
    `${fileName ? `${fileName}:` : ''}${first.line}:${first.column}: ${first.message}${more}`,
    {
      line: first.line,
      column: first.column,
      issues: errors,
    },
  );
}

/** Parses a file a tenant wants to store: valid, tenant visibility, an id of its own. */
function tenantSkill(app: AppServices, content: string, fileName?: string): SkillDocument {
  const { skill, issues } = parseSkill(content);
  if (!skill) throw invalidFile(issues, fileName);
  if (skill.visibility === 'shared')
    throw new AppError(
      'skills.visibility_not_allowed',
      400,
      'shared skills are the built-in library; a tenant\'s own skill has "visibility: tenant"',
      { id: skill.id },
    );
  if (builtinSkills(app).some((b) => b.skill.id === skill.id))
    throw new AppError(
      'skills.id_reserved',
      409,
      `"${skill.id}" is a built-in skill; give your own skill another id (for example "${skill.id}-own")`,
      { id: skill.id },
    );
  return skill;
}

export async function createSkill(ctx: SkillContext, input: { content: string }): Promise<SkillDetail> {
  requireRole(ctx, 'editor');
  const skill = tenantSkill(ctx.app, input.content);
  const now = ctx.app.clock.iso();
  await ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    if (await repo.findSkill(tx, ctx.tenantId, skill.id))
      throw new AppError(
        'skills.id_taken',
        409,
        `a skill "${skill.id}" exists; add a version with skills.update`,
        {
          id: skill.id,
        },
      );
    await storeNew(tx, ctx, skill, input.content, now);
  });
  return getSkill(ctx, { id: skill.id });
}

async function storeNew(
  tx: Parameters<typeof repo.insertSkill>[0],
  ctx: SkillContext,
  skill: SkillDocument,
  content: string,
  now: string,
): Promise<void> {
  const rowId = newId();
  await repo.insertSkill(tx, {
    id: rowId,
    tenant_id: ctx.tenantId,
    skill_id: skill.id,
    origin: 'tenant',
    name: skill.name,
    description: skill.description,
    latest_version: skill.version,
    pinned_version: null,
    created_at: now,
    updated_at: now,
  });
  await repo.insertVersion(tx, {
    id: newId(),
    tenant_id: ctx.tenantId,
    skill_row_id: rowId,
    skill_id: skill.id,
    version: skill.version,
    content,
    created_by: createdBy(ctx),
    created_at: now,
  });
}

async function storeVersion(
  tx: Parameters<typeof repo.insertSkill>[0],
  ctx: SkillContext,
  row: repo.SkillRow,
  skill: SkillDocument,
  content: string,
  now: string,
): Promise<void> {
  if (skill.version <= row.latest_version)
    throw new AppError(
      'skills.version_exists',
      409,
      `skill "${skill.id}" is at version ${row.latest_version}; versions never change, so the new file needs version: ${row.latest_version + 1} or higher`,
      { id: skill.id, latestVersion: row.latest_version },
    );
  await repo.insertVersion(tx, {
    id: newId(),
    tenant_id: ctx.tenantId,
    skill_row_id: row.id,
    skill_id: skill.id,
    version: skill.version,
    content,
    created_by: createdBy(ctx),
    created_at: now,
  });
  await repo.updateSkill(tx, ctx.tenantId, row.id, {
    name: skill.name,
    description: skill.description,
    latest_version: skill.version,
    updated_at: now,
  });
}

export interface UpdateSkillInput {
  id: string;
  /** A new version of the file. */
  content?: string | undefined;
  /** Pin a version; null follows the latest again. */
  pinnedVersion?: number | null | undefined;
}

const readOnly = (id: string) =>
  new AppError(
    'skills.builtin_read_only',
    403,
    `"${id}" is a built-in skill and cannot be changed or deleted; export it, change the id and visibility, and create your own`,
    { id },
  );

export async function updateSkill(ctx: SkillContext, input: UpdateSkillInput): Promise<SkillDetail> {
  requireRole(ctx, 'editor');
  const builtin = builtinSkills(ctx.app).find((b) => b.skill.id === input.id);
  if (builtin && input.content !== undefined) throw readOnly(input.id);
  const skill = input.content !== undefined ? tenantSkill(ctx.app, input.content) : undefined;
  if (skill && skill.id !== input.id)
    throw new AppError(
      'skills.id_mismatch',
      400,
      `the file's id is "${skill.id}", but it is sent as a version of "${input.id}"`,
      {
        id: input.id,
        fileId: skill.id,
      },
    );
  const now = ctx.app.clock.iso();
  await ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    let row = await repo.findSkill(tx, ctx.tenantId, input.id);
    if (!builtin && !row) throw notFound(input.id);
    if (row && skill && input.content !== undefined) {
      await storeVersion(tx, ctx, row, skill, input.content, now);
      row = { ...row, latest_version: skill.version };
    }
    if (input.pinnedVersion === undefined) return;
    if (builtin) {
      // Pinning a shared skill keeps a copy of that version for the tenant, so a later release
      // that changes the file does not change what the tenant pinned.
      if (!row) {
        const rowId = newId();
        row = {
          id: rowId,
          tenant_id: ctx.tenantId,
          skill_id: builtin.skill.id,
          origin: 'builtin',
          name: builtin.skill.name,
          description: builtin.skill.description,
          latest_version: builtin.skill.version,
          pinned_version: null,
          created_at: now,
          updated_at: now,
        };
        await repo.insertSkill(tx, row);
      }
      if (input.pinnedVersion !== null) {
        const have = await repo.findVersion(tx, ctx.tenantId, row.id, input.pinnedVersion);
        if (!have) {
          if (input.pinnedVersion !== builtin.skill.version)
            throw new AppError(
              'skills.version_not_found',
              404,
              `built-in skill "${input.id}" is at version ${builtin.skill.version} in this release; version ${input.pinnedVersion} was never pinned here`,
              { id: input.id },
            );
          await repo.insertVersion(tx, {
            id: newId(),
            tenant_id: ctx.tenantId,
            skill_row_id: row.id,
            skill_id: builtin.skill.id,
            version: builtin.skill.version,
            content: builtin.content,
            created_by: createdBy(ctx),
            created_at: now,
          });
          await repo.updateSkill(tx, ctx.tenantId, row.id, {
            latest_version: Math.max(row.latest_version, builtin.skill.version),
            updated_at: now,
          });
        }
      }
    } else if (row && input.pinnedVersion !== null) {
      if (!(await repo.findVersion(tx, ctx.tenantId, row.id, input.pinnedVersion)))
        throw new AppError(
          'skills.version_not_found',
          404,
          `skill "${input.id}" has no version ${input.pinnedVersion}`,
          {
            id: input.id,
          },
        );
    }
    if (row)
      await repo.updateSkill(tx, ctx.tenantId, row.id, {
        pinned_version: input.pinnedVersion,
        updated_at: now,
      });
  });
  return getSkill(ctx, { id: input.id });
}

export async function deleteSkill(
  ctx: SkillContext,
  input: { id: string },
): Promise<{ id: string; deleted: true }> {
  requireRole(ctx, 'editor');
  if (builtinSkills(ctx.app).some((b) => b.skill.id === input.id)) throw readOnly(input.id);
  await ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    const row = await repo.findSkill(tx, ctx.tenantId, input.id);
    if (row?.origin !== 'tenant') throw notFound(input.id);
    await repo.deleteSkill(tx, ctx.tenantId, row.id);
    await repo.deleteStats(tx, ctx.tenantId, input.id);
  });
  return { id: input.id, deleted: true };
}

export interface SkillFile {
  fileName: string;
  id: string;
  version: number;
  content: string;
}

/** The skill files, exactly as stored: one skill, or every skill of the tenant (and the built-ins when asked). */
export async function exportSkills(
  ctx: SkillContext,
  input: { id?: string | undefined; version?: number | undefined; includeBuiltin?: boolean | undefined },
): Promise<{ files: SkillFile[] }> {
  requireRole(ctx, 'viewer');
  const file = (skill: SkillDocument, content: string): SkillFile => ({
    fileName: `${skill.id}.skill.md`,
    id: skill.id,
    version: skill.version,
    content,
  });
  if (input.id) {
    const { skill, content } = await skillVersion(ctx, input.id, input.version);
    return { files: [file(skill, content)] };
  }
  const library = await libraryOf(ctx);
  return {
    files: library
      .filter((e) => e.origin === 'tenant' || input.includeBuiltin)
      .map((e) => file(e.skill, e.content)),
  };
}

/**
 * Stores several files at once, all or nothing: a new id becomes a skill, a known id a new version;
 * a file identical to the stored latest version is left as it is.
 */
export async function importSkills(
  ctx: SkillContext,
  input: { files: ReadonlyArray<{ content: string; fileName?: string | undefined }> },
): Promise<{ created: string[]; updated: string[]; unchanged: string[] }> {
  requireRole(ctx, 'editor');
  const problems: Array<{
    index: number;
    fileName: string | null;
    code: string;
    message: string;
    details?: unknown;
  }> = [];
  const parsed: Array<{ skill: SkillDocument; content: string }> = [];
  input.files.forEach((f, index) => {
    try {
      parsed.push({ skill: tenantSkill(ctx.app, f.content, f.fileName), content: f.content });
    } catch (error) {
      const e = error as AppError;
      problems.push({
        index,
        fileName: f.fileName ?? null,
        code: e.code,
        message: e.message,
        details: e.details,
      });
    }
  });
  const ids = parsed.map((p) => p.skill.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice)
    problems.push({
      index: ids.lastIndexOf(twice),
      fileName: null,
      code: 'skills.duplicate_id',
      message: `two files have the id "${twice}"`,
    });
  if (problems.length > 0)
    throw new AppError(
      'skills.import_failed',
      400,
      `${problems.length} of ${input.files.length} files cannot be imported; nothing was stored`,
      {
        files: problems,
      },
    );
  const created: string[] = [];
  const updated: string[] = [];
  const unchanged: string[] = [];
  const now = ctx.app.clock.iso();
  await ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    for (const { skill, content } of parsed) {
      const row = await repo.findSkill(tx, ctx.tenantId, skill.id);
      if (!row) {
        await storeNew(tx, ctx, skill, content, now);
        created.push(skill.id);
        continue;
      }
      const latest = await repo.findVersion(tx, ctx.tenantId, row.id, row.latest_version);
      if (latest?.content === content) {
        unchanged.push(skill.id);
        continue;
      }
      await storeVersion(tx, ctx, row, skill, content, now);
      updated.push(skill.id);
    }
  });
  return { created, updated, unchanged };
}

/** Validates a file without storing it. */
export function validateSkillFile(content: string): {
  valid: boolean;
  issues: SkillIssue[];
  skill: SkillDocument | null;
} {
  const { skill, issues } = parseSkill(content);
  return { valid: skill !== undefined, issues, skill: skill ?? null };
}
