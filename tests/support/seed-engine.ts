import { fileURLToPath } from 'node:url';
import { createEngine, type Engine } from '../../src/answers/engine.js';
import { loadKnowledge } from '../../src/knowledge/loader.js';

const KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge/', import.meta.url));

let seeded: Promise<Engine> | undefined;

/** The engine over the shipped knowledge folder, built once per test file's worker. */
export function seedEngine(): Promise<Engine> {
  seeded ??= loadKnowledge(KNOWLEDGE_DIR).then((knowledge) => createEngine(knowledge));
  return seeded;
}
