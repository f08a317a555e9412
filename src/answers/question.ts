import type { Ambiguity, Analyzer, Readings } from './analyzer.js';
import { withinDistance } from './edit-distance.js';
import type { RoleId, RoleSet } from './roles.js';

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
  expects: 'figure' | 'money' | 'date' | 'person' | 'local' | null;
  /** "What is a product roadmap?": a definition of the topic is the best answer. */
  asksDefinition: boolean;
  ambiguities: Ambiguity[];
}

/**
 * What a question wants. `ownership`: which role owns a duty ("who decides…", "whose call…",
 * "does the PO own…", a bare "roadmap owner?"). `comparison`: two roles side by side, or which
 * matters more. `definition`: what something is. `howto` and `yesno`: the rest, by their form.
 */
export type Intent = 'ownership' | 'definition' | 'comparison' | 'howto' | 'yesno' | 'other';

/**
 * Words that ask about ownership rather than name the thing owned ("who *handles* X", "whose
 * *job* is X", "who *decides* X"): searched, but not required of the evidence.
 */
const ASKING_WORDS =
  `own owns owned owner owners ownership responsible responsibility responsibilities
charge job jobs duty duties hook accountable accountability handle handles handling deal deals
decide decides deciding decision take takes care look looks after keep keeps set sets make makes
sure figure figures get gets run runs drive drives supposed usually really actually role roles
person people whose typically mostly build builds building maintain maintains create creates
define defines determine determines come comes work works`.split(/\s+/);

const OWNER_WORDS =
  /\b(?:who|whose|whom|whos|which\s+(?:role|one|person|of\s+(?:them|the\s+two)))\b/;
/**
 * "What is a PO?", "who is a product manager?": asks what a role is, not what it owns.
 */
const definitionQuestion = (roles: string): RegExp =>
  new RegExp(
    `^(?:(?:so|ok|okay)\\s+)*(?:(?:what|whats|what's|wat|who|whos|who's)\\s+(?:even\\s+)?(?:is|are|'s)?\\s*(?:a|an|the)?\\s*)?(?:${roles})s?$`,
  );
/** "what is a roadmap", "what even is a backlog", "whats a PO", "define velocity", "meaning of…". */
const DEFINITION_ASKED =
  /^(?:(?:so|ok|okay)\s+)*(?:(?:what|whats|wat)\s+(?:even\s+|exactly\s+|really\s+)?(?:is|are|does\s+\S+\s+mean)\b|whats\b|define\b|definition\s+of\b|meaning\s+of\b)/;
/**
 * "Is that the PM's job?", "roadmap = pm's thing or po's?", "would the project manager be the one
 * breaking down milestones?": a duty put to a named role asks whether that role owns it.
 */
const DUTY_NOUNS = 'job|call|responsibility|thing|gig|remit|turf|duty';
/** "the PO's job", not "the PO job" (the role itself, "is the PO job only a scrum thing?"). */
const POSSESSIVE_DUTY = new RegExp(
  `(?:'s|s')\\s+(?:${DUTY_NOUNS})\\b|\\bbe\\s+the\\s+one\\b|\\bthe\\s+one\\s+who\\b`,
  'i',
);
const roleDuty = (roles: string): RegExp =>
  new RegExp(
    `\\b(?:${roles})s?\\s+(?:${DUTY_NOUNS})\\b|\\b(?:${roles})s?\\s+be\\s+the\\s+one\\b|\\b(?:is|are)\\s+(?:the\\s+|a\\s+)?(?:${roles})s?\\s+the\\s+one\\b`,
  );
/**
 * "Does the PO set the priorities?", "should the project manager define the vision?": a duty put
 * to a named role as a yes/no question is "who sets the priorities?" asked of one role, like
 * "does the PO own the backlog?". Verbs that give a role a thing to own, not ones that describe
 * it ("does the PM need…", "do POs work with…"). (Pooled dev sets, 1603 questions: owner 88.1 →
 * 88.7, contested 67.8 → 71.1, no owner line where none is asked 96.6% → 95.6%: the labellers
 * split on these, "does the PO supply the copy?" one way and "…supply content?" the other.)
 */
const DUTY_VERBS =
  'own|define|set|decide|lead|handle|approve|run|write|manage|supply|drive|control|prioriti[sz]e|sign';
const dutyPutToRole = (roles: string): RegExp =>
  new RegExp(
    `^(?:does|do|did|should|would|will|can)\\s+(?:the\\s+|a\\s+|an\\s+)?(?:${roles})s?\\s+(?:${DUTY_VERBS})s?\\b`,
  );
/** "PM or PO?", "the PdM or the PO decide…": naming two roles as alternatives asks which one. */
const roleAlternatives = (roles: string): RegExp =>
  new RegExp(`\\b(?:${roles})s?\\s+or\\s+(?:the\\s+|a\\s+)?(?:${roles})`);
/**
 * "PM vs PO: who gathers the feedback?": two roles set side by side as the alternatives of the
 * question asked about them, like "PM or PO"; not, on its own, a comparison of the two.
 */
const roleVersus = (roles: string): RegExp =>
  new RegExp(`\\b(?:${roles})s?\\s+(?:vs\\.?|versus)\\s+(?:the\\s+|a\\s+)?(?:${roles})s?\\b`, 'g');
/**
 * Ownership asked without "who": "is X their responsibility", "does the PO own…", "signs off",
 * "has the final say", "on the hook for".
 */
const OWNER_PHRASES =
  /\b(?:responsible\s+for|responsibility\s+(?:for|of)|in\s+charge\s+(?:of|for)|on\s+the\s+hook|accountable\s+for|owns?\s+(?:the|a|an|our|their|this|that|it)\b|owned\s+by|(?:job|call|task|duty|decision)\s+is\s+(?:it|that|this)|(?:final|last)\s+(?:say|call|word)|signs?\s+off|sign-?offs?\s+on|gets?\s+to\s+decide|decides?\s+(?:on|what|which|the|when|how)|approves?\s+(?:the|a|an)\b)/;
/**
 * "roadmap owner?", "p&l owner", "backlog - whose?": a few words naming a thing and its owner; and
 * "dev team contact", "cross-functional team lead", "release approver": a few words naming a
 * function ask who fills it. (Pooled dev sets, 1603 questions, the function nouns: owner 89.0 →
 * 90.6, no owner line where none is asked unchanged.)
 */
const BARE_OWNER =
  /^(?:\S+\s+){0,4}(?:owner|owners|ownership|owned|whose|contact|lead|leader|decider|approver|gatekeeper|poc|point\s+of\s+contact|go[-\s]between|go[-\s]to\s+person)$/;
/** "which matters more", "who is senior", "better": weighing two roles, not assigning a duty. */
const COMPARATIVE =
  /\b(?:more|less|better|worse|best|most|least|senior|junior|higher|lower|subordinate|bigger|vs|versus|differ|difference|same|similar|compare|compared)\b/;
/** Importance and hierarchy: "which matters more", "who is senior", "which is subordinate". */
const RANKING_ROLES =
  /\b(?:matters?|important|importance|senior|junior|subordinate|superior|better|worse|boss\s+of)\b/;
const HOW_TO = /^(?:how|what(?:'s| is)?\s+the\s+best\s+way|tips?\b|best\s+way)\b/;
const YES_NO = /^(?:is|are|am|was|were|do|does|did|can|could|should|would|will|has|have|must|r)\b/;

/**
 * Asks for an amount of money: a price, a pay, a rate. "Cost" alone is a topic ("risk, cost and
 * budget"); asked for, it comes with "how much", "what is the", "cost of".
 */
const ASKS_MONEY =
  /\b(?:how\s+much\s+(?:does|do|is|are|would|will)\b.*\b(?:cost|pay|paid|make|earn|charge)|(?:what|whats|what's)\s+(?:is\s+|are\s+|does\s+)?(?:the\s+|a\s+)?(?:\S+\s+)?(?:cost|costs|price|prices|fee|fees)|(?:cost|price)\s+of|costs?\s+(?:much|a\s+lot)|salary|salaries|pay\s+(?:gap|scale|band|bands|range|grade|rise|raise)|wages?|earn|earns|paid|bonus|bonuses|(?:day|hourly)\s+rate|compensation)\b/;
/** A yes/no question that still asks for an amount in its first words. */
const YES_NO_AMOUNT = /^(?:\S+\s+){0,3}how\s+(?:many|much)\b/;
/** Asks for a figure: a count, an amount, a length of time, a share. */
const ASKS_FIGURE =
  /\b(?:ratios?|how\s+(?:many|much|long|big|old)|what\s+(?:percent|percentage|proportion|share|number)|(?:average|typical|median|usual)\s+(?:rate|number|size)|years\s+of\s+experience)\b/;
/**
 * Asks about the asker's own organisation or period: "do we have", "at our company", "our
 * team's", "like here", "this quarter". The sources are general articles; only the
 * organisation's own documents answer it.
 */
const ASKS_LOCAL =
  /\b(?:(?:do|does|did)\s+we\s+have|(?:at|in|on)?\s*our\s+(?:company|companys|org|organisation|organization|place|team|teams|squad|squads|department|office|app|apps|product|products|process|processes)|(?:like|around|over|in)\s+here|(?:this|next|last|current)\s+(?:quarter|year|month|week|sprint|half))\b/;
/** Asks for a date: "when was… published", "what year", "when does the next… start". */
const ASKS_DATE =
  /^(?:so\s+)?(?:when\s+(?:was|were|did|is\s+the\s+next|does\s+the\s+next|the\s+next)|whens\s+the\s+next)\b|\bwhat\s+(?:year|date|day|time)\b/;
/**
 * Asks who fills a role rather than which role: "who is our head of product?", "who's the PO for
 * the mobile squad?" (the role is given; a name is wanted).
 */
const asksPerson = (roles: string): RegExp =>
  new RegExp(
    `\\bwho\\s*(?:is|'s|s|are)?\\s+(?:our|the\\s+(?:${roles})s?\\s+(?:for|of|on|in|at))\\b`,
  );

/** The patterns that name roles, built for each role set (the same three for the built-ins). */
interface RolePatterns {
  definitionQuestion: RegExp;
  roleAlternatives: RegExp;
  roleVersus: RegExp;
  roleDuty: RegExp;
  dutyPutToRole: RegExp;
  asksPerson: RegExp;
}
const patternsByRoles = new WeakMap<RoleSet, RolePatterns>();

function rolePatterns(roles: RoleSet): RolePatterns {
  let patterns = patternsByRoles.get(roles);
  if (!patterns) {
    patterns = {
      definitionQuestion: definitionQuestion(roles.termPattern),
      roleAlternatives: roleAlternatives(roles.termPattern),
      roleVersus: roleVersus(roles.termPattern),
      roleDuty: roleDuty(roles.termPattern),
      dutyPutToRole: dutyPutToRole(roles.termPattern),
      asksPerson: asksPerson(roles.termPattern),
    };
    patternsByRoles.set(roles, patterns);
  }
  return patterns;
}

function expectedFact(
  text: string,
  sentence: string,
  intent: Intent,
  patterns: RolePatterns,
): Question['expects'] {
  if (patterns.asksPerson.test(sentence)) return 'person';
  // "Who owns the roadmap at our company?" is still answered: what the sources say, as ever.
  if (intent !== 'ownership' && ASKS_LOCAL.test(sentence)) return 'local';
  if (ASKS_DATE.test(sentence)) return 'date';
  if (ASKS_MONEY.test(sentence)) return 'money';
  // "do you need years of experience?", "does how big the org is change…?": a yes/no question
  // asks whether, not how much, unless it opens on the amount ("is how much they earn…").
  if (intent === 'yesno' && !YES_NO_AMOUNT.test(sentence)) return null;
  if (ASKS_FIGURE.test(sentence) || text.includes('%')) return 'figure';
  return null;
}

/**
 * A "who" that asks, not one that relates: "the person who keeps the direction…", "someone
 * whose job is…" and "the difference in who each role talks to" ask no one's name.
 */
const RELATIVE_WHO =
  /\b(?:person|someone|somebody|anyone|anybody|one|ones|people|folks|those|guy|individual|in)\s+(?:who|whose|whom)\b/g;

function asksWhich(sentence: string): boolean {
  return OWNER_WORDS.test(sentence.replace(RELATIVE_WHO, ' '));
}

function intentOf(
  text: string,
  sentence: string,
  roleCount: number,
  patterns: RolePatterns,
): Intent {
  if (patterns.definitionQuestion.test(sentence)) return 'definition';
  const asksWho = asksWhich(sentence);
  // "What is a project manager on the hook for?": a role's duties asked for, not which role.
  const dutiesOfRole =
    roleCount >= 1 && !asksWho && /^(?:so\s+|ok\s+)?(?:what|whats|wat)\b/.test(sentence);
  const owner =
    asksWho ||
    (OWNER_PHRASES.test(sentence) && !dutiesOfRole) ||
    patterns.roleAlternatives.test(sentence) ||
    (patterns.roleDuty.test(sentence) &&
      POSSESSIVE_DUTY.test(text.replace(/[\u2018\u2019]/g, "'")) &&
      !dutiesOfRole) ||
    BARE_OWNER.test(sentence) ||
    patterns.dutyPutToRole.test(sentence);
  // "Who is more senior?", "which role matters more, PM or PO?": weighing, not a duty. A "PM vs
  // PO" that only names the alternatives of a "who" question weighs nothing by itself.
  const weighed = owner ? sentence.replace(patterns.roleVersus, ' ') : sentence;
  const weighing = RANKING_ROLES.test(weighed) || (roleCount >= 2 && COMPARATIVE.test(weighed));
  if (owner && !(weighing && !OWNER_PHRASES.test(sentence))) return 'ownership';
  if (roleCount >= 2 || COMPARATIVE.test(sentence)) return 'comparison';
  if (DEFINITION_ASKED.test(sentence)) return 'definition';
  if (HOW_TO.test(sentence)) return 'howto';
  if (YES_NO.test(sentence)) return 'yesno';
  return 'other';
}

/** Distinct terms read from one question. */
export const MAX_TERMS = 24;

/**
 * How the asker wants the answer put, not what it is about: "in one line", "in a nutshell", "in
 * plain terms", "quick rundown", "tl;dr", "pls explain", "what does a PO do all day", and a
 * fragment of a few words ending on "definition" or "meaning" ("po definition"; not "who owns the
 * feature definition?"). Read past, so "line" and "nutshell" are no topic a passage must hold.
 */
const ANSWER_FORMS = [
  "in (?:a|one|1|like one|like a|a single|plain|simple|layman'?s?|short) (?:sentence|line|word|words|nutshell|terms|english|paragraph)",
  'in a nutshell',
  'one-?\\s*liner',
  'tl;?\\s*dr',
  'eli5',
  'quick (?:rundown|summary|version|overview|answer)',
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
 * How the asker excuses the question, not what it is about: "sorry", "dumb q", "quick question",
 * "noob question". Read past like the answer's form.
 */
const APOLOGY =
  /\b(?:sorry|sry|soz)\b|\b(?:dumb|stupid|silly|noob|newbie|quick|random|basic)\s+(?:q|qs|question|questions|one)\b/gi;

export function readQuestion(text: string, analyzer: Analyzer, readings: Readings = {}): Question {
  const framed = text.replace(APOLOGY, ' ');
  const asked = framed.replace(ANSWER_FORM, ' ');
  // Asking for an answer's form asks for the gist: what the thing is.
  const asksForm = asked !== framed;
  const analyzed = analyzer.analyze(asked, readings);
  const roles: RoleId[] = [];
  for (const word of analyzed.words) {
    const role = analyzer.roles.byTerm(word)?.id;
    if (role && !roles.includes(role)) roles.push(role);
  }
  const sentence = analyzed.words.join(' ').replace(/\s*'s\b/g, '');
  const patterns = rolePatterns(analyzer.roles);
  const intent = intentOf(text, sentence, roles.length, patterns);
  const asking = termsOfWords(analyzer, ASKING_WORDS);
  // A question is a few words; a pasted wall of text is read by its first distinct terms, so the
  // cost of answering stays bounded whatever is sent.
  const terms = [...new Set(analyzed.terms)].slice(0, MAX_TERMS);
  const comparing = intent === 'comparison' ? termsOfWords(analyzer, COMPARING_WORDS) : EMPTY_TERMS;
  const topicTerms = terms.filter(
    (term) => !analyzer.roles.isTerm(term) && !isAsking(term, asking) && !comparing.has(term),
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
    asksDefinition: intent === 'definition' || DEFINITION_ASKED.test(sentence) || asksForm,
    terms,
    topicTerms,
    dutyTerms,
    weights,
    spelt,
    words: analyzed.words,
    sequence: analyzed.terms,
    roles,
    intent,
    expects: expectedFact(text, sentence, intent, patterns),
    asksOwner: intent === 'ownership',
    ambiguities: analyzed.ambiguities,
  };
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
    return OWNER_WORDS.test(words) || OWNER_PHRASES.test(words) || BARE_OWNER.test(words);
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

/** "ownz" asks like "owns": a short misspelling of an asking word is still an asking word. */
function isAsking(term: string, asking: ReadonlySet<string>): boolean {
  if (asking.has(term)) return true;
  if (term.length < 4) return false;
  for (const word of asking) {
    if (word.length >= 3 && word[0] === term[0] && withinDistance(term, word, 1)) return true;
  }
  return false;
}
