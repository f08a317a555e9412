import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The real Postgres CI starts (scripts/ci-postgres.sh); undefined where there is none. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/** A fresh schema; the store reaches it through the connection's search_path. */
export async function createSchema(databaseUrl: string): Promise<string> {
  const schema = `rolebot_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`); // generated name, not input
  } finally {
    await client.end();
  }
  return schema;
}

export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

export function inSchema(databaseUrl: string, schema: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}
