/**
 * The shared skills shipped with the product: every `*.skill.md` file in this folder (copied next to
 * the compiled code by scripts/copy-assets.mjs). A file that does not validate is a bug in the
 * release, so loading fails loudly instead of hiding a skill.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSkill } from '../format/parse.js';
import type { SkillDocument } from '../format/types.js';

export interface BuiltinSkill {
  skill: SkillDocument;
  content: string;
  file: string;
}

export const BUILTIN_DIR = path.dirname(fileURLToPath(import.meta.url));

export function loadBuiltinSkills(dir: string = BUILTIN_DIR): BuiltinSkill[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.skill.md'))
    .sort();
  return files.map((file) => {
    const content = readFileSync(path.join(dir, file), 'utf8');
    const { skill, issues } = parseSkill(content);
    if (!skill) {
      const first = issues.find((i) => i.severity === 'error');
      throw new Error(
        `built-in skill ${file} is invalid: ${first?.line}:${first?.column} ${first?.code} ${first?.message}`,
      );
    }
    if (skill.visibility !== 'shared') throw new Error(`built-in skill ${file} must have visibility: shared`);
    return { skill, content, file };
  });
}
