#!/usr/bin/env node
// Runs from source in a checkout (through tsx) and from dist/ in a published package, so a
// developer never runs a stale build and an installed package never needs a compiler.
import { existsSync } from 'node:fs';

const source = new URL('../src/main.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../dist/main.js', import.meta.url).href);
}
