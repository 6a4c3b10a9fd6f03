import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { definePrompt, listPromptFiles, loadPromptFile, parsePromptFile } from './prompts.js';

const dir = mkdtempSync(path.join(tmpdir(), 'prompts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): void {
  writeFileSync(path.join(dir, name), text);
}

const GOOD = `---
name: summarize-page
version: 2
description: One-sentence summary of a web page.
variables: title, text
---
[system]
You summarise pages for {{title}}'s owner.
[prompt]
Summarise "{{ title }}":

{{text}}
`;

describe('prompt templates', () => {
  it('loads every built-in template and each one is valid', () => {
    const files = listPromptFiles();
    expect(files.map((f) => `${f.name}.v${f.version}`)).toContain('structured-repair.v1');
    for (const f of files) {
      expect(f.description.length).toBeGreaterThan(10);
      expect(f.prompt.length).toBeGreaterThan(0);
    }
  });

  it('renders typed variables into the system and prompt sections', () => {
    write('summarize-page.v2.md', GOOD);
    const template = definePrompt('summarize-page', 2, ['title', 'text'], dir);
    const rendered = template.render({
      title: 'Next Day Steel',
      text: 'We sell beams. {{title}} stays literal.',
    });
    expect(rendered).toEqual({
      promptId: 'summarize-page.v2',
      system: "You summarise pages for Next Day Steel's owner.",
      prompt: 'Summarise "Next Day Steel":\n\nWe sell beams. {{title}} stays literal.',
    });
    expect(template.render({ title: 42, text: 'x' }).prompt).toBe('Summarise "42":\n\nx');
  });

  it('refuses a template whose variables differ from what the code passes', () => {
    write('summarize-page.v2.md', GOOD);
    expect(() => definePrompt('summarize-page', 2, ['title'], dir)).toThrow(
      /code expects variables \[title\] but the file declares \[text,title\]/,
    );
  });

  it('reports a missing file, and a missing value at render time', () => {
    expect(() => loadPromptFile('nope', 1, dir)).toThrow(/nope\.v1\.md: prompt template file not found/);
    write('summarize-page.v2.md', GOOD);
    const template = definePrompt('summarize-page', 2, ['title', 'text'], dir);
    expect(() => template.render({ title: 'x' } as never)).toThrow(/needs a value for "text"/);
  });

  it.each([
    ['no front matter', 'hello', /must start with a front matter line/],
    ['unclosed front matter', '---\nname: a\n', /not closed/],
    ['wrong name', GOOD.replace('name: summarize-page', 'name: other'), /must match the file name/],
    ['wrong version', GOOD.replace('version: 2', 'version: 3'), /version must be 2/],
    [
      'unknown key',
      GOOD.replace('description:', 'author: me\ndescription:'),
      /unknown front matter key "author"/,
    ],
    [
      'undeclared placeholder',
      GOOD.replace('{{text}}', '{{body}}'),
      /placeholder \{\{body\}\} is not a declared variable/,
    ],
    [
      'unused variable',
      GOOD.replace('variables: title, text', 'variables: title, text, tone'),
      /"tone" is declared but never used/,
    ],
    ['no prompt section', GOOD.replace(/\[prompt\][\s\S]*$/, ''), /needs a non-empty \[prompt\] section/],
    ['text before sections', GOOD.replace('[system]', 'stray\n[system]'), /text before the first/],
    ['repeated section', `${GOOD}\n[prompt]\nagain`, /section \[prompt\] appears twice/],
  ])('rejects a file with %s', (_, text, error) => {
    expect(() => parsePromptFile(text, path.join(dir, 'summarize-page.v2.md'))).toThrow(error);
  });

  it('rejects a file name that does not follow <name>.v<N>.md', () => {
    expect(() => parsePromptFile(GOOD, path.join(dir, 'Summarize.md'))).toThrow(/file name must be/);
  });
});
