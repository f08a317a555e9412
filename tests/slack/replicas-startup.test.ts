// Issue 17: two replicas started together on one Postgres, Slack delivering each event to one
// and its retry to the other, from before either is ready through the first 100 ms after: every
// event is answered exactly once. Each replica's store is still connecting when the first events
// arrive (its open is held back 300 ms, as a slow network would): those events wait for the
// shared claim instead of being answered by both. CI runs a few rounds
// (ROLEBOT_REPLICA_RUNS, default 3); the 20 runs of 20 is `ROLEBOT_REPLICA_RUNS=20`.
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/store.js';
import { type ApiCall, startFakeSlack } from '../support/fake-slack.js';
import { createSchema, dropSchema, inSchema, TEST_DATABASE_URL } from '../support/postgres.js';
import { type Rolebot, startRolebot } from '../support/rolebot-app.js';
import { BOT_USER_ID, makeAppMention, makeEventEnvelope } from '../support/slack-payloads.js';

const RUNS = Number(process.env.ROLEBOT_REPLICA_RUNS ?? 3);
const EVENTS = 20;
const BEFORE_READY = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function healthy(bot: Rolebot): Promise<boolean> {
  return (await fetch(`${bot.baseUrl}/healthz`)).status === 200;
}

describe.skipIf(!TEST_DATABASE_URL)('two replicas starting together on one Postgres', () => {
  const url = TEST_DATABASE_URL as string;

  it(
    `answers each event exactly once, ${RUNS} runs of ${EVENTS} events`,
    async () => {
      const doubled: string[] = [];
      for (let run = 0; run < RUNS; run++) {
        const schema = await createSchema(url);
        const fake = await startFakeSlack({ waitTimeoutMs: 20_000 });
        const opening: Promise<Store>[] = [];
        const replicas: Rolebot[] = [];
        try {
          for (let i = 0; i < 2; i++) {
            const store = sleep(300).then(() =>
              openStore({ databaseUrl: inSchema(url, schema), dataDir: '/nonexistent' }),
            );
            opening.push(store);
            replicas.push(
              await startRolebot({ mode: 'http', store, fake, app: { sharedStore: true } }),
            );
          }
          const [a, b] = replicas as [Rolebot, Rolebot];
          const mentions = Array.from({ length: EVENTS }, (_, i) =>
            makeAppMention({ text: `<@${BOT_USER_ID}> who owns the roadmap? (${run}.${i})` }),
          );
          const deliver = (i: number) => {
            const envelope = makeEventEnvelope(mentions[i] as ReturnType<typeof makeAppMention>);
            const [first, second] = i % 2 ? [a, b] : [b, a];
            return Promise.all([
              first.post({ kind: 'event', json: envelope }),
              second.post(
                { kind: 'event', json: envelope },
                { retryNum: 1, retryReason: 'http_timeout' },
              ),
            ]);
          };
          const acks: Promise<unknown>[] = [];
          // While the stores are still connecting (neither replica is ready)…
          expect(await healthy(a)).toBe(false);
          for (let i = 0; i < BEFORE_READY; i++) acks.push(deliver(i));
          // …and from the first moment both say ready.
          while (!((await healthy(a)) && (await healthy(b)))) await sleep(5);
          for (let i = BEFORE_READY; i < EVENTS; i++) acks.push(deliver(i));
          await Promise.all(acks);
          const inThread = (ts: string) => (call: ApiCall) => call.args.thread_ts === ts;
          for (const mention of mentions) {
            await fake.waitForCall('chat.postMessage', inThread(mention.ts));
          }
          // Everything is answered; a late duplicate would have come with the rest (same path).
          await sleep(300);
          for (const mention of mentions) {
            const answers = fake.callsTo('chat.postMessage').filter(inThread(mention.ts));
            if (answers.length !== 1)
              doubled.push(`run ${run}: ${mention.text} × ${answers.length}`);
          }
        } finally {
          for (const replica of replicas) await replica.close();
          for (const store of opening) await (await store).close();
          await fake.close();
          await dropSchema(url, schema);
        }
      }
      expect(doubled).toEqual([]);
    },
    RUNS * 20_000,
  );
});
