import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataDir } from './data-dir.js';
import { loadConfig } from './load.js';

describe('resolveDataDir', () => {
  it('finds the data directory exactly where loadConfig does', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'dify-agent-datadir-'));
    const withFile = mkdtempSync(path.join(tmpdir(), 'dify-agent-datadir-file-'));
    writeFileSync(path.join(withFile, 'dify-agent.config.json'), JSON.stringify({ DATA_DIR: 'from-file' }));
    const cases: Array<[string, Record<string, string>]> = [
      [cwd, {}],
      [cwd, { DATA_DIR: '/srv/agent' }],
      [cwd, { DATA_DIR: ' relative/dir ' }],
      [cwd, { DATA_DIR: '' }],
      [withFile, {}],
      [withFile, { DATA_DIR: 'env-wins' }],
      [cwd, { CONFIG_FILE: path.join(withFile, 'dify-agent.config.json') }],
    ];
    for (const [dir, env] of cases) {
      expect(resolveDataDir({ env, cwd: dir }), JSON.stringify(env)).toBe(
        loadConfig({ env, cwd: dir }).dataDir,
      );
    }
  });
});
