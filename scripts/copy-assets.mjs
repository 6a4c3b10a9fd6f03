// Copies the runtime files tsc does not emit (prompt templates, training data) from src/ to dist/.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

const ASSETS = /\.(md|tsv|txt)$/;
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const from = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'fixtures') walk(from);
    } else if (ASSETS.test(entry.name)) {
      const to = path.join('dist', path.relative('src', from));
      mkdirSync(path.dirname(to), { recursive: true });
      copyFileSync(from, to);
    }
  }
}
walk('src');
