import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cruise, type IConfiguration } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules of ARCHITECTURE.md (.dependency-cruiser.cjs, run by `npm run lint`): they pass on the
 * tree, and they fail a tree with the imports the architecture forbids.
 */
const config = createRequire(import.meta.url)('../.dependency-cruiser.cjs') as IConfiguration;

/** The rule violations in `paths` of the tree at `baseDir` (dependency-cruiser reads paths from the cwd). */
async function violationsIn(baseDir: string, paths: string[]) {
  const cwd = process.cwd();
  process.chdir(baseDir);
  let output: Awaited<ReturnType<typeof cruise>>['output'];
  try {
    ({ output } = await cruise(paths, {
      ...config.options,
      validate: true,
      ruleSet: { forbidden: config.forbidden ?? [] },
      outputType: 'json',
    }));
  } finally {
    process.chdir(cwd);
  }
  const result = (typeof output === 'string' ? JSON.parse(output) : output) as Exclude<typeof output, string>;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

function writeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dify-agent-layers-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('layer rules', () => {
  it('hold on the source tree', async () => {
    expect(await violationsIn(process.cwd(), ['src'])).toEqual([]);
  }, 60_000);

  it('fail upward imports, reaching into another module, and cycles', async () => {
    const dir = writeTree({
      'src/core/ids.ts': "import type { Db } from '../db/connect.js';\nexport type Id = Db;\n",
      'src/db/connect.ts':
        "import type { Hit } from '../modules/knowledge/index.js';\nexport type Db = Hit;\n",
      'src/modules/knowledge/index.ts': "export type { Hit } from './search/hit.js';\n",
      'src/modules/knowledge/search/hit.ts': 'export type Hit = string;\n',
      'src/modules/voice/service.ts':
        "import type { Hit } from '../knowledge/search/hit.js';\nimport type { Op } from '../../operations/invoke.js';\nimport type { App } from '../../server/http.js';\nexport type V = [Hit, Op, App];\n",
      'src/operations/invoke.ts':
        "import type { V } from '../modules/voice/service.js';\nexport type Op = V;\n",
      'src/server/http.ts': 'export type App = number;\n',
      'src/sim/x/server.ts':
        "import type { Hit } from '../../modules/knowledge/index.js';\nexport type S = Hit;\n",
      'web/src/main.ts': "import type { App } from '../../src/server/http.js';\nexport type W = App;\n",
    });
    try {
      const found = await violationsIn(dir, ['src', 'web']);
      const rules = new Set(found.map((v) => v.split(':')[0]));
      expect([...rules].sort()).toEqual(
        [
          'core-and-config-import-nothing-above',
          'db-imports-only-core',
          'modules-import-no-transport-or-app',
          'modules-import-only-the-kernel-of-operations',
          'modules-meet-only-through-index',
          'no-cycles',
          'operations-import-no-module-or-transport',
          'sim-imports-no-module',
          'web-talks-to-the-api-only',
        ].sort(),
      );
      expect(found).toContain(
        'modules-meet-only-through-index: src/modules/voice/service.ts → src/modules/knowledge/search/hit.ts',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
