import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configurationTable } from './docs.js';

describe('README configuration table', () => {
  it('matches the declared variables (regenerate with `npm run docs:config`)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(configurationTable());
  });
});
