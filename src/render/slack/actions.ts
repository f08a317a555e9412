/**
 * The buttons rolebot puts on its messages: their action ids and the state each carries in its
 * `value`, so a click can be answered without any server-side session.
 */
import { LIMITS } from './mrkdwn.js';

export const ACTION = {
  share: 'rolebot_share',
  more: 'rolebot_more',
  voteUp: 'rolebot_vote_up',
  voteDown: 'rolebot_vote_down',
  reread: 'rolebot_reread',
  suggest: 'rolebot_suggest',
  /** Slack's native 👍/👎 (a feedback_buttons element); the vote is in the clicked value. */
  feedback: 'rolebot_feedback',
  /** "Ask a person": posts the question to the owners channel. */
  escalate: 'rolebot_escalate',
} as const;

/** Matches every rolebot action id, for registering one listener per kind. */
export const ACTION_PATTERN = {
  reread: /^rolebot_reread(?:_\d+)*$/,
  suggest: /^rolebot_suggest(?:_\d+)*$/,
  /** Any other action id: a button from an older version of rolebot, still to be acknowledged. */
  unknown:
    /^(?!rolebot_(?:share|more|vote_up|vote_down|feedback|owner_topic|escalate|config_channel)$)(?!rolebot_(?:reread|suggest)(?:_\d+)*$)/,
} as const;

/** What a button needs to re-run or share an answer. */
export interface AnswerState {
  /** The question, as the person asked it (already stripped of the bot mention). */
  question: string;
  /** First passage shown. */
  offset: number;
  /** Readings for ambiguous abbreviations, e.g. `{ pm: 'project manager' }`. */
  readings?: Record<string, string>;
  /** What kind of answer to rebuild: a question, an ownership verdict, a comparison. */
  kind?: 'ask' | 'owner' | 'compare';
}

const QUESTION_BUDGET = 1_500;

export function encodeState(state: AnswerState, budget: number = LIMITS.buttonValue): string {
  const compact = {
    q: state.question.slice(0, QUESTION_BUDGET),
    o: state.offset,
    ...(state.readings && Object.keys(state.readings).length > 0 ? { r: state.readings } : {}),
    ...(state.kind && state.kind !== 'ask' ? { k: state.kind } : {}),
  };
  const value = JSON.stringify(compact);
  // Questions are at most 1,500 characters, but JSON escaping can grow them; keep the limit.
  return value.length <= budget
    ? value
    : JSON.stringify({ ...compact, q: compact.q.slice(0, 400) });
}

/** Parses a button value; anything malformed (a forged payload) yields undefined, never throws. */
export function decodeState(value: string | undefined): AnswerState | undefined {
  if (!value) return undefined;
  try {
    const data = JSON.parse(value) as { q?: unknown; o?: unknown; r?: unknown; k?: unknown };
    if (typeof data.q !== 'string') return undefined;
    const offset =
      typeof data.o === 'number' && Number.isInteger(data.o) && data.o >= 0
        ? Math.min(data.o, 1_000)
        : 0;
    const readings: Record<string, string> = {};
    if (data.r && typeof data.r === 'object' && !Array.isArray(data.r)) {
      for (const [key, reading] of Object.entries(data.r)) {
        if (typeof reading === 'string' && key.length <= 20 && reading.length <= 40)
          readings[key] = reading;
      }
    }
    const kind = data.k === 'owner' || data.k === 'compare' ? data.k : 'ask';
    return { question: data.q.slice(0, QUESTION_BUDGET), offset, readings, kind };
  } catch {
    return undefined;
  }
}

/** A feedback button's value: the vote, then the answer's state (`+{…}` or `-{…}`). */
export function encodeVote(vote: 'up' | 'down', state: AnswerState): string {
  return `${vote === 'up' ? '+' : '-'}${encodeState(state, LIMITS.buttonValue - 1)}`;
}

/** Reads a feedback button's value; the state is undefined when it is unreadable (forged). */
export function decodeVote(
  value: string | undefined,
): { vote: 'up' | 'down'; state: AnswerState | undefined } | undefined {
  const sign = value?.[0];
  if (sign !== '+' && sign !== '-') return undefined;
  return { vote: sign === '+' ? 'up' : 'down', state: decodeState(value?.slice(1)) };
}
