// What a hostile 40,000-character message (Slack's maximum) costs: plainQuestion (Slack's text
// handling) then ask() on the seed knowledge, per shape of hostility, beside an ordinary question
// (the baseline). Prints one JSON line. Run by `npm run bench` in a fresh child:
//   node --expose-gc --import tsx bench/measure-hostile.ts
// 500 timed runs per shape after one full GC (untimed), as section a times its questions.
import { createEngine } from '../src/answers/engine.js';
import { loadKnowledge } from '../src/knowledge/loader.js';
import { plainQuestion } from '../src/slack/slack-text.js';
import { summarize } from './stats.js';

const SLACK_MAX = 40_000;
const fill = (piece: string) =>
  piece.repeat(Math.ceil(SLACK_MAX / piece.length)).slice(0, SLACK_MAX);

const CASES: Record<string, string> = {
  'ordinary question (baseline)': 'who owns the product roadmap?',
  'unclosed mentions <@U1|…': fill('<@U123|'),
  'unclosed links <https://…': fill('<https://example.com/a'),
  'one 40k-character word': fill('a'),
  'entities &amp;&lt;…': fill('&amp;&lt;'),
  'words, who owns the backlog…': fill('who owns the backlog and the roadmap pricing vision '),
};

const engine = createEngine(await loadKnowledge('knowledge'));
const run = (text: string) => engine.ask(plainQuestion(text, 'U0BOT'));
const results: {
  name: string;
  chars: number;
  samples: number;
  p50: number;
  p99: number;
  max: number;
}[] = [];
for (const [name, text] of Object.entries(CASES)) {
  // Warm-up: at least 50 runs and 300 ms, so JIT and lazy caches are out of the timed samples.
  const warmUntil = performance.now() + 300;
  for (let i = 0; i < 50 || performance.now() < warmUntil; i++) run(text);
  const samples: number[] = [];
  // One full GC before each shape, then only the collections the runs cause (see measure-size.ts).
  (globalThis as { gc?: () => void }).gc?.();
  for (let i = 0; i < 500; i++) {
    const started = performance.now();
    run(text);
    samples.push(performance.now() - started);
  }
  const summary = summarize(samples);
  results.push({
    name,
    chars: text.length,
    samples: samples.length,
    p50: summary.p50,
    p99: summary.p99,
    max: Math.max(...samples),
  });
}
process.stdout.write(`${JSON.stringify({ results })}\n`);
