import type { Ambiguity, Analyzer, Readings } from './analyzer.js';
import { withinDistance } from './edit-distance.js';
import { type RoleId, roleByTerm } from './roles.js';

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
  /** Roles the question names, in order. */
  roles: RoleId[];
  /**
   * `which-role`: "who owns…", "whose job…", "PM or PO?" — any role may be the answer.
   * `this-role`: a question about exactly one role ("what does a project manager do?") — the
   * verdict can only confirm that role. null: not about ownership ("what is a PO?").
   */
  asksOwner: 'which-role' | 'this-role' | null;
  /** "What is a product roadmap?": a definition of the topic is the best answer. */
  asksDefinition: boolean;
  ambiguities: Ambiguity[];
}

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

const OWNER_WORDS = /\b(?:who|whose|whom|whos|which\s+(?:role|one|person|of\s+them))\b/;
/**
 * "What is a PO?" asks for a definition, not an owner; any other question about exactly one role
 * ("what does a project manager do?", "why is the PM called the CEO?") asks what that role owns.
 */
const DEFINITION_QUESTION =
  /^(?:(?:what|whats|what's|who|whos|who's)\s+(?:is|are|'s)?\s*(?:a|an|the)?\s*)?(?:product_manager|product_owner|project_manager)s?$/;
/** "what is a roadmap", "what even is a backlog", "whats a PO": asks what something is. */
const DEFINITION_ASKED =
  /^(?:so\s+|ok\s+)?(?:what|whats|wat)\s+(?:even\s+|exactly\s+|really\s+)?(?:is|are)\b|^whats\b/;
/** "PM or PO?", "the PdM or the PO decide…": naming two roles as alternatives asks which one. */
const ROLE_ALTERNATIVES =
  /\b(?:product_manager|product_owner|project_manager)s?\s+or\s+(?:the\s+|a\s+)?(?:product_manager|product_owner|project_manager)/;
/** Ownership asked without "who": "is X their responsibility", "whose job is it", "owns the…". */
const OWNER_PHRASES =
  /\b(?:responsible\s+for|responsibility|in\s+charge\s+of|on\s+the\s+hook|accountable\s+for|owns?\s+the|job\s+is\s+it|(?:job|call|task|duty)\s+is)\b/;

/** Distinct terms read from one question. */
export const MAX_TERMS = 24;

export function readQuestion(text: string, analyzer: Analyzer, readings: Readings = {}): Question {
  const analyzed = analyzer.analyze(text, readings);
  const roles: RoleId[] = [];
  for (const word of analyzed.words) {
    const role = roleByTerm(word)?.id;
    if (role && !roles.includes(role)) roles.push(role);
  }
  const sentence = analyzed.words.join(' ').replace(/\s*'s\b/g, '');
  const asksWhich =
    OWNER_WORDS.test(sentence) || ROLE_ALTERNATIVES.test(sentence) || OWNER_PHRASES.test(sentence);
  const asksOwner = asksWhich
    ? 'which-role'
    : roles.length === 1 && !DEFINITION_QUESTION.test(sentence)
      ? 'this-role'
      : null;
  const asking = askingTerms(analyzer);
  // A question is a few words; a pasted wall of text is read by its first distinct terms, so the
  // cost of answering stays bounded whatever is sent.
  const terms = [...new Set(analyzed.terms)].slice(0, MAX_TERMS);
  const topicTerms = terms.filter((term) => !roleByTerm(term) && !isAsking(term, asking));
  return {
    text,
    asksDefinition: DEFINITION_ASKED.test(sentence),
    terms,
    topicTerms,
    roles,
    asksOwner,
    ambiguities: analyzed.ambiguities,
  };
}

const askingByAnalyzer = new WeakMap<Analyzer, ReadonlySet<string>>();

/** The asking words as this analyzer stems them, computed once per analyzer. */
function askingTerms(analyzer: Analyzer): ReadonlySet<string> {
  let terms = askingByAnalyzer.get(analyzer);
  if (!terms) {
    terms = new Set(ASKING_WORDS.flatMap((word) => analyzer.term(word) ?? []));
    askingByAnalyzer.set(analyzer, terms);
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
