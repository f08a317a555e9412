/**
 * Hot reload: the engine behind every answer can be swapped for one built from changed knowledge
 * while the bot runs. Answers are computed synchronously, so a swap can never land half-way
 * through one: a question in flight finishes on the engine it started with.
 */
import { type FSWatcher, watch } from 'node:fs';
import type { Engine } from '../answers/engine.js';
import { KnowledgeFileError } from '../errors.js';
import type { Logger } from '../logger.js';
import { type LoadedEngine, loadEngine } from './cached-engine.js';

export interface LiveEngine {
  /** Always answers with the newest good engine. */
  readonly engine: Engine;
  /** Identifies the knowledge the current engine was built from. */
  readonly fingerprint: string;
  swap(next: Pick<LoadedEngine, 'engine' | 'fingerprint'>): void;
}

export function liveEngine(initial: Pick<LoadedEngine, 'engine' | 'fingerprint'>): LiveEngine {
  let current = initial.engine;
  let fingerprint = initial.fingerprint;
  const engine: Engine = {
    ask: (question, options) => current.ask(question, options),
    owner: (thing, options) => current.owner(thing, options),
    compare: (a, b, topic) => current.compare(a, b, topic),
    summaries: () => current.summaries(),
    coverage: () => current.coverage(),
    prepareFeedback: (downVotes) => current.prepareFeedback(downVotes),
    get passages() {
      return current.passages;
    },
    get documents() {
      return current.documents;
    },
    get roles() {
      return current.roles;
    },
    get decisionRights() {
      return current.decisionRights;
    },
  };
  return {
    engine,
    get fingerprint() {
      return fingerprint;
    },
    swap: (next) => {
      current = next.engine;
      fingerprint = next.fingerprint;
    },
  };
}

export interface KnowledgeWatcher {
  close(): void;
  /** Resolves when the reload in progress (if any) has finished; for tests and shutdown. */
  settled(): Promise<void>;
}

/**
 * Watches the knowledge folder and rebuilds the engine in the background when a Markdown or
 * vocabulary file changes (changes within `debounceMs` are taken together). A folder that fails
 * to load (a malformed file) is logged with the file and line, and the previous engine keeps
 * serving until the folder is fixed. An engine restored from the index cache (the initial one,
 * given as `verified`, or a reload's) that turns out not to match the files is rebuilt from them
 * the same way, past the cache.
 */
export function watchKnowledge(options: {
  dir: string;
  live: LiveEngine;
  cacheFile: string | null;
  logger: Logger;
  debounceMs?: number;
  /** The initial engine's `LoadedEngine.verified`. */
  verified?: Promise<boolean>;
}): KnowledgeWatcher {
  const { dir, live, cacheFile, logger } = options;
  const debounceMs = options.debounceMs ?? 300;
  let timer: NodeJS.Timeout | undefined;
  // The reload loop in progress, if any: a change seen meanwhile makes it go round once more.
  let loop: Promise<void> | undefined;
  let again = false;
  // Set when the cache was caught serving stale knowledge: the next load must not trust it.
  let bypassCache = false;
  let closed = false;

  const reload = (): Promise<void> => {
    if (loop) {
      again = true;
      return loop;
    }
    loop = reloadUntilCurrent().finally(() => {
      loop = undefined;
    });
    return loop;
  };

  const reloadUntilCurrent = async (): Promise<void> => {
    do {
      again = false;
      const refresh = bypassCache;
      bypassCache = false;
      try {
        // Built in a worker: the bot keeps answering from the current engine meanwhile.
        const loaded = await loadEngine(dir, { cacheFile, logger, refresh, inWorker: true });
        const { engine, from, ms, verified } = loaded;
        if (loaded.fingerprint !== live.fingerprint) {
          live.swap(loaded);
          logger.info(
            {
              documents: engine.documents,
              passages: engine.passages.length,
              from,
              ms: Math.round(ms),
            },
            'knowledge reloaded',
          );
        }
        rebuildUnless(verified);
      } catch (error) {
        // A broken edit says where it is, so the person who made it can open that line.
        const where =
          error instanceof KnowledgeFileError ? { file: error.file, line: error.line } : {};
        logger.error(
          { err: (error as Error).message, ...where },
          'knowledge reload failed; still answering from the previous knowledge',
        );
      }
    } while (again && !closed);
  };

  const rebuildUnless = (verified: Promise<boolean>): void => {
    void verified.then((matches) => {
      if (matches || closed) return;
      bypassCache = true;
      void reload();
    });
  };
  if (options.verified) rebuildUnless(options.verified);

  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, { recursive: true }, (_event, name) => {
      if (name && !/\.(md|ya?ml)$/i.test(String(name))) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        void reload();
      }, debounceMs);
    });
    watcher.on('error', (error) =>
      logger.warn({ err: error.message }, 'knowledge watcher stopped'),
    );
  } catch (error) {
    logger.warn(
      { err: (error as Error).message },
      'cannot watch the knowledge folder; hot reload is off',
    );
  }

  return {
    close: () => {
      closed = true;
      clearTimeout(timer);
      watcher?.close();
    },
    settled: async () => {
      while (loop) await loop;
    },
  };
}
