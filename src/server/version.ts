import { readFileSync } from 'node:fs';

let version: string | undefined;

/** The package version, read once from package.json (works from src/ and from dist/). */
export function productVersion(): string {
  if (version) return version;
  for (const rel of ['../../package.json', '../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'dify-agent' && pkg.version) {
        version = pkg.version;
        return version;
      }
    } catch {
      // try the next location
    }
  }
  version = '0.0.0';
  return version;
}
