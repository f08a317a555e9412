// One knowledge folder, measured in a fresh process so sizes do not pollute each other's memory:
// load+chunk, index build, heap and RSS after build, then ask() against raw MiniSearch on the
// same passages: ask timed first, then the raw index built and timed (see bench/README.md).
//
//   node --expose-gc --import tsx bench/measure-size.ts <dir> [--iterations 3000] [--warmup 200]
//        [--budget-ms 60000] [--questions tests/eval/questions.jsonl]
//
// stdout: one JSON line per finished phase, each a complete snapshot of everything measured so
// far; the last line (`"done": true`) is the result. A parent that has to kill this process
// (memory or time cap) still has the phases that finished. Progress goes to stderr.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import MiniSearch, { type SearchOptions } from 'minisearch';
import { createEngine, type Engine } from '../src/answers/engine.js';
import { parseLabelledQuestions } from '../src/answers/evaluate.js';
import * as searchIndex from '../src/answers/search-index.js';
import { compacted } from '../src/index-cache/stored-engine.js';
import { buildKnowledgeBase, readKnowledgeFiles } from '../src/knowledge/loader.js';
import { type LatencySummary, megabytes, numberOption, option, round, summarize } from './stats.js';

export interface SizeMeasurement {
  dir: string;
  done: boolean;
  phase: 'started' | 'loaded' | 'built' | 'queried';
  documents?: number;
  passages?: number;
  /** Reading the files. */
  readMs?: number;
  /** Parsing, chunking and merging near-duplicates. */
  chunkMs?: number;
  /** readMs + chunkMs: what `loadKnowledge(dir)` costs. */
  loadMs?: number;
  /** createEngine(kb), held in the column form rolebot serves (src/index-cache). */
  buildMs?: number;
  /** The raw MiniSearch baseline's addAll over the same passages. */
  rawBuildMs?: number;
  memory?: {
    gc: boolean;
    heapUsedMB: number;
    rssMB: number;
    externalMB: number;
    /** Highest RSS the process reached so far (getrusage), i.e. during load and build. */
    peakRssMB: number;
  };
  warmup?: { ask: number; raw: number };
  ask?: LatencySummary;
  raw?: LatencySummary;
  /** Of the questions run once in warm-up: answered (not "I don't know") / with a raw hit. */
  sanity?: {
    questions: number;
    askChecked: number;
    askAnswered: number;
    rawChecked: number;
    rawHits: number;
  };
  stoppedBy?: 'iterations' | 'time';
  /** Where the raw baseline's search options came from. */
  rawOptions?: string;
}

/**
 * The options the raw baseline searches with: rolebot's own (boosts, prefix, fuzzy, maxFuzzy,
 * weights, combineWith), minus its tokenizer and processTerm, so MiniSearch's defaults apply.
 * search-index.ts exports them either as a constant (`SEARCH_OPTIONS`) or, since the options
 * depend on the vocabulary, as `searchOptionsFor(knows)`; `knows` is then the raw index's own
 * vocabulary (MiniSearch's default tokenizer and processTerm), like for like.
 */
export function rawSearchOptions(knows: (term: string) => boolean): {
  options: SearchOptions;
  source: string;
} {
  const exported = searchIndex as Record<string, unknown>;
  let rolebot: SearchOptions;
  let source: string;
  if (typeof exported.searchOptionsFor === 'function') {
    rolebot = (exported.searchOptionsFor as (knows: (term: string) => boolean) => SearchOptions)(
      knows,
    );
    source = 'searchOptionsFor(raw vocabulary)';
  } else if (exported.SEARCH_OPTIONS && typeof exported.SEARCH_OPTIONS === 'object') {
    rolebot = exported.SEARCH_OPTIONS as SearchOptions;
    source = 'SEARCH_OPTIONS';
  } else {
    throw new Error(
      'src/answers/search-index.ts exports neither SEARCH_OPTIONS nor searchOptionsFor',
    );
  }
  const options: SearchOptions = {};
  if (rolebot.boost !== undefined) options.boost = rolebot.boost;
  if (rolebot.combineWith !== undefined) options.combineWith = rolebot.combineWith;
  if (rolebot.prefix !== undefined) options.prefix = rolebot.prefix;
  if (rolebot.fuzzy !== undefined) options.fuzzy = rolebot.fuzzy;
  if (rolebot.maxFuzzy !== undefined) options.maxFuzzy = rolebot.maxFuzzy;
  if (rolebot.weights !== undefined) options.weights = rolebot.weights;
  return { options, source };
}

interface RawDocument {
  id: string;
  text: string;
  section: string;
  title: string;
}

const gc = (globalThis as { gc?: () => void }).gc;

function emit(snapshot: SizeMeasurement): void {
  process.stdout.write(`${JSON.stringify(snapshot)}\n`);
}

function progress(message: string): void {
  process.stderr.write(`[measure ${path.basename(snapshotDir)}] ${message}\n`);
}

let snapshotDir = '';

async function main(argv: string[]): Promise<void> {
  const dir = argv[0];
  if (!dir || dir.startsWith('--')) throw new Error('usage: measure-size.ts <dir> [options]');
  snapshotDir = dir;
  const iterations = numberOption(argv, 'iterations', 3000);
  const warmup = numberOption(argv, 'warmup', 200);
  const budgetMs = numberOption(argv, 'budget-ms', 60_000);
  const questionsFile = option(argv, 'questions') ?? 'tests/eval/questions.jsonl';
  const questions = parseLabelledQuestions(readFileSync(questionsFile, 'utf8'), questionsFile).map(
    (question) => question.q,
  );
  if (questions.length === 0) throw new Error(`no questions in ${questionsFile}`);

  const result: SizeMeasurement = { dir, done: false, phase: 'started' };
  const engine = await buildEngine(dir, result);

  // Memory the built engine holds: the files and the intermediate documents are garbage by now.
  gc?.();
  gc?.();
  const usage = process.memoryUsage();
  result.memory = {
    gc: gc !== undefined,
    heapUsedMB: megabytes(usage.heapUsed),
    rssMB: megabytes(usage.rss),
    externalMB: megabytes(usage.external),
    peakRssMB: megabytes(process.resourceUsage().maxRSS * 1024),
  };
  result.phase = 'built';
  progress(`heap ${result.memory.heapUsedMB} MB, rss ${result.memory.rssMB} MB`);
  emit(result);

  const ask = (question: string) => engine.ask(question);
  const askWarm = warmUp(questions, warmup, budgetMs / 8, (q) => ask(q).answered);
  progress(`warm-up ask ${askWarm.count} (${round(askWarm.meanMs, 3)} ms each)`);
  // Each side is timed on its own, ask first, before the raw index exists: MiniSearch's index of
  // nested Maps (hundreds of MB at 10k documents) in the same heap lengthens every GC pause that
  // lands in a question, which no rolebot process has to pay (measured on 10k documents:
  // ask p99 10.3 ms with the raw index resident, 6.2 ms without).
  // One full GC before each side, then only the collections the questions themselves cause, as
  // in a serving process. A forced full GC before every block of 100 questions (this bench's
  // method until now) ran a major GC about every 15 ms of work, where a process serving the
  // seeds runs a scavenge every ~200 questions and no full GC in 3,000; each forced one left a
  // few questions of the next block waiting 2–8 ms while V8 swept the heap it had just marked,
  // which set the p99 (seeds: 0.9–1.6 ms with, 0.3–0.7 ms without, in scratch runs of this loop).
  let started = performance.now();
  const askSide = side(iterations, (budgetMs * 2) / 3);
  gc?.();
  timeSide(askSide, questions, ask);
  const askMs = performance.now() - started;

  started = performance.now();
  const raw = new MiniSearch<RawDocument>({
    fields: ['text', 'section', 'title'],
    storeFields: [],
  });
  raw.addAll(
    engine.passages.map((passage) => ({
      id: passage.id,
      text: passage.text,
      section: passage.section,
      title: passage.sources[0]?.title ?? '',
    })),
  );
  result.rawBuildMs = round(performance.now() - started, 1);
  const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];
  const processTerm = MiniSearch.getDefault('processTerm') as (term: string) => string | null;
  const vocabulary = new Set<string>();
  for (const passage of engine.passages) {
    const fields = [passage.text, passage.section, passage.sources[0]?.title ?? ''];
    for (const field of fields) {
      for (const token of tokenize(field)) {
        const term = processTerm(token);
        if (term) vocabulary.add(term);
      }
    }
  }
  const { options: rawOptions, source } = rawSearchOptions((term) => vocabulary.has(term));
  result.rawOptions = source;
  const search = (question: string) => raw.search(question, rawOptions);
  const rawWarm = warmUp(questions, warmup, budgetMs / 8, (q) => search(q).length > 0);
  result.warmup = { ask: askWarm.count, raw: rawWarm.count };
  result.sanity = {
    questions: questions.length,
    askChecked: askWarm.checked,
    askAnswered: askWarm.hits,
    rawChecked: rawWarm.checked,
    rawHits: rawWarm.hits,
  };
  progress(`warm-up raw ${rawWarm.count} (${round(rawWarm.meanMs, 3)} ms each)`);
  const rawSide = side(iterations, budgetMs / 3);
  started = performance.now();
  gc?.();
  timeSide(rawSide, questions, search);
  const rawMs = performance.now() - started;
  const askTimes = askSide.samples;
  const rawTimes = rawSide.samples;
  result.stoppedBy =
    askTimes.length < iterations || rawTimes.length < iterations ? 'time' : 'iterations';
  result.ask = summarize(askTimes);
  result.raw = summarize(rawTimes);
  result.phase = 'queried';
  result.done = true;
  progress(
    `timed ${askTimes.length} ask + ${rawTimes.length} raw queries in ${Math.round(askMs + rawMs)} ms: ask p50 ${result.ask.p50} ms p99 ${result.ask.p99} ms, raw p50 ${result.raw.p50} ms p99 ${result.raw.p99} ms`,
  );
  emit(result);
}

/** The shortest warm-up, whatever the count asked for. */
const MIN_WARMUP_MS = 1_000;

function warmUp(
  questions: readonly string[],
  count: number,
  budgetMs: number,
  run: (question: string) => boolean,
): { count: number; checked: number; hits: number; meanMs: number } {
  const started = performance.now();
  let done = 0;
  let hits = 0;
  let recent = 0;
  let recentMs = 0;
  // At least `count` runs and at least MIN_WARMUP_MS: on the seeds 200 questions take 20 ms,
  // less than V8 needs to finish optimising, and the first timed samples paid for it.
  const warming = () => done < Math.max(1, count) || performance.now() - started < MIN_WARMUP_MS;
  while (warming() && performance.now() - started < budgetMs) {
    const question = questions[done % questions.length] ?? '';
    const t = performance.now();
    const hit = run(question);
    const ms = performance.now() - t;
    if (done < questions.length && hit) hits++;
    // The cost estimate for planning the timed phase comes from the later, warmer half.
    if (done >= count / 2) {
      recent++;
      recentMs += ms;
    }
    done++;
  }
  const meanMs = recent > 0 ? recentMs / recent : (performance.now() - started) / done;
  return { count: done, checked: Math.min(done, questions.length), hits, meanMs };
}

interface Side {
  samples: number[];
  spentMs: number;
  open(): boolean;
}

function side(count: number, budgetMs: number): Side {
  const state: Side = {
    samples: [],
    spentMs: 0,
    open: () => state.samples.length < count && state.spentMs < budgetMs,
  };
  return state;
}

function timeSide(
  into: Side,
  questions: readonly string[],
  run: (question: string) => unknown,
): void {
  while (into.open()) {
    // Sample k of either side is always question k: both sides ask the same sequence.
    const question = questions[into.samples.length % questions.length] ?? '';
    const started = performance.now();
    run(question);
    const ms = performance.now() - started;
    into.samples.push(ms);
    into.spentMs += ms;
  }
}

/** Loads and indexes; the knowledge base is only reachable from the engine afterwards. */
async function buildEngine(dir: string, result: SizeMeasurement): Promise<Engine> {
  let started = performance.now();
  const files = await readKnowledgeFiles(dir);
  result.readMs = round(performance.now() - started, 1);
  started = performance.now();
  const kb = buildKnowledgeBase(files);
  result.chunkMs = round(performance.now() - started, 1);
  result.loadMs = round(result.readMs + result.chunkMs, 1);
  result.documents = kb.documents.length;
  result.passages = kb.passages.length;
  result.phase = 'loaded';
  progress(`${result.documents} docs → ${result.passages} passages in ${result.loadMs} ms`);
  emit(result);

  started = performance.now();
  // Served as rolebot serves a built engine (src/index-cache): passages in columns, off the heap.
  const engine = compacted(createEngine(kb));
  result.buildMs = round(performance.now() - started, 1);
  progress(`index built in ${result.buildMs} ms`);
  return engine;
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`[measure] ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
}
