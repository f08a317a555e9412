import { afterAll, beforeAll } from 'vitest';
import { openStore, type Store } from '../../src/store/store.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { createSchema, dropSchema, inSchema } from './postgres.js';
import { type Rolebot, type RolebotOptions, startRolebot } from './rolebot-app.js';

/** Two replicas behind one fake Slack, sharing one Postgres schema. */
export interface Replicas {
  readonly fake: FakeSlack;
  readonly replicas: readonly [Rolebot, Rolebot];
}

/**
 * Registers the hooks for a two-replica test file: a fresh schema in the real Postgres at `url`,
 * one fake Slack, and two HTTP replicas each with its own store on that schema, started before
 * all tests and stopped (schema dropped) after. Use the returned object inside tests.
 */
export function useReplicas(
  url: string,
  options: Omit<RolebotOptions, 'mode' | 'store' | 'fake'> = {},
): Replicas {
  let schema: string | undefined;
  let fake: FakeSlack | undefined;
  const stores: Store[] = [];
  const replicas: Rolebot[] = [];
  beforeAll(async () => {
    schema = await createSchema(url);
    fake = await startFakeSlack();
    for (let i = 0; i < 2; i++) {
      const store = await openStore({
        databaseUrl: inSchema(url, schema),
        dataDir: '/nonexistent',
      });
      stores.push(store);
      replicas.push(await startRolebot({ ...options, mode: 'http', store, fake }));
    }
  }, 60_000);
  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    for (const store of stores) await store.close();
    await fake?.close();
    if (schema) await dropSchema(url, schema);
  });
  return {
    get fake() {
      if (!fake) throw new Error('replicas are not started yet (use them inside a test)');
      return fake;
    },
    get replicas() {
      if (replicas.length < 2)
        throw new Error('replicas are not started yet (use them inside a test)');
      return replicas as unknown as readonly [Rolebot, Rolebot];
    },
  };
}
