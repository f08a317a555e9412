/**
 * Builds the answer engine for a knowledge folder, through an on-disk index cache. The cache is a
 * JSON snapshot of the built engine keyed by a hash of the knowledge files and of rolebot's own
 * answer and knowledge code, so start-up skips parsing, chunking and indexing when nothing changed,
 * and rebuilds (then rewrites the cache) when anything did. Adapters call this; the core stays
 * free of I/O beyond reading the knowledge.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, type Engine, type EngineSnapshot, restoreEngine } from './answers/engine.js';
import { buildKnowledgeBase, fingerprintOf, readKnowledgeFiles } from './knowledge/loader.js';
import type { Logger } from './logger.js';

/** Bump when the cache file's own layout changes (code changes are caught by the code hash). */
const CACHE_FORMAT = 2;

export interface LoadedEngine {
  engine: Engine;
  /** 'cache' when restored from the index cache, 'built' when indexed from the files. */
  from: 'cache' | 'built';
  ms: number;
}

interface CacheFile {
  format: number;
  key: string;
  engine: EngineSnapshot;
}

/**
 * Reads the knowledge folder and returns its engine: restored from `cacheFile` when the cache
 * matches, otherwise built and written to `cacheFile` (best effort: a read-only disk only costs
 * the next start its speed). `cacheFile: null` turns the cache off.
 */
export async function loadEngine(
  knowledgeDir: string,
  options: { cacheFile: string | null; logger?: Logger },
): Promise<LoadedEngine> {
  const started = performance.now();
  const files = await readKnowledgeFiles(knowledgeDir);
  const key = createHash('sha256')
    .update(fingerprintOf(files))
    .update(await codeFingerprint())
    .digest('hex');
  const { cacheFile, logger } = options;

  if (cacheFile) {
    const cached = await readCache(cacheFile, key, logger);
    if (cached)
      return { engine: restoreEngine(cached), from: 'cache', ms: performance.now() - started };
  }
  // Any malformed file throws here, before anything is served.
  const knowledge = buildKnowledgeBase(files);
  // The raw text is in the passages now; letting go of it keeps indexing's peak memory down.
  files.documents = [];
  const engine = createEngine(knowledge);
  if (cacheFile)
    await writeCache(cacheFile, { format: CACHE_FORMAT, key, engine: engine.snapshot() }, logger);
  return { engine, from: 'built', ms: performance.now() - started };
}

/** Where the cache lives unless INDEX_CACHE says otherwise: npm's conventional cache folder. */
export function defaultCacheFile(cwd: string): string {
  return path.join(cwd, 'node_modules', '.cache', 'rolebot', 'index.json');
}

/** Reads INDEX_CACHE: unset → the default file, "off" → no cache, anything else → that file. */
export function cacheFileFrom(value: string | undefined, cwd: string): string | null {
  const wanted = value?.trim();
  if (!wanted) return defaultCacheFile(cwd);
  if (wanted.toLowerCase() === 'off') return null;
  return path.resolve(cwd, wanted);
}

async function readCache(
  file: string,
  key: string,
  logger: Logger | undefined,
): Promise<EngineSnapshot | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const cache = JSON.parse(text) as Partial<CacheFile>;
    if (cache.format === CACHE_FORMAT && cache.key === key && cache.engine) return cache.engine;
    logger?.info({ file }, 'index cache is for other knowledge or code; rebuilding');
  } catch (error) {
    logger?.warn({ file, err: (error as Error).message }, 'index cache is unreadable; rebuilding');
  }
  return undefined;
}

async function writeCache(
  file: string,
  cache: CacheFile,
  logger: Logger | undefined,
): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    // Written beside and renamed into place, so a reader never sees half a file.
    const partial = `${file}.${process.pid}.tmp`;
    await writeFile(partial, JSON.stringify(cache));
    await rename(partial, file);
  } catch (error) {
    logger?.warn({ file, err: (error as Error).message }, 'could not write the index cache');
  }
}

let codeHash: Promise<string> | undefined;

/**
 * A hash of the code that decides what the index contains (src/answers and src/knowledge, or
 * their compiled form), so a cache built by other code is never restored.
 */
function codeFingerprint(): Promise<string> {
  codeHash ??= (async () => {
    const hash = createHash('sha256');
    const here = path.dirname(fileURLToPath(import.meta.url));
    for (const folder of ['answers', 'knowledge']) {
      const dir = path.join(here, folder);
      const names = (await readdir(dir)).filter((name) => /\.(ts|js)$/.test(name)).sort();
      for (const name of names) hash.update(name).update(await readFile(path.join(dir, name)));
    }
    return hash.digest('hex');
  })();
  return codeHash;
}
