// Preloaded into a spawned rolebot (`node --import ./tests/support/loop-delay.mjs …`): samples the
// process's own event-loop delay, so a test can ask what the longest stall was over a window it
// chooses. Two samplers: perf_hooks' histogram (reset on request) and a timestamped 10 ms ticker,
// whose lateness is attributed to wall-clock time, so a stall that began before the test asked is
// still counted if it overlaps the window. The IPC channel is unref'd: it never keeps rolebot up.
//
// On a shared machine a process can also be late because it was not given a CPU. Each late tick
// therefore also records how much CPU this process used meanwhile (all its threads: an
// over-estimate of the main thread's own work): `busy` = min(lateness, CPU used) is the part of
// the stall the process caused itself, which is what start-up work would show up as.
//
// The window opens when this process writes its first /healthz 200, by its own clock. Work that
// ran up to that moment (the start-up step /healthz waited for, with the ready poll queued behind
// it) is not a stall under traffic: only the part of a stall after that moment counts.
import { ServerResponse } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
const TICK_MS = 10;
/** [start, end, lateMs]: the loop could not run between start and end, end - start - TICK_MS late. */
const stalls = [];
let last = Date.now();
/** When this process first answered /healthz with 200. */
let firstReadyAt;
const writeHead = ServerResponse.prototype.writeHead;
ServerResponse.prototype.writeHead = function (statusCode, ...rest) {
  if (firstReadyAt === undefined && statusCode === 200 && this.req?.url?.startsWith('/healthz')) {
    firstReadyAt = Date.now();
  }
  return writeHead.call(this, statusCode, ...rest);
};
let lastCpu = process.cpuUsage();
setInterval(() => {
  const now = Date.now();
  const cpu = process.cpuUsage(lastCpu);
  const late = now - last - TICK_MS;
  if (late > 20) {
    const cpuMs = (cpu.user + cpu.system) / 1000;
    stalls.push([last, now, late, Math.round(Math.min(late, cpuMs))]);
    if (stalls.length > 10_000) stalls.shift();
  }
  last = now;
  lastCpu = process.cpuUsage();
}, TICK_MS).unref();

process.on('message', (message) => {
  if (!message || typeof message !== 'object') return;
  if (message.type === 'reset') {
    histogram.reset();
    process.send?.({ type: 'reset' });
  } else if (message.type === 'report') {
    const from = firstReadyAt ?? message.from ?? 0;
    // Each stall clipped to the window: [start, end, late, busy] with late and busy counted from
    // `from` when the stall began before it.
    const overlapping = stalls
      .filter(([start, end]) => end >= from && start <= Date.now())
      .map(([start, end, , busy]) => {
        const lateInWindow = Math.max(0, end - Math.max(start, from) - TICK_MS);
        return [start, end, lateInWindow, Math.min(busy, lateInWindow)];
      });
    process.send?.({
      type: 'report',
      readyAt: from,
      histogramMaxMs: histogram.max / 1e6,
      histogramP99Ms: histogram.percentile(99) / 1e6,
      worstStallMs: Math.max(0, ...overlapping.map((stall) => stall[2])),
      worstBusyStallMs: Math.max(0, ...overlapping.map((stall) => stall[3])),
      stalls: overlapping.slice(-20),
    });
  }
});
process.channel?.unref();
