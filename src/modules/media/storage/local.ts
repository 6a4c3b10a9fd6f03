import { chmod, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { newId } from '../../../core/ids.js';
import { checkKey, type MediaStore } from './store.js';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/**
 * Files under one directory (MEDIA_DIR, by default DATA_DIR/media): folders 0700 and files 0600, since
 * brand material and unpublished drafts are private. Writes go to a temporary name first and are
 * renamed into place, so a reader never sees half a file.
 */
export class LocalMediaStore implements MediaStore {
  readonly kind = 'local' as const;
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    return path.join(this.root, ...checkKey(key).split('/'));
  }

  async put(key: string, data: Buffer, _contentType?: string): Promise<void> {
    const file = this.pathOf(key);
    const dir = path.dirname(file);
    await mkdir(dir, { recursive: true, mode: DIR_MODE });
    // mkdir's mode is masked by the umask and skipped for existing folders; set it explicitly.
    await chmod(this.root, DIR_MODE).catch(() => undefined);
    await chmod(dir, DIR_MODE);
    const temp = `${file}.${newId()}.tmp`;
    await writeFile(temp, data, { mode: FILE_MODE });
    await chmod(temp, FILE_MODE);
    await rename(temp, file);
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async deletePrefix(prefix: string): Promise<number> {
    const dir = this.pathOf(prefix.replace(/\/$/, ''));
    const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
    // Count files only: a tenant folder holds no subfolders today, but count what recursion finds.
    await rm(dir, { recursive: true, force: true });
    return entries.length;
  }
}
