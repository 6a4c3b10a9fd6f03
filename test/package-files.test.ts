import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * npm rewrites package-lock.json on every install when its record of the project itself differs from
 * package.json — as it did after package.json's licence changed from Apache-2.0 to MIT without a new
 * lock file, leaving every fresh checkout dirty after `npm install`. `.ci/run` checks a real install;
 * this catches the cause before a commit.
 */
describe('package-lock.json', () => {
  it('records the project exactly as package.json declares it, so npm install leaves it unchanged', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, unknown>;
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      name: string;
      version: string;
      packages: Record<string, Record<string, unknown>>;
    };
    const root = lock.packages[''] ?? {};
    expect([lock.name, lock.version]).toEqual([pkg.name, pkg.version]);
    for (const field of ['name', 'version', 'license', 'dependencies', 'devDependencies', 'engines', 'bin']) {
      expect(root[field], `packages[""].${field}`).toEqual(pkg[field]);
    }
  });
});
