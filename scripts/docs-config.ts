/** Rewrites the configuration table in README.md from src/config/variables.ts (`npm run docs:config`). */
import { readFileSync, writeFileSync } from 'node:fs';
import { configurationTable } from '../src/config/docs.js';

const file = new URL('../README.md', import.meta.url);
const readme = readFileSync(file, 'utf8');
const start = '<!-- config:start -->';
const end = '<!-- config:end -->';
const from = readme.indexOf(start);
const to = readme.indexOf(end);
if (from < 0 || to < from) throw new Error(`README.md needs ${start} and ${end} markers`);
writeFileSync(file, `${readme.slice(0, from + start.length)}\n${configurationTable()}\n${readme.slice(to)}`);
console.log('README.md configuration table updated');
