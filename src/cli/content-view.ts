import { fold } from './text-layout.js';

/**
 * Human output of content.generate, content.refine and content.get: per platform, each candidate's
 * rank, scores and defects, its text as it would be posted, and its guard failures and citations in
 * one line each. `--json` gives the whole result.
 */
type Obj = Record<string, unknown>;
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

function candidateBlock(c: Obj, width: number): string[] {
  const scores = (c.scores ?? {}) as Obj;
  const defects = arr(c.defects).map(String);
  const head = `#${String(c.rank)}  voice ${Math.round(num(scores.voiceScore ?? num(scores.voice) * 100))}  skill ${num(scores.skillFit).toFixed(2)}  guards ${num(scores.guards).toFixed(2)}${defects.length ? `  defects: ${defects.join(', ')}` : ''}`;
  const out = [head];
  for (const line of String(c.text ?? '').split('\n')) out.push(line ? fold(line, width - 4, '    ') : '');
  const failed = arr(c.guards).filter((g) => g.status !== 'pass');
  for (const g of failed)
    out.push(
      fold(
        `  ${g.status === 'fixed' ? 'fixed' : 'failed'} ${String(g.guard)}: ${String(g.message)}`,
        width,
        '    ',
      ),
    );
  const sources = [...new Set(arr(c.citations).map((x) => String(x.entryId)))];
  if (sources.length) out.push(fold(`  sources: ${sources.join(', ')}`, width, '    '));
  return out;
}

export function contentView(value: Obj, width: number): string {
  const out: string[] = [];
  out.push(
    `Content ${String(value.id)}${value.engine ? ` · written by ${String(value.engine)}` : ''}${value.status ? ` · ${String(value.status)}` : ''}`,
  );
  if (value.request) out.push(fold(`Request: ${String(value.request)}`, width, '  '));
  for (const note of arr(value.notes as unknown)) out.push(fold(`Note: ${String(note)}`, width, '  '));
  for (const f of arr(value.fallbackFrom))
    out.push(
      `Note: ${String(f.model)} did not answer (${String(f.code)}); the offline composer wrote these.`,
    );
  const byPlatform: Record<string, Obj[]> = {};
  if (value.candidates && !Array.isArray(value.candidates))
    for (const [p, list] of Object.entries(value.candidates as Obj)) byPlatform[p] = arr(list);
  else
    for (const c of arr(value.candidates)) {
      const key = String(c.platform);
      byPlatform[key] = [...(byPlatform[key] ?? []), c];
    }
  for (const [platform, list] of Object.entries(byPlatform)) {
    out.push('', `── ${platform} ${'─'.repeat(Math.max(0, Math.min(width, 60) - platform.length - 4))}`);
    for (const c of list) out.push('', ...candidateBlock(c, width));
  }
  if (value.stages && typeof value.stages === 'object') {
    const stages = Object.entries(value.stages as Obj).map(([k, v]) => `${k} ${Math.round(num(v))}`);
    out.push('', `Time (ms): ${stages.join(' · ')}`);
  }
  return out.join('\n');
}
