import { variables } from './variables.js';

/** The configuration table of the README, generated from the declared variables. */
export function configurationTable(): string {
  const rows = Object.entries(variables).map(([name, v]) => {
    const def = v.default === undefined ? '—' : v.default === '' ? '(empty)' : `\`${v.default}\``;
    return `| \`${name}\` | ${def} | ${v.description.replace(/\|/g, '\\|')} |`;
  });
  return ['| Variable | Default | What it does |', '|---|---|---|', ...rows].join('\n');
}
