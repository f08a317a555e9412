/**
 * The one seam between the store and "some Postgres": a real server through a `pg.Pool`, or PGlite
 * (Postgres compiled to WASM, in-process, persisted in a directory). Both speak the same SQL, so the
 * store and its migrations are written once against this tiny interface.
 *
 * Values always travel as parameters (`$1`, `$2`, …), never spliced into SQL text.
 */
import { mkdir } from 'node:fs/promises';
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
    async close() {
      await pool.end();
    },
  };
}

/** PGlite persisted in `dataDir` (created if missing). One process at a time per directory. */
export async function openPgliteSql(dataDir: string): Promise<Sql> {
  await mkdir(dataDir, { recursive: true });
  const { PGlite: Pglite } = await import('@electric-sql/pglite');
  const db = await Pglite.create(dataDir);

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
    async close() {
      await db.close();
    },
  };
}
