import { beforeAll, describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/answers/analyzer.js';
import { createEngine, type Engine } from '../../src/answers/engine.js';
import { alikeWordsOf, expansionsOf } from '../../src/answers/expansions.js';
import { readQuestion } from '../../src/answers/question.js';
import { buildSearchIndex, type SearchIndex } from '../../src/answers/search-index.js';
import { englishLexicon } from '../../src/knowledge/english.js';
import { type KnowledgeBase, loadKnowledge } from '../../src/knowledge/loader.js';

let knowledge: KnowledgeBase;
let engine: Engine;
let built: SearchIndex | undefined;
const index = (): SearchIndex => {
  built ??= buildSearchIndex(
    knowledge.passages,
    new Analyzer(knowledge.vocabulary, englishLexicon()),
  );
  return built;
};

/** The stand-ins the question's reading gives one of its terms. */
const standInsFor = (text: string, term: string) => {
  const analyzer = new Analyzer(knowledge.vocabulary, englishLexicon());
  return expansionsOf(readQuestion(text, analyzer), analyzer, index()).get(term) ?? [];
};

beforeAll(async () => {
  knowledge = await loadKnowledge('knowledge');
  engine = createEngine(knowledge);
});

describe('general English in the analyzer', () => {
  it('keeps the words that compare and relate the roles, weighed below the topic', () => {
    const analyzer = new Analyzer(knowledge.vocabulary, englishLexicon());
    const question = readQuestion(
      'who has more contact with people outside the company?',
      analyzer,
    );
    expect(question.terms).toContain('more');
    expect(question.weights.get('more')).toBeLessThan(question.weights.get('contact') ?? 0);
    // "The Product Manager often interacts with a lot more external stakeholders."
    expect(engine.ask('who has more contact with people outside the company?').owner.role).toBe(
      'product-manager',
    );
  });

  it('weighs adverbs and the commonest words below nouns, and keeps unlisted words whole', () => {
    const english = englishLexicon();
    expect(english.contentWeight('usually')).toBeLessThan(0.3);
    expect(english.contentWeight('basically')).toBeLessThan(0.3);
    expect(english.contentWeight('backlog')).toBe(1);
    expect(english.contentWeight('roadmap')).toBe(1);
    expect(english.contentWeight('way')).toBeLessThan(english.contentWeight('backlog'));
    expect(english.contentWeight('zzqxv')).toBe(1);
  });

  it('knows which words English uses mostly for actions', () => {
    const english = englishLexicon();
    for (const word of ['kill', 'kills', 'juggle', 'chopping'])
      expect(english.namesAction(word)).toBe(true);
    for (const word of ['template', 'roadmap', 'standup', 'zzqxv'])
      expect(english.namesAction(word)).toBe(false);
  });

  it('answers a duty put in a verb the articles never use, and still not a thing they never name', () => {
    const duty = engine.ask('who kills bad ideas');
    expect(duty.answered).toBe(true);
    expect(duty.passages[0]?.sentence).toContain("spot ideas that won't work early");
    expect(engine.ask('who runs the quarterly offsite?').answered).toBe(false);
  });

  it('expands chat shorthand the same way in questions and documents', () => {
    const analyzer = new Analyzer(knowledge.vocabulary, englishLexicon());
    expect(analyzer.terms('lol who owns the backlog tbh')).toEqual(
      analyzer.terms('who owns the backlog'),
    );
    // An apostrophe is inside a word: "we're" keeps its "re" (not "regarding").
    expect(analyzer.analyze("the thing we're building").words).toContain("we're");
    expect(analyzer.analyze('re: the roadmap').words).toContain('regarding');
    // The organisation's synonyms come first: "prod mgr" stays a product manager.
    expect(analyzer.terms('prod mgr')).toEqual(['product_manager']);
    // Discourse markers say nothing of the topic: "imo" must not make "opinion" one.
    expect(analyzer.terms('does the pm need to be technical imo, wdyt')).toEqual(
      analyzer.terms('does the pm need to be technical'),
    );
    expect(analyzer.terms('can grads b pms')).toEqual(analyzer.terms('can graduates be pms'));
    // A chat spelling is no name the sources never mention.
    expect(analyzer.terms('wats a po')).toEqual(analyzer.terms("what's a po"));
    expect(engine.ask('wats a prod mgr in 1 line pls').answered).toBe(true);
    expect(analyzer.terms('day2day ops')).toEqual(analyzer.terms('day to day ops'));
    expect(analyzer.terms('who shud own the strat, feedback frm every1')).toEqual(
      analyzer.terms('who should own the strategy, feedback from everyone'),
    );
    expect(analyzer.terms('can sum1 say how pos and pms work 2gether')).toEqual(
      analyzer.terms('can someone say how pos and pms work together'),
    );
    expect(analyzer.terms('hw do pms cut down risk, whr do they start')).toEqual(
      analyzer.terms('how do pms cut down risk, where do they start'),
    );
    expect(analyzer.terms('pm vs po, i cant tell teh difference')).toEqual(
      analyzer.terms('pm vs po, i cannot tell the difference'),
    );
    expect(engine.ask('pm vs po whats the diff tbh i cant tell').answered).toBe(true);
    // A dropped "g", where English lists the word with it; "begin" is a word already.
    expect(analyzer.terms('callin communicatin')).toEqual(analyzer.terms('calling communicating'));
    expect(analyzer.terms('begin')).toEqual(['begin']);
    expect(analyzer.terms('does the pm gotta be techy')).toEqual(
      analyzer.terms('does the pm got to be technical'),
    );
  });

  it('lets filler not decide the ranking: the same top passage with or without it', () => {
    const plain = engine.ask('who prioritises the backlog?').passages[0]?.id;
    const padded = engine.ask('who usually basically prioritises the backlog, honestly?')
      .passages[0]?.id;
    expect(padded).toBe(plain);
    // With only filler beside the role, the question asks what the role is: answered as such,
    // not "I don't know" because no passage says "honestly".
    expect(engine.ask('what does a PM honestly do?').passages[0]?.id).toBe(
      engine.ask('what does a PM do?').passages[0]?.id,
    );
  });
});

describe('stand-ins for words the knowledge lacks', () => {
  it('searches a word the articles never use through its glossary neighbours they do use', () => {
    // The articles never say "OKRs"; the glossary relates them to objectives and goals.
    const analyzer = new Analyzer(knowledge.vocabulary, englishLexicon());
    const okrs = expansionsOf(readQuestion('who owns the OKRs?', analyzer), analyzer, index());
    expect(okrs.get('okr')?.map((e) => e.term)).toEqual(expect.arrayContaining(['goal', 'object']));
    // OKRs are one kind of goal: "goals" is their broader term, a hint rather than the word.
    expect(okrs.get('okr')?.every((e) => e.via !== 'meaning' && e.weight < 1)).toBe(true);
    expect(okrs.get('okr')?.find((e) => e.term === 'goal')?.via).toBe('broader');
    // A word the articles use is searched as typed, never through its neighbours.
    const backlog = expansionsOf(
      readQuestion('who owns the backlog?', analyzer),
      analyzer,
      index(),
    );
    expect(backlog.size).toBe(0);
  });

  it('answers who owns the deadlines from what the articles say of timelines', () => {
    // The articles never say "deadline"; the glossary puts deadlines and due dates in a timeline.
    const answer = engine.ask("who's on the hook for deadlines?");
    expect(answer.answered).toBe(true);
    expect(answer.passages[0]?.text).toContain('influence the timelines');
    expect(answer.owner.role).not.toBeNull();
    // A date asked for is still a fact the articles never state.
    expect(engine.ask("what's the deadline for the Q2 release?").answered).toBe(false);
  });

  it("reads facing inward or outward as the articles' internal and external", () => {
    const answer = engine.ask('which job looks outward and which looks inward');
    expect(answer.answered).toBe(true);
    expect(answer.passages[0]?.text).toMatch(/internal/);
  });

  it('stands in for a word only through close neighbours, so an unrelated topic stays uncovered', () => {
    const analyzer = new Analyzer(knowledge.vocabulary, englishLexicon());
    const buyers = expansionsOf(
      readQuestion('who talks to the buyers?', analyzer),
      analyzer,
      index(),
    );
    expect(buyers.get('buyer')?.map((e) => e.term)).toContain('custom');
    // "weather" is spelt right, so it is not taken for a typo of "whether".
    expect(engine.ask("what's the weather like tomorrow?").answered).toBe(false);
  });
});

describe('stand-ins that would make an uncovered question look covered', () => {
  it('never stands in for a word with another word the question asks about anyway', () => {
    // The glossary relates kanban to scrum boards; in "kanban or scrum?" that says nothing.
    const analyzer = new Analyzer(knowledge.vocabulary, englishLexicon());
    const both = expansionsOf(
      readQuestion("what's the difference between kanban and scrum?", analyzer),
      analyzer,
      index(),
    );
    expect(both.get('kanban')?.map((e) => e.term) ?? []).not.toContain('scrum');
  });

  it('uses a phrase of the glossary only where the knowledge has all its words', () => {
    // "task board" is a kanban board; "task" alone is a different thing the articles discuss.
    const analyzer = new Analyzer(knowledge.vocabulary, englishLexicon());
    const kanban = expansionsOf(readQuestion('kanban tips?', analyzer), analyzer, index());
    expect(kanban.get('kanban')?.map((e) => e.term) ?? []).not.toContain('task');
  });
});

describe('hostile words', () => {
  it('takes no term from a "word" longer than any word people search for', () => {
    const analyzer = new Analyzer(knowledge.vocabulary, englishLexicon());
    expect(analyzer.terms(`who owns the ${'x'.repeat(41)} backlog`)).toEqual(['own', 'backlog']);
    expect(analyzer.terms('internationalization')).toHaveLength(1);
  });
});

describe('word families the stemmer keeps apart', () => {
  it('stands in for a word the knowledge lacks with another form of it', () => {
    const analyzer = new Analyzer(knowledge.vocabulary, englishLexicon());
    // The articles say "success" and "successful", never "succeeding".
    const family = expansionsOf(
      readQuestion("who's on the hook for the product succeeding?", analyzer),
      analyzer,
      index(),
    );
    expect(family.get('succeed')?.find((e) => e.via === 'family')?.term).toMatch(/^succe/);
    expect(engine.ask("who's on the hook for the product succeeding?").owner.role).toBe(
      'product-manager',
    );
  });

  it("finds a word's family through what a noun suffix leaves, beside its glossary neighbours", () => {
    // The articles say "leaders", never "leadership"; the glossary's neighbours ("leading") are
    // other words, the family is the same one.
    const leadership = standInsFor('does a project manager need leadership skills?', 'leadership');
    expect(leadership.some((e) => e.via === 'glossary')).toBe(true);
    expect(leadership.find((e) => e.via === 'family')?.term).toBe('leader');
    expect(
      engine.ask('does a project manager need leadership skills?').passages[0]?.text,
    ).toContain('skilled leaders');
  });

  it('finds the passage that gives a count in figures for a question that spells it out', () => {
    // The article: "Product managers typically works in the 3 core disciplines…".
    const answer = engine.ask('what three areas does a product manager straddle?');
    expect(answer.passages.map((p) => p.text).join(' ')).toContain('3 core disciplines');
  });

  it('finds no family for a word and a particle run together', () => {
    const analyzer = new Analyzer(knowledge.vocabulary, englishLexicon());
    const found = expansionsOf(readQuestion('who runs standup?', analyzer), analyzer, index());
    expect((found.get('standup') ?? []).filter((e) => e.via === 'family')).toEqual([]);
    expect(engine.ask('who runs the daily standup here?').answered).toBe(false);
  });

  it('finds no family for a name with a digit in it', () => {
    const analyzer = new Analyzer(knowledge.vocabulary, englishLexicon());
    const found = expansionsOf(
      readQuestion('prince2 vs pmp, which is better?', analyzer),
      analyzer,
      index(),
    );
    expect(found.get('prince2') ?? []).toEqual([]);
    expect(engine.ask('prince2 vs pmp, which is better?').answered).toBe(false);
  });
});

describe("English's own equivalences, from WordNet", () => {
  it('relates a word to the synonyms of its commonest senses that the vectors agree with', () => {
    const english = englishLexicon();
    expect(english.related('squad').map((r) => r.word)).toContain('team');
    expect(english.related('prospective').map((r) => r.word)).toContain('potential');
    // "Buyers" bribe in a rare sense; the vectors do not call the two alike.
    expect(english.related('buyers').map((r) => r.word)).not.toContain('bribe');
  });

  it('stands in for a word the knowledge lacks, as the word itself', () => {
    // Through the glossary's equivalents (WordNet's synonyms find it too): the word, not a hint.
    const standIns = standInsFor('which of the two looks outward?', 'outward');
    expect(standIns).toContainEqual(expect.objectContaining({ term: 'extern', via: 'glossary' }));
    const answer = engine.ask('which of the two looks outward?');
    expect(answer.answered).toBe(true);
    expect(answer.passages[0]?.text).toContain('external stakeholders');
  });
});

describe('a misspelt word the search cannot reach', () => {
  it('stands in with the commonest word one edit away that the knowledge uses', () => {
    // "vison" is no stem of "vision" and no prefix of it; English lists "vision" one letter away.
    const standIns = standInsFor('who owns the product vison?', 'vison');
    expect(standIns).toContainEqual(expect.objectContaining({ term: 'vision', via: 'spelling' }));
    const typo = engine.ask('who owns the product vison?');
    const typed = engine.ask('who owns the product vision?');
    expect(typo.passages[0]?.id).toBe(typed.passages[0]?.id);
    expect(typo.owner.role).toBe(typed.owner.role);
  });

  it('reads an asking word typed wrong as the asking word, not as the duty', () => {
    // "responsibel" is "responsible": the duty is the backlog, which the PO owns.
    expect(engine.ask('whos responsibel for the product backlog').owner.role).toBe('product-owner');
  });

  it('leaves a name alone when no word one edit away is one the knowledge uses', () => {
    const standIns = standInsFor('is figma part of the pm toolkit?', 'figma');
    expect(standIns.filter((e) => e.via === 'spelling')).toEqual([]);
  });
});

describe('words the knowledge uses, said in its other words', () => {
  it('pairs a topic word with the knowledge words alike it, and searches none of them', () => {
    const analyzer = new Analyzer(knowledge.vocabulary, englishLexicon());
    const question = readQuestion('who talks to people outside the company?', analyzer);
    const alike = alikeWordsOf(question, analyzer, index());
    expect([...(alike.get('outsid') ?? [])]).toContain('extern');
    // A word the knowledge lacks gets stand-ins instead; roles are never alike words.
    expect(
      alikeWordsOf(readQuestion('who owns the zorblax?', analyzer), analyzer, index()).size,
    ).toBe(0);
    for (const words of alike.values())
      for (const term of words) expect(analyzer.roles.isTerm(term)).toBe(false);
    expect(expansionsOf(question, analyzer, index()).get('outsid')).toBeUndefined();
  });

  it('lets a passage that says the asked thing in its own words answer', () => {
    // "exec" is "executive" to the knowledge; its "CEO of the Product" is alike by the vectors.
    const answer = engine.ask('which role is basically the mini chief exec of what we ship?');
    expect(answer.answered).toBe(true);
    expect(answer.passages[0]?.text).toContain('the CEO of the Product');
    expect(answer.owner.role).toBe('product-manager');
  });
});
