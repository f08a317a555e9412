/**
 * What the index cache is keyed on: the knowledge files' paths, sizes and modification times (as
 * make and ccache trust them, so a start reads no Markdown) and a hash of the code (and the
 * English data) that decides what an index contains, so a cache written by other code is never
 * restored.
 */
import { createHash } from 'node:crypto';
import { type Stats, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { resourcesFolder } from '../knowledge/english.js';
import { listKnowledgeFiles, unreadable } from '../knowledge/loader.js';

/** What identifies a knowledge file's content without reading it. */
export interface KnowledgeFileStat {
  file: string;
  size: number;
  mtimeMs: number;
}

/** The cache key: the knowledge files' stats and the code's hash, without reading any file. */
export async function cacheKey(knowledgeDir: string): Promise<string> {
  const [stats, code] = await Promise.all([statKnowledgeFiles(knowledgeDir), indexingCodeHash()]);
  const hash = createHash('sha256');
  for (const { file, size, mtimeMs } of stats) hash.update(`${file}\0${size}\0${mtimeMs}\0`);
  return hash.update(code).digest('hex');
}

/**
 * Sizes and modification times of exactly the files the loader reads, in its order, without
 * reading them: cheap enough to key the index cache on at every start.
 */
export async function statKnowledgeFiles(dir: string): Promise<KnowledgeFileStat[]> {
  const names = await listKnowledgeFiles(dir);
  const files = [
    ...names.documents,
    ...(names.vocabulary ? [names.vocabulary] : []),
    ...(names.aspects ? [names.aspects] : []),
    ...(names.glossary ? [names.glossary] : []),
    ...(names.decisionRights ? [names.decisionRights] : []),
  ];
  // Synchronous stats, in batches with a turn of the event loop between them: a stat from the
  // page cache costs a few microseconds, far less than a round trip through libuv's thread pool
  // (10,000 files: ~80 ms, against ~150 ms with 32 async stats in flight).
  const stats: KnowledgeFileStat[] = [];
  for (const file of files) {
    if (stats.length > 0 && stats.length % STAT_BATCH === 0) await yieldToEventLoop();
    let found: Stats;
    try {
      found = statSync(path.join(dir, file));
    } catch (error) {
      throw unreadable(file, error);
    }
    stats.push({ file, size: found.size, mtimeMs: found.mtimeMs });
  }
  return stats;
}

/** Stats between two turns of the event loop: ~10 ms of work at most. */
const STAT_BATCH = 1_000;

/**
 * The folders (beside this one, under src/ or its compiled form) whose code decides what a cache
 * file holds: the knowledge loader and chunker, the analyzer and index, and this folder's file
 * format.
 */
const INDEXING_CODE = ['knowledge', 'answers', 'index-cache'] as const;

let ownCodeHash: Promise<string> | undefined;

/**
 * The indexing code, and the English data the analyzer is made with (src/knowledge/english.ts):
 * it decides an index's terms as much as the code does. Megabytes, so keyed by stats like the
 * knowledge.
 */
function indexingCodeHash(): Promise<string> {
  const code = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  ownCodeHash ??= Promise.all([
    codeHash(INDEXING_CODE.map((folder) => path.join(code, folder))),
    dataStamp([fileURLToPath(resourcesFolder())]),
  ]).then((parts) => parts.join('\0'));
  return ownCodeHash;
}

/** Every file under the folders by path, size and modification time; a missing folder counts. */
export async function dataStamp(folders: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const folder of folders) {
    hash.update(`${path.basename(folder)}\0`);
    let names: string[];
    try {
      names = (await readdir(folder, { recursive: true })).sort();
    } catch {
      hash.update('missing\0');
      continue;
    }
    for (const name of names) {
      const found = statSync(path.join(folder, name));
      if (found.isFile()) hash.update(`${name}\0${found.size}\0${found.mtimeMs}\0`);
    }
  }
  return hash.digest('hex');
}

/**
 * A hash of every source file (`.ts`, `.js`) under the folders, subfolders included, by path and
 * content: moving, adding or editing a file anywhere below them changes it.
 */
export async function codeHash(folders: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const folder of folders) {
    const names = (await readdir(folder, { recursive: true }))
      .filter((name) => /\.(ts|js)$/.test(name))
      .map((name) => name.split(path.sep).join('/'))
      .sort();
    hash.update(`${path.basename(folder)}\0`);
    for (const name of names) {
      hash
        .update(`${name}\0`)
        .update(await readFile(path.join(folder, name)))
        .update('\0');
    }
  }
  return hash.digest('hex');
}
