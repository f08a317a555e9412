import { createHash } from 'node:crypto';
import type { Engine } from '../answers/engine.js';
import type { PreparedFeedback } from '../answers/types.js';
import type { Logger } from '../logger.js';
import type { Gap, Store } from '../store/store.js';

/**
 * What rolebot learns from the people using it: votes (with an optional "what were you looking
 * for?"), questions it could not answer, and the event ids it has processed (shared between
 * replicas). Backed by the store when there is one; when the store is missing or failing, every
 * call degrades to a log line and the bot keeps answering: feedback is never worth an answer.
 */
export interface Feedback {
  vote(input: {
    question: string;
    offset: number;
    kind: string;
    passageIds: string[];
    userId: string;
    channel?: string;
    vote: 'up' | 'down';
  }): Promise<void>;
  comment(answerKey: string, userId: string, text: string): Promise<void>;
  unanswered(question: string): Promise<void>;
  /** Most frequent gaps, or null when there is no store to ask. */
  gaps(limit: number): Promise<Gap[] | null>;
  /** true: first delivery; false: another replica already took it; undefined: unknown (no store). */
  claimEvent(eventId: string, ttlMs: number): Promise<boolean | undefined>;
  /** Down-votes ready for ranking; refreshed in the background. */
  ranking(): PreparedFeedback | undefined;
  refresh(): Promise<void>;
}

/** The key one answer is voted on under: the same question and page is the same answer. */
export function answerKey(question: string, offset: number, kind: string): string {
  const normal = question.toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(`${kind}|${offset}|${normal}`).digest('hex').slice(0, 32);
}

/** People are kept as a hash of their Slack id, never the id itself. */
export function userHash(userId: string): string {
  return createHash('sha256').update(`rolebot-user:${userId}`).digest('hex').slice(0, 16);
}

export function createFeedback(
  storeOf: () => Store | null,
  engine: Engine,
  logger: Logger,
): Feedback {
  let prepared: PreparedFeedback | undefined;
  let lastFailure = 0;
  // One clear error line per outage minute, not one per request.
  const failed = (operation: string, error: unknown): undefined => {
    if (Date.now() - lastFailure > 60_000) {
      logger.error(
        { err: (error as Error).message, operation },
        'store unavailable: using in-memory dedupe and logging feedback only',
      );
      lastFailure = Date.now();
    }
    return undefined;
  };

  const feedback: Feedback = {
    async vote(input) {
      const store = storeOf();
      const key = answerKey(input.question, input.offset, input.kind);
      const user = userHash(input.userId);
      logger.info(
        {
          feedback: input.vote,
          question: input.question.slice(0, 500),
          offset: input.offset,
          user,
          channel: input.channel,
          answerKey: key,
        },
        'answer feedback',
      );
      if (!store) return;
      await store
        .recordFeedback({
          answerKey: key,
          question: input.question,
          passageIds: input.passageIds,
          vote: input.vote,
          ...(input.channel ? { channel: input.channel } : {}),
          userHash: user,
        })
        .catch((error: unknown) => failed('recordFeedback', error));
      if (input.vote === 'down') void feedback.refresh();
    },
    async comment(key, userId, text) {
      const store = storeOf();
      logger.info({ answerKey: key, comment: text.slice(0, 500) }, 'feedback comment');
      await store
        ?.addFeedbackComment(key, userHash(userId), text)
        .catch((error: unknown) => failed('addFeedbackComment', error));
    },
    async unanswered(question) {
      const store = storeOf();
      logger.info({ question: question.slice(0, 500) }, 'unanswered question');
      await store
        ?.recordUnanswered(question)
        .catch((error: unknown) => failed('recordUnanswered', error));
    },
    async gaps(limit) {
      const store = storeOf();
      if (!store) return null;
      return (
        (await store.topGaps(limit).catch((error: unknown) => failed('topGaps', error))) ?? null
      );
    },
    async claimEvent(eventId, ttlMs) {
      const store = storeOf();
      if (!store) return undefined;
      return store
        .claimEvent(eventId, ttlMs)
        .catch((error: unknown) => failed('claimEvent', error));
    },
    ranking: () => prepared,
    async refresh() {
      const store = storeOf();
      if (!store) return;
      const votes = await store.downVotes().catch((error: unknown) => failed('downVotes', error));
      if (votes) prepared = engine.prepareFeedback(votes);
    },
  };
  return feedback;
}
