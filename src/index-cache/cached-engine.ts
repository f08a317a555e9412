/**
 * Builds the answer engine for a knowledge folder through an on-disk index cache. The cache file
 * holds the built engine in its stored form (stored-engine.ts, in the format of cache-file.ts),
 * keyed on the knowledge files' stats and the indexing code (cache-key.ts), so start-up skips
 * reading, parsing, chunking and indexing when nothing changed, and rebuilds (then rewrites the
 * cache) when anything did. Like make, it trusts that an edit changes a size or a time; a restore
 * is checked against the files' contents afterwards, in the background.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createEngine, type Engine } from '../answers/engine.js';
import { KnowledgeFileError, RolebotError } from '../errors.js';
import { buildKnowledgeBase, fingerprintOf, readKnowledgeFiles } from '../knowledge/loader.js';
import type { Logger } from '../logger.js';
import type { BuildFailure, BuildRequest, BuildResult } from './build-worker.js';
import { decodeCacheFile, encodeCacheFile, readCacheFile } from './cache-file.js';
import { cacheKey } from './cache-key.js';
import { type CacheFile, compacted, fromStoredForm, storedForm } from './stored-engine.js';

/**
 * Bump when the cache file's layout or key changes (code changes are caught by the code hash).
 * 4: the knowledge fingerprint beside the engine rather than in it.
 */
const CACHE_FORMAT = 4;

export interface LoadedEngine {
  engine: Engine;
  /** Identifies the knowledge the engine was built from (sha256 over the files' contents). */
  fingerprint: string;
  /** 'cache' when restored from the index cache, 'built' when indexed from the files. */
  from: 'cache' | 'built';
  ms: number;
  /**
   * Whether the engine matches the files' contents: true at once when built from them; for a
   * restore, settled later by a background read of the files, false when one changed without
   * changing its size or time (or could not be read). On false, load again with `refresh`.
   * Never rejects, so it is safe to ignore.
   */
  verified: Promise<boolean>;
}

/**
 * Returns the engine for the knowledge folder: restored from `cacheFile` when the files' sizes
 * and times match the cache's, otherwise read, built and written to `cacheFile` (best effort: a
 * read-only disk only costs the next start its speed). `cacheFile: null` turns the cache off;
 * `refresh` builds from the files whatever the cache says, and rewrites it.
 */
export async function loadEngine(
  knowledgeDir: string,
  options: {
    cacheFile: string | null;
    logger?: Logger;
    refresh?: boolean;
    /**
     * Check a restore against the files' contents in the background (default true). A one-shot
     * command answers and exits; reading every file after its answer would only delay the exit.
     */
    verify?: boolean;
    /** Build in a worker thread, so this one keeps answering meanwhile (hot reload). */
    inWorker?: boolean;
  },
): Promise<LoadedEngine> {
  const started = performance.now();
  const { cacheFile, logger } = options;
  const key = cacheFile ? await cacheKey(knowledgeDir) : undefined;
  const loaded = (
    cache: CacheFile,
    from: LoadedEngine['from'],
    verified: Promise<boolean>,
  ): LoadedEngine => ({
    engine: fromStoredForm(cache.engine),
    fingerprint: cache.fingerprint,
    from,
    ms: performance.now() - started,
    verified,
  });

  if (cacheFile && key && !options.refresh) {
    const cached = await readCache(cacheFile, key, logger);
    if (cached) {
      const verified =
        options.verify === false
          ? Promise.resolve(true)
          : contentsMatch(knowledgeDir, cached.fingerprint, logger);
      return loaded(cached, 'cache', verified);
    }
  }
  if (options.inWorker) {
    const bytes = await buildInWorker(knowledgeDir, key ?? '');
    if (cacheFile && key) await writeCache(cacheFile, bytes, logger);
    return loaded(decodeCacheFile(bytes) as CacheFile, 'built', Promise.resolve(true));
  }
  const files = await readKnowledgeFiles(knowledgeDir);
  // Any malformed file throws here, before anything is served.
  const knowledge = buildKnowledgeBase(files);
  // The raw text is in the passages now; letting go of it keeps indexing's peak memory down.
  files.documents = [];
  const engine = compacted(createEngine(knowledge));
  if (cacheFile && key) {
    const cache: CacheFile = {
      format: CACHE_FORMAT,
      key,
      fingerprint: knowledge.fingerprint,
      engine: storedForm(engine),
    };
    await writeCache(cacheFile, encodeCacheFile(cache), logger);
  }
  return {
    engine,
    fingerprint: knowledge.fingerprint,
    from: 'built',
    ms: performance.now() - started,
    verified: Promise.resolve(true),
  };
}

/**
 * Reads the files a restore trusted by their stats and compares their content fingerprint with
 * the restored engine's. Nobody may be waiting on the answer (the CLI never is), so it never
 * rejects: an error is logged and counts as a mismatch.
 */
async function contentsMatch(
  knowledgeDir: string,
  fingerprint: string,
  logger: Logger | undefined,
): Promise<boolean> {
  try {
    const files = await readKnowledgeFiles(knowledgeDir);
    if (fingerprintOf(files) === fingerprint) return true;
    const count = files.documents.length + (files.vocabulary ? 1 : 0) + (files.aspects ? 1 : 0);
    logger?.warn(
      { files: count },
      'index cache is stale: a knowledge file changed without changing its size or time',
    );
  } catch (error) {
    logger?.warn(
      { err: (error as Error).message },
      'could not check the index cache against the knowledge files',
    );
  }
  return false;
}

async function readCache(
  file: string,
  key: string,
  logger: Logger | undefined,
): Promise<CacheFile | undefined> {
  try {
    // Passage text stays in the file, read by range as questions quote it.
    const cache = readCacheFile(file) as Partial<CacheFile>;
    if (cache.format === CACHE_FORMAT && cache.key === key && cache.engine && cache.fingerprint) {
      return cache as CacheFile;
    }
    logger?.info({ file }, 'index cache is for other knowledge or code; rebuilding');
  } catch (error) {
    // No cache yet is the normal first start, and another version's cache the normal upgrade:
    // neither is worth a warning.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (error instanceof RolebotError && error.code === 'cache_foreign') {
      logger?.info({ file }, 'index cache is in another format; rebuilding');
      return undefined;
    }
    logger?.warn({ file, err: (error as Error).message }, 'index cache is unreadable; rebuilding');
  }
  return undefined;
}

async function writeCache(
  file: string,
  bytes: Uint8Array,
  logger: Logger | undefined,
): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    // Written beside and renamed into place, so a reader never sees half a file.
    const partial = `${file}.${process.pid}.tmp`;
    await writeFile(partial, bytes);
    await rename(partial, file);
  } catch (error) {
    logger?.warn({ file, err: (error as Error).message }, 'could not write the index cache');
  }
}

/**
 * Builds the engine in a worker thread and hands back the cache file's bytes for it. Indexing
 * 10,000 documents takes about a minute of CPU; on this thread it would hold every answer for
 * that long. A failure comes back as the same error it was in the worker: a malformed file's
 * still names its file and line.
 */
async function buildInWorker(dir: string, key: string): Promise<Uint8Array> {
  const here = fileURLToPath(import.meta.url);
  const entry = path.join(path.dirname(here), `build-worker${path.extname(here)}`);
  const workerData: BuildRequest = { dir, format: CACHE_FORMAT, key };
  const worker = entry.endsWith('.ts')
    ? // Run from source (tests, tsx), the worker registers the TypeScript loader first; a
      // worker does not inherit the loader the main thread was started with.
      new Worker(
        `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})` +
          `.then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(entry).href)}); });`,
        { eval: true, workerData },
      )
    : new Worker(entry, { workerData });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: BuildResult) => {
      if (result.ok) resolve(result.bytes);
      else reject(errorFrom(result));
    });
    worker.once('error', (error) =>
      reject(
        new RolebotError('build_failed', `index build worker failed: ${error.message}`, {
          cause: error,
        }),
      ),
    );
    // After a message this rejects a settled promise, which is a no-op.
    worker.once('exit', (code) =>
      reject(new RolebotError('build_failed', `index build worker exited (code ${code})`)),
    );
  });
}

/** The worker's error as it was thrown there (errors lose their class crossing threads). */
function errorFrom(failure: BuildFailure): RolebotError {
  if (failure.file !== undefined && failure.line !== undefined) {
    return new KnowledgeFileError(failure.file, failure.line, failure.problem ?? failure.message);
  }
  return new RolebotError(failure.code ?? 'build_failed', failure.message);
}
