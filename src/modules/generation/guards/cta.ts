/**
 * Call to action, a soft check run only when the context expects one (`expectCta`): the post should
 * ask the reader to do something (visit, order, book, call, reply with a question to the business …),
 * or carry a link or "link in bio". Its failure is the defect `missing_cta`, shown but not blocking.
 */
import { urlsOf } from './text-parts.js';
import type { GuardCheck, GuardEnv, TextGuard } from './types.js';

const CTA =
  /(?:^|[.!?]\s+|\n\s*|[:—–-]\s*|\p{Extended_Pictographic}\s*)(?:please\s+)?(?:visit|order|book|call|ring|phone|shop|buy|try|get|grab|join|come|pop|stop|swing|drop|head|reserve|register|sign\s+up|subscribe|download|discover|explore|check|find|learn|read|see|browse|message|dm|email|e-mail|contact|ask|tap|click|follow|pick|secure|claim|save|taste|meet|watch|listen|apply|enquire|inquire|request|start|plan|treat)\b/iu;
const CTA_PHRASE =
  /\blink\s+in\s+(?:our\s+)?bio\b|\b(?:order|book|shop|call|visit|contact|find|reserve)\s+(?:us|now|today|online|here|yours|your)\b|\bget\s+in\s+touch\b|\bavailable\s+(?:now|today|online|in\s+store)\b|\bsee\s+you\b|\bcome\s+(?:by|in|and)\b/i;

function check(text: string, env: GuardEnv): GuardCheck {
  if (!env.context.expectCta)
    return { status: 'pass', message: 'no call to action expected', evidence: { checked: false } };
  const has = CTA.test(text) || CTA_PHRASE.test(text) || urlsOf(text).length > 0;
  return has
    ? { status: 'pass', message: 'asks the reader to act', evidence: { checked: true } }
    : {
        status: 'fail',
        message: 'a call to action was expected (visit, order, book, a link …) and there is none',
        evidence: { checked: true },
      };
}

export const ctaGuard: TextGuard = { name: 'cta', defect: 'missing_cta', soft: true, check };
