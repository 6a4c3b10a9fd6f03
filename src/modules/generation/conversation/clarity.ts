/**
 * Is a request clear enough to write from? The skills matcher's analysis finds what it names (products,
 * people, offers in the knowledge base) and its goal (intent); beyond those, a request needs a topic:
 * some word that is not a function word or request boilerplate ("write", "post", "instagram"). Without
 * a product and without a topic, the assistant asks instead of guessing.
 */
import { isStopword } from '../../../core/text/stopwords.js';
import type { RequestAnalysis } from '../../skills/index.js';

const BOILERPLATE = new Set(
  (
    'post posts posting write writing wrote create make draft need want like would could should can please help ' +
    'something anything stuff thing things content copy caption captions social media update updates tweet tweets ' +
    'thread linkedin twitter x facebook fb instagram insta ig platform platforms channel channels account ' +
    'today tomorrow week weekly idea ideas new quick short long nice good great cool some one two three ' +
    'us our we me my you your hi hello hey thanks thank ok okay about for on'
  ).split(' '),
);

export interface Clarity {
  clear: boolean;
  /** The words that carry a topic. */
  topic: string[];
  /** The question to ask when it is not clear. */
  question: string | null;
}

export function requestClarity(text: string, analysis: RequestAnalysis): Clarity {
  // Words that only say what kind of post it is ("announce", "hiring") are the goal, not a topic.
  const cues = new Set(analysis.intents.flatMap((i) => i.cues.map((c) => c.toLowerCase())));
  const words = (text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? []).filter(
    (w) => w.length >= 3 && !BOILERPLATE.has(w) && !cues.has(w) && !isStopword(w, 'en'),
  );
  const top = analysis.intents[0];
  const goal = top && top.probability >= 0.5 ? top.intent.replace(/_/g, ' ') : null;
  if (analysis.entities.length > 0 || words.length > 0) return { clear: true, topic: words, question: null };
  const names = { linkedin: 'LinkedIn', x: 'X', facebook: 'Facebook', instagram: 'Instagram' } as const;
  const where = analysis.platforms.length
    ? ` for ${analysis.platforms.map((p) => names[p]).join(' and ')}`
    : '';
  return {
    clear: false,
    topic: [],
    question: goal
      ? `Happy to write a ${goal} post${where}. What is it about: which product, offer, event or news?`
      : `Happy to write a post${where}. What should it be about: a product, an offer, an event, a tip or news? And what should it achieve?`,
  };
}
