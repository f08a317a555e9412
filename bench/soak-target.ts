// The process `npm run soak` measures: rolebot's real Slack app (createSlackApp) on the seed
// knowledge with the embedded store in a throwaway folder, in HTTP or Socket Mode, against the
// soak's fake Slack. Prints `{"ready": true, "port": N}` once serving, then one JSON sample line
// every SAMPLE_MS: RSS, heap, external memory and the event-loop delay since the last sample.
//
//   node --import tsx bench/soak-target.ts http|socket <slackApiUrl> <dataDir>
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createEngine } from '../src/answers/engine.js';
import type { HttpConfig, SocketConfig } from '../src/config.js';
import { loadKnowledge } from '../src/knowledge/loader.js';
import { createLogger } from '../src/logger.js';
import { createSlackApp } from '../src/slack/app.js';
import { openStore } from '../src/store/store.js';
import { SOAK_APP_TOKEN, SOAK_BOT_TOKEN, SOAK_SIGNING_SECRET } from './soak-shared.js';

const SAMPLE_MS = 2_000;

const [mode, apiUrl, dataDir] = process.argv.slice(2) as ['http' | 'socket', string, string];
const engine = createEngine(await loadKnowledge('knowledge'));
// Warn and above only: a log line per request would measure the logger.
const logger = createLogger({ level: 'warn', destination: process.stderr });
const store = await openStore({ dataDir, logger });
const common = {
  botToken: SOAK_BOT_TOKEN,
  slackApiUrl: apiUrl,
  onboardingChannels: new Set<string>(),
  admins: new Set<string>(),
  store: { enabled: true, databaseUrl: undefined, dataDir, retentionDays: 90, hashKey: undefined },
  knowledgeDir: 'knowledge',
  indexCache: null,
  logLevel: 'warn' as const,
  noColor: true,
  // One fake user asks everything: past 20 a minute they would only hear "slow down".
  rateLimitPerMinute: 1_000_000_000,
};
const config: HttpConfig | SocketConfig =
  mode === 'http'
    ? { ...common, mode: 'http', signingSecret: SOAK_SIGNING_SECRET, port: 0, host: '127.0.0.1' }
    : { ...common, mode: 'socket', appToken: SOAK_APP_TOKEN, healthPort: undefined };
// The fake Slack has no per-channel limit and the soak posts every mention in one channel, faster
// than Slack's one a second: unpaced, so it keeps measuring the app rather than the queue.
const slack = createSlackApp({ config, engine, logger, store, postIntervalMs: 0 });
const { port } = await slack.start();
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
process.stdout.write(`${JSON.stringify({ ready: true, port })}\n`);
setInterval(() => {
  const memory = process.memoryUsage();
  process.stdout.write(
    `${JSON.stringify({
      at: Date.now(),
      rssMb: memory.rss / 2 ** 20,
      heapMb: memory.heapUsed / 2 ** 20,
      externalMb: memory.external / 2 ** 20,
      loopMaxMs: loop.max / 1e6,
      loopP99Ms: loop.percentile(99) / 1e6,
    })}\n`,
  );
  loop.reset();
}, SAMPLE_MS);
process.once('SIGTERM', () => {
  void slack
    .stop(2_000)
    .then(() => store.close())
    .finally(() => process.exit(0));
});
