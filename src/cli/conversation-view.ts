import { contentView } from './content-view.js';
import { fold } from './text-layout.js';

/**
 * Human output of conversations.create, .send and .get (each message as a chat line, the assistant's
 * answer with its line breaks and options) and of content.edit (the diff, then the content). `--json`
 * gives the whole result.
 */
type Obj = Record<string, unknown>;
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

function messageLines(m: Obj, width: number): string[] {
  const who = m.role === 'user' ? 'You' : 'Assistant';
  const out = [`${who}:`];
  for (const line of String(m.text ?? '').split('\n')) out.push(line ? fold(line, width - 2, '  ') : '');
  if (m.contentId && m.role === 'assistant') out.push(`  (content ${String(m.contentId)})`);
  return out;
}

export function conversationView(value: Obj, width: number): string {
  const conversation = (value.conversation ?? value) as Obj;
  const out = [`Conversation ${String(conversation.id)} · ${String(conversation.title)}`];
  for (const m of arr(value.messages)) out.push('', ...messageLines(m, width));
  return out.join('\n');
}

export function editView(value: Obj, width: number): string {
  const diff = (value.diff ?? {}) as Obj;
  const out = [fold(`Your edit: ${String(diff.readable ?? '')}`, width, '  ')];
  out.push(`Length ${String(diff.lengthBefore)} → ${String(diff.lengthAfter)} characters`, '');
  out.push(contentView((value.content ?? {}) as Obj, width));
  return out.join('\n');
}
