// The memory of a serving process: the engine restored from the index cache (as the Docker image
// starts), one question answered, then a full GC, then heap and RSS. Run with --expose-gc; prints
// one JSON line.
import { loadEngine } from '../src/engine-loader.js';
import { megabytes } from './stats.js';

const [dir, cacheFile, question = 'who owns the roadmap?'] = process.argv.slice(2);
if (!dir || !cacheFile) throw new Error('usage: measure-restore.ts <dir> <cache file> [question]');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const { engine, from, ms } = await loadEngine(dir, { cacheFile, verify: false });
const answered = engine.ask(question).answered;
gc();
gc();
const usage = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({
    from,
    loadMs: Math.round(ms),
    answered,
    passages: engine.passages.length,
    rssMB: megabytes(usage.rss),
    heapUsedMB: megabytes(usage.heapUsed),
    externalMB: megabytes(usage.external),
  })}\n`,
);
