// Compiles src/ to dist/ with esbuild (one output file per source file, layout kept, so a module's files
// beside it — prompts, training data, skills — stay where its code looks for them), copies those files,
// writes the CLI's operation manifest and a stamp of the sources the build came from.
//
//   node scripts/build.mjs            build when the sources changed since the last build (npm's `prepare`)
//   node scripts/build.mjs --force    build anyway
//
// The launcher (bin/dify-agent.js) compares the stamp with the sources on every start, so a checkout never
// runs a stale build (see docs/adr/0013-build-at-install.md). Types are checked by `npm test`, not here.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
export const STAMP_FILE = path.join(dist, '.build-stamp.json');
const LOCK_DIR = path.join(dist, '.build-lock');

/** Files the build reads besides src/: a change to any of them changes the output. */
const INPUTS = ['package.json', 'tsconfig.json', 'scripts/build.mjs'];

/** Source files that are not part of the product: tests, test helpers, fixtures for tests. */
function isTestOnly(rel) {
  return (
    /\.(test|contract)\.ts$/.test(rel) ||
    /(^|\/)(fixtures|test-support|testing)(\/|$)/.test(rel) ||
    rel.endsWith('.d.ts')
  );
}

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

/** The product's files under src/, relative to the project root, sorted. */
function sourceFiles() {
  return walk(path.join(root, 'src'))
    .map((f) => path.relative(root, f).split(path.sep).join('/'))
    .filter((rel) => !isTestOnly(rel.slice('src/'.length)))
    .sort();
}

/**
 * What the build depends on, as `path size mtime` lines. Sizes and modification times, not contents: the
 * launcher runs this on every start and reading ~300 files would cost more than the start it protects.
 * A checkout of other sources changes the times, so it cannot go unnoticed (at worst it costs a rebuild).
 */
export function sourceEntries() {
  return [...INPUTS, ...sourceFiles()].map((rel) => {
    const s = statSync(path.join(root, rel));
    return `${rel} ${s.size} ${Math.trunc(s.mtimeMs)}`;
  });
}

export function fingerprint(entries) {
  return createHash('sha256').update(entries.join('\n')).digest('hex');
}

/**
 * `{ fresh: true }` when dist/ was built from the sources as they are now; otherwise why not, naming up
 * to three changed files.
 */
export function buildState() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(STAMP_FILE, 'utf8'));
  } catch {
    return { fresh: false, reason: 'there is no build yet' };
  }
  const entries = sourceEntries();
  if (stamp.fingerprint === fingerprint(entries)) return { fresh: true };
  const before = new Map((stamp.entries ?? []).map((e) => [e.slice(0, e.indexOf(' ')), e]));
  const now = new Set(entries.map((e) => e.slice(0, e.indexOf(' '))));
  const changed = [
    ...entries.filter((e) => before.get(e.slice(0, e.indexOf(' '))) !== e).map((e) => e.split(' ')[0]),
    ...[...before.keys()].filter((f) => !now.has(f)),
  ];
  const named =
    changed.slice(0, 3).join(', ') + (changed.length > 3 ? ` and ${changed.length - 3} more` : '');
  return {
    fresh: false,
    reason: changed.length ? `${named} changed since the last build` : 'the build is stale',
  };
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Runs `fn` holding dist/.build-lock, so processes that find the build stale at the same moment (a test
 * suite starting many CLIs) build once: the others wait, then find it fresh. A lock left by a process
 * that died is taken over.
 */
async function withBuildLock(fn) {
  mkdirSync(dist, { recursive: true });
  for (let waited = 0; ; waited += 100) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let holder = 0;
      try {
        holder = Number(readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8'));
      } catch {
        // the holder has not written its pid yet, or has just released the lock
      }
      if ((holder && !pidAlive(holder)) || waited > 120_000)
        rmSync(LOCK_DIR, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

/** Writes a file so that a reader sees the old or the new content, never half of it. */
function writeAtomic(file, content) {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

/**
 * Builds dist/ unless it is fresh (or `force`). Returns `{ built, ms, reason }`. Safe to call from several
 * processes at once.
 */
export async function build({ force = false } = {}) {
  const started = performance.now();
  const before = buildState();
  if (before.fresh && !force) return { built: false, ms: 0, reason: 'the build is up to date' };
  return withBuildLock(async () => {
    const state = buildState();
    if (state.fresh && !force)
      return { built: false, ms: performance.now() - started, reason: 'built meanwhile' };
    const entries = sourceEntries();
    const files = entries.map((e) => e.split(' ')[0]).filter((f) => f.startsWith('src/'));
    const { build: esbuild } = await import('esbuild');
    const result = await esbuild({
      entryPoints: files.filter((f) => f.endsWith('.ts')).map((f) => path.join(root, f)),
      outdir: dist,
      outbase: path.join(root, 'src'),
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'linked',
      logLevel: 'warning',
      write: false,
    });
    for (const out of result.outputFiles) writeAtomic(out.path, out.contents);
    for (const asset of files.filter((f) => !f.endsWith('.ts'))) {
      const to = path.join(dist, asset.slice('src/'.length));
      mkdirSync(path.dirname(to), { recursive: true });
      copyFileSync(path.join(root, asset), to);
    }
    removeOrphans(
      new Set([...result.outputFiles.map((o) => o.path), ...files.map((f) => path.join(dist, f.slice(4)))]),
    );
    // The CLI reads its commands from this manifest instead of loading every module (see src/cli/manifest.ts).
    const manifest = execFileSync(process.execPath, [path.join(dist, 'cli', 'manifest-json.js')], {
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'silent' },
      maxBuffer: 64 * 1024 * 1024,
    });
    writeAtomic(path.join(dist, 'cli', 'manifest.json'), manifest);
    writeAtomic(
      STAMP_FILE,
      JSON.stringify({ fingerprint: fingerprint(entries), builtAt: new Date().toISOString(), entries }),
    );
    return { built: true, ms: performance.now() - started, reason: state.reason };
  });
}

/** Deletes compiled files whose source is gone, so a removed module cannot linger in dist/. */
function removeOrphans(keep) {
  for (const file of walk(dist)) {
    const base = file.replace(/\.map$/, '');
    if (file.includes(`${path.sep}.build-lock${path.sep}`) || file === STAMP_FILE) continue;
    if (file === path.join(dist, 'cli', 'manifest.json')) continue;
    if (!keep.has(file) && !keep.has(base)) rmSync(file, { force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const force = process.argv.includes('--force');
  const result = await build({ force });
  process.stderr.write(
    result.built
      ? `dify-agent: built dist/ in ${(result.ms / 1000).toFixed(1)} s (${result.reason})\n`
      : `dify-agent: dist/ is up to date\n`,
  );
}
