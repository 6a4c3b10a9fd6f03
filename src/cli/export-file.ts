import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { CommandOverride } from './operations.js';

/**
 * `dify-agent tenant export --out export.json.gz`: writes the tenant's export to one file (gzipped when
 * the name ends in .gz) and prints what it holds, instead of printing the whole document.
 */
export const exportCommand: CommandOverride = {
  flags: [['--out <file>', 'write the export to this file (.json, or .json.gz to compress it)']],
  async run(op, input, client, { json, flags, print }) {
    const document = (await client.call(op, input)) as { tables: Record<string, unknown[]> };
    const file = typeof flags.out === 'string' ? flags.out : undefined;
    if (!file) return document;
    const text = JSON.stringify(document, null, 2);
    writeFileSync(file, file.endsWith('.gz') ? gzipSync(text) : text, { mode: 0o600 });
    const rows = Object.fromEntries(Object.entries(document.tables).map(([t, r]) => [t, r.length]));
    print(
      json
        ? JSON.stringify({ file, rows }, null, 2)
        : `wrote ${file}: ${Object.values(rows).reduce((a, b) => a + b, 0)} rows`,
    );
    return undefined;
  },
};
