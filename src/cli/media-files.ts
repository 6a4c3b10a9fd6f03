/**
 * Media commands that deal with files on the person's disk:
 *   dify-agent media upload --file photo.jpg   reads the file and uploads it
 *   dify-agent media render --headline "…" (or --content <id>) --out ./images   renders, writes each image and prints
 *     every guard's outcome; exits 2 when a graphic still fails a guard after the fixers.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../core/errors.js';
import type { CommandOverride } from './operations.js';

export const mediaUploadCommand: CommandOverride = {
  flags: [['--file <path>', 'upload this file from disk']],
  async run(op, input, client, { flags }) {
    const file = typeof flags.file === 'string' ? flags.file : undefined;
    return client.call(
      op,
      file
        ? { ...input, data: readFileSync(file).toString('base64'), name: input.name ?? path.basename(file) }
        : input,
    );
  },
};

interface Graphic {
  media: { id: string; mime: string; width: number; height: number; altText: string | null };
  size: string;
  slide: number | null;
  passed: boolean;
  guards: Array<{ guard: string; status: string; message: string; fixes: string[]; applicable: boolean }>;
}

const MARK: Record<string, string> = { pass: 'pass ', fixed: 'fixed', fail: 'FAIL ' };

export const mediaRenderCommand: CommandOverride = {
  flags: [
    ['--out <dir>', 'write the images into this folder (default: the current one)'],
    ['--content <id>', 'render the text of this stored content (same as --content-id)'],
  ],
  async run(op, input, client, { json, flags, print, operationAt }) {
    const request = typeof flags.content === 'string' ? { ...input, contentId: flags.content } : input;
    const result = (await client.call(op, request)) as { graphics: Graphic[]; passed: boolean };
    const dir = typeof flags.out === 'string' ? flags.out : '.';
    mkdirSync(dir, { recursive: true });
    const get = operationAt('GET', '/media/{id}');
    const files: Array<{ file: string; media: string; size: string; passed: boolean }> = [];
    const lines: string[] = [];
    for (const g of result.graphics) {
      const full = (await client.call(get, { id: g.media.id, includeData: true })) as { data: string };
      const ext = g.media.mime === 'image/png' ? 'png' : 'jpg';
      const file = path.join(dir, `${g.media.id}-${g.size}${g.slide ? `-${g.slide}` : ''}.${ext}`);
      writeFileSync(file, Buffer.from(full.data, 'base64'), { mode: 0o600 });
      files.push({ file, media: g.media.id, size: g.size, passed: g.passed });
      lines.push(`${file}  ${g.media.width}×${g.media.height}  ${g.passed ? 'passed' : 'FAILED'}`);
      for (const r of g.guards) {
        const fix = r.fixes.length ? ` (fixed: ${r.fixes.join('; ')})` : '';
        lines.push(
          `  ${MARK[r.status] ?? r.status}  ${r.guard.padEnd(16)} ${r.applicable ? r.message : `n/a: ${r.message}`}${fix}`,
        );
      }
      if (g.media.altText) lines.push(`  alt text: ${g.media.altText}`);
    }
    print(
      json
        ? JSON.stringify({ passed: result.passed, files, graphics: result.graphics }, null, 2)
        : lines.join('\n'),
    );
    if (!result.passed) {
      const failed = result.graphics.filter((g) => !g.passed).length;
      throw new AppError(
        'media.guards_failed',
        422,
        `${failed} of ${result.graphics.length} graphics still fail a visual guard (see above); the images were written anyway`,
      );
    }
    return undefined;
  },
};
