/**
 * The store's contract, run against PGlite always and against a real Postgres when
 * TEST_DATABASE_URL is set (each run in a fresh schema, dropped afterwards). CI sets it with
 * `scripts/ci-postgres.sh`.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { applyMigrations, MIGRATIONS } from '../../src/store/migrations.js';
import type { Sql } from '../../src/store/sql.js';
import { redactDatabaseUrl } from '../../src/store/sql.js';
import {
  createStore,
  normaliseQuestion,
  openStoreWithSql,
  type Store,
  StoreError,
  type StoreOptions,
  unkeyedHash,
} from '../../src/store/store.js';
import { createSchema, dropSchema, inSchema } from '../support/postgres.js';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;
const OPEN_TIMEOUT = 90_000; // a fresh PGlite runs initdb in WASM: seconds on a busy machine

interface Backend {
  name: 'pglite' | 'postgres';
  /** Prepares an empty database; returns the options that open it and a cleanup. */
  prepare(): Promise<{ options: StoreOptions; cleanup: () => Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'pglite',
    async prepare() {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'rolebot-store-'));
      return { options: { dataDir }, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
    },
  },
];
if (TEST_DATABASE_URL) {
  const databaseUrl = TEST_DATABASE_URL;
  backends.push({
    name: 'postgres',
    async prepare() {
      const schema = await createSchema(databaseUrl);
      return {
        options: { databaseUrl: inSchema(databaseUrl, schema), dataDir: '/nonexistent' },
        cleanup: () => dropSchema(databaseUrl, schema),
      };
    },
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(backends)('store on $name', (backend) => {
  let options: StoreOptions;
  let cleanup: () => Promise<void>;
  let store: Store;
  let sql: Sql;

  beforeAll(async () => {
    ({ options, cleanup } = await backend.prepare());
    ({ store, sql } = await openStoreWithSql(options));
  }, OPEN_TIMEOUT);

  afterAll(async () => {
    await store?.close();
    await cleanup?.();
  });

  beforeEach(async () => {
    await sql.query('TRUNCATE feedback, knowledge_gaps, processed_events');
  });

  async function count(table: 'feedback' | 'knowledge_gaps' | 'processed_events') {
    const rows = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    return rows[0]?.n;
  }

  function vote(overrides: Partial<Parameters<Store['recordFeedback']>[0]> = {}) {
    return store.recordFeedback({
      answerKey: 'C1:1700000000.000100',
      question: 'Who owns pricing?',
      passageIds: ['pricing#owner'],
      vote: 'up',
      userHash: 'user-a',
      ...overrides,
    });
  }

  it(
    'applies each migration once; re-opening applies nothing',
    async () => {
      const migrations = () =>
        sql.query<{ version: number; name: string; applied_at: Date }>(
          'SELECT version, name, applied_at FROM schema_migrations ORDER BY version',
        );
      const before = await migrations();
      expect(before.map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(before.map((row) => row.name)).toEqual(MIGRATIONS.map((m) => m.name));
      expect(before[0]?.applied_at).toBeInstanceOf(Date);

      // Running the migrator again against the same database is a no-op…
      expect(await applyMigrations((work) => sql.transaction(work))).toEqual({
        applied: [],
        unknown: [],
      });
      // …and so is opening it again (PGlite: one instance per directory, so close first).
      await store.close();
      ({ store, sql } = await openStoreWithSql(options));
      expect(await migrations()).toEqual(before);
    },
    OPEN_TIMEOUT,
  );

  it.runIf(backend.name === 'postgres')(
    'two replicas migrating one empty database at once apply each migration once',
    async () => {
      const { options: fresh, cleanup: drop } = await backend.prepare();
      try {
        const opened = await Promise.all([openStoreWithSql(fresh), openStoreWithSql(fresh)]);
        const rows = await opened[0].sql.query<{ version: number }>(
          'SELECT version FROM schema_migrations ORDER BY version',
        );
        expect(rows.map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version));
        await Promise.all(opened.map(({ store: replica }) => replica.close()));
      } finally {
        await drop();
      }
    },
  );

  it('keeps one vote per user and answer: voting again changes it; a comment can be added', async () => {
    await vote({ vote: 'up' });
    await vote({ vote: 'down', channel: 'C1' });
    expect(await count('feedback')).toBe(1);

    await store.addFeedbackComment('C1:1700000000.000100', 'user-a', 'the billing owner');
    const read = () =>
      sql.query<{ vote: string; comment: string | null; channel: string | null }>(
        'SELECT vote, comment, channel FROM feedback',
      );
    expect(await read()).toEqual([{ vote: 'down', comment: 'the billing owner', channel: 'C1' }]);

    // The same vote again (a double click) keeps the comment; a changed vote takes its own.
    await vote({ vote: 'down' });
    expect(await read()).toEqual([{ vote: 'down', comment: 'the billing owner', channel: 'C1' }]);
    await vote({ vote: 'up' });
    expect(await read()).toEqual([{ vote: 'up', comment: null, channel: 'C1' }]);

    // Another user's vote on the same answer is a second row.
    await vote({ userHash: 'user-b', vote: 'down', comment: 'finance?' });
    expect(await count('feedback')).toBe(2);
  });

  it('rejects a comment for a vote that does not exist', async () => {
    const error = await store.addFeedbackComment('nope', 'user-a', 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(/^store: addFeedbackComment failed: no vote/);
  });

  it('groups gaps by normalised question, counting unanswered and down-voted, most frequent first', async () => {
    await store.recordUnanswered('Who owns pricing?');
    await store.recordUnanswered('  who OWNS   pricing');
    await store.recordUnanswered('WHO owns pricing?!.');
    await vote({ answerKey: 'a1', question: 'Who owns\tpricing.', vote: 'down', userHash: 'u1' });

    await store.recordUnanswered('Who approves refunds?');
    await vote({ answerKey: 'a2', question: 'who approves refunds', vote: 'down', userHash: 'u1' });

    await vote({ answerKey: 'a3', question: 'Who runs onboarding?', vote: 'down', userHash: 'u2' });
    // Up-votes are not gaps, and a down-vote changed to an up-vote stops being one.
    await vote({ answerKey: 'a4', question: 'Who signs contracts?', vote: 'up', userHash: 'u1' });
    await vote({ answerKey: 'a5', question: 'Who hires?', vote: 'down', userHash: 'u1' });
    await vote({ answerKey: 'a5', question: 'Who hires?', vote: 'up', userHash: 'u1' });
    // Blank once normalised: nothing to learn from.
    await store.recordUnanswered('  ?! ');

    const gaps = await store.topGaps(10);
    // `question` is the latest wording in its group (rows written within one clock tick tie, so
    // compare the group each belongs to).
    expect(
      gaps.map(({ question, count, unanswered, downvoted }) => ({
        group: normaliseQuestion(question),
        count,
        unanswered,
        downvoted,
      })),
    ).toEqual([
      { group: 'who owns pricing', count: 4, unanswered: 3, downvoted: 1 },
      { group: 'who approves refunds', count: 2, unanswered: 1, downvoted: 1 },
      { group: 'who runs onboarding', count: 1, unanswered: 0, downvoted: 1 },
    ]);
    expect(gaps[2]?.question).toBe('Who runs onboarding?');
    for (const gap of gaps) {
      expect(gap.lastSeen).toBeInstanceOf(Date);
      expect(Math.abs(gap.lastSeen.getTime() - Date.now())).toBeLessThan(60_000);
    }
    expect(await store.topGaps(1)).toHaveLength(1);
    expect(await store.topGaps(0)).toEqual([]);
    await expect(store.topGaps(-1)).rejects.toThrow(/^store: topGaps failed: limit/);
  });

  it('lists down-votes per question and passage, counting distinct users', async () => {
    const down = { vote: 'down' as const };
    // Two wordings of one question, on two answers, by two users; u1 twice.
    await vote({ ...down, answerKey: 'a1', userHash: 'u1', question: 'Who owns pricing?' });
    await vote({ ...down, answerKey: 'a2', userHash: 'u1', question: 'who owns pricing' });
    await vote({ ...down, answerKey: 'a2', userHash: 'u2', question: 'who owns pricing' });
    await vote({
      ...down,
      answerKey: 'a3',
      userHash: 'u3',
      question: 'Who approves refunds?',
      passageIds: ['refunds#owner', 'pricing#owner'],
    });
    await vote({ answerKey: 'a4', userHash: 'u4', question: 'Who hires?', passageIds: ['hr'] });

    const votes = await store.downVotes();
    expect(
      votes.map(({ question, passageId, votes: n }) => [normaliseQuestion(question), passageId, n]),
    ).toEqual([
      ['who owns pricing', 'pricing#owner', 2],
      ['who approves refunds', 'pricing#owner', 1],
      ['who approves refunds', 'refunds#owner', 1],
    ]);
  });

  it('claims an event id once until it expires', async () => {
    expect(await store.claimEvent('Ev1', 60_000)).toBe(true);
    expect(await store.claimEvent('Ev1', 60_000)).toBe(false);
    expect(await store.claimEvent('Ev2', 60_000)).toBe(true);

    expect(await store.claimEvent('Ev3', 150)).toBe(true);
    expect(await store.claimEvent('Ev3', 150)).toBe(false);
    await sleep(300);
    expect(await store.claimEvent('Ev3', 150)).toBe(true);
    expect(await store.claimEvent('Ev3', 150)).toBe(false);

    // A ttl of zero remembers nothing.
    expect(await store.claimEvent('Ev4', 0)).toBe(true);
    expect(await store.claimEvent('Ev4', 0)).toBe(true);
  });

  it('grants exactly one of 50 concurrent claims of one event id', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () => store.claimEvent('EvRace', 60_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it.runIf(backend.name === 'postgres')(
    'grants exactly one of 50 concurrent claims spread over two replicas',
    async () => {
      const other = await openStoreWithSql(options);
      try {
        for (const eventId of ['EvReplicaRace1', 'EvReplicaRace2', 'EvReplicaRace3']) {
          const results = await Promise.all(
            Array.from({ length: 50 }, (_, i) =>
              (i % 2 === 0 ? store : other.store).claimEvent(eventId, 60_000),
            ),
          );
          expect(results.filter(Boolean)).toHaveLength(1);
        }
        // And an expired claim is taken over by exactly one replica.
        await sql.query(
          `UPDATE processed_events SET expires_at = now() - interval '1 second'
           WHERE event_id = 'EvReplicaRace1'`,
        );
        const takeovers = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            (i % 2 === 0 ? store : other.store).claimEvent('EvReplicaRace1', 60_000),
          ),
        );
        expect(takeovers.filter(Boolean)).toHaveLength(1);
      } finally {
        await other.store.close();
      }
    },
  );

  it('prunes feedback and gaps older than the cut-off and expired event ids, keeping the rest', async () => {
    await vote({ answerKey: 'old', userHash: 'u1' });
    await vote({ answerKey: 'new', userHash: 'u1' });
    await store.recordUnanswered('old question');
    await store.recordUnanswered('new question');
    await store.claimEvent('EvOld', 1);
    await store.claimEvent('EvLive', 60_000);
    // Backdate through the store's own connection: the rows are what 40 days would leave behind.
    await sql.query(
      `UPDATE feedback SET created_at = now() - interval '40 days',
                           updated_at = now() - interval '40 days'
       WHERE answer_key = $1`,
      ['old'],
    );
    await sql.query(
      `UPDATE knowledge_gaps SET created_at = now() - interval '40 days' WHERE question = $1`,
      ['old question'],
    );
    await sql.query(
      `UPDATE processed_events SET expires_at = now() - interval '1 minute' WHERE event_id = $1`,
      ['EvOld'],
    );

    expect(await store.prune(30)).toBe(3);
    expect(await sql.query('SELECT answer_key FROM feedback')).toEqual([{ answer_key: 'new' }]);
    expect(await sql.query('SELECT question FROM knowledge_gaps')).toEqual([
      { question: 'new question' },
    ]);
    expect(await sql.query('SELECT event_id FROM processed_events')).toEqual([
      { event_id: 'EvLive' },
    ]);
    expect(await store.prune(30)).toBe(0);
    await expect(store.prune(-1)).rejects.toThrow(/^store: prune failed: days/);
  });

  it(
    'stores people under a keyed pseudonym that the unkeyed hash of their id does not match',
    async () => {
      const id = 'U0123ABCD';
      await vote({ userHash: store.pseudonym(id) });
      const [row] = await sql.query<{ user_hash: string }>('SELECT user_hash FROM feedback');
      expect(row?.user_hash).toBe(store.pseudonym(id));
      expect(row?.user_hash).not.toContain(unkeyedHash(id));
      // The old scheme, sha256("rolebot-user:" + id), is what an attacker would try ids against.
      expect(row?.user_hash).not.toBe(unkeyedHash(id));
      // Stable for one person, different for another.
      expect(store.pseudonym(id)).toBe(store.pseudonym(id));
      expect(store.pseudonym('U0123ABCE')).not.toBe(store.pseudonym(id));
      // The same person in another database (another key) is unrelated.
      const { options: other, cleanup: drop } = await backend.prepare();
      try {
        const second = await openStoreWithSql(other);
        expect(second.store.pseudonym(id)).not.toBe(store.pseudonym(id));
        await second.store.close();
      } finally {
        await drop();
      }
    },
    OPEN_TIMEOUT,
  );

  it(
    're-keys unkeyed hashes once, and a person voting again moves their old vote',
    async () => {
      const id = 'ULEGACY01';
      // A database written by the release before keyed pseudonyms: unkeyed hashes, no scheme row.
      await sql.query(
        `INSERT INTO feedback (answer_key, user_hash, question, normalised_question, vote)
       VALUES ('a1', $1, 'who owns pricing?', 'who owns pricing', 'down'),
              ('a2', $1, 'who owns billing?', 'who owns billing', 'up')`,
        [unkeyedHash(id)],
      );
      await sql.query(`DELETE FROM rolebot_settings WHERE name <> 'pseudonym_key'`);
      await store.close();
      ({ store, sql } = await openStoreWithSql(options));
      const hashes = await sql.query<{ user_hash: string }>(
        'SELECT DISTINCT user_hash FROM feedback',
      );
      expect(hashes).toEqual([{ user_hash: store.legacyPseudonym(id) }]);
      // Voting again on a1 replaces the old vote (one row), and a2 moves to the new pseudonym too.
      await vote({
        answerKey: 'a1',
        vote: 'up',
        userHash: store.pseudonym(id),
        legacyUserHash: store.legacyPseudonym(id),
      });
      const rows = await sql.query<{ answer_key: string; user_hash: string; vote: string }>(
        'SELECT answer_key, user_hash, vote FROM feedback ORDER BY answer_key',
      );
      expect(rows).toEqual([
        { answer_key: 'a1', user_hash: store.pseudonym(id), vote: 'up' },
        { answer_key: 'a2', user_hash: store.pseudonym(id), vote: 'up' },
      ]);
    },
    OPEN_TIMEOUT,
  );

  it('loads feedback changes incrementally: down-votes first, then only what changed', async () => {
    await vote({ answerKey: 'a1', userHash: 'u1', vote: 'down' });
    await vote({ answerKey: 'a2', userHash: 'u1', vote: 'up' });
    const first = await store.feedbackChanges(null);
    expect(first.rows.map((row) => [row.answerKey, row.vote])).toEqual([['a1', 'down']]);
    await vote({ answerKey: 'a1', userHash: 'u1', vote: 'up' });
    await vote({ answerKey: 'a3', userHash: 'u2', vote: 'down' });
    const next = await store.feedbackChanges(first.until);
    const seen = new Map(next.rows.map((row) => [row.answerKey, row.vote]));
    expect(seen.get('a1')).toBe('up');
    expect(seen.get('a3')).toBe('down');
    expect(next.until.getTime()).toBeGreaterThanOrEqual(first.until.getTime());
  });

  it.runIf(backend.name === 'pglite')(
    'keeps its files owner-only, and a pruned string is gone from them',
    async () => {
      const marker = `PRUNE-MARKER-${Date.now()}-QZX`;
      await vote({ answerKey: 'old', question: `who owns ${marker}?`, userHash: 'u1' });
      await store.recordUnanswered(`what is ${marker}`);
      await sql.query(`UPDATE feedback SET updated_at = now() - interval '40 days'`);
      await sql.query(`UPDATE knowledge_gaps SET created_at = now() - interval '40 days'`);
      expect(await store.prune(30)).toBe(2);
      await store.close();
      const dir = options.dataDir;
      const entries = await readdir(dir, { recursive: true, withFileTypes: true });
      expect(entries.length).toBeGreaterThan(50);
      expect((await stat(dir)).mode & 0o777).toBe(0o700);
      const open: string[] = [];
      const holding: string[] = [];
      for (const entry of entries) {
        const full = path.join(entry.parentPath, entry.name);
        const info = await stat(full);
        if (info.mode & 0o077) open.push(`${full} ${(info.mode & 0o777).toString(8)}`);
        if (entry.isFile() && (await readFile(full)).includes(marker)) holding.push(full);
      }
      expect(open).toEqual([]);
      expect(holding).toEqual([]);
      ({ store, sql } = await openStoreWithSql(options));
    },
    OPEN_TIMEOUT,
  );

  it('stores hostile text as data, never as SQL', async () => {
    const nasty = `Who owns "x"?'); DROP TABLE feedback; -- \\ $1 {a,b}`;
    await vote({
      question: nasty,
      passageIds: ['p"1', "p'2", 'p,3', 'p{4}', 'NULL'],
      vote: 'down',
    });
    await store.recordUnanswered(nasty);
    expect(await store.topGaps(5)).toMatchObject([{ question: nasty, count: 2 }]);
    expect((await store.downVotes()).map((down) => down.passageId).sort()).toEqual(
      ['NULL', 'p"1', "p'2", 'p,3', 'p{4}'].sort(),
    );
    expect(await count('feedback')).toBe(1);
  });

  it('rejects with store: <operation> failed, keeping the original error as cause', async () => {
    const error = await store
      .recordFeedback({
        answerKey: 'a',
        question: 'q',
        passageIds: [],
        vote: 'sideways' as 'up',
        userHash: 'u',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toMatch(/^store: recordFeedback failed: .*check/);
    expect((error as StoreError).operation).toBe('recordFeedback');
    expect((error as StoreError).cause).toBeInstanceOf(Error);

    // A store that has been closed (over a connection whose close is a no-op, so this suite's own
    // connection stays usable) rejects every call, naming it.
    const closed = createStore({ ...sql, close: async () => {} }, Buffer.from('k'));
    await closed.close();
    await closed.close(); // idempotent
    await expect(closed.claimEvent('e', 1)).rejects.toThrow(
      /^store: claimEvent failed: the store is closed/,
    );
  });
});

describe('openStore against an unreachable server', () => {
  it('names the host and never the password, in the error and in the logs', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'trace', destination: { write: (l) => lines.push(l) } });
    const databaseUrl = 'postgres://u:secret@127.0.0.1:1/db?password=alsosecret';
    const error = await openStoreWithSql({ databaseUrl, dataDir: '/nonexistent', logger }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreError);
    const message = (error as Error).message;
    expect(message).toMatch(
      /^store: openStore failed: cannot connect to Postgres at 127\.0\.0\.1:1/,
    );
    expect(message).not.toContain('secret');
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(lines.join('')).not.toContain('secret');
  });

  it('redacts credentials and query strings from URLs it shows', () => {
    expect(redactDatabaseUrl('postgres://u:p%40ss@db.internal:5433/rolebot?sslmode=require')).toBe(
      'postgres://db.internal:5433/rolebot',
    );
    expect(redactDatabaseUrl('not a url with secret')).not.toContain('secret');
  });
});

describe('normaliseQuestion', () => {
  it('lowercases, collapses whitespace and trims trailing ?!.', () => {
    expect(normaliseQuestion('  Who\tOWNS \n pricing?!. ')).toBe('who owns pricing');
    expect(normaliseQuestion('e.g. who owns it?')).toBe('e.g. who owns it');
    expect(normaliseQuestion('?!.')).toBe('');
    const long = `${'?'.repeat(200_000)}x${'?'.repeat(200_000)}`;
    expect(normaliseQuestion(long)).toBe(`${'?'.repeat(200_000)}x`);
  });
});
