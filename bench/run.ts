/**
 * Benchmark runner: `npm run bench -- <suite> [--key value …]` runs bench/suites/<suite>.ts and prints
 * its result as JSON on stdout (progress goes to stderr). `npm run bench -- --list` lists the suites.
 * Benchmarks are never part of `npm test`; figures go to docs/benchmarks.md with machine and date.
 */
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type BenchArgs = Record<string, string | boolean>;
export type BenchSuite = (args: BenchArgs) => Promise<Record<string, unknown>>;

const suitesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'suites');

function parseArgs(argv: string[]): { suite: string | undefined; args: BenchArgs } {
  const args: BenchArgs = {};
  let suite: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a.startsWith('--')) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        args[a.slice(2)] = next;
        i++;
      } else args[a.slice(2)] = true;
    } else if (!suite) suite = a;
  }
  return { suite, args };
}

const available = readdirSync(suitesDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

const { suite, args } = parseArgs(process.argv.slice(2));
if (!suite || args.list) {
  console.log(JSON.stringify({ suites: available }, null, 2));
  process.exit(suite ? 0 : 1);
}
if (!available.includes(suite)) {
  console.error(`unknown suite "${suite}"; available: ${available.join(', ')}`);
  process.exit(1);
}
const mod = (await import(pathToFileURL(path.join(suitesDir, `${suite}.ts`)).href)) as {
  default: BenchSuite;
};
const started = new Date();
const result = await mod.default(args);
console.log(
  JSON.stringify(
    {
      suite,
      date: started.toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
      },
      result,
    },
    null,
    2,
  ),
);
process.exit(0);
