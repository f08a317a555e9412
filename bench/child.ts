// Child processes for the bench: spawned with a time cap and a memory cap (RSS sampled from
// /proc), their stdout split into lines, their stderr forwarded to ours as progress.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { round } from './stats.js';

/** Every child the bench started and has not seen exit: stopped by pid on Ctrl-C. */
export const liveChildren = new Set<ChildProcess>();

function track(child: ChildProcess): ChildProcess {
  liveChildren.add(child);
  child.once('close', () => liveChildren.delete(child));
  return child;
}

export interface ChildOptions {
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the child (SIGKILL) when it runs longer than this. */
  timeoutMs: number;
  /** Kill the child when its sampled RSS goes above this many MiB. */
  rssLimitMB?: number;
  /** Forward the child's stderr to ours (progress lines). */
  forwardStderr?: boolean;
  /** Called for each stdout line as it arrives, with ms since spawn. */
  onLine?: (line: string, ms: number) => void;
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the bench killed the child for exceeding a cap. */
  killedFor?: 'time' | 'memory';
  lines: string[];
  stderr: string;
  ms: number;
  /** Highest RSS seen while sampling every 250 ms (MiB); undefined where /proc is missing. */
  sampledPeakRssMB?: number;
}

export async function rssOf(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `node <args>` and resolves when it exits (or was killed for a cap). */
export function runNode(options: ChildOptions): Promise<ChildResult> {
  const started = performance.now();
  const child = track(
    spawn(process.execPath, options.args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  return watch(child, options, started);
}

export function watch(
  child: ChildProcess,
  options: ChildOptions,
  started: number,
): Promise<ChildResult> {
  const result: ChildResult = { code: null, signal: null, lines: [], stderr: '', ms: 0 };
  let buffer = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      result.lines.push(line);
      options.onLine?.(line, performance.now() - started);
      newline = buffer.indexOf('\n');
    }
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    // Keep the tail only: enough to explain a crash.
    result.stderr = (result.stderr + chunk).slice(-8_000);
    if (options.forwardStderr) process.stderr.write(chunk);
  });

  const kill = (reason: 'time' | 'memory') => {
    if (result.killedFor || child.exitCode !== null) return;
    result.killedFor = reason;
    child.kill('SIGKILL');
  };
  const timer = setTimeout(() => kill('time'), options.timeoutMs);
  const sampler = setInterval(() => {
    if (child.pid === undefined) return;
    void rssOf(child.pid).then((mb) => {
      if (mb === undefined) return;
      result.sampledPeakRssMB = Math.max(result.sampledPeakRssMB ?? 0, round(mb, 1));
      if (options.rssLimitMB !== undefined && mb > options.rssLimitMB) kill('memory');
    });
  }, 250);

  return new Promise((resolve) => {
    child.once('error', (error) => {
      result.stderr += String(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(sampler);
      if (buffer) result.lines.push(buffer);
      result.code = code;
      result.signal = signal;
      result.ms = performance.now() - started;
      resolve(result);
    });
  });
}

/** A long-running child that prints `{"port": N}` when it listens; stopped with SIGTERM. */
export interface Service {
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startService(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<Service> {
  const child = track(
    spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8_000);
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not start in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      buffer += chunk;
      const line = buffer.split('\n')[0];
      if (line === undefined || !buffer.includes('\n')) return;
      clearTimeout(timer);
      try {
        resolve((JSON.parse(line) as { port: number }).port);
      } catch (error) {
        reject(error);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr}`));
    });
  });
  return {
    port,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        const force = setTimeout(() => child.kill('SIGKILL'), 8_000);
        child.once('close', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
