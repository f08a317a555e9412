import type { Intent } from './intent.js';
import { perRoleSet, type RoleSet } from './roles.js';

/**
 * The kind of fact a question asks for, that the answer must state: a figure ("how many", "how
 * much does it cost"), money, a date ("when was…"), a named person ("who is our head of
 * product?") or the asker's own organisation ("at our company"). A passage that states no such
 * fact does not answer it, however close its topic (`uncovered.ts`).
 */
export type ExpectedFact = 'figure' | 'money' | 'date' | 'person' | 'local' | null;

/**
 * Asks for an amount of money: a price, a pay, a rate ("the going rate", "rate per day"). "Cost"
 * alone is a topic ("risk, cost and budget"); asked for, it comes with "how much", "what is the",
 * "cost of".
 */
const ASKS_MONEY =
  /\b(?:how\s+much\s+(?:does|do|is|are|would|will)\b.*\b(?:cost|pay|paid|make|earn|charge)|(?:what|whats|what's)\s+(?:is\s+|are\s+|does\s+)?(?:the\s+|a\s+)?(?:\S+\s+)?(?:cost|costs|price|prices|fee|fees)|(?:cost|price)\s+of|costs?\s+(?:much|a\s+lot)|salary|salaries|pay\s+(?:gap|scale|band|bands|range|grade|rise|raise)|wages?|earn|earns|paid|bonus|bonuses|(?:day|hourly|daily|going)\s+rate|rates?\s+per\s+(?:day|hour)|compensation)\b/;
/** A yes/no question that still asks for an amount in its first words. */
const YES_NO_AMOUNT = /^(?:\S+\s+){0,3}how\s+(?:many|much)\b/;
/**
 * Asks for a figure: a count, an amount, a length of time, a share, a limit or an ideal ("max
 * number of POs per team", "ideal sprint length": pooled dev sets, 8,165 questions, uncovered
 * abstained 82.6% → 82.9%, nothing else changed).
 */
const ASKS_FIGURE =
  /\b(?:ratios?|how\s+(?:many|much|long|big|old)|what\s+(?:percent|percentage|proportion|share|number)|(?:average|typical|median|usual|max|maximum|min|minimum|ideal|optimal|recommended)\s+(?:\S+\s+)?(?:rate|number|size|length|count)|years\s+of\s+experience)\b/;
/**
 * "How much should a PM know about the field?", "how much does the PO care about…": how far, not
 * how many: the sources answer it in words.
 */
const ASKS_DEGREE =
  /\bhow\s+much\s+(?:\S+\s+){0,6}(?:know|knowledge|understand|care|matter|matters|involved|involvement|influence|say|input|contact|interact|overlap)\b/;
/**
 * Asks about the asker's own organisation or period: "do we have", "at our company", "our
 * team's", "like here", "this quarter", "the Q3 roadmap" (a named quarter is one of the asker's
 * own). The sources are general articles; only the organisation's own documents answer it.
 */
const ASKS_LOCAL =
  /\b(?:(?:do|does|did)\s+we\s+(?:have|use)|(?:are|is)\s+(?:we|anyone\s+here)\s+(?:hiring|using|running)|(?:at|in|on)?\s*our\s+(?:company|companys|org|organisation|organization|place|team|teams|squad|squads|department|office|app|apps|product|products|process|processes)|(?:like|around|over|in)\s+here|here\s*$|(?:this|next|last|current)\s+(?:quarter|year|month|week|sprint|half)|q[1-4])\b/;
/** Asks for a date: "when was… published", "what year", "when does the next… start". */
const ASKS_DATE =
  /^(?:so\s+)?(?:when\s+(?:was|were|did|is\s+the\s+next|does\s+the\s+next|the\s+next)|whens\s+the\s+next)\b|\bwhat\s+(?:year|date|day|time)\b/;

/** Heads of job titles for a post held; not "contact" or "owner", which are duties. */
const TITLE_HEADS =
  'masters?|coach(?:es)?|directors?|leads?|engineers?|designers?|managers?|officers?|heads?';
/**
 * Asks who fills a role rather than which role: "who is our head of product?", "who's the PO for
 * the mobile squad?", "who's the PO here?", "which PM owns the app?" (the role is given; a name
 * is wanted), "who's the vp of product here?" (whoever holds a post in the asker's organisation),
 * and "who invented scrum?"; a post named by its title for a team or a piece of work ("who's the
 * scrum master for team atlas?", "who's the tech lead on checkout?"). (Pooled dev sets, 4,843
 * questions, the post held here with "going rate" below: uncovered abstained 81.3% → 81.5%, the
 * rest unchanged; 8,012, the titles: 82.6% → 83.0%, no answerable question more abstained.)
 */
const asksPerson = (roles: string): RegExp =>
  new RegExp(
    `\\bwho\\s*(?:is|'s|s|are)?\\s+(?:our|the\\s+(?:${roles})s?\\s+(?:for|of|on|in|at|here))\\b|\\bwhich\\s+(?:${roles})s?\\b(?!\\s+(?:or|vs\\.?|versus|and)\\b)|\\bwho\\s+(?:invented|founded|coined|wrote)\\b|^\\W*who\\s*(?:is|'s|s|are)\\s+(?:the|our)\\s+(?:\\S+\\s+){1,4}here\\W*$|\\bwho\\s*(?:is|'s|s|are)?\\s+(?:the|our)\\s+(?:\\S+\\s+){0,2}(?:${TITLE_HEADS})\\s+(?:for|on)\\s+`,
  );
const personPattern = perRoleSet((roles) => asksPerson(roles.termPattern));

/**
 * The kind of fact the question asks for, when it asks for one the sources can state or never
 * state (see `Question.expects`): read from the question's words (`sentence`) and, for "%", the
 * text as typed.
 */
export function expectedFact(
  text: string,
  sentence: string,
  intent: Intent,
  roles: RoleSet,
): ExpectedFact {
  if (personPattern(roles).test(sentence)) return 'person';
  // "Who owns the roadmap at our company?" is still answered: what the sources say, as ever.
  if (intent !== 'ownership' && ASKS_LOCAL.test(sentence)) return 'local';
  if (ASKS_DATE.test(sentence)) return 'date';
  if (ASKS_MONEY.test(sentence)) return 'money';
  // "do you need years of experience?", "does how big the org is change…?": a yes/no question
  // asks whether, not how much, unless it opens on the amount ("is how much they earn…").
  if (intent === 'yesno' && !YES_NO_AMOUNT.test(sentence)) return null;
  if ((ASKS_FIGURE.test(sentence) && !ASKS_DEGREE.test(sentence)) || text.includes('%'))
    return 'figure';
  return null;
}
