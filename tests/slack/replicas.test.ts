// Two HTTP replicas behind one Slack, sharing one Postgres: a retried event that reaches the
// other replica is answered once. Needs a real Postgres (CI starts one: scripts/ci-postgres.sh).
import { describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../support/postgres.js';
import { useReplicas } from '../support/replicas.js';
import { BOT_USER_ID, makeAppMention, makeEventEnvelope } from '../support/slack-payloads.js';

describe.skipIf(!TEST_DATABASE_URL)('two replicas sharing one Postgres', () => {
  const cluster = useReplicas(TEST_DATABASE_URL as string);

  it('answers an event once when Slack delivers it to both, with retry headers', async () => {
    const [a, b] = cluster.replicas;
    const { fake } = cluster;
    fake.reset();
    const mention = makeAppMention({ text: `<@${BOT_USER_ID}> who owns the backlog?` });
    const envelope = makeEventEnvelope(mention);
    const results = await Promise.all([
      a.post({ kind: 'event', json: envelope }),
      b.post({ kind: 'event', json: envelope }, { retryNum: 1, retryReason: 'http_timeout' }),
      a.post({ kind: 'event', json: envelope }, { retryNum: 2, retryReason: 'http_timeout' }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    await fake.waitForCall('chat.postMessage', (c) => c.args.thread_ts === mention.ts);
    // A later event through both replicas: once it is answered, any duplicate would be too.
    const marker = makeAppMention({ text: `<@${BOT_USER_ID}> what does a product owner do?` });
    await b.post({ kind: 'event', json: makeEventEnvelope(marker) });
    await fake.waitForCall('chat.postMessage', (c) => c.args.thread_ts === marker.ts);
    // The replica that lost the claim says so; under load its claim may still be waiting on the
    // database when the marker is answered, so wait for that line rather than sample the logs.
    const skipped = (l: { msg?: unknown }) => l.msg === 'event already answered by another replica';
    await Promise.any([a.waitForLog(skipped, 15_000), b.waitForLog(skipped, 15_000)]);
    const answers = fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === mention.ts);
    expect(answers).toHaveLength(1);
  });
});
