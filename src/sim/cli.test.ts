import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('dify-agent sim', () => {
  it('starts the simulator on the asked port, prints its URL and settings, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [path.resolve('bin/dify-agent.js'), '--json', 'sim', '--port', '0', '--seed', '9', '--latency', '5'],
      {
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'error' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    const started = await new Promise<{ url: string; env: Record<string, string> }>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        try {
          resolve(JSON.parse(out) as { url: string; env: Record<string, string> });
        } catch {
          // not the whole JSON yet
        }
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.env.FACEBOOK_GRAPH_BASE_URL).toBe(`${started.url}/meta`);
    const state = (await (await fetch(`${started.url}/__sim/state`)).json()) as {
      seed: number;
      accounts: unknown[];
    };
    expect(state.seed).toBe(9);
    expect(state.accounts.length).toBeGreaterThan(0);
    const config = (await (await fetch(`${started.url}/__sim/config`)).json()) as { latencyMs: number };
    expect(config.latencyMs).toBe(5);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
