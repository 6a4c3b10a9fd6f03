/**
 * The advisory chatflow: a person asks for a post, the assistant answers with options A/B/C (generated
 * candidate directions, with previews) or a clarifying question when the request names nothing to write
 * about; "go with B" approves, "make B shorter" refines, "none of these" rejects. Each turn is stored as
 * the person's message and the assistant's answer; generation and feedback do the work.
 */
import { type AppError, conflict, isAppError, notFound } from '../../../core/errors.js';
import { newPrefixedId } from '../../../core/ids.js';
import type { Platform } from '../../../core/platforms.js';
import { readJson, writeJson } from '../../../db/dialect.js';
import { keysetPage } from '../../../db/paging.js';
import type { OperationContext } from '../../../operations/define.js';
import { analyseRequest, loadSkillFacts } from '../../skills/index.js';
import { loadContent } from '../content.js';
import { setRanks } from '../feedback/repository.js';
import { approveContent, rejectContent } from '../feedback/service.js';
import { generateContent, refineContent } from '../pipeline/generate.js';
import type { GenerateResult } from '../pipeline/schemas.js';
import type { Candidate } from '../schemas.js';
import { requestClarity } from './clarity.js';
import { parseTurn, type TurnIntent } from './intent.js';
import * as repo from './repository.js';
import {
  type Conversation,
  type ConversationWithMessages,
  type CreateConversationInput,
  type Message,
  type Option,
  optionLetters,
  type SendInput,
  type SendOutput,
} from './schemas.js';

/** What the conversation remembers between turns. */
interface ConversationState {
  /** The options on the table: letter → candidate per platform. */
  options: Option[];
  /** Platforms of the latest request. */
  platforms?: Platform[];
  /** A request too vague to write from, waiting for the person's answer. */
  pendingRequest?: string;
  /** The latest options were turned down. */
  rejected?: boolean;
}

interface Reply {
  kind: Message['kind'];
  text: string;
  options: Option[];
  action: Message['action'];
  notes: string[];
  contentId: string | null;
  state: ConversationState;
}

const PREVIEW = 160;
const platformNames: Record<Platform, string> = {
  linkedin: 'LinkedIn',
  x: 'X',
  facebook: 'Facebook',
  instagram: 'Instagram',
};

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= PREVIEW ? flat : `${flat.slice(0, PREVIEW - 1).trimEnd()}…`;
}

const listNames = (platforms: readonly Platform[]): string => {
  const names = platforms.map((p) => platformNames[p]);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
};

/** Option k = the k-th ranked candidate of every platform: one direction across the platforms. */
export function optionsFrom(candidates: readonly Candidate[]): Option[] {
  const platforms = [...new Set(candidates.map((c) => c.platform))];
  const out: Option[] = [];
  for (const [i, letter] of optionLetters.entries()) {
    const chosen = platforms
      .map((p) => candidates.filter((c) => c.platform === p).sort((a, b) => a.rank - b.rank)[i])
      .filter((c): c is Candidate => c !== undefined);
    if (chosen.length === 0) break;
    out.push({
      letter,
      preview: preview((chosen[0] as Candidate).text),
      candidates: chosen.map((c) => ({ platform: c.platform, candidateId: c.id, text: c.text })),
    });
  }
  return out;
}

function optionsText(intro: string, options: readonly Option[], notes: readonly string[]): string {
  const lines = [intro, ''];
  for (const o of options) lines.push(`${o.letter}: ${o.preview}`);
  if (notes.length) lines.push('', ...notes);
  const letters = options.map((o) => o.letter);
  const last = letters.at(-1) ?? 'A';
  lines.push(
    '',
    `Say "go with ${letters[1] ?? last}" to approve it, "make ${last} shorter" (or more playful, with the price …) to change it, or "none of these".`,
  );
  return lines.join('\n');
}

function resultCandidates(result: GenerateResult): Candidate[] {
  return Object.values(result.candidates).flatMap((list) => list ?? []);
}

/** An answer instead of an error when the pipeline cannot write from what it was given. */
function explainable(error: unknown): error is AppError {
  return (
    isAppError(error) && error.status >= 400 && error.status < 500 && error.code.startsWith('generation.')
  );
}

async function answerRequest(
  ctx: OperationContext,
  state: ConversationState,
  text: string,
  platforms: Platform[] | undefined,
): Promise<Reply> {
  const request = state.pendingRequest ? `${state.pendingRequest}. ${text}` : text;
  const analysis = analyseRequest(request, await loadSkillFacts(ctx));
  const clarity = requestClarity(request, analysis);
  if (!clarity.clear) {
    return {
      kind: 'question',
      text: clarity.question as string,
      options: [],
      action: null,
      notes: [],
      contentId: null,
      state: { ...state, pendingRequest: request },
    };
  }
  // Platforms: as given, else those the request names (the pipeline reads them), else those used before.
  const chosenPlatforms = platforms ?? (analysis.platforms.length ? undefined : state.platforms);
  let result: GenerateResult;
  try {
    result = await generateContent(ctx, {
      request,
      ...(chosenPlatforms ? { platforms: chosenPlatforms } : {}),
    });
  } catch (error) {
    if (!explainable(error)) throw error;
    return {
      kind: 'info',
      text: `I could not write that: ${error.message}.`,
      options: [],
      action: null,
      notes: [],
      contentId: null,
      state: { options: state.options, ...(state.platforms ? { platforms: state.platforms } : {}) },
    };
  }
  const options = optionsFrom(resultCandidates(result));
  const used = Object.keys(result.candidates) as Platform[];
  return {
    kind: 'options',
    text: optionsText(
      options.length === 1
        ? `The knowledge base gave me one direction for ${listNames(used)}:`
        : `Here are ${options.length} directions for ${listNames(used)}:`,
      options,
      result.notes,
    ),
    options,
    action: 'generate',
    notes: result.notes,
    contentId: result.id,
    state: { options, platforms: used },
  };
}

async function answerChoice(
  ctx: OperationContext,
  state: ConversationState,
  contentId: string,
  index: number,
): Promise<Reply> {
  const option = state.options[index] as Option;
  const content = await approveContent(ctx, {
    id: contentId,
    candidateIds: option.candidates.map((c) => c.candidateId),
  });
  const platforms = option.candidates.map((c) => c.platform);
  return {
    kind: 'approved',
    text: `Option ${option.letter} is approved for ${listNames(platforms)} and ready to publish (content ${content.id}). Say "go with" another letter to switch.`,
    options: state.options,
    action: 'approve',
    notes: [],
    contentId: content.id,
    state: { ...state, rejected: false },
  };
}

async function answerRefine(
  ctx: OperationContext,
  state: ConversationState,
  contentId: string,
  turn: Extract<TurnIntent, { kind: 'refine' }>,
): Promise<Reply> {
  const option = turn.option === null ? undefined : state.options[turn.option];
  if (option) {
    // The option the person named becomes each platform's top candidate first, so the revision is
    // measured against it ("shorter" than B, not than A).
    await ctx.app.db.tenant(ctx.tenantId, async (tx) => {
      const content = await loadContent(tx, ctx.tenantId, contentId);
      for (const pick of option.candidates) {
        const own = content.candidates
          .filter((c) => c.platform === pick.platform)
          .sort((a, b) => a.rank - b.rank);
        if (!own.some((c) => c.id === pick.candidateId)) continue;
        await setRanks(tx, ctx.tenantId, contentId, [
          pick.candidateId,
          ...own.filter((c) => c.id !== pick.candidateId).map((c) => c.id),
        ]);
      }
    });
  }
  let result: GenerateResult;
  try {
    result = await refineContent(ctx, { id: contentId, feedback: turn.feedback });
  } catch (error) {
    if (!explainable(error)) throw error;
    return {
      kind: 'info',
      text: `I could not revise it: ${error.message}.`,
      options: state.options,
      action: null,
      notes: [],
      contentId,
      state,
    };
  }
  const options = optionsFrom(resultCandidates(result));
  const what = option ? `option ${option.letter}` : 'the options';
  return {
    kind: 'options',
    text: optionsText(
      `I revised ${what} (“${turn.feedback}”). Here is where it stands:`,
      options,
      result.notes,
    ),
    options,
    action: 'refine',
    notes: result.notes,
    contentId,
    state: { options, ...(state.platforms ? { platforms: state.platforms } : {}) },
  };
}

async function answerReject(
  ctx: OperationContext,
  state: ConversationState,
  contentId: string,
  turn: Extract<TurnIntent, { kind: 'reject' }>,
): Promise<Reply> {
  const content = await ctx.app.db.read(ctx.tenantId, (db) => loadContent(db, ctx.tenantId, contentId));
  // Already turned down (an earlier "none of these"): saying it again changes nothing.
  if (content.status !== 'rejected')
    await rejectContent(ctx, { id: contentId, reasons: turn.reasons, note: turn.note, candidateIds: [] });
  const why = turn.reasons.filter((r) => r !== 'other').map((r) => r.replace(/_/g, ' '));
  return {
    kind: 'rejected',
    text: `Understood, I have set these aside${why.length ? ` (${why.join(', ')})` : ''}. Tell me what to change ("more playful", "mention the price", "shorter") or what to write about instead.`,
    options: [],
    action: 'reject',
    notes: [],
    contentId,
    state: { options: [], rejected: true, ...(state.platforms ? { platforms: state.platforms } : {}) },
  };
}

async function answer(
  ctx: OperationContext,
  row: repo.ConversationRow,
  state: ConversationState,
  input: { message: string; platforms?: Platform[] | undefined },
): Promise<Reply> {
  const contentId = row.content_id;
  const turn = parseTurn(
    input.message,
    contentId ? state.options.length : 0,
    Boolean(contentId && state.rejected),
  );
  if (turn.kind === 'request' || !contentId) return answerRequest(ctx, state, input.message, input.platforms);
  if (turn.kind === 'missing_option') {
    const offered = state.options.map((o) => o.letter);
    return {
      kind: 'info',
      text: `There is no option ${optionLetters[turn.option]}: I offered ${offered.length === 1 ? `only ${offered[0]}` : offered.join(', ')}.`,
      options: state.options,
      action: null,
      notes: [],
      contentId,
      state,
    };
  }
  if (turn.kind === 'choose') return answerChoice(ctx, state, contentId, turn.option);
  if (turn.kind === 'refine') return answerRefine(ctx, state, contentId, turn);
  return answerReject(ctx, state, contentId, turn);
}

function toMessage(row: repo.MessageRow): Message {
  const payload = readJson<Partial<Pick<Message, 'options' | 'contentId' | 'action' | 'notes'>>>(
    row.payload,
    {},
  );
  return {
    id: row.id,
    seq: row.seq,
    role: row.role as Message['role'],
    kind: row.kind as Message['kind'],
    text: row.text,
    options: payload.options ?? [],
    contentId: payload.contentId ?? null,
    action: payload.action ?? null,
    notes: payload.notes ?? [],
    createdAt: row.created_at,
  };
}

function toConversation(row: repo.ConversationRow): Conversation {
  return {
    id: row.id,
    title: row.title,
    contentId: row.content_id,
    turns: row.turns,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const conversationNotFound = (id: string) => notFound('conversations.not_found', `conversation ${id}`);

function titleOf(message: string): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  return flat.length <= 80 ? flat : `${flat.slice(0, 79).trimEnd()}…`;
}

export async function sendMessage(ctx: OperationContext, input: SendInput): Promise<SendOutput> {
  const row = await ctx.app.db.read(ctx.tenantId, (db) => repo.findConversation(db, ctx.tenantId, input.id));
  if (!row) throw conversationNotFound(input.id);
  const state = readJson<ConversationState>(row.state, { options: [] });
  const reply = await answer(ctx, row, state, input);
  return ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    const now = ctx.app.clock.iso();
    const moved = await repo.advanceConversation(tx, ctx.tenantId, row.id, row.turns, {
      state: writeJson(reply.state),
      content_id: reply.contentId ?? row.content_id,
      title: row.turns === 0 && row.title === DEFAULT_TITLE ? titleOf(input.message) : row.title,
      updated_at: now,
    });
    if (!moved)
      throw conflict(
        'conversations.busy',
        `another message reached conversation ${row.id} first; send yours again`,
        {
          id: row.id,
        },
      );
    const seq = await repo.lastSeq(tx, ctx.tenantId, row.id);
    const user = {
      id: newPrefixedId('msg'),
      tenant_id: ctx.tenantId,
      conversation_id: row.id,
      seq: seq + 1,
      role: 'user',
      kind: 'message',
      text: input.message,
      payload: writeJson({ contentId: row.content_id }),
      created_at: now,
    };
    const assistant = {
      id: newPrefixedId('msg'),
      tenant_id: ctx.tenantId,
      conversation_id: row.id,
      seq: seq + 2,
      role: 'assistant',
      kind: reply.kind,
      text: reply.text,
      payload: writeJson({
        options: reply.options,
        contentId: reply.contentId,
        action: reply.action,
        notes: reply.notes,
      }),
      created_at: now,
    };
    await repo.insertMessages(tx, [user, assistant]);
    const after = (await repo.findConversation(tx, ctx.tenantId, row.id)) as repo.ConversationRow;
    return { conversation: toConversation(after), messages: [toMessage(user), toMessage(assistant)] };
  });
}

const DEFAULT_TITLE = 'New conversation';

export async function createConversation(
  ctx: OperationContext,
  input: CreateConversationInput,
): Promise<ConversationWithMessages> {
  const id = newPrefixedId('conv');
  const now = ctx.app.clock.iso();
  const state: ConversationState = {
    options: [],
    ...(input.platforms ? { platforms: input.platforms } : {}),
  };
  await ctx.app.db.tenant(ctx.tenantId, (tx) =>
    repo.insertConversation(tx, {
      id,
      tenant_id: ctx.tenantId,
      title: input.title ?? DEFAULT_TITLE,
      content_id: null,
      state: writeJson(state),
      turns: 0,
      created_by: ctx.actor.id ?? ctx.actor.type,
      created_at: now,
      updated_at: now,
    }),
  );
  if (input.message)
    await sendMessage(ctx, {
      id,
      message: input.message,
      ...(input.platforms ? { platforms: input.platforms } : {}),
    });
  return getConversation(ctx, id);
}

export async function getConversation(ctx: OperationContext, id: string): Promise<ConversationWithMessages> {
  return ctx.app.db.read(ctx.tenantId, async (db) => {
    const row = await repo.findConversation(db, ctx.tenantId, id);
    if (!row) throw conversationNotFound(id);
    const messages = await repo.listMessages(db, ctx.tenantId, id);
    return { ...toConversation(row), messages: messages.map(toMessage) };
  });
}

export async function listConversations(
  ctx: OperationContext,
  input: { limit: number; cursor?: string | undefined },
): Promise<{ conversations: Conversation[]; nextCursor: string | null }> {
  return ctx.app.db.read(ctx.tenantId, async (db) => {
    const rows = await repo.listConversations(db, ctx.tenantId, input.limit + 1, input.cursor);
    const { page, nextCursor } = keysetPage(rows, input.limit);
    return { conversations: page.map(toConversation), nextCursor };
  });
}
