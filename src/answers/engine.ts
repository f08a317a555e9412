import type { KnowledgeBase } from '../knowledge/loader.js';
import type { Passage } from '../knowledge/types.js';
import { Analyzer } from './analyzer.js';
import { ask, DEFAULT_RANKING, type RankingOptions } from './ask.js';
import { buildSearchIndex } from './search-index.js';
import type { Answer, AskOptions } from './types.js';

/** The answer engine: built once from a knowledge base, then only read. */
export interface Engine {
  ask(question: string, options?: AskOptions): Answer;
  readonly passages: readonly Passage[];
  readonly documents: number;
  /** Identifies the knowledge the engine was built from. */
  readonly fingerprint: string;
}

export function createEngine(
  knowledge: KnowledgeBase,
  ranking: RankingOptions = DEFAULT_RANKING,
): Engine {
  const analyzer = new Analyzer(knowledge.vocabulary);
  const index = buildSearchIndex(knowledge.passages, analyzer);
  return {
    ask: (question, options) => ask(question, analyzer, index, options, ranking),
    passages: knowledge.passages,
    documents: knowledge.documents.length,
    fingerprint: knowledge.fingerprint,
  };
}
