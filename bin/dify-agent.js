#!/usr/bin/env node
// Starts dify-agent from its build (dist/), compiled at install by `npm install` (the `prepare` script).
// In a checkout the build must match the sources: when a source file changed since the last build, it is
// rebuilt first (about a second, said on stderr); if it cannot be rebuilt, the sources run through tsx,
// slower, and that is said too. DIFY_AGENT_FROM_SOURCE=1 runs the sources without looking at the build.
// See docs/adr/0013-build-at-install.md.
import { existsSync, readFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const args = process.argv.slice(2);

// The version needs nothing else loaded: scripts ask for it to check what is installed.
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).version}\n`);
  process.exit(0);
}

const say = (text) => process.stderr.write(`dify-agent: ${text}\n`);

async function fromSource(why) {
  if (why) say(`running from the TypeScript sources through tsx (slower start): ${why}`);
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('src/main.ts', root).href);
}

if (!existsSync(new URL('src/main.ts', root))) {
  // An installed package: only the build is there.
  await import(new URL('dist/main.js', root).href);
} else if (process.env.DIFY_AGENT_FROM_SOURCE === '1') {
  await fromSource();
} else {
  const { build, buildState } = await import(new URL('scripts/build.mjs', root).href);
  const state = buildState();
  let ready = state.fresh;
  if (!ready) {
    try {
      const result = await build();
      if (result.built) say(`rebuilt dist/ in ${(result.ms / 1000).toFixed(1)} s: ${state.reason}`);
      ready = true;
    } catch (error) {
      await fromSource(`the build is out of date (${state.reason}) and rebuilding failed: ${error.message}`);
    }
  }
  if (ready) await import(new URL('dist/main.js', root).href);
}
