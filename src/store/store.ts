/**
 * rolebot's storage: 👍/👎 feedback on answers, unanswered questions (knowledge gaps), and the
 * "have we already processed this Slack event?" memory shared by every replica.
 *
 * Backed by a real Postgres when `databaseUrl` is set (what several replicas must use), otherwise by
 * PGlite persisted in `dataDir`, so `npm start` needs no server (one process per directory).
 *
 * Privacy: the only thing kept about a person is `userHash`, a keyed pseudonym of the Slack user id
 * (`pseudonym(userId)`: HMAC-SHA256 with `hashKey`, or with a random key generated once and kept
 * in the database) so that voting again replaces a vote. Raw user ids are never stored.
 *
 * Every failure rejects with a `StoreError` whose message starts `store: <operation> failed:` and
 * whose `cause` is the original error.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { RolebotError } from '../errors.js';
import type { Logger } from '../logger.js';
import { applyMigrations } from './migrations.js';
import {
  readSettings,
  readSettingsAudit,
  type SettingAudit,
  type SettingChange,
  type SettingRow,
  writeSettings,
} from './settings.js';
import { errorText, openPgliteSql, openPostgresSql, type Sql } from './sql.js';

export interface FeedbackInput {
  /** Identifies the answer that was voted on (the caller's choice, e.g. channel + message ts). */
  answerKey: string;
  question: string;
  /** Knowledge passages the answer was built from. */
  passageIds: string[];
  vote: 'up' | 'down';
  channel?: string;
  /** `store.pseudonym(userId)`; never a raw Slack user id. */
  userHash: string;
  /**
   * `store.legacyPseudonym(userId)`: this person's votes from before keyed pseudonyms are moved to
   * `userHash` (so voting again still replaces their old vote).
   */
  legacyUserHash?: string;
  comment?: string;
}

/** One feedback row as `feedbackChanges` reads it. */
export interface FeedbackChange {
  answerKey: string;
  userHash: string;
  question: string;
  normalisedQuestion: string;
  passageIds: string[];
  vote: 'up' | 'down';
  updatedAt: Date;
}

export interface Gap {
  /** The most recent wording of the question (the group is its normalised form). */
  question: string;
  /** unanswered + downvoted */
  count: number;
  unanswered: number;
  downvoted: number;
  lastSeen: Date;
}

/** One passage voted down on one question (its latest wording), by how many distinct people. */
export interface PassageDownVote {
  question: string;
  passageId: string;
  votes: number;
}

export interface Store {
  /** 'postgres' is shared between replicas; 'pglite' belongs to this process alone. */
  readonly backend: 'postgres' | 'pglite';
  /** The keyed pseudonym a person's votes are stored under. */
  pseudonym(userId: string): string;
  /** What `pseudonym` was before keyed pseudonyms (an unkeyed hash), as migrated. */
  legacyPseudonym(userId: string): string;
  /**
   * One vote per (answerKey, userHash): voting again changes the vote (and comment) instead of
   * adding one. A changed vote takes the new comment (none clears it); repeating the same vote
   * without a comment keeps the comment already given.
   */
  recordFeedback(input: FeedbackInput): Promise<void>;
  /**
   * Adds the optional "what were you looking for?" text to that user's vote on that answer.
   * Rejects when there is no such vote.
   */
  addFeedbackComment(answerKey: string, userHash: string, comment: string): Promise<void>;
  /**
   * An unanswered question is a knowledge gap. (Down-voted answers count as gaps through feedback.)
   * A question that is blank once normalised is ignored.
   */
  recordUnanswered(question: string): Promise<void>;
  /**
   * Most frequent gaps: unanswered questions and questions whose answers were voted down, grouped by
   * normalised question text (lowercase, collapsed whitespace, trailing ?!. trimmed), most frequent
   * first (ties: most recently seen first).
   */
  topGaps(limit: number): Promise<Gap[]>;
  /**
   * Down-votes per (normalised question, passage), counting distinct users, for ranking by question similarity:
   * shaped like `DownVote` in `src/answers/types.ts`, so the result can go straight to
   * `engine.prepareFeedback`. Most votes first.
   */
  downVotes(): Promise<PassageDownVote[]>;
  /**
   * Feedback rows changed since `since` (a time from an earlier call's `until`; null: every
   * down-vote), for loading down-votes incrementally. Re-reads a safety margin before `since`,
   * so a vote committed late is not missed; callers key rows by (answerKey, userHash).
   */
  feedbackChanges(since: Date | null): Promise<{ rows: FeedbackChange[]; until: Date }>;
  /** Increases each time `prune` removes rows: a cache of feedback rows must then reload. */
  readonly generation: number;
  /**
   * Shared dedupe: true the first time an event id is claimed (until it expires), false for a
   * duplicate. Atomic across replicas: one INSERT … ON CONFLICT statement that either inserts, takes
   * over an expired claim, or does nothing. A ttl of 0 or less remembers nothing.
   */
  claimEvent(eventId: string, ttlMs: number): Promise<boolean>;
  /**
   * Deletes feedback not touched for `days` days, gaps older than `days`, and expired event claims;
   * resolves to the number of rows removed. When feedback or gaps were removed, their bytes are
   * erased too (VACUUM FULL; embedded, also out of the write-ahead log).
   */
  prune(days: number): Promise<number>;
  /** The settings admins set with `/roles config` (see settings.ts). */
  settings(): Promise<SettingRow[]>;
  /**
   * Writes the changes that differ from what is stored, each audited with `changedBy` (the
   * admin's Slack user id), committed before it resolves; resolves to the changes made.
   */
  changeSettings(changes: readonly SettingChange[], changedBy: string): Promise<SettingChange[]>;
  /** The most recent setting changes, newest first. */
  settingsAudit(limit: number): Promise<SettingAudit[]>;
  /** Releases the pool or PGlite. Idempotent; every other method rejects afterwards. */
  close(): Promise<void>;
}

export interface StoreOptions {
  /** A real Postgres (`postgres://user:password@host:port/db`). Unset: PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** PGlite's directory (created if missing). Unused when `databaseUrl` is set. */
  dataDir: string;
  logger?: Logger | undefined;
  /** ROLEBOT_HASH_KEY; unset: a random key generated once and kept in the database. */
  hashKey?: string | undefined;
}

export class StoreError extends RolebotError {
  readonly operation: string;

  constructor(operation: string, reason: string, options?: { cause?: unknown }) {
    super('store_failed', `store: ${operation} failed: ${reason}`, options);
    this.name = 'StoreError';
    this.operation = operation;
  }
}

/** Lowercase, whitespace collapsed, trailing `?`, `!` and `.` trimmed: the grouping key for gaps. */
export function normaliseQuestion(question: string): string {
  const collapsed = question.toLowerCase().replace(/\s+/g, ' ').trim();
  // A loop, not /[?!. ]+$/: that regex is quadratic on long runs of punctuation.
  let end = collapsed.length;
  while (end > 0 && TRAILING.has(collapsed[end - 1] ?? '')) end -= 1;
  return collapsed.slice(0, end);
}

const TRAILING = new Set(['?', '!', '.', ' ']);

export async function openStore(options: StoreOptions): Promise<Store> {
  return (await openStoreWithSql(options)).store;
}

/**
 * `openStore`, also handing back the store's own `Sql` (for tests and maintenance scripts; PGlite
 * allows one instance per directory, so this is the only way to reach the same database).
 */
export async function openStoreWithSql(options: StoreOptions): Promise<{ store: Store; sql: Sql }> {
  const { databaseUrl, dataDir, logger } = options;
  let sql: Sql;
  try {
    sql = databaseUrl
      ? await openPostgresSql(databaseUrl, { logger })
      : await openPgliteSql(dataDir);
  } catch (error) {
    const reason = databaseUrl
      ? errorText(error) // already names the host and is scrubbed of secrets
      : `cannot open PGlite in ${dataDir}: ${errorText(error)}`;
    throw new StoreError('openStore', reason, { cause: error });
  }

  try {
    const outcome = await applyMigrations((work) => sql.transaction(work));
    if (outcome.applied.length > 0) {
      logger?.info(
        { backend: sql.backend, target: sql.target, versions: outcome.applied },
        'store: migrations applied',
      );
    }
    if (outcome.unknown.length > 0) {
      logger?.warn(
        { backend: sql.backend, target: sql.target, versions: outcome.unknown },
        'store: the database has migrations this release does not know (a newer release ran?)',
      );
    }
  } catch (error) {
    await sql.close().catch(() => undefined);
    throw new StoreError(
      'openStore',
      `applying migrations to ${sql.backend} at ${sql.target} failed: ${errorText(error)}`,
      { cause: error },
    );
  }

  let key: Buffer;
  try {
    key = await pseudonymKey(sql, options.hashKey, logger);
  } catch (error) {
    await sql.close().catch(() => undefined);
    throw new StoreError('openStore', `setting up pseudonyms failed: ${errorText(error)}`, {
      cause: error,
    });
  }

  logger?.info({ backend: sql.backend, target: sql.target }, 'store: opened');
  return { store: createStore(sql, key), sql };
}

/** The unkeyed hash rolebot used before keyed pseudonyms (reversible by trying ids). */
export function unkeyedHash(userId: string): string {
  return createHash('sha256').update(`rolebot-user:${userId}`).digest('hex').slice(0, 16);
}

function hmac(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('hex').slice(0, 32);
}

const SCHEME = 'hmac-sha256-v1';

/**
 * The pseudonym key: `hashKey` when given, else the one generated for this database (every
 * replica reads the same row). The first time, existing unkeyed hashes are re-keyed in place
 * (HMAC of the old hash), so nothing stored can be reversed by trying ids any more.
 */
async function pseudonymKey(
  sql: Sql,
  hashKey: string | undefined,
  logger: Logger | undefined,
): Promise<Buffer> {
  return sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [PSEUDONYM_LOCK_KEY]);
    let key: Buffer;
    if (hashKey) {
      key = Buffer.from(hashKey, 'utf8');
    } else {
      await tx.query(
        `INSERT INTO rolebot_settings (name, value) VALUES ('pseudonym_key', $1)
         ON CONFLICT (name) DO NOTHING`,
        [randomBytes(32).toString('base64url')],
      );
      const rows = await tx.query<{ value: string }>(
        `SELECT value FROM rolebot_settings WHERE name = 'pseudonym_key'`,
      );
      key = Buffer.from(rows[0]?.value ?? '', 'base64url');
    }
    const check = hmac(key, 'rolebot-key-check');
    const settings = new Map(
      (
        await tx.query<{ name: string; value: string }>(
          `SELECT name, value FROM rolebot_settings WHERE name IN ('pseudonym_scheme', 'pseudonym_key_check')`,
        )
      ).map((row) => [row.name, row.value]),
    );
    if (!settings.has('pseudonym_scheme')) {
      const legacy = await tx.query<{ user_hash: string }>(
        'SELECT DISTINCT user_hash FROM feedback',
      );
      for (const { user_hash: old } of legacy) {
        await tx.query('UPDATE feedback SET user_hash = $2 WHERE user_hash = $1', [
          old,
          hmac(key, `legacy:${old}`),
        ]);
      }
      await tx.query(
        `INSERT INTO rolebot_settings (name, value) VALUES ('pseudonym_scheme', $1), ('pseudonym_key_check', $2)`,
        [SCHEME, check],
      );
      if (legacy.length > 0) {
        logger?.info({ people: legacy.length }, 'store: unkeyed user hashes re-keyed');
      }
    } else if (settings.get('pseudonym_key_check') !== check) {
      logger?.warn(
        {},
        'store: the pseudonym key changed (ROLEBOT_HASH_KEY): earlier votes count as other people until they are pruned',
      );
      await tx.query(`UPDATE rolebot_settings SET value = $1 WHERE name = 'pseudonym_key_check'`, [
        check,
      ]);
    }
    return key;
  });
}

/** An arbitrary constant naming "rolebot pseudonym key" among advisory locks. */
const PSEUDONYM_LOCK_KEY = '7307364512031730';

/** How far before `since` feedbackChanges re-reads: longer than any statement may run. */
const CHANGE_MARGIN_S = 30;

/** The store over an already migrated database, with its pseudonym key. */
export function createStore(sql: Sql, key: Buffer): Store {
  let closed = false;
  let generation = 0;

  async function run<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      if (closed) throw new Error('the store is closed');
      return await work();
    } catch (error) {
      throw new StoreError(operation, errorText(error), { cause: error });
    }
  }

  return {
    backend: sql.backend,
    get generation() {
      return generation;
    },
    pseudonym: (userId) => hmac(key, `user:${userId}`),
    legacyPseudonym: (userId) => hmac(key, `legacy:${unkeyedHash(userId)}`),

    recordFeedback: (input) =>
      run('recordFeedback', async () => {
        if (input.legacyUserHash && input.legacyUserHash !== input.userHash) {
          const legacy = input.legacyUserHash;
          // Rare (only people who voted before keyed pseudonyms), so checked before a transaction.
          const old = await sql.query('SELECT 1 FROM feedback WHERE user_hash = $1 LIMIT 1', [
            legacy,
          ]);
          if (old.length > 0) {
            await sql.transaction(async (tx) => {
              await tx.query(
                `UPDATE feedback SET user_hash = $2
                 WHERE user_hash = $1
                   AND answer_key NOT IN (SELECT answer_key FROM feedback WHERE user_hash = $2)`,
                [legacy, input.userHash],
              );
              await tx.query('DELETE FROM feedback WHERE user_hash = $1', [legacy]);
            });
          }
        }
        await sql.query(
          `INSERT INTO feedback AS f
             (answer_key, user_hash, question, normalised_question, passage_ids, vote, channel, comment)
           VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8)
           ON CONFLICT (answer_key, user_hash) DO UPDATE SET
             question = EXCLUDED.question,
             normalised_question = EXCLUDED.normalised_question,
             passage_ids = EXCLUDED.passage_ids,
             vote = EXCLUDED.vote,
             channel = COALESCE(EXCLUDED.channel, f.channel),
             comment = CASE WHEN EXCLUDED.vote = f.vote
                            THEN COALESCE(EXCLUDED.comment, f.comment)
                            ELSE EXCLUDED.comment END,
             updated_at = now()`,
          [
            input.answerKey,
            input.userHash,
            input.question,
            normaliseQuestion(input.question),
            input.passageIds,
            input.vote,
            input.channel ?? null,
            input.comment ?? null,
          ],
        );
      }),

    addFeedbackComment: (answerKey, userHash, comment) =>
      run('addFeedbackComment', async () => {
        const rows = await sql.query(
          `UPDATE feedback SET comment = $3, updated_at = now()
           WHERE answer_key = $1 AND user_hash = $2
           RETURNING id`,
          [answerKey, userHash, comment],
        );
        if (rows.length === 0) throw new Error(`no vote by that user on answer ${answerKey}`);
      }),

    recordUnanswered: (question) =>
      run('recordUnanswered', async () => {
        const normalised = normaliseQuestion(question);
        if (!normalised) return;
        await sql.query(
          `INSERT INTO knowledge_gaps (question, normalised_question, reason)
           VALUES ($1, $2, 'unanswered')`,
          [question, normalised],
        );
      }),

    topGaps: (limit) =>
      run('topGaps', async () => {
        if (!Number.isInteger(limit) || limit < 0) {
          throw new Error(`limit must be a non-negative integer (got ${limit})`);
        }
        const rows = await sql.query<{
          question: string;
          count: number;
          unanswered: number;
          downvoted: number;
          last_seen: Date;
        }>(
          `WITH sightings AS (
             SELECT normalised_question, question, created_at AS seen_at,
                    1 AS unanswered, 0 AS downvoted
             FROM knowledge_gaps
             UNION ALL
             SELECT normalised_question, question, updated_at, 0, 1
             FROM feedback
             WHERE vote = 'down'
           )
           SELECT (array_agg(question ORDER BY seen_at DESC, question))[1] AS question,
                  count(*)::int AS count,
                  sum(unanswered)::int AS unanswered,
                  sum(downvoted)::int AS downvoted,
                  max(seen_at) AS last_seen
           FROM sightings
           GROUP BY normalised_question
           ORDER BY count DESC, last_seen DESC, normalised_question
           LIMIT $1`,
          [limit],
        );
        return rows.map((row) => ({
          question: row.question,
          count: row.count,
          unanswered: row.unanswered,
          downvoted: row.downvoted,
          lastSeen: new Date(row.last_seen),
        }));
      }),

    downVotes: () =>
      run('downVotes', async () => {
        const rows = await sql.query<{ question: string; passage_id: string; votes: number }>(
          `SELECT (array_agg(f.question ORDER BY f.updated_at DESC, f.question))[1] AS question,
                  p.passage_id,
                  count(DISTINCT f.user_hash)::int AS votes
           FROM feedback AS f
           CROSS JOIN LATERAL unnest(f.passage_ids) AS p(passage_id)
           WHERE f.vote = 'down'
           GROUP BY f.normalised_question, p.passage_id
           ORDER BY votes DESC, p.passage_id, f.normalised_question`,
        );
        return rows.map((row) => ({
          question: row.question,
          passageId: row.passage_id,
          votes: row.votes,
        }));
      }),

    feedbackChanges: (since) =>
      run('feedbackChanges', async () => {
        const rows = await sql.query<{
          answer_key: string;
          user_hash: string;
          question: string;
          normalised_question: string;
          passage_ids: string[];
          vote: 'up' | 'down';
          updated_at: Date;
        }>(
          since === null
            ? `SELECT answer_key, user_hash, question, normalised_question, passage_ids, vote, updated_at
               FROM feedback WHERE vote = 'down' ORDER BY updated_at, id`
            : `SELECT answer_key, user_hash, question, normalised_question, passage_ids, vote, updated_at
               FROM feedback
               WHERE updated_at >= $1::timestamptz - $2::float8 * interval '1 second'
               ORDER BY updated_at, id`,
          since === null ? [] : [since, CHANGE_MARGIN_S],
        );
        const [clock] = await sql.query<{ now: Date }>('SELECT now() AS now');
        const latest = rows.at(-1)?.updated_at;
        // The next call starts from the newest row seen (or the database's clock), minus the margin.
        const until = new Date(latest ?? clock?.now ?? since ?? 0);
        return {
          rows: rows.map((row) => ({
            answerKey: row.answer_key,
            userHash: row.user_hash,
            question: row.question,
            normalisedQuestion: row.normalised_question,
            passageIds: row.passage_ids,
            vote: row.vote,
            updatedAt: new Date(row.updated_at),
          })),
          until,
        };
      }),

    claimEvent: (eventId, ttlMs) =>
      run('claimEvent', async () => {
        if (!Number.isFinite(ttlMs))
          throw new Error(`ttlMs must be a finite number (got ${ttlMs})`);
        // Inserts, or takes over a claim that has expired; a live claim makes the statement return
        // nothing. Concurrent claimers of one id serialise on the row, so exactly one wins.
        const rows = await sql.query(
          `INSERT INTO processed_events AS e (event_id, expires_at)
           VALUES ($1, now() + $2::float8 * interval '1 millisecond')
           ON CONFLICT (event_id) DO UPDATE SET
             claimed_at = now(),
             expires_at = EXCLUDED.expires_at
           WHERE e.expires_at <= now()
           RETURNING e.event_id`,
          [eventId, ttlMs],
        );
        return rows.length === 1;
      }),

    prune: (days) =>
      run('prune', async () => {
        if (!Number.isFinite(days) || days < 0) {
          throw new Error(`days must be a non-negative number (got ${days})`);
        }
        const rows = await sql.query<{ removed: number }>(
          `WITH old_feedback AS (
             DELETE FROM feedback
             WHERE updated_at < now() - $1::float8 * interval '1 day'
             RETURNING 1
           ), old_gaps AS (
             DELETE FROM knowledge_gaps
             WHERE created_at < now() - $1::float8 * interval '1 day'
             RETURNING 1
           ), expired_events AS (
             DELETE FROM processed_events
             WHERE expires_at <= now()
             RETURNING 1
           )
           SELECT ((SELECT count(*) FROM old_feedback)
                 + (SELECT count(*) FROM old_gaps)
                 + (SELECT count(*) FROM expired_events))::int AS removed`,
          [days],
        );
        const removed = rows[0]?.removed ?? 0;
        if (removed > 0) {
          generation++;
          await sql.eraseFreedSpace(['feedback', 'knowledge_gaps', 'processed_events']);
        }
        return removed;
      }),

    settings: () => run('settings', () => readSettings(sql)),
    changeSettings: (changes, changedBy) =>
      run('changeSettings', () => writeSettings(sql, changes, changedBy)),
    settingsAudit: (limit) => run('settingsAudit', () => readSettingsAudit(sql, limit)),

    async close() {
      if (closed) return;
      closed = true;
      try {
        await sql.close();
      } catch (error) {
        throw new StoreError('close', errorText(error), { cause: error });
      }
    },
  };
}
