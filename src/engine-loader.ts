/**
 * Builds the answer engine for a knowledge folder, through an on-disk index cache. The cache is a
 * snapshot of the built engine (a bundle: JSON plus typed arrays, see bundle.ts) keyed by a hash
 * of the knowledge files' paths, sizes and modification times and of rolebot's own answer and
 * knowledge code, so start-up skips reading, parsing, chunking and indexing when nothing changed,
 * and rebuilds (then rewrites the cache) when anything did. Like make, it trusts that an edit
 * changes a size or a time; a restore is checked against the files' contents afterwards, in the
 * background. Adapters call this; the core stays free of I/O beyond reading the knowledge (a
 * restored engine reads its passage text from the cache file through the bundle's reader).
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createEngine, type Engine, type EngineSnapshot, restoreEngine } from './answers/engine.js';
import type { BuildRequest, BuildResult } from './build-worker.js';
import { decodeBundle, encodeBundle, ForeignFileError, readBundleFile } from './bundle.js';
import { RolebotError, type RolebotErrorCode } from './errors.js';
import {
  buildKnowledgeBase,
  fingerprintOf,
  type KnowledgeFileStat,
  readKnowledgeFiles,
  statKnowledgeFiles,
} from './knowledge/loader.js';
import type { Logger } from './logger.js';

/**
 * Bump when the cache file's layout or key changes (code changes are caught by the code hash).
 * 3: keyed by file sizes and times instead of contents; a bundle instead of JSON text.
 */
const CACHE_FORMAT = 3;

export interface LoadedEngine {
  engine: Engine;
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

interface CacheFile {
  format: number;
  key: string;
  engine: EngineSnapshot;
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

  if (cacheFile && key && !options.refresh) {
    const cached = await readCache(cacheFile, key, logger);
    if (cached) {
      const engine = restoreEngine(cached);
      return {
        engine,
        from: 'cache',
        ms: performance.now() - started,
        verified:
          options.verify === false
            ? Promise.resolve(true)
            : contentsMatch(knowledgeDir, engine.fingerprint, logger),
      };
    }
  }
  let engine: Engine;
  if (options.inWorker) {
    const bytes = await buildInWorker(knowledgeDir, key ?? '');
    engine = restoreEngine((decodeBundle(bytes) as CacheFile).engine);
    if (cacheFile && key) await writeCache(cacheFile, bytes, logger);
  } else {
    const files = await readKnowledgeFiles(knowledgeDir);
    // Any malformed file throws here, before anything is served.
    const knowledge = buildKnowledgeBase(files);
    // The raw text is in the passages now; letting go of it keeps indexing's peak memory down.
    files.documents = [];
    engine = createEngine(knowledge);
    if (cacheFile && key) {
      const cache: CacheFile = { format: CACHE_FORMAT, key, engine: engine.snapshot() };
      await writeCache(cacheFile, encodeBundle(cache), logger);
    }
  }
  return {
    engine,
    from: 'built',
    ms: performance.now() - started,
    verified: Promise.resolve(true),
  };
}

/** Where the cache lives unless INDEX_CACHE says otherwise: npm's conventional cache folder. */
export function defaultCacheFile(cwd: string): string {
  return path.join(cwd, 'node_modules', '.cache', 'rolebot', 'index.bin');
}

/** Reads INDEX_CACHE: unset → the default file, "off" → no cache, anything else → that file. */
export function cacheFileFrom(value: string | undefined, cwd: string): string | null {
  const wanted = value?.trim();
  if (!wanted) return defaultCacheFile(cwd);
  if (wanted.toLowerCase() === 'off') return null;
  return path.resolve(cwd, wanted);
}

/** The cache key: the knowledge files' stats and the code's hash, without reading any file. */
async function cacheKey(knowledgeDir: string): Promise<string> {
  const [stats, code] = await Promise.all([statKnowledgeFiles(knowledgeDir), codeFingerprint()]);
  return createHash('sha256').update(statsFingerprint(stats)).update(code).digest('hex');
}

function statsFingerprint(stats: readonly KnowledgeFileStat[]): string {
  const hash = createHash('sha256');
  for (const { file, size, mtimeMs } of stats) {
    hash.update(`${file}\0${size}\0${mtimeMs}\0`);
  }
  return hash.digest('hex');
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
): Promise<EngineSnapshot | undefined> {
  try {
    // Passage text stays in the file, read by range as questions quote it.
    const cache = readBundleFile(file) as Partial<CacheFile>;
    if (cache.format === CACHE_FORMAT && cache.key === key && cache.engine) return cache.engine;
    logger?.info({ file }, 'index cache is for other knowledge or code; rebuilding');
  } catch (error) {
    // No cache yet is the normal first start, and another version's cache the normal upgrade:
    // neither is worth a warning.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (error instanceof ForeignFileError) {
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
 * that long. Errors come back as messages (a malformed file's names the file and line).
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
      else
        reject(
          new RolebotError(
            (result.code as RolebotErrorCode | undefined) ?? 'knowledge_unreadable',
            result.message,
          ),
        );
    });
    worker.once('error', reject);
    // After a message this rejects a settled promise, which is a no-op.
    worker.once('exit', (code) => reject(new Error(`index build worker exited (code ${code})`)));
  });
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
    // The file format's own code.
    const bundle = fileURLToPath(import.meta.url).replace(/engine-loader\.(ts|js)$/, 'bundle.$1');
    hash.update(await readFile(bundle));
    return hash.digest('hex');
  })();
  return codeHash;
}
