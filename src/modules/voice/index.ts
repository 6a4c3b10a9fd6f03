/**
 * Brand voice: the profile learned from the business's example posts and website copy, scoring, drift
 * and pinned rules. The only face of this module to the others and to the app.
 */
import { isAppError } from '../../core/errors.js';
import type { OperationContext } from '../../operations/define.js';
import type { AppModule } from '../../operations/module.js';
import { voiceMigration } from './migrations/0006_voice.js';
import { voiceOperations } from './operations.js';
import { getVoice } from './service.js';

export { type ExampleObject, parseVoiceExamples } from './examples/parse.js';
/** Scores a draft against an already loaded profile (generation scores many candidates per request). */
export { scoreVoiceMatch } from './score.js';
export { type LoadedVoice, loadVoice, scoreVoice, updateVoiceRules } from './service.js';
export type { BrandVoiceProfile, PinnedRule, VoiceExample, VoiceScore } from './types.js';

export const voiceModule = {
  name: 'voice',
  migrations: [voiceMigration],
  operations: voiceOperations,
  /** The profile is stored encrypted; the export carries it readable, with its version history. */
  exportTenant: async (ctx: OperationContext) => {
    try {
      return await getVoice(ctx);
    } catch (error) {
      if (isAppError(error) && error.code === 'voice.not_learned') return null;
      throw error;
    }
  },
} satisfies AppModule;
