// `npm run soak`: mixed Slack traffic at a steady rate against rolebot in HTTP and Socket Mode at
// once, for 10 minutes by default; prints one table (stdout) and writes bench/soak-results.json.
// Not part of CI. Everything stays on loopback; every loop is bounded by a count and by time.
//
//   npm run soak                                  # 10 minutes, 10 requests/s per mode
//   npm run soak -- --minutes 2 --rate 20         # shorter, busier
//   npm run soak -- --modes http                  # one mode only
//
// Each mode gets its own fake Slack (tests/support/fake-slack.ts) and its own rolebot child
// (bench/soak-target.ts: the real app, embedded store, warn-level logs), sampled every 2 s for
// RSS, heap and event-loop delay. Traffic rotates: /roles questions (over the labelled eval
// questions), mentions, DMs, "More passages" clicks and 👍/👎 votes. Each request expects exactly
// one reply (a response_url POST or a chat.postMessage in its thread or DM); after the run, 15 s
// are allowed for stragglers, and what is still missing is "lost".
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import {
  eventsApiEnvelope,
  type FakeSlack,
  interactiveEnvelope,
  slashCommandEnvelope,
  startFakeSlack,
} from '../tests/support/fake-slack.js';
import {
  BOT_USER_ID,
  makeAppMention,
  makeBlockAction,
  makeDirectMessage,
  makeEventEnvelope,
  makeSlashCommand,
} from '../tests/support/slack-payloads.js';
import { postSlack } from '../tests/support/slack-requests.js';
import { SOAK_SIGNING_SECRET } from './soak-shared.js';

type Mode = 'http' | 'socket';

interface Options {
  minutes: number;
  rate: number;
  modes: Mode[];
}

function parse(argv: string[]): Options {
  const options: Options = { minutes: 10, rate: 10, modes: ['http', 'socket'] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--minutes' && value) options.minutes = Number(value);
    else if (flag === '--rate' && value) options.rate = Number(value);
    else if (flag === '--modes' && value) options.modes = value.split(',') as Mode[];
    else continue;
    i++;
  }
  if (!(options.minutes > 0 && options.minutes <= 120)) throw new Error('--minutes: 0 < m ≤ 120');
  if (!(options.rate > 0 && options.rate <= 200)) throw new Error('--rate: 0 < r ≤ 200');
  return options;
}

interface Sample {
  at: number;
  rssMb: number;
  heapMb: number;
  externalMb: number;
  loopMaxMs: number;
  loopP99Ms: number;
}

interface Target {
  child: ChildProcess;
  port: number;
  samples: Sample[];
}

async function startTarget(mode: Mode, fake: FakeSlack, dataDir: string): Promise<Target> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/soak-target.ts', mode, fake.apiUrl, dataDir],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const samples: Sample[] = [];
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${mode} target did not start in 120 s`)),
      120_000,
    );
    child.once('exit', (code) => reject(new Error(`${mode} target exited ${code}`)));
    lines.on('line', (line) => {
      const data = JSON.parse(line) as Partial<Sample> & { ready?: boolean; port?: number };
      if (data.ready) {
        clearTimeout(timer);
        resolve(data.port ?? 0);
      } else samples.push(data as Sample);
    });
  });
  if (mode === 'socket') await fake.socket.waitForConnection(1, 30_000);
  return { child, port, samples };
}

type Kind = 'slash' | 'mention' | 'dm' | 'more' | 'vote';
const KINDS: Kind[] = ['slash', 'slash', 'mention', 'dm', 'more', 'vote'];

interface Sent {
  kind: Kind;
  /** How the reply is recognised. */
  responseUrl?: string;
  threadTs?: string;
  channel?: string;
  ackMs?: number;
  failed?: string;
}

async function questions(): Promise<string[]> {
  const text = await readFile('tests/eval/questions.jsonl', 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { q: string }).q)
    .slice(0, 200);
}

async function send(
  mode: Mode,
  fake: FakeSlack,
  port: number,
  kind: Kind,
  question: string,
  n: number,
): Promise<Sent> {
  const eventsUrl = `http://127.0.0.1:${port}/slack/events`;
  const started = performance.now();
  const sent: Sent = { kind };
  const timed = async (work: Promise<unknown>) => {
    await work;
    sent.ackMs = performance.now() - started;
  };
  const state = JSON.stringify({ q: question, o: kind === 'more' ? 1 : 0 });
  try {
    if (kind === 'slash') {
      sent.responseUrl = fake.responseUrl();
      const form = makeSlashCommand({ text: question, response_url: sent.responseUrl });
      await timed(
        mode === 'http'
          ? postSlack(eventsUrl, SOAK_SIGNING_SECRET, { kind: 'command', form }).then(check)
          : fake.socket.send(slashCommandEnvelope(form), 3_000),
      );
    } else if (kind === 'mention' || kind === 'dm') {
      const event =
        kind === 'mention'
          ? makeAppMention({ text: `<@${BOT_USER_ID}> ${question}` })
          : makeDirectMessage({ text: question, channel: `D0SOAK${n}` });
      if (kind === 'mention') sent.threadTs = event.ts;
      else sent.channel = `D0SOAK${n}`;
      const envelope = makeEventEnvelope(event);
      await timed(
        mode === 'http'
          ? postSlack(eventsUrl, SOAK_SIGNING_SECRET, { kind: 'event', json: envelope }).then(check)
          : fake.socket.send(eventsApiEnvelope(envelope), 3_000),
      );
    } else {
      sent.responseUrl = fake.responseUrl();
      const payload = makeBlockAction({
        user: `U0SOAK${n % 50}`,
        action_id:
          kind === 'more' ? 'rolebot_more' : n % 3 ? 'rolebot_vote_up' : 'rolebot_vote_down',
        value: state,
        response_url: sent.responseUrl,
        container: { type: 'message', message_ts: `${n}.0001`, is_ephemeral: true },
      });
      await timed(
        mode === 'http'
          ? postSlack(eventsUrl, SOAK_SIGNING_SECRET, { kind: 'interactive', payload }).then(check)
          : fake.socket.send(interactiveEnvelope(payload), 3_000),
      );
    }
  } catch (error) {
    sent.failed = (error as Error).message;
  }
  return sent;
}

function check(result: { status: number }) {
  if (result.status !== 200) throw new Error(`HTTP ${result.status}`);
}

function answered(fake: FakeSlack, sent: Sent): boolean {
  if (sent.responseUrl) return fake.responses.some((r) => r.url === sent.responseUrl);
  const posts = fake.callsTo('chat.postMessage');
  if (sent.threadTs) return posts.some((c) => c.args.thread_ts === sent.threadTs);
  return posts.some((c) => c.args.channel === sent.channel);
}

/** Least-squares slope of y over x (minutes): MB per minute. */
function slope(points: { x: number; y: number }[]): number {
  if (points.length < 2) return Number.NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const my = points.reduce((s, p) => s + p.y, 0) / points.length;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function soakMode(mode: Mode, options: Options, asked: string[]) {
  const fake = await startFakeSlack({ waitTimeoutMs: 30_000 });
  const dataDir = await mkdtemp(path.join(tmpdir(), `rolebot-soak-${mode}-`));
  const target = await startTarget(mode, fake, path.join(dataDir, 'data'));
  const durationMs = options.minutes * 60_000;
  const total = Math.floor(options.rate * options.minutes * 60);
  const interval = 1_000 / options.rate;
  const start = Date.now();
  const pending: Promise<Sent>[] = [];
  process.stderr.write(`soak ${mode}: ${total} requests over ${options.minutes} min\n`);
  // Bounded by count and by time; paced against the clock so slow acks do not lower the rate.
  for (let n = 0; n < total && Date.now() - start < durationMs + 5_000; n++) {
    const due = start + n * interval;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const kind = KINDS[n % KINDS.length] as Kind;
    pending.push(send(mode, fake, target.port, kind, asked[n % asked.length] as string, n));
    if (n % (options.rate * 60) === 0 && n > 0)
      process.stderr.write(`soak ${mode}: ${Math.round((Date.now() - start) / 60_000)} min\n`);
  }
  const sent = await Promise.all(pending);
  const end = Date.now();
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && sent.some((s) => !s.failed && !answered(fake, s))) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const lost = sent.filter((s) => s.failed || !answered(fake, s));
  target.child.kill('SIGTERM');
  await new Promise((resolve) => target.child.once('exit', resolve));
  await fake.close();
  await rm(dataDir, { recursive: true, force: true });

  const warmupMs = Math.min(60_000, durationMs / 5);
  const steady = target.samples.filter((s) => s.at >= start + warmupMs && s.at <= end);
  const acks = sent
    .map((s) => s.ackMs)
    .filter((ms): ms is number => ms !== undefined)
    .sort((a, b) => a - b);
  return {
    mode,
    requests: sent.length,
    seconds: (end - start) / 1000,
    lost: lost.length,
    lostKinds: [...new Set(lost.map((s) => s.kind))],
    failures: lost
      .filter((s) => s.failed)
      .slice(0, 5)
      .map((s) => s.failed),
    ackP50: percentile(acks, 50),
    ackP99: percentile(acks, 99),
    ackMax: acks.at(-1) ?? Number.NaN,
    rssStart: steady[0]?.rssMb ?? Number.NaN,
    rssEnd: steady.at(-1)?.rssMb ?? Number.NaN,
    rssSlope: slope(steady.map((s) => ({ x: (s.at - start) / 60_000, y: s.rssMb }))),
    heapSlope: slope(steady.map((s) => ({ x: (s.at - start) / 60_000, y: s.heapMb }))),
    loopMax: Math.max(...steady.map((s) => s.loopMaxMs)),
    samples: target.samples,
  };
}

const options = parse(process.argv.slice(2));
const asked = await questions();
const results = await Promise.all(options.modes.map((mode) => soakMode(mode, options, asked)));
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const rows: string[] = [
  `rolebot soak: ${options.minutes} min, ${options.rate} req/s per mode, ${new Date().toISOString()}`,
  '',
  '| mode | requests | lost | ack p50 / p99 / max (ms) | RSS after warm-up → end (MB) | RSS slope (MB/min) | heap slope (MB/min) | loop delay max (ms) |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
];
for (const r of results) {
  rows.push(
    `| ${r.mode} | ${r.requests} | ${r.lost} | ${fmt(r.ackP50)} / ${fmt(r.ackP99)} / ${fmt(r.ackMax, 0)} | ${fmt(r.rssStart)} → ${fmt(r.rssEnd)} | ${fmt(r.rssSlope, 2)} | ${fmt(r.heapSlope, 2)} | ${fmt(r.loopMax, 0)} |`,
  );
}
rows.push(
  '',
  `| target | ${results.map((r) => r.mode).join(' | ')} |`,
  `| --- |${results.map(() => ' --- |').join('')}`,
);
rows.push(`| RSS slope ≤ 1 MB/min | ${results.map((r) => verdict(r.rssSlope <= 1)).join(' | ')} |`);
rows.push(`| 0 lost | ${results.map((r) => verdict(r.lost === 0)).join(' | ')} |`);
rows.push(`| ack p99 ≤ 50 ms | ${results.map((r) => verdict(r.ackP99 <= 50)).join(' | ')} |`);
rows.push(`| ack max ≤ 1 s | ${results.map((r) => verdict(r.ackMax <= 1_000)).join(' | ')} |`);
process.stdout.write(`${rows.join('\n')}\n`);
await writeFile(
  'bench/soak-results.json',
  `${JSON.stringify({ options, at: new Date().toISOString(), results }, null, 2)}\n`,
);
