import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the simulator stays independent of the product', () => {
  it('imports nothing from src/modules (or the layers above it)', () => {
    const dir = path.resolve('src/sim');
    const offending: string[] = [];
    for (const file of readdirSync(dir)) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
      const source = readFileSync(path.join(dir, file), 'utf8');
      for (const m of source.matchAll(/from\s+'([^']+)'/g)) {
        const target = m[1] ?? '';
        if (/(^|\/)(modules|operations|server|cli|app|db|jobs|ai)\//.test(target.replace(/^\.\.\//, '')))
          offending.push(`${file}: ${target}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
