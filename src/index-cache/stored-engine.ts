/**
 * An engine in the form the cache file holds: the engine's data (src/answers/engine.ts) with its
 * passages laid out in columns, their text as bytes that may stay on disk.
 */
import { type Engine, type EngineData, engineData, engineFromData } from '../answers/engine.js';
import { type PassageColumns, passageColumns, storedPassages } from './passage-columns.js';

export interface StoredEngine extends Omit<EngineData, 'passages'> {
  passages: PassageColumns;
}

/** What the cache file holds: the engine, and what it was built from. */
export interface CacheFile {
  format: number;
  key: string;
  /** The knowledge files' content fingerprint, to check a restore against the files. */
  fingerprint: string;
  engine: StoredEngine;
}

/** The engine taken apart for the cache file. */
export function storedForm(engine: Engine): StoredEngine {
  const data = engineData(engine);
  return { ...data, passages: passageColumns(data.passages) };
}

/** The engine back from the cache file's form; its passages read their columns on use. */
export function fromStoredForm(stored: StoredEngine): Engine {
  return engineFromData({ ...stored, passages: storedPassages(stored.passages) });
}

/**
 * The engine served as a restore from the cache would be: passages in columns, their text off
 * the JS heap. At 10,000 documents that is a heap of ~15 MB instead of ~145 MB, which every
 * garbage collection would otherwise walk mid-question.
 */
export function compacted(engine: Engine): Engine {
  return fromStoredForm(storedForm(engine));
}
