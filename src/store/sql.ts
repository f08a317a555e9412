/**
 * The one seam between the store and "some Postgres": a real server through a `pg.Pool`, or PGlite
 * (Postgres compiled to WASM, in-process, persisted in a directory). Both speak the same SQL, so the
 * store and its migrations are written once against this tiny interface.
 *
 * Values always travel as parameters (`$1`, `$2`, …), never spliced into SQL text.
 */
import { chmod, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
// Types only: each driver is loaded when a store is opened with it, so a process that never opens
// a store (`rolebot ask`), or opens only one kind, does not pay for loading both (~0.3 s).
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Logger } from '../logger.js';

/** What a query or a transaction can do. */
export interface SqlQueries {
  /** One statement, values as `$n` parameters; resolves to the rows it returned. */
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** A script of several statements without parameters (migrations only). */
  exec(script: string): Promise<void>;
}

export interface Sql extends SqlQueries {
  readonly backend: 'postgres' | 'pglite';
  /** Where this points, safe to log: a URL without credentials or query, or the PGlite directory. */
  readonly target: string;
  /** Runs `work` inside BEGIN … COMMIT on one connection; rolls back if it throws. */
  transaction<T>(work: (tx: SqlQueries) => Promise<T>): Promise<T>;
  /**
   * After deleting rows: rewrites `tables` so the deleted rows' bytes leave the table files (and,
   * embedded, the write-ahead log). Table names are constants of the store, never input.
   */
  eraseFreedSpace(tables: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * `postgres://user:password@host:port/db?…` → `postgres://host:port/db`: no user, no password, no
 * query string (which may carry `password=` or TLS key paths). Unparseable input gives a placeholder
 * rather than echoing something that might contain a secret.
 */
export function redactDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    const host = url.host || url.searchParams.get('host') || 'localhost';
    return `${url.protocol}//${host}${url.pathname}`;
  } catch {
    return '(unparseable database URL)';
  }
}

/** The host (and port) a URL points at, for messages; never credentials. */
export function databaseHost(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return url.host || url.searchParams.get('host') || 'localhost';
  } catch {
    return '(unparseable database URL)';
  }
}

/** Every form in which the URL's password could show up in an error message. */
function secretsOf(databaseUrl: string): string[] {
  const secrets = [databaseUrl];
  try {
    const url = new URL(databaseUrl);
    for (const raw of [url.password, url.searchParams.get('password') ?? '']) {
      if (!raw) continue;
      secrets.push(raw);
      try {
        secrets.push(decodeURIComponent(raw));
      } catch {
        // A malformed escape: the raw form is already listed.
      }
    }
  } catch {
    // Not a URL: only the whole string is known to be sensitive.
  }
  return secrets.filter((secret) => secret.length > 0).sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of the URL's secrets (and the URL itself) with `***`. */
export function scrubSecrets(text: string, databaseUrl: string): string {
  let scrubbed = text;
  for (const secret of secretsOf(databaseUrl)) scrubbed = scrubbed.split(secret).join('***');
  return scrubbed;
}

/** A readable one-line reason, including Node's AggregateError (e.g. IPv4 and IPv6 both refused). */
export function errorText(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map(errorText).join('; ');
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (error.message) return error.message;
    return typeof code === 'string' ? code : error.name;
  }
  return String(error);
}

export interface PostgresSqlOptions {
  logger?: Logger | undefined;
  /** Connections per process; a handful is plenty for feedback and dedupe writes. */
  maxConnections?: number;
}

/**
 * A pool against a real server. Connects once before returning, so an unreachable or misconfigured
 * server fails here, with a message naming the host and never the password.
 */
export async function openPostgresSql(
  databaseUrl: string,
  options: PostgresSqlOptions = {},
): Promise<Sql> {
  const target = redactDatabaseUrl(databaseUrl);
  const { default: driver } = await import('pg');
  const pool = new driver.Pool({
    connectionString: databaseUrl,
    max: options.maxConnections ?? 5,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    // A stuck statement should fail the Slack handler, not hang it.
    statement_timeout: 15_000,
    application_name: 'rolebot',
  });
  // An idle client losing its connection is reported here; without a listener it would crash the
  // process. The pool replaces the client on the next checkout.
  pool.on('error', (error) => {
    options.logger?.warn(
      { target, err: scrubSecrets(errorText(error), databaseUrl) },
      'store: idle Postgres connection failed',
    );
  });

  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(
      `cannot connect to Postgres at ${databaseHost(databaseUrl)} (${target}): ${scrubSecrets(
        errorText(error),
        databaseUrl,
      )}`,
      { cause: error },
    );
  }

  const over = (runner: pg.Pool | pg.PoolClient): SqlQueries => ({
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const result = await runner.query(text, [...params]);
      return result.rows as Row[];
    },
    async exec(script: string) {
      // No parameters: node-postgres uses the simple protocol, which accepts several statements.
      await runner.query(script);
    },
  });

  return {
    backend: 'postgres',
    target,
    ...over(pool),
    async transaction<T>(work: (tx: SqlQueries) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(over(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          // The connection is in an unknown state: destroy it rather than hand it out again.
          broken =
            rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async eraseFreedSpace(tables) {
      // The server's WAL, archives and backups are its operator's (see SECURITY.md).
      for (const table of tables) await pool.query(`VACUUM FULL ${table}`);
    },
    async close() {
      await pool.end();
    },
  };
}

/**
 * PGlite persisted in `dataDir` (created if missing). One process at a time per directory.
 *
 * Private: the directory is 0700 and every file in it 0600 (PGlite writes its files 0666 whatever
 * the umask, so they are tightened after opening, after erasing and on close; the 0700 directory
 * keeps anything created in between unreadable to others). Erasable: old WAL segments are removed
 * rather than recycled (`wal_recycle = off`), so `eraseFreedSpace` can get deleted rows out of
 * the write-ahead log too.
 */
export async function openPgliteSql(dataDir: string): Promise<Sql> {
  const previous = process.umask(0o077);
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
  } finally {
    process.umask(previous);
  }
  await chmod(dataDir, 0o700);
  const { PGlite: Pglite } = await import('@electric-sql/pglite');
  const db = await Pglite.create(dataDir, {
    postgresqlconf: ['wal_recycle = off', 'wal_init_zero = off', "min_wal_size = '32MB'"],
  });
  await makePrivate(dataDir);

  const over = (runner: Pick<PGlite, 'query' | 'exec'>): SqlQueries => ({
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const result = await runner.query<Row>(text, [...params]);
      return result.rows;
    },
    async exec(script: string) {
      await runner.exec(script);
    },
  });

  return {
    backend: 'pglite',
    target: dataDir,
    ...over(db),
    transaction: (work) => db.transaction((tx) => work(over(tx))),
    async eraseFreedSpace(tables) {
      for (const table of tables) await db.exec(`VACUUM FULL ${table}`);
      // The deleted rows' INSERTs are still in the current WAL segment: end it, and let two
      // checkpoints retire it (removed, not recycled, with wal_recycle off).
      await db.exec('CHECKPOINT');
      await db.query('SELECT pg_switch_wal()');
      await db.exec('CHECKPOINT');
      await makePrivate(dataDir);
    },
    async close() {
      await db.close();
      await makePrivate(dataDir).catch(() => undefined);
    },
  };
}

/** Directories 0700, files 0600, under `dir`. */
export async function makePrivate(dir: string): Promise<void> {
  await chmod(dir, 0o700);
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  await Promise.all(
    entries.map((entry) => {
      const full = path.join(entry.parentPath, entry.name);
      if (entry.isDirectory()) return chmod(full, 0o700);
      if (entry.isFile()) return chmod(full, 0o600);
      return undefined;
    }),
  );
}
