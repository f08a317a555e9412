// The real `npm start` process (src/main.ts through tsx) against the fake Slack on loopback, with
// its event-loop delay sampled from inside (tests/support/loop-delay.mjs) and its output captured.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export const PROCESS_BOT_TOKEN = 'xoxb-111-222-PROCESSBOTSECRET';
export const PROCESS_SIGNING_SECRET = 'process-signing-secret-77f1';

export interface LoopReport {
  histogramMaxMs: number;
  histogramP99Ms: number;
  worstStallMs: number;
  /** The worst stall's share the process caused itself (CPU it used meanwhile). */
  worstBusyStallMs: number;
  /** When the process first answered /healthz with 200, by its own clock: the window's start. */
  readyAt: number;
  /** [start, end, late, busy], late and busy counted from `readyAt` for a stall that began before. */
  stalls: [number, number, number, number][];
}

export interface RolebotProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  /** Resets the in-process delay histogram (the timestamped sampler keeps its history). */
  resetLoop(): Promise<void>;
  /** The worst stall overlapping [from, now] and the histogram since the last reset. */
  loopReport(from: number): Promise<LoopReport>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** What a child process prints on stdout and stderr, as one text, and when it exits. */
export function captured(child: ChildProcess): {
  output: () => string;
  exited: Promise<number | null>;
} {
  let text = '';
  child.stdout?.on('data', (chunk) => {
    text += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    text += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { output: () => text, exited };
}

export function spawnRolebot(env: Record<string, string>): RolebotProcess {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.ROLEBOT_TRACE_GC ? ['--trace-gc'] : []),
      '--import',
      'tsx',
      '--import',
      path.resolve('tests/support/loop-delay.mjs'),
      'src/main.ts',
    ],
    {
      cwd: process.cwd(),
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        INDEX_CACHE: 'off',
        LOG_LEVEL: 'info',
        // One test user asks everything: past 20 a minute they would only hear "slow down".
        ROLEBOT_RATE_LIMIT: '1000000',
        // Tests post far faster than Slack's one a second per channel; the fake Slack allows it.
        ROLEBOT_POST_INTERVAL_MS: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  const { output, exited } = captured(child);
  const ask = <T>(message: Record<string, unknown>, reply: string) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${reply} from rolebot`)), 10_000);
      const onMessage = (answer: unknown) => {
        if ((answer as { type?: string }).type !== reply) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(answer as T);
      };
      child.on('message', onMessage);
      child.send(message);
    });
  return {
    child,
    output,
    exited,
    async resetLoop() {
      await ask({ type: 'reset' }, 'reset');
    },
    loopReport: (from) => ask<LoopReport>({ type: 'report', from }, 'report'),
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Polls `url` until it answers 200; resolves with the time it first did. */
export async function waitForHealthy(url: string, timeoutMs = 30_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (response.status === 200) return Date.now();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}
