import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Engine } from '../answers/engine.js';
import type { PreparedFeedback } from '../answers/types.js';
import type { Logger } from '../logger.js';
import type { FeedbackChange, Gap, PassageDownVote, Store } from '../store/store.js';

/**
 * What rolebot learns from the people using it: votes (with an optional "what were you looking
 * for?"), questions it could not answer, and the event ids it has processed (shared between
 * replicas). Backed by the store when there is one; when the store is missing or failing, every
 * call degrades to a log line and the bot keeps answering: feedback is never worth an answer.
 *
 * Logs never carry what people typed at info: question and comment text is at debug only.
 */
export interface Feedback {
  /** 'stored': durable (the store acknowledged the write); 'logged': no store; 'failed'. */
  vote(input: {
    question: string;
    offset: number;
    kind: string;
    passageIds: string[];
    userId: string;
    channel?: string;
    vote: 'up' | 'down';
  }): Promise<VoteOutcome>;
  comment(answerKey: string, userId: string, text: string): Promise<void>;
  unanswered(question: string): Promise<void>;
  /** Most frequent gaps, or null when there is no store to ask. */
  gaps(limit: number): Promise<Gap[] | null>;
  /**
   * The passages voted down most (down-votes summed over the questions they were shown for), most
   * first; null when there is no store to ask.
   */
  downvotedPassages(limit: number): Promise<{ passageId: string; votes: number }[] | null>;
  /**
   * true: first delivery; false: another replica (or this one before a restart) already took it;
   * undefined: no answer (no store, or the embedded one failing: in-memory dedupe decides).
   * With a shared store that is still opening or briefly unreachable, waits for it (bounded by
   * `claimWaitMs`) rather than answering an event another replica may be answering.
   */
  claimEvent(eventId: string, ttlMs: number): Promise<boolean | undefined>;
  /** Down-votes ready for ranking; refreshed in the background. */
  ranking(): PreparedFeedback | undefined;
  /**
   * Loads down-votes changed since the last load (all of them the first time, and after a prune).
   * One load at a time; calls while one runs, or within `refreshGapMs` of the last, are merged.
   */
  refresh(): Promise<void>;
  /** A person's pseudonym, for log lines (keyed; never the Slack id). */
  pseudonym(userId: string): string;
}

export type VoteOutcome = 'stored' | 'logged' | 'failed';

/** The key one answer is voted on under: the same question and page is the same answer. */
export function answerKey(question: string, offset: number, kind: string): string {
  const normal = question.toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(`${kind}|${offset}|${normal}`).digest('hex').slice(0, 32);
}

/** Where the store is: open (or null for none), or still opening. */
export interface StoreSlot {
  current: Store | null;
  /** Settles once the store is open (or known to be unavailable). */
  opened: Promise<Store | null>;
  /** Whether the configured store is a shared one (DATABASE_URL), known before it opens. */
  shared: boolean;
}

export interface FeedbackOptions {
  /** How long an undecidable shared claim is waited for (default 20 s). */
  claimWaitMs?: number;
  /** The least time between two down-vote loads (default 2 s). */
  refreshGapMs?: number;
}

export function createFeedback(
  slot: StoreSlot,
  engine: Engine,
  logger: Logger,
  options: FeedbackOptions = {},
): Feedback {
  const claimWaitMs = options.claimWaitMs ?? 20_000;
  const refreshGapMs = options.refreshGapMs ?? 2_000;
  // Without a store, log lines still need a pseudonym: keyed with a key that dies with the process.
  const processKey = randomBytes(32);
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
  const pseudonym = (userId: string) =>
    slot.current?.pseudonym(userId) ??
    createHmac('sha256', processKey).update(`user:${userId}`).digest('hex').slice(0, 32);

  // Incremental down-votes: every feedback row seen, keyed by (answer, person).
  const rows = new Map<string, FeedbackChange>();
  let since: Date | null = null;
  let generation = -1;
  let loading: Promise<void> | undefined;
  let again = false;
  let lastLoad = 0;

  async function loadOnce(store: Store): Promise<void> {
    if (store.generation !== generation) {
      rows.clear();
      since = null;
      generation = store.generation;
    }
    const changes = await store.feedbackChanges(since);
    let changed = since === null;
    for (const row of changes.rows) {
      const key = `${row.answerKey}\u0000${row.userHash}`;
      const before = rows.get(key);
      if (
        before &&
        before.updatedAt.getTime() === row.updatedAt.getTime() &&
        before.vote === row.vote
      )
        continue;
      changed = true;
      if (row.vote === 'down') rows.set(key, row);
      else rows.delete(key);
    }
    since = changes.until;
    if (changed) prepared = engine.prepareFeedback(aggregate(rows.values()));
  }

  const feedback: Feedback = {
    pseudonym,
    async vote(input) {
      const store = slot.current;
      const key = answerKey(input.question, input.offset, input.kind);
      const user = pseudonym(input.userId);
      logger.info(
        {
          feedback: input.vote,
          offset: input.offset,
          user,
          channel: input.channel,
          answerKey: key,
        },
        'answer feedback',
      );
      logger.debug({ answerKey: key, question: input.question.slice(0, 500) }, 'voted question');
      if (!store) return 'logged';
      const stored = await store
        .recordFeedback({
          answerKey: key,
          question: input.question,
          passageIds: input.passageIds,
          vote: input.vote,
          ...(input.channel ? { channel: input.channel } : {}),
          userHash: user,
          legacyUserHash: store.legacyPseudonym(input.userId),
        })
        .then(() => true)
        .catch((error: unknown) => failed('recordFeedback', error));
      if (!stored) return 'failed';
      if (input.vote === 'down') void feedback.refresh();
      return 'stored';
    },
    async comment(key, userId, text) {
      const store = slot.current;
      logger.info({ answerKey: key }, 'feedback comment');
      logger.debug({ answerKey: key, comment: text.slice(0, 500) }, 'feedback comment text');
      await store
        ?.addFeedbackComment(key, pseudonym(userId), text)
        .catch((error: unknown) => failed('addFeedbackComment', error));
    },
    async unanswered(question) {
      const store = slot.current;
      logger.info({}, 'unanswered question');
      logger.debug({ question: question.slice(0, 500) }, 'unanswered question text');
      await store
        ?.recordUnanswered(question)
        .catch((error: unknown) => failed('recordUnanswered', error));
    },
    async gaps(limit) {
      const store = slot.current;
      if (!store) return null;
      return (
        (await store.topGaps(limit).catch((error: unknown) => failed('topGaps', error))) ?? null
      );
    },
    async downvotedPassages(limit) {
      const store = slot.current;
      if (!store) return null;
      const rows = await store.downVotes().catch((error: unknown) => failed('downVotes', error));
      if (!rows) return null;
      const votes = new Map<string, number>();
      for (const row of rows) votes.set(row.passageId, (votes.get(row.passageId) ?? 0) + row.votes);
      return [...votes.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, limit)
        .map(([passageId, count]) => ({ passageId, votes: count }));
    },
    async claimEvent(eventId, ttlMs) {
      const deadline = Date.now() + claimWaitMs;
      if (!slot.shared) {
        // The embedded store is this process's own: it makes a Slack retry that arrives after a
        // restart a duplicate, but in-memory dedupe already decides everything else, so no wait.
        const own = slot.current;
        if (!own) return undefined;
        return own
          .claimEvent(eventId, ttlMs)
          .catch((error: unknown) => failed('claimEvent', error));
      }
      let store = slot.current;
      if (!store) {
        store = await Promise.race([slot.opened, sleep(claimWaitMs).then(() => null)]);
        if (!store) {
          logger.warn(
            { eventId, waitedMs: claimWaitMs },
            'shared store not open: answering without the cross-replica check',
          );
          return undefined;
        }
      }
      for (let attempt = 0; ; attempt++) {
        try {
          return await store.claimEvent(eventId, ttlMs);
        } catch (error) {
          failed('claimEvent', error);
          const wait = Math.min(2_000, 100 * 2 ** attempt);
          if (Date.now() + wait > deadline) {
            logger.warn(
              { eventId, waitedMs: claimWaitMs },
              'shared store unreachable: answering without the cross-replica check',
            );
            return undefined;
          }
          await sleep(wait);
        }
      }
    },
    ranking: () => prepared,
    refresh() {
      const store = slot.current;
      if (!store) return Promise.resolve();
      if (loading) {
        again = true;
        return loading;
      }
      const run = async () => {
        do {
          again = false;
          const wait = lastLoad + refreshGapMs - Date.now();
          if (wait > 0) await sleep(wait);
          lastLoad = Date.now();
          await loadOnce(store).catch((error: unknown) => failed('feedbackChanges', error));
        } while (again);
      };
      loading = run().finally(() => {
        loading = undefined;
      });
      return loading;
    },
  };
  return feedback;
}

/** Distinct people per (normalised question, passage), latest wording, most votes first. */
function aggregate(rows: Iterable<FeedbackChange>): PassageDownVote[] {
  const groups = new Map<
    string,
    { question: string; at: number; normalised: string; passageId: string; users: Set<string> }
  >();
  for (const row of rows) {
    const at = row.updatedAt.getTime();
    for (const passageId of row.passageIds) {
      const key = `${row.normalisedQuestion}\u0000${passageId}`;
      let group = groups.get(key);
      if (!group) {
        group = {
          question: row.question,
          at,
          normalised: row.normalisedQuestion,
          passageId,
          users: new Set(),
        };
        groups.set(key, group);
      } else if (at > group.at || (at === group.at && row.question < group.question)) {
        group.question = row.question;
        group.at = at;
      }
      group.users.add(row.userHash);
    }
  }
  return [...groups.values()]
    .sort(
      (a, b) =>
        b.users.size - a.users.size ||
        (a.passageId < b.passageId ? -1 : a.passageId > b.passageId ? 1 : 0) ||
        (a.normalised < b.normalised ? -1 : a.normalised > b.normalised ? 1 : 0),
    )
    .map((group) => ({
      question: group.question,
      passageId: group.passageId,
      votes: group.users.size,
    }));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
