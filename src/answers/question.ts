import type { Ambiguity, Analyzer, Readings } from './analyzer.js';
import { withinDistance, withinOneEdit } from './edit-distance.js';
import { type ExpectedFact, expectedFact } from './expected-fact.js';
import { asksDefinition, asksWhoOwns, type Intent, intentOf } from './intent.js';
import type { RoleId } from './roles.js';

/**
 * What a question asks, read before any search: its index terms, which of them name the duty
 * (as opposed to the roles or the asking), whether it wants a verdict on who owns something.
 */
export interface Question {
  text: string;
  /** Every index term, roles included: what is searched. */
  terms: string[];
  /** Terms the evidence must cover to count as an answer (no roles, no asking words). */
  topicTerms: string[];
  /**
   * The duty an ownership question asks about: the topic terms of the clause that asks ("as a
   * dev on payments, who signs off the release?" asks about the release, not payments).
   */
  dutyTerms: string[];
  /**
   * How much each term can say about a topic in general English, 0..1 (the lexicon's content
   * weight of the words it came from): "usually" and "pretty" count for little wherever they are.
   */
  weights: ReadonlyMap<string, number>;
  /**
   * Terms from words English lists: spelt right, so matched as typed ("weather" must not find
   * "whether"); a word it does not list may be a typo and is matched with tolerance.
   */
  spelt: ReadonlySet<string>;
  /** The question's words after synonyms and shorthand, and its index terms in order. */
  words: readonly string[];
  sequence: readonly string[];
  /** Roles the question names, in order. */
  roles: RoleId[];
  /** What kind of answer the question wants; only `ownership` gets an owner verdict. */
  intent: Intent;
  /** The question asks which role owns something: "who owns…", "PM or PO?", "roadmap owner?". */
  asksOwner: boolean;
  /**
   * The kind of fact the answer must state, when the question asks for one: a figure ("how
   * many", "how much does it cost"), a date ("when was…"), or a named person ("who is our head
   * of product?"). A passage that states no such fact does not answer it, however close its topic.
   */
  expects: ExpectedFact;
  /** "What is a product roadmap?": a definition of the topic is the best answer. */
  asksDefinition: boolean;
  ambiguities: Ambiguity[];
}

/**
 * Words that ask about ownership rather than name the thing owned ("who *handles* X", "whose
 * *job* is X", "who *decides* X", "whose *call* is X", "who has the final *say*", "who calls the
 * *shots*"): searched, but not required of the evidence. (Pooled dev sets, 4,433 questions, with
 * the idioms' words: hit@1 67.6 → 67.9, owner 89.0 → 89.1, contested 67.0 → 67.2.)
 */
const ASKING_WORDS =
  `own owns owned owner owners ownership responsible responsibility responsibilities
charge job jobs duty duties hook accountable accountability handle handles handling deal deals
decide decides deciding decision take takes care look looks after keep keeps set sets make makes
sure figure figures get gets run runs drive drives supposed usually really actually role roles
person people whose typically mostly build builds building maintain maintains create creates
define defines determine determines come comes work works belong belongs belonging call calls
say shots decider deciders`.split(/\s+/);

/** Distinct terms read from one question. */
export const MAX_TERMS = 24;

/**
 * How the asker wants the answer put, not what it is about: "in one line", "in a nutshell", "in
 * plain terms", "quick rundown", "tl;dr", "pls explain", "what does a PO do all day", and a
 * fragment of a few words ending on "definition" or "meaning" ("po definition"; not "who owns the
 * feature definition?"). Read past, so "line" and "nutshell" are no topic a passage must hold.
 */
const ANSWER_FORMS = [
  "in (?:like )?(?:a|one|1|2|3|two|three|a few|a couple of|a single|plain|simple|layman'?s?|short) (?:sentences?|lines?|words?|nutshell|terms|english|paragraphs?)",
  'in a nutshell',
  'one (?:line|sentence) each',
  'one-?\\s*liner',
  'tl;?\\s*dr',
  'y/n',
  'eli5',
  'quick (?:rundown|summary|version|overview|answer|list)',
  'in (?:short|brief)',
  '(?<=^\\W*)(?:sum up|summari[sz]e|briefly)',
  '(?:pls|please|plz|can (?:you|u|someone)) explain',
  '(?<=\\bdo(?:es)? )all day',
];
const ANSWER_FORM = new RegExp(
  `\\b(?:${ANSWER_FORMS.join('|')})\\b|(?<=^(?:\\S+ ){1,3})(?:definition|meaning)[?!.\\s]*$`.replaceAll(
    ' ',
    '\\s+',
  ),
  'gi',
);

/**
 * Chat's digits for words: "on the hook 4 hitting deadlines", "report 2 the pm". Only before a
 * word that a count could not come before, so "4 competencies" stays a number.
 */
const CHAT_FOR =
  /\b4(?=\s+(?:the|a|an|my|our|your|their|this|that|these|those|it|them|me|us|\w+ing)\b)/gi;
const CHAT_TO =
  /\b2(?=\s+(?:the|a|an|my|our|your|their|this|that|it|them|me|us|be|b|do|get|go|talk|see|make|know|work|ask|report)\b)/gi;

/** "money-wise", "skills-wise": as far as money or skills go; the suffix names no topic. */
const WISE = /(?<=\w)-wise\b/gi;

/**
 * What the asker says around the question, not what it is about: an excuse for asking ("sorry",
 * "dumb q", "quick question", "asking for a friend", "honest question"), the vague extenders
 * that trail off a list ("n stuff", "or whatever", "etc") and the idioms that only say "in the
 * end" ("at the end of the day", "all in all": "day" is no part of "whose call is the vision at
 * the end of the day?"). Read past like the answer's form. (Pooled dev sets, 6,945 questions, the
 * idioms: contested 67.5 → 67.9; of the five questions they changed, two that missed now abstain.)
 */
const ASIDES =
  /\b(?:sorry|sry|soz|asking\s+(?:for|4)\s+a\s+friend|(?:honest|genuine|serious)\s+question|two[-\s]?parter|two\s+questions|i'?m\s+new(?:\s+here)?|new\s+here)\b|\b(?:dumb|stupid|silly|noob|newbie|quick|random|basic)\s+(?:q|qs|question|questions|one)\b|\b(?:and|n|&)\s+(?:stuff|things|that|so\s+on)\s*(?=[?!.]|$)|\bor\s+(?:whatever|something|smth)\s*(?=[?!.]|$)|\betc\b\.?|\b(?:at\s+the\s+end\s+of\s+the\s+day|when\s+all\s+is\s+said\s+and\s+done|all\s+in\s+all|so\s+to\s+speak|if\s+you\s+will)\b/gi;

/**
 * The asker introducing themselves, in a clause of one to three words ending on "here": "new grad
 * here", "exec here.", "sorry, designer here", "support lead here, we get…". Not a question of its
 * own ("who's the po here?", "anyone here?"), which begins with an asking word.
 */
const SELF_INTRODUCTION =
  /(?:^|(?<=[.,;:!?]))\s*(?!(?:who|whos|who's|what|whats|what's|which|how|why|when|where|whose|is|are|do|does|did|can|could|should|would|will|any|anyone|anybody|someone|somebody)\b)(?:[a-z][\w'-]*\s+){1,3}here\s*(?=[.,;:!?]|$)/gi;

/**
 * The asker saying what they have heard, not what they ask about: "I've read both", "getting
 * mixed msgs", "ppl keep saying diff things", "the docs seem to disagree", "one article says the
 * PO…, another says the PM", "do the sources agree?". Read past like an aside: "article",
 * "another" and "conflicting" are no part of the duty asked about. (Pooled dev sets, 7,882
 * questions: owner 85.9 → 86.1, contested 65.4 → 66.2, hit@3 81.9 → 82.0, nothing worse.)
 */
const DOUBTS = new RegExp(
  [
    "(?:(?:i'?ve|i\\s+have|i)\\s+)?(?:heard|seen|read)\\s+(?:both|conflicting|different|mixed|contradictory)(?:\\s+(?:things|answers|views|opinions|stuff|info))?",
    '(?:getting|get|got|gettin)\\s+mixed\\s+(?:msgs|messages|signals|answers)',
    '(?:(?:ppl|people|folks|everyone|they)\\s+)?(?:keep\\s+)?(?:say|saying|sayin|says)\\s+(?:diff|different|conflicting)\\s+things',
    "(?:(?:the|these|our)\\s+)?(?:docs|articles|sources|stuff\\s+(?:i'?ve|i)\\s+read|ppl|people|folks)\\s+(?:(?:seem|seems)\\s+(?:to|2)\\s+|actually\\s+|all\\s+)?(?:disagree|disagrees|contradict|contradicts|conflict|agree)(?:\\s+(?:with\\s+)?each\\s+other)?",
    'conflicting\\s+(?:things|info|information|answers|advice|views)',
    '(?:one|some)\\s+(?:article|source|doc|blog|post|people|ppl|folks)s?\\s+says?',
    '(?:another|others?|other\\s+ones?|some)\\s+says?',
  ]
    .map((phrase) => `\\b${phrase}\\b`)
    .join('|'),
  'gi',
);

/**
 * "pm skills list", "list the PO's duties pls": asking for the answer as a list of things (not
 * a "task list") names no topic. Nor does it ask for the gist, as an answer's form does ("in one
 * line", "quick list"): "skills" is still what a passage must hold. (Pooled dev sets, 8,295
 * questions: two questions found, none lost.)
 */
const LIST_ASKED =
  /(?<=\b\w+s\s+)list(?:\s+(?:pls|please|plz))?(?=[?!.\s]*$)|(?<=^\W*)(?:pls\s+|please\s+)?list\b/gi;

/**
 * The asker checking a claim against the sources, not naming the topic: "according to the
 * articles", "in these docs", "the sources say", "is it true that…", "true or false", "…, is that
 * normal?". (Pooled dev sets, 8,295 questions: eleven questions changed, ten for the better:
 * hit@3 82.0 → 82.1, contested 64.9 → 65.0, one fewer said to be contested that is not labelled so.)
 */
const CHECKING =
  /\b(?:(?:according|acc|acording)\s+(?:to|2)\s+(?:the\s+|these\s+|ur\s+|your\s+|our\s+)?(?:articles?|docs?|sources?|material|reading|knowledge\s+base|kb)|(?:in|from)\s+(?:the|these)\s+(?:articles?|docs|sources)|(?:the|these)\s+(?:articles?|docs|sources)\s+(?:say|says|said)|is\s+(?:it|that)\s+(?:really\s+)?true(?:\s+that)?|true\s+or\s+(?:false|not)|(?:is\s+(?:that|this|it)\s+)?(?:normal|a\s+thing)\s*\?\s*$)\b/gi;

/**
 * The asker saying how they feel about the question, not what it is about: "tbh im lost", "ngl
 * im confused", "ugh so confusing", "asking bc im confused". (Pooled dev sets, 8,295 questions:
 * ten questions changed, all for the better: hit@1 69.7 → 69.8, contested 64.8 → 64.9.)
 */
const CONFUSED =
  /\b(?:(?:i'?m|im|i\s+am)\s+(?:so\s+|really\s+|kinda\s+|a\s+bit\s+|totally\s+|still\s+)?(?:lost|confused)|(?:so|kinda|super)\s+confus(?:ed|ing)|asking\s+(?:bc|because|cuz|cause)\s+(?:i'?m|im)\s+confused)\b/gi;

/**
 * "wait, does the PO…", "hmm who owns…": a sound opening the question, not a word of it.
 * (Pooled dev sets, 7,882 questions, three of them: hit@1 69.6 → 69.7, contested 66.2 → 66.4.)
 */
const INTERJECTION = /^\W*(?:wait|hmm+|um+|uh+|erm+)\b[\s,.!…-]*/i;

export function readQuestion(text: string, analyzer: Analyzer, readings: Readings = {}): Question {
  const framed = text
    .replace(LIST_ASKED, ' ')
    .replace(CHECKING, ' ')
    .replace(CONFUSED, ' ')
    .replace(INTERJECTION, ' ')
    .replace(DOUBTS, ' ')
    .replace(SELF_INTRODUCTION, ' ')
    .replace(ASIDES, ' ')
    .replace(WISE, '')
    .replace(CHAT_FOR, 'for')
    .replace(CHAT_TO, 'to');
  const asked = framed.replace(ANSWER_FORM, ' ');
  // Asking for an answer's form asks for the gist: what the thing is.
  const asksForm = asked !== framed;
  const analyzed = analyzer.analyze(asked, readings);
  const roles: RoleId[] = [];
  for (const word of analyzed.words) {
    const role = analyzer.roles.byTerm(word)?.id;
    if (role && !roles.includes(role)) roles.push(role);
  }
  // Intent is read with the words that ask who owns something spelt right ("responsibel 4 p&l").
  const sentence = analyzed.words
    .map((word) => spelledAsking(word, analyzer))
    .join(' ')
    .replace(/\s*'s\b/g, '');
  const intent = equatedToRole(asked, analyzer)
    ? 'ownership'
    : intentOf(text, sentence, roles.length, analyzer.roles);
  const asking = termsOfWords(analyzer, ASKING_WORDS);
  // A question is a few words; a pasted wall of text is read by its first distinct terms, so the
  // cost of answering stays bounded whatever is sent.
  const terms = [...new Set(analyzed.terms)].slice(0, MAX_TERMS);
  const comparing = intent === 'comparison' ? termsOfWords(analyzer, COMPARING_WORDS) : EMPTY_TERMS;
  const misspeltAsking = askingMisspelt(analyzed.words, analyzer);
  const topicTerms = terms.filter(
    (term) =>
      !analyzer.roles.isTerm(term) &&
      !isAsking(term, asking) &&
      !misspeltAsking.has(term) &&
      !comparing.has(term),
  );
  const dutyTerms =
    intent === 'ownership' ? askingClauseTerms(text, analyzer, topicTerms) : topicTerms;
  const weights = new Map<string, number>();
  const spelt = new Set<string>();
  for (const word of analyzed.words) {
    const term = analyzer.term(word);
    if (!term) continue;
    if (analyzer.lexicon.lists(word)) spelt.add(term);
    const weight = analyzer.roles.isTerm(term) ? 1 : analyzer.lexicon.contentWeight(word);
    weights.set(term, Math.max(weights.get(term) ?? 0, weight));
  }
  return {
    text,
    asksDefinition: intent === 'definition' || asksDefinition(sentence) || asksForm,
    terms,
    topicTerms,
    dutyTerms,
    weights,
    spelt,
    words: analyzed.words,
    sequence: analyzed.terms,
    roles,
    intent,
    expects: expectedFact(text, sentence, intent, analyzer.roles),
    asksOwner: intent === 'ownership',
    ambiguities: analyzed.ambiguities,
  };
}

/** The question's words, as typed, that give its topic terms, each with its term, in order. */
export function topicWords(
  question: Question,
  analyzer: Analyzer,
): { word: string; term: string }[] {
  const topic = new Set(question.topicTerms);
  return question.words.flatMap((word) => {
    const term = analyzer.term(word);
    return term !== undefined && topic.has(term) ? [{ word, term }] : [];
  });
}

/**
 * "backlog prioritisation = po?", "ext stakeholders = pm's problem?": a thing set equal to a
 * role asks whether it is that role's. Not the other way round: "pm = ceo of the product?" asks
 * what the role is, and "po = pm?" whether two roles are one.
 */
function equatedToRole(text: string, analyzer: Analyzer): boolean {
  const sides = text.split('=');
  if (sides.length !== 2) return false;
  const rolesIn = (side: string) =>
    analyzer.analyze(side).words.filter((word) => analyzer.roles.isTerm(word)).length;
  const [thing, role] = sides as [string, string];
  return rolesIn(role) === 1 && rolesIn(thing) === 0 && /\w/.test(thing);
}

/** Pronouns that stand for a thing named elsewhere in the question. */
const REFERS_BACK = new Set(['it', 'them', 'this', 'that', 'these', 'those']);

/** Where a question's clauses part: punctuation, or a dash between spaces. */
const CLAUSES = /[,;:()?!]|\s[-–—]\s/;

/**
 * The topic terms of the clause that asks who owns something, when a question has several
 * ("our PM is away - who signs off the release?"); all of them when no one clause asks.
 */
function askingClauseTerms(text: string, analyzer: Analyzer, topic: readonly string[]): string[] {
  const parts = text.split(CLAUSES).filter((part) => part.trim() !== '');
  if (parts.length < 2) return [...topic];
  const asking = parts.filter((part) => {
    const words = analyzer.analyze(part).words.join(' ');
    return asksWhoOwns(words);
  });
  if (asking.length === 0 || asking.length === parts.length) return [...topic];
  // "PM vs PO on customer feedback - who gathers it?": a pronoun in the asking clause refers back
  // to what a clause before it names, so that is the duty too (not what follows: "who executes
  // it, quick answer please" says nothing of "it").
  const first = parts.indexOf(asking[0] as string);
  const refersBack =
    first > 0 &&
    asking.some((part) => analyzer.analyze(part).words.some((word) => REFERS_BACK.has(word)));
  const inAsking = new Set(
    [...(refersBack ? parts.slice(0, first) : []), ...asking].flatMap((part) =>
      analyzer.terms(part),
    ),
  );
  const duty = topic.filter((term) => inAsking.has(term));
  return duty.length > 0 ? duty : [...topic];
}

/**
 * Words that say a comparison is asked ("compared to", "vs", "the difference between"): searched,
 * but, in a comparison, no topic a passage must cover.
 */
const COMPARING_WORDS =
  'compare compared comparing comparison versus vs differ differs difference differences different distinction same similar alike'.split(
    ' ',
  );
const EMPTY_TERMS: ReadonlySet<string> = new Set();
/** A word list as one analyzer's index terms, worked out once per analyzer and list. */
const termsByAnalyzer = new WeakMap<Analyzer, Map<readonly string[], ReadonlySet<string>>>();

function termsOfWords(analyzer: Analyzer, words: readonly string[]): ReadonlySet<string> {
  let lists = termsByAnalyzer.get(analyzer);
  if (!lists) {
    lists = new Map();
    termsByAnalyzer.set(analyzer, lists);
  }
  let terms = lists.get(words);
  if (!terms) {
    terms = new Set(words.flatMap((word) => analyzer.term(word) ?? []));
    lists.set(words, terms);
  }
  return terms;
}

/** Shorter unlisted words are more often shorthand ("resp") than typos. */
const MISSPELT_MIN_LENGTH = 5;

/**
 * The terms of asking words typed one edit wrong that their stems no longer show ("responsibel"
 * stems to "responsibel", "responsible" to "respons"): words English does not list, one edit from
 * an asking word.
 */
function askingMisspelt(words: readonly string[], analyzer: Analyzer): ReadonlySet<string> {
  const found = new Set<string>();
  for (const word of new Set(words)) {
    if (!mayBeMisspelt(word, analyzer)) continue;
    if (!ASKING_WORDS.some((asking) => withinOneEdit(word, asking))) continue;
    const term = analyzer.term(word);
    if (term) found.add(term);
  }
  return found;
}

/**
 * The words whose misspellings still ask who owns something: "is the PM responsibel 4 P&L?", "is
 * the po acountable for the backlog" ask like "responsible for", "accountable for". (Pooled dev
 * sets, 7,622 questions: owner 85.5 → 85.6, two questions changed, both now right.)
 */
const OWNING_WORDS = ['responsible', 'responsibility', 'accountable', 'accountability'];

function spelledAsking(word: string, analyzer: Analyzer): string {
  if (!mayBeMisspelt(word, analyzer)) return word;
  return OWNING_WORDS.find((owning) => withinOneEdit(word, owning)) ?? word;
}

/** A word long enough, of letters only, that English does not list: it may be a typo. */
function mayBeMisspelt(word: string, analyzer: Analyzer): boolean {
  return (
    word.length >= MISSPELT_MIN_LENGTH && !analyzer.lexicon.lists(word) && /^[a-z]+$/.test(word)
  );
}

/** "ownz" asks like "owns": a short misspelling of an asking word is still an asking word. */
function isAsking(term: string, asking: ReadonlySet<string>): boolean {
  if (asking.has(term)) return true;
  if (term.length < 4) return false;
  for (const word of asking) {
    if (word.length >= 3 && word[0] === term[0] && withinDistance(term, word, 1)) return true;
  }
  return false;
}
