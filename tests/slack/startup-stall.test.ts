// Issue 17: from the first /healthz 200, no request may wait on start-up work (the embedded store
// opening, the index cache's content check, pruning). The real process is started as `npm start`
// starts it, with a fresh embedded store (its slowest first open), and driven with slash commands
// and mentions for 10 s from the moment /healthz first says ready; its own event-loop delay is
// sampled from inside it (perf_hooks.monitorEventLoopDelay and a timestamped ticker that also
// records the CPU the process used meanwhile). A stall of its own making of more than 200 ms
// anywhere in that window fails the test.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import {
  PROCESS_BOT_TOKEN,
  PROCESS_SIGNING_SECRET,
  type RolebotProcess,
  spawnRolebot,
  waitForHealthy,
} from '../support/rolebot-process.js';
import {
  BOT_USER_ID,
  makeAppMention,
  makeEventEnvelope,
  makeSlashCommand,
} from '../support/slack-payloads.js';
import { freePort, postSlack } from '../support/slack-requests.js';

const TRAFFIC_MS = 10_000;
const MAX_STALL_MS = 200;

describe('start-up does not stall the event loop', () => {
  let fake: FakeSlack;
  let dataDir: string;
  let run: RolebotProcess | undefined;

  beforeAll(async () => {
    fake = await startFakeSlack();
    dataDir = await mkdtemp(path.join(tmpdir(), 'rolebot-stall-'));
  });

  afterAll(async () => {
    await run?.kill();
    await fake?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(`stays under ${MAX_STALL_MS} ms from the first /healthz 200 through ${TRAFFIC_MS / 1000} s of traffic`, async () => {
    const port = await freePort();
    run = spawnRolebot({
      SLACK_BOT_TOKEN: PROCESS_BOT_TOKEN,
      SLACK_SIGNING_SECRET: PROCESS_SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      ROLEBOT_DATA_DIR: path.join(dataDir, 'data'),
    });
    const base = `http://127.0.0.1:${port}`;
    const ready = await waitForHealthy(`${base}/healthz`);
    await run.resetLoop();

    const eventsUrl = `${base}/slack/events`;
    const acks: number[] = [];
    let sent = 0;
    // Bounded: one request every 50 ms for TRAFFIC_MS, at most 400.
    while (Date.now() - ready < TRAFFIC_MS && sent < 400) {
      const request =
        sent % 2 === 0
          ? postSlack(eventsUrl, PROCESS_SIGNING_SECRET, {
              kind: 'command',
              form: makeSlashCommand({
                text: 'who owns the roadmap?',
                response_url: fake.responseUrl(),
              }),
            })
          : postSlack(eventsUrl, PROCESS_SIGNING_SECRET, {
              kind: 'event',
              json: makeEventEnvelope(
                makeAppMention({ text: `<@${BOT_USER_ID}> what does a PO do?` }),
              ),
            });
      sent++;
      void request.then((result) => acks.push(result.status === 200 ? result.ms : Number.NaN));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const report = await run.loopReport(ready);
    const sorted = [...acks].sort((a, b) => a - b);
    console.info(
      `loop: worst stall ${report.worstStallMs} ms (${report.worstBusyStallMs} ms of it busy), histogram max ${report.histogramMaxMs.toFixed(1)} ms; ` +
        `${acks.length}/${sent} acked, ack max ${sorted.at(-1)?.toFixed(0)} ms; stalls after ready (ms: start, late): ${JSON.stringify(report.stalls.map(([start, , late, busy]) => [start - report.readyAt, late, busy]))}`,
    );
    expect(acks.filter((ms) => Number.isNaN(ms))).toEqual([]);
    // The process's own blocking work. Raw lateness (and perf_hooks' histogram) also counts time
    // the OS gave the CPU to other processes, which on a shared 2-core machine alone can pass
    // 200 ms; both are printed above.
    expect(report.worstBusyStallMs).toBeLessThanOrEqual(MAX_STALL_MS);
  }, 60_000);
});
