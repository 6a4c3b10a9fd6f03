import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { AppError } from './errors.js';
import type { Logger } from './logger.js';

/**
 * Tenants' data lives in DATA_DIR (the SQLite database and its WAL, media, the master key file), so it
 * is private to the user the server runs as: directories 0700, files 0600, whatever the umask. Modes
 * are set explicitly with chmod, since the umask masks what mkdir and open ask for.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const posix = process.platform !== 'win32';
const modeText = (mode: number) => (mode & 0o777).toString(8).padStart(4, '0');

/**
 * Makes sure `dir` exists and is private. A directory this creates is 0700. One that already exists
 * and that group or others may enter is reported: a warning naming the fix, or with `policy: 'refuse'`
 * the error `data_dir.insecure` (the start then stops with one line). It is never loosened or tightened
 * silently: the operator may share a parent on purpose.
 */
export function ensurePrivateDir(dir: string, policy: 'warn' | 'refuse', logger?: Logger): void {
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    if (posix) chmodSync(dir, PRIVATE_DIR_MODE);
    return;
  }
  if (!posix) return;
  const mode = statSync(dir).mode;
  if ((mode & 0o077) === 0) return;
  const message = `DATA_DIR ${dir} can be entered by other users (mode ${modeText(mode)}); restrict it with "chmod 700 ${dir}"`;
  if (policy === 'refuse') {
    throw new AppError('data_dir.insecure', 500, `${message} and start again (DATA_DIR_PERMISSIONS=refuse)`, {
      dir,
      mode: modeText(mode),
    });
  }
  logger?.warn({ dir, mode: modeText(mode) }, message);
}

/** Creates `file` empty with mode 0600 when it does not exist, so whatever fills it inherits a private file. */
export function createPrivateFile(file: string): void {
  if (existsSync(file)) return;
  try {
    closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  } catch {
    return; // the open that follows reports what is wrong
  }
  if (posix) chmodSync(file, PRIVATE_FILE_MODE);
}

/** Sets each existing file to 0600 (our own files: the database, its WAL and shared-memory files). */
export function makeFilesPrivate(files: readonly string[]): void {
  if (!posix) return;
  for (const file of files) {
    try {
      if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, PRIVATE_FILE_MODE);
    } catch {
      // not there (yet): SQLite creates the WAL and -shm with the database file's mode
    }
  }
}
