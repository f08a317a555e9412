/**
 * The store's schema, as an ordered list of versioned migrations. Append new ones; never edit or
 * reorder one that has shipped (a database records which versions it has and skips them).
 *
 * Privacy: nothing identifies a person. `user_hash` is a keyed pseudonym of the Slack user id
 * (HMAC-SHA256 with the key in `ROLEBOT_HASH_KEY`, or a random one kept in `rolebot_settings`, see
 * store.ts), so a vote can be changed by the same user but not traced back to them without the key.
 * Timestamps are `timestamptz` (UTC instants); "now" is always the database's clock, so replicas
 * with drifting clocks still agree on expiry.
 */
import type { SqlQueries } from './sql.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'feedback, knowledge gaps and processed events',
    sql: `
CREATE TABLE feedback (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  answer_key text NOT NULL,
  -- Hashed by the caller; the raw Slack user id is never stored.
  user_hash text NOT NULL,
  question text NOT NULL,
  -- lowercased, whitespace collapsed, trailing ?!. trimmed: the grouping key for knowledge gaps.
  normalised_question text NOT NULL,
  passage_ids text[] NOT NULL DEFAULT '{}',
  vote text NOT NULL CHECK (vote IN ('up', 'down')),
  channel text,
  comment text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT feedback_one_vote_per_user UNIQUE (answer_key, user_hash)
);
-- topGaps and downVotes read only down-votes.
CREATE INDEX feedback_down_votes_by_question ON feedback (normalised_question) WHERE vote = 'down';
CREATE INDEX feedback_updated_at ON feedback (updated_at);

CREATE TABLE knowledge_gaps (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  question text NOT NULL,
  normalised_question text NOT NULL,
  reason text NOT NULL DEFAULT 'unanswered' CHECK (reason IN ('unanswered')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX knowledge_gaps_by_question ON knowledge_gaps (normalised_question);
CREATE INDEX knowledge_gaps_created_at ON knowledge_gaps (created_at);

-- Slack event ids already handled by some replica; a row is a claim until expires_at.
CREATE TABLE processed_events (
  event_id text PRIMARY KEY,
  claimed_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX processed_events_expires_at ON processed_events (expires_at);
`,
  },
  {
    version: 2,
    name: 'settings (the pseudonym key) and incremental down-vote loading',
    sql: `
-- Small named values the store keeps for itself: the generated pseudonym key (when
-- ROLEBOT_HASH_KEY is unset) and which pseudonym scheme user_hash holds.
CREATE TABLE rolebot_settings (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- feedbackChanges reads rows changed since its last load.
CREATE INDEX feedback_updated_at_id ON feedback (updated_at, id);
-- A person's votes, to move them from a legacy pseudonym to the current one when they vote again.
CREATE INDEX feedback_user_hash ON feedback (user_hash);
`,
  },
  {
    version: 3,
    name: 'settings changed from Slack (/roles config) and their audit',
    sql: `
-- What admins set with /roles config: scope '' is the workspace, otherwise a channel id.
CREATE TABLE slack_settings (
  scope text NOT NULL,
  name text NOT NULL CHECK (name IN ('welcome', 'unmentioned', 'visibility', 'owners_channel')),
  value text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, name)
);
-- Who changed which setting, from what to what, and when. changed_by is the admin's Slack user
-- id: an audit has to say who (the only raw user id the store keeps, and only admins').
CREATE TABLE settings_audit (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  changed_by text NOT NULL,
  scope text NOT NULL,
  name text NOT NULL,
  old_value text,
  new_value text,
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX settings_audit_changed_at ON settings_audit (changed_at);
`,
  },
];

/** An arbitrary constant naming "rolebot schema migrations" among advisory locks. */
const MIGRATION_LOCK_KEY = '7307364512031729';

assertOrdered(MIGRATIONS);

function assertOrdered(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const migration of migrations) {
    if (!Number.isInteger(migration.version) || migration.version <= previous) {
      throw new Error(
        `store: migrations must have increasing integer versions (${migration.version} after ${previous})`,
      );
    }
    previous = migration.version;
  }
}

export interface MigrationOutcome {
  /** Versions applied by this call (empty when the schema was already current). */
  applied: number[];
  /** Versions the database has that this code does not know (a newer release migrated it). */
  unknown: number[];
}

/**
 * Applies pending migrations in one transaction. The transaction-scoped advisory lock makes
 * concurrent openers (replicas starting together) queue up: the first applies, the rest then see
 * the recorded versions and apply nothing. Any failure rolls everything back.
 */
export async function applyMigrations(
  transaction: <T>(work: (tx: SqlQueries) => Promise<T>) => Promise<T>,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationOutcome> {
  assertOrdered(migrations);
  return transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    await tx.exec(`
CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`);
    const rows = await tx.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    const present = new Set(rows.map((row) => row.version));
    const known = new Set(migrations.map((migration) => migration.version));
    const applied: number[] = [];
    for (const migration of migrations) {
      if (present.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return { applied, unknown: [...present].filter((version) => !known.has(version)) };
  });
}
