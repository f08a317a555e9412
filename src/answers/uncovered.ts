import type { Analyzer } from './analyzer.js';
import type { Expansions } from './expansions.js';
import type { Question } from './question.js';
import type { SearchIndex } from './search-index.js';
import type { RankedCandidate } from './verdict.js';

/**
 * Signs that a question asks about something the knowledge never covers, however well its best
 * passage matches the rest of the words: a kind of fact the passage does not state (a figure, a
 * price, a date, a person, the asker's own organisation), or a thing the sources never name.
 */

/** What a sentence that gives each kind of fact contains. */
const STATES: Record<'figure' | 'money' | 'date', RegExp> = {
  figure:
    /\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|dozen|hundreds?|thousands?|millions?|percent|half)\b/i,
  money: /[$£€¥]\s?\d|\b\d[\d,.]*\s?(?:k|dollars?|pounds?|euros?|usd|gbp|eur)\b/i,
  date: /\b(?:1[89]\d\d|20\d\d)\b|\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\b/i,
};

/**
 * Whether the best passage states the kind of fact the question asks for, in a sentence about
 * the question's topic. The sources are general articles: they name no one in any organisation
 * and know nothing of its own figures, so questions asking for those are not answered from them.
 */
export function statesExpectedFact(
  question: Question,
  best: RankedCandidate,
  index: SearchIndex,
): boolean {
  const { expects } = question;
  if (expects === null) return true;
  if (expects === 'person' || expects === 'local') return false;
  const topic = new Set(question.topicTerms);
  return index
    .sentences(best.indexed.passage)
    .some(({ text, terms }) => STATES[expects].test(text) && [...terms].some((t) => topic.has(t)));
}

/**
 * A question about a name neither the knowledge nor English knows ("jira", "asana"): a tool, a
 * product or a team the sources never mention, which no passage answers however well it covers
 * the rest. Typos are not names: they find their word through typo tolerance first.
 */
export function asksAboutUnknownName(
  question: Question,
  ranked: readonly RankedCandidate[],
  expansions: Expansions,
  analyzer: Analyzer,
  index: SearchIndex,
): boolean {
  const topic = new Set(question.topicTerms);
  for (const word of question.words) {
    // Shorthand without vowels ("mktg", "frnd") is an abbreviation, not a name.
    if (word.length < 4 || !/[aeiouy]/.test(word) || /\d/.test(word)) continue;
    if (analyzer.lexicon.lists(word)) continue;
    const term = analyzer.term(word);
    if (!term || !topic.has(term) || index.knows(term)) continue;
    if (ranked.some((item) => item.matches.has(term))) continue;
    return true;
  }
  // A kind of thing the knowledge names only by its broader term ("kanban" and "agile", "MBA"
  // and "degree"): the articles speak of the general kind, never of the one asked about.
  for (const term of topic) {
    const standIns = expansions.get(term);
    if (!index.knows(term) && standIns?.length && standIns.every((e) => e.via === 'broader'))
      return true;
  }
  // An acronym typed in capitals ("PMP", "NPS") is deliberate, not a typo of a word the
  // knowledge uses: unknown to it, to the glossary and to chat shorthand, it names something else.
  for (const [acronym] of question.text.matchAll(ACRONYM)) {
    const word = acronym.toLowerCase();
    if (analyzer.lexicon.abbreviations.has(word)) continue;
    const term = analyzer.term(word);
    if (!term || !topic.has(term) || index.knows(term) || expansions.has(term)) continue;
    return true;
  }
  return false;
}

/** Two to five capitals, maybe a plural "s": "PMP", "NPS", "OKRs". */
const ACRONYM = /\b[A-Z][A-Z0-9]{1,4}s?\b/g;
