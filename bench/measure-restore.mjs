// The memory of a serving process: the engine restored from the index cache by the compiled
// code (as the Docker image starts), one question answered, then a full GC, then heap and RSS.
// Plain JavaScript, run with `node --expose-gc`, so no TypeScript loader sits in the process.
// Prints one JSON line.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [compiled, dir, cacheFile, question = 'who owns the roadmap?'] = process.argv.slice(2);
if (!compiled || !dir || !cacheFile) {
  throw new Error(
    'usage: measure-restore.mjs <compiled dir> <knowledge dir> <cache file> [question]',
  );
}
const gc = globalThis.gc;
if (!gc) throw new Error('run with node --expose-gc');

const { loadEngine } = await import(
  pathToFileURL(path.join(compiled, 'index-cache', 'cached-engine.js')).href
);
const { engine, from, ms } = await loadEngine(dir, { cacheFile, verify: false });
const answered = engine.ask(question).answered;
gc();
gc();
const usage = process.memoryUsage();
const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;
process.stdout.write(
  `${JSON.stringify({
    from,
    loadMs: Math.round(ms),
    answered,
    passages: engine.passages.length,
    rssMB: mb(usage.rss),
    heapUsedMB: mb(usage.heapUsed),
    externalMB: mb(usage.external),
  })}\n`,
);
