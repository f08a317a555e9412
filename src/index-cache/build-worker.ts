/**
 * A worker thread that reads and indexes a knowledge folder, for reloads while the bot serves:
 * at 10,000 documents that is about a minute of CPU, which on the main thread would hold every
 * answer, acknowledgement and health check for that long. It answers with the bytes of the
 * index cache file for the engine (transferred, not copied); the main thread restores the engine
 * from them in tens of milliseconds and writes the same bytes to the cache.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine } from '../answers/engine.js';
import { KnowledgeFileError, RolebotError, type RolebotErrorCode } from '../errors.js';
import { buildKnowledgeBase, readKnowledgeFiles } from '../knowledge/loader.js';
import { encodeCacheFile } from './cache-file.js';
import { type CacheFile, storedForm } from './stored-engine.js';

export interface BuildRequest {
  dir: string;
  /** Written into the cache file with the engine, so the bytes are the file as is. */
  format: number;
  key: string;
}

/** An error as plain data: what the main thread needs to throw the same error again. */
export interface BuildFailure {
  ok: false;
  message: string;
  code?: RolebotErrorCode;
  /** A malformed knowledge file's location and problem (a KnowledgeFileError). */
  file?: string;
  line?: number;
  problem?: string;
}

export type BuildResult = { ok: true; bytes: Uint8Array } | BuildFailure;

async function build({ dir, format, key }: BuildRequest): Promise<BuildResult> {
  try {
    const files = await readKnowledgeFiles(dir);
    const knowledge = buildKnowledgeBase(files);
    files.documents = [];
    const cache: CacheFile = {
      format,
      key,
      fingerprint: knowledge.fingerprint,
      engine: storedForm(createEngine(knowledge)),
    };
    const bytes = encodeCacheFile(cache);
    return { ok: true, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  } catch (error) {
    return failure(error);
  }
}

function failure(error: unknown): BuildFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof KnowledgeFileError) {
    const { code, file, line, problem } = error;
    return { ok: false, message, code, file, line, problem };
  }
  return { ok: false, message, ...(error instanceof RolebotError ? { code: error.code } : {}) };
}

if (parentPort) {
  const result = await build(workerData as BuildRequest);
  parentPort.postMessage(result, result.ok ? [result.bytes.buffer as ArrayBuffer] : []);
}
