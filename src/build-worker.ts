/**
 * A worker thread that reads and indexes a knowledge folder, for reloads while the bot serves:
 * at 10,000 documents that is about a minute of CPU, which on the main thread would hold every
 * answer, acknowledgement and health check for that long. It answers with the bytes of the
 * index cache file for the engine (transferred, not copied); the main thread restores the engine
 * from them in tens of milliseconds and writes the same bytes to the cache.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine } from './answers/engine.js';
import { encodeBundle } from './bundle.js';
import { RolebotError } from './errors.js';
import { buildKnowledgeBase, readKnowledgeFiles } from './knowledge/loader.js';

export interface BuildRequest {
  dir: string;
  /** Written into the cache file with the snapshot, so the bytes are the file as is. */
  format: number;
  key: string;
}

export type BuildResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; message: string; code?: string };

async function build({ dir, format, key }: BuildRequest): Promise<BuildResult> {
  try {
    const files = await readKnowledgeFiles(dir);
    const knowledge = buildKnowledgeBase(files);
    files.documents = [];
    const engine = createEngine(knowledge).snapshot();
    const bytes = encodeBundle({ format, key, engine });
    return { ok: true, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  } catch (error) {
    // A malformed file's message names the file and line: that is what the reload logs.
    return {
      ok: false,
      message: (error as Error).message,
      ...(error instanceof RolebotError ? { code: error.code } : {}),
    };
  }
}

if (parentPort) {
  const result = await build(workerData as BuildRequest);
  parentPort.postMessage(result, result.ok ? [result.bytes.buffer as ArrayBuffer] : []);
}
