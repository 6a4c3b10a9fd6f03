/**
 * A poster frame (a still from the video, as JPEG) through ffmpeg when it is installed. Without
 * ffmpeg the answer says so plainly; nothing is faked.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type PosterResult =
  | { available: true; jpeg: Buffer; atSeconds: number }
  | { available: false; message: string };

function run(
  command: string,
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString();
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: -1, stderr: error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** Takes the frame at `atSeconds` (clamped into the video) with `ffmpeg` from PATH. */
export async function posterFrame(
  video: Buffer,
  ext: string,
  durationSeconds: number,
  options: { ffmpeg?: string; atSeconds?: number } = {},
): Promise<PosterResult> {
  const ffmpeg = options.ffmpeg ?? 'ffmpeg';
  const at = Math.max(0, Math.min(options.atSeconds ?? 1, Math.max(0, durationSeconds - 0.1)));
  const dir = await mkdtemp(path.join(tmpdir(), 'dify-agent-poster-'));
  try {
    const input = path.join(dir, `in.${ext}`);
    const output = path.join(dir, 'poster.jpg');
    await writeFile(input, video, { mode: 0o600 });
    const result = await run(
      ffmpeg,
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-ss',
        at.toFixed(2),
        '-i',
        input,
        '-frames:v',
        '1',
        '-q:v',
        '3',
        '-y',
        output,
      ],
      60_000,
    );
    if (result.code === -1) {
      return {
        available: false,
        message: 'no poster frame: ffmpeg is not installed on this server (install ffmpeg for poster frames)',
      };
    }
    if (result.code !== 0) {
      return {
        available: false,
        message: `no poster frame: ffmpeg could not read the video (${result.stderr.trim().slice(0, 200)})`,
      };
    }
    return { available: true, jpeg: await readFile(output), atSeconds: at };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
