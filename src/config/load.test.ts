import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load.js';

const cwd = mkdtempSync(path.join(tmpdir(), 'cfg-'));

describe('configuration', () => {
  it('needs no settings: SQLite in ./data, port 3000, offline AI', () => {
    const c = loadConfig({ env: {}, cwd });
    expect(c.dataDir).toBe(path.join(cwd, 'data'));
    expect(c.database).toMatchObject({
      dialect: 'sqlite',
      sqlitePath: path.join(cwd, 'data', 'dify-agent.db'),
    });
    expect(c.server.port).toBe(3000);
    expect(c.ai.model).toBe('local');
    expect(c.redisUrl).toBeUndefined();
  });

  it('chooses PostgreSQL from the URL scheme', () => {
    const c = loadConfig({ env: { DATABASE_URL: 'postgres://u@db:5432/x' }, cwd });
    expect(c.database.dialect).toBe('postgres');
  });

  it.each([
    ['PORT', 'abc', /PORT: expected a whole number from 0 to 65535 \(got "abc"\)/],
    ['PORT', '70000', /PORT: must be at most 65535/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL: unsupported database/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: /],
    ['REDIS_URL', 'localhost:6379', /REDIS_URL: expected redis:\/\//],
    ['MASTER_KEY', 'short', /MASTER_KEY: expected 32 bytes/],
    ['AI_MODEL', 'gpt4', /AI_MODEL: expected "local" or provider:model/],
  ])('stops on a bad %s with one line naming it', (name, value, message) => {
    expect(() => loadConfig({ env: { [name]: value }, cwd })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { [name]: value }, cwd })).toThrow(message);
  });

  it('never echoes a secret value in the error', () => {
    try {
      loadConfig({ env: { MASTER_KEY: 'my-secret-value' }, cwd });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain('my-secret-value');
    }
  });

  it('reads dify-agent.config.json, with the environment taking precedence', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cfgf-'));
    writeFileSync(
      path.join(dir, 'dify-agent.config.json'),
      JSON.stringify({ PORT: 4000, LOG_LEVEL: 'warn' }),
    );
    const c = loadConfig({ env: { LOG_LEVEL: 'error' }, cwd: dir });
    expect(c.server.port).toBe(4000);
    expect(c.logLevel).toBe('error');
    writeFileSync(path.join(dir, 'dify-agent.config.json'), JSON.stringify({ PROT: 1 }));
    expect(() => loadConfig({ env: {}, cwd: dir })).toThrow(/PROT: unknown setting/);
  });
});
