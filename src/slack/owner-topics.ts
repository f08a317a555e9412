import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Engine } from '../answers/engine.js';
import { ASPECTS_FILE, parseAspects } from '../knowledge/aspects.js';

/** One thing someone can ask "who owns …?" about, as the "Who owns…?" menu offers it. */
export interface OwnerTopic {
  /** What the menu shows ("Product backlog"). */
  label: string;
  /** What is asked (`engine.owner(value)`); also the option's value (≤ 150 chars). */
  value: string;
}

/**
 * Somewhere topics come from. The knowledge gives two (its aspects, and the duties its passages
 * assign); a future source of organisational decision rights is one more of these, passed to
 * `ownerTopics` beside them.
 */
export interface TopicSource {
  name: string;
  /** Candidate topics, most relevant first; each is kept only if the knowledge names an owner. */
  topics(engine: Engine): Iterable<string>;
}

const MAX_CANDIDATES = 200;
const MAX_VALUE = 150;

/**
 * Every topic the sources offer for which the engine gives a verdict (an owning role), each once
 * (case and spacing aside), in the sources' order. A topic no source-backed verdict settles is
 * never offered, so every choice in the menu leads to an answer.
 */
export function ownerTopics(engine: Engine, sources: readonly TopicSource[]): OwnerTopic[] {
  const steps = settle(engine, sources);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/** `ownerTopics` a few verdicts at a time, letting requests in between (for a warm-up). */
export async function ownerTopicsInSlices(
  engine: Engine,
  sources: readonly TopicSource[],
  slice = 10,
): Promise<OwnerTopic[]> {
  const steps = settle(engine, sources);
  for (let i = 1; ; i += 1) {
    const step = steps.next();
    if (step.done) return step.value;
    if (i % slice === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Yields after each verdict asked; returns the topics. */
function* settle(engine: Engine, sources: readonly TopicSource[]): Generator<void, OwnerTopic[]> {
  const seen = new Set<string>();
  const topics: OwnerTopic[] = [];
  let tried = 0;
  for (const source of sources) {
    for (const candidate of source.topics(engine)) {
      const value = candidate.replace(/\s+/g, ' ').trim().toLowerCase().slice(0, MAX_VALUE);
      // A gerund ("prioritising") repeats a noun already offered ("priorities").
      if (value.length < 3 || seen.has(value) || /^\S+ing\b/.test(value)) continue;
      seen.add(value);
      if (++tried > MAX_CANDIDATES) return topics;
      const verdict = engine.owner(value).answer;
      yield;
      if (!verdict.answered || verdict.owner.role === null) continue;
      topics.push({ label: capitalise(value), value });
    }
  }
  return topics;
}

/** The topics matching what someone typed: those starting with it first, then containing it. */
export function matchTopics(
  topics: readonly OwnerTopic[],
  typed: string,
  limit = 100,
): OwnerTopic[] {
  const query = typed.replace(/\s+/g, ' ').trim().toLowerCase();
  if (!query) return topics.slice(0, limit);
  const starts = topics.filter((topic) => topic.value.startsWith(query));
  const contains = topics.filter(
    (topic) => !topic.value.startsWith(query) && topic.value.includes(query),
  );
  return [...starts, ...contains].slice(0, limit);
}

/** The duties of knowledge/aspects.yml, then the words of the aspects that have a duty. */
export function aspectTopics(knowledgeDir: string): TopicSource {
  return {
    name: 'aspects',
    topics: () => {
      const file = path.join(knowledgeDir, ASPECTS_FILE);
      let aspects: ReturnType<typeof parseAspects>;
      try {
        aspects = parseAspects(file, readFileSync(file, 'utf8'));
      } catch {
        return [];
      }
      const withDuty = aspects.filter((aspect) => aspect.duty);
      return [
        ...withDuty.map((aspect) => aspect.duty ?? ''),
        ...withDuty.flatMap((aspect) => aspect.words),
      ];
    },
  };
}

/** "owns the product roadmap", "responsible for the on-time delivery": what follows such verbs. */
const DUTY =
  /\b(?:owns?|owning|responsible for|in charge of|accountable for|manages?|managing|maintains?|defines?|sets?|prioriti[sz]es?)\s+(?:the\s+|a\s+|an\s+|all\s+)?((?:product\s+)?[a-z][a-z-]{2,}(?:\s+(?!and\b|or\b|of\b|to\b|for\b|with\b|in\b)[a-z][a-z-]{2,})?)/gi;
/** Words that make a phrase a clause or a filler, not a thing someone owns. */
const NOT_A_TOPIC = new Set([
  'that',
  'the',
  'this',
  'their',
  'them',
  'they',
  'what',
  'how',
  'which',
  'its',
  'sure',
  'out',
  'aspects',
  'overall',
  'development',
  'success',
  'outcome',
  'relevance',
  'expectations',
  'plans',
]);
/** Passages read for duties; at most this many, so a very large knowledge base stays cheap. */
const MAX_PASSAGES = 5_000;

/** The things the passages give a role, most often named first. */
export const passageDutyTopics: TopicSource = {
  name: 'passage duties',
  topics: (engine) => {
    const counts = new Map<string, number>();
    for (const passage of engine.passages.slice(0, MAX_PASSAGES)) {
      for (const match of passage.text.matchAll(DUTY)) {
        const phrase = (match[1] ?? '').toLowerCase();
        const words = phrase.split(' ');
        // "ensuring that", "managing the", "product": clauses and fillers, not duties.
        if (phrase === 'product' || words.some((w) => w.endsWith('ing') || NOT_A_TOPIC.has(w)))
          continue;
        counts.set(phrase, (counts.get(phrase) ?? 0) + 1);
      }
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([phrase]) => phrase);
  },
};

/** The menu's topics, worked out once per knowledge version. */
export interface TopicList {
  /** The topics now (worked out on the spot if the warm-up has not finished). */
  (): OwnerTopic[];
  /** Works them out in slices, between requests; resolves when they are ready. */
  warm(): Promise<void>;
}

/** `ownerTopics` over the knowledge's sources (and any `extra`), kept per knowledge version. */
export function knowledgeTopics(
  engine: Engine,
  knowledgeDir: string,
  extra: readonly TopicSource[] = [],
): TopicList {
  const sources = [aspectTopics(knowledgeDir), passageDutyTopics, ...extra];
  // The knowledge version is the passage list itself: a hot reload swaps in a new one.
  let cached: { version: readonly unknown[]; topics: OwnerTopic[] } | undefined;
  const list = (() => {
    if (cached?.version !== engine.passages) {
      cached = { version: engine.passages, topics: ownerTopics(engine, sources) };
    }
    return cached.topics;
  }) as TopicList;
  list.warm = async () => {
    const version = engine.passages;
    const topics = await ownerTopicsInSlices(engine, sources);
    if (engine.passages === version && cached?.version !== version) cached = { version, topics };
  };
  return list;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
