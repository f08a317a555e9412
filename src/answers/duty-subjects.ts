import { sentencesOf } from '../knowledge/sentences.js';
import type { Passage } from '../knowledge/types.js';
import type { Analyzer } from './analyzer.js';
import { perRoleSet, type RoleId, type RoleSet } from './roles.js';

/** Who a statement gives a duty to: one role, several together, or nobody we can tell. */
export type Subject = RoleId | 'shared';

/** The terms of one sentence that a given role is the subject of. */
export interface DutyStatement {
  subject: Subject;
  /** Index terms of the clauses this subject governs, role names excluded. */
  terms: ReadonlySet<string>;
  /** The sentence as written, to quote as evidence. */
  sentence: string;
  /**
   * The part of the sentence about this subject, as written: the whole sentence when it is about
   * one role, else the clauses it governs ("…a product owner is focused on the internal aspects").
   */
  excerpt: string;
  /**
   * 1 when the sentence gives the role a duty; less when it only says what the role must be
   * able to do ("must be able to communicate with stakeholders" is a skill, not ownership).
   */
  attribution: number;
  /**
   * The role is the subject of a clause of the sentence ("the product owner translates…"), not
   * only the agent of a passive inside another role's clause ("…the strategy designed by the
   * product manager"), whose sentence is about someone else.
   */
  subjectOfClause: boolean;
}

const CLAUSE_BREAK = /[,;:()]|\s[—–-]\s|\s(?=(?:while|whereas|but)\s)/giu;
/** Words that refer back to the subject already in play rather than naming a new one. */
const PRONOUNS = new Set(
  'they their them he she his her it its this you your these those'.split(' '),
);
/** Words that can open a clause without changing who it is about. */
const OPENERS = new Set(
  'and or also then so in addition on other hand the as well even often usually typically always still'.split(
    ' ',
  ),
);
/** The patterns that name roles, for one role set (src/answers/roles.ts), built once for it. */
interface RolePatterns {
  /** "both roles", "the product owner and the product manager are…": a duty held together. */
  shared: RegExp;
  /** A reduced passive ("the strategy designed by the product manager") names the real agent. */
  passiveAgent: RegExp;
  /**
   * "They work with the product manager to define…": what one role works on with another, to
   * some end, the two do together; not meeting or talking with it. (Pooled dev sets, 5,266
   * questions: owner 87.1 → 87.8, our own set 93.5 → 95.7; contested 70.3 → 69.7, as release
   * timing, which the helpers call contested, is now the two roles' together.)
   */
  jointly: RegExp;
}
const rolePatterns = perRoleSet((roles): RolePatterns => {
  const word = `(?:${roles.termPattern})s?`;
  return {
    shared: new RegExp(
      `\\b(?:both|all these|all three|the two|these two) roles\\b|^(?:\\S+\\s+){0,2}${word}\\s+and\\s+(?:the\\s+|a\\s+)?${word}\\b`,
    ),
    passiveAgent: new RegExp(`^by\\s+(?:the\\s+|a\\s+|an\\s+)?(${word})$`),
    jointly: new RegExp(
      `\\b(?:work|works|working|worked|collaborate|collaborates|collaborating|partner|partners|partnering)\\s+(?:closely\\s+|together\\s+)?with\\s+(?:the\\s+|a\\s+|an\\s+)?(${word})\\s+to\\b`,
    ),
  };
});
const ABILITY =
  /\b(?:(?:must|should|need to|needs to) be able to|need to have|should have|skills?|competenc(?:y|ies))\b/;
const ABILITY_WEIGHT = 0.5;

/**
 * Reads which role each sentence of a passage makes the subject of its duties. A clause's
 * subject is the first role it names; a clause that opens with a pronoun ("They also…") or names
 * no role continues the subject before it; a passage starts with the role its heading names.
 * "X designed by the product manager" gives X to the product manager. Worked out the first time a
 * question needs a passage's statements, then kept (the index's duty cache).
 */
export function dutyStatements(passage: Passage, analyzer: Analyzer): DutyStatement[] {
  const { roles } = analyzer;
  const patterns = rolePatterns(roles);
  let current: Subject | undefined = headingRole(passage.section, analyzer);
  const statements: DutyStatement[] = [];
  for (const sentence of sentencesOf(passage)) {
    // A question asks, it does not say: "is it the PO's job to…, or the PM's…?" gives no one a
    // duty, nor the subject the sentences after it continue.
    if (sentence.trim().endsWith('?')) continue;
    const bySubject = new Map<Subject, Set<string>>();
    const spans = new Map<Subject, { start: number; end: number }>();
    const add = (subject: Subject, terms: Iterable<string>, start?: number, end?: number): void => {
      let set = bySubject.get(subject);
      if (!set) {
        set = new Set();
        bySubject.set(subject, set);
      }
      for (const term of terms) if (!roles.isTerm(term)) set.add(term);
      if (start !== undefined && end !== undefined) {
        const span = spans.get(subject);
        spans.set(
          subject,
          span
            ? { start: Math.min(span.start, start), end: Math.max(span.end, end) }
            : { start, end },
        );
      }
    };
    // A sentence that opens on a subject of its own that is no role ("The development team are
    // led by…", "No one buys a product…", "Here are some job descriptions…") is about that, not
    // the role before it: its clauses continue no one until one names a role.
    let inherited: Subject | undefined = ownSubject(sentence, analyzer) ? undefined : current;
    // Whether the clauses in play are what two roles do together (`jointly`).
    let joint = false;
    // Whether the clause before continued its subject without naming one: a list's item.
    let listing = false;
    for (const { clause, start, end } of clauses(sentence, analyzer)) {
      const { words } = analyzer.analyze(clause);
      if (words.length === 0) continue;
      let named = clauseSubject(words, roles, patterns);
      if (named !== undefined && listing && namesInListItem(words, roles)) named = undefined;
      listing = named === undefined && inherited !== undefined;
      let subject = named ?? (joint ? 'shared' : inherited);
      if (subject === undefined) continue;
      if (named !== undefined || !joint) current = subject;
      // "They work with the product manager to define what the product should do, … and when it
      // should be released": what the two work on together is theirs together, to the end of the
      // sentence; the next sentence goes on about the first role.
      const partner = patterns.jointly.exec(words.join(' '))?.[1];
      const partnerRole = partner ? roles.byTerm(partner.replace(/s$/, ''))?.id : undefined;
      joint = named === undefined && joint;
      if (partnerRole && subject !== 'shared' && partnerRole !== subject) {
        subject = 'shared';
        joint = true;
      }
      inherited = subject;
      const agent = passiveAgent(words, roles, patterns);
      const terms: string[] = [];
      for (let i = 0; i < words.length; i++) {
        const term = analyzer.term(words[i] ?? '');
        if (!term) continue;
        if (agent && i === agent.to - 1) continue;
        terms.push(term);
      }
      add(subject, terms, start, end);
      if (agent) {
        add(
          agent.role,
          words.slice(agent.from, agent.to).flatMap((word) => analyzer.term(word) ?? []),
        );
      }
    }
    const attribution = ABILITY.test(sentence.toLowerCase()) ? ABILITY_WEIGHT : 1;
    const single = bySubject.size === 1;
    for (const [subject, terms] of bySubject) {
      if (terms.size === 0) continue;
      const span = spans.get(subject);
      const excerpt = single || !span ? sentence : excerptOf(sentence, span.start, span.end);
      statements.push({
        subject,
        terms,
        sentence,
        excerpt,
        attribution,
        subjectOfClause: span !== undefined,
      });
    }
  }
  return statements;
}

/**
 * The sentence's clauses with their positions, so a subject's part can be quoted as written.
 * Besides punctuation and "while"/"but", an "and" starts a clause when a role follows it: "the
 * PM sets the vision and the PO manages the backlog" gives the backlog to the PO.
 */
function clauses(
  sentence: string,
  analyzer: Analyzer,
): { clause: string; start: number; end: number }[] {
  const result: { clause: string; start: number; end: number }[] = [];
  let start = 0;
  const cut = (index: number, length: number): void => {
    result.push({ clause: sentence.slice(start, index), start, end: index });
    start = index + length;
  };
  for (const match of sentence.matchAll(CLAUSE_BREAK_OR_AND)) {
    const index = match.index ?? 0;
    if (
      match[0].trim() === 'and' &&
      !(
        saysSomething(sentence.slice(start, index), analyzer) &&
        opensWithRole(sentence.slice(index + match[0].length), analyzer) &&
        // "Both the PM and the PO talk to customers": one duty held together, not two clauses.
        !rolePatterns(analyzer.roles).shared.test(
          analyzer.analyze(sentence.slice(start)).words.join(' '),
        )
      )
    )
      continue;
    cut(index, match[0].length);
  }
  result.push({ clause: sentence.slice(start), start, end: sentence.length });
  return result;
}

const CLAUSE_BREAK_OR_AND = new RegExp(`${CLAUSE_BREAK.source}|\\sand\\s`, 'giu');

/**
 * Whether a clause has words beyond its subject and does not end on a role ("the PM sets the
 * vision", not "the PM", nor "the difference between the PO", which a second role completes).
 */
function saysSomething(text: string, analyzer: Analyzer): boolean {
  const { words } = analyzer.analyze(text);
  const last = words.at(-1);
  if (last === undefined || analyzer.roles.isTerm(last)) return false;
  return words.some(
    (word) => !OPENERS.has(word) && !analyzer.roles.isTerm(word) && analyzer.term(word),
  );
}

/** Whether a clause's first words (after an article) name a role: "the PO manages…". */
function opensWithRole(text: string, analyzer: Analyzer): boolean {
  const words = analyzer.analyze(text.slice(0, 40)).words.filter((word) => !OPENERS.has(word));
  return words[0] !== undefined && analyzer.roles.isTerm(words[0]);
}

function excerptOf(sentence: string, start: number, end: number): string {
  const text = sentence
    .slice(start, end)
    .trim()
    .replace(/^(?:and|or|but|while|whereas)\s+/i, '');
  const lead = start > 0 ? '…' : '';
  const tail = end < sentence.length && !/[.!?]$/.test(text) ? '…' : '';
  return `${lead}${text}${tail}`;
}

/**
 * Words that open a noun phrase or an existential ("here are…", "there is…"): a sentence opening
 * with one names its own subject. Not "some", "many", "all": "some are fresh from university"
 * speaks of the people in play.
 */
const DETERMINERS = new Set('the a an no here there'.split(' '));
/** "The role revolves around…", "the job is…": a noun for the role in play refers back to it. */
const ROLE_NOUNS = /^(?:\S+\s+){0,2}(?:role|roles|job|jobs|position|title)\b/;
/** Possessives that tie a noun phrase to the subject already in play ("their role is…"). */
const BACK_REFERENCES = /\b(?:their|his|her|its|your|they|them|he|she)\b/;

/** How many opening words the subject of a sentence is looked for in. */
const SUBJECT_WORDS = 4;

/**
 * Whether a sentence opens on a subject of its own that names no role: a determiner first
 * ("the team…", "no one…", "here are…"), no role named, and nothing in its opening words that
 * refers back to the subject in play ("the key to *their* role is…" is still about it; "the team
 * is led by *their* facilitator" is not).
 */
function ownSubject(sentence: string, analyzer: Analyzer): boolean {
  const { words } = analyzer.analyze(sentence);
  const first = words[0];
  if (first === undefined || !DETERMINERS.has(first)) return false;
  if (words.some((word) => analyzer.roles.isTerm(word))) return false;
  const opening = words.slice(0, SUBJECT_WORDS).join(' ');
  if (ROLE_NOUNS.test(opening)) return false;
  return !BACK_REFERENCES.test(opening);
}

/** Words before a role that make it a noun phrase of its own, a subject, not a modifier. */
const ROLE_DETERMINERS = new Set('the a an every each our your their this that any no'.split(' '));

/**
 * "…the PO handles execution, backlog prioritisation, and Product Manager job immediate team
 * coordination": the last item of a list whose subject the clauses before carry, with a role
 * named without a determiner (a modifier of the item, "Product Manager job"), is still that
 * subject's; "…, and the PM owns the roadmap" is a clause of the PM's. (In the five articles this
 * reads one sentence as its readers do. Pooled dev sets, 7,882 questions: owner 85.2 → 85.9,
 * contested 65.3 → 65.4, clear owners flagged contested 357 → 360; four retired blind halves,
 * scores only: owner 80.7 → 81.6.)
 */
function namesInListItem(words: string[], roles: RoleSet): boolean {
  if (words[0] !== 'and' && words[0] !== 'or') return false;
  const at = words.findIndex((word) => roles.byTerm(word) !== undefined);
  return at > 0 && !ROLE_DETERMINERS.has(words[at - 1] ?? '') && !/s$/.test(words[at] ?? '');
}

function clauseSubject(
  words: string[],
  roles: RoleSet,
  patterns: RolePatterns,
): Subject | undefined {
  if (patterns.shared.test(words.join(' '))) return 'shared';
  const first = words.find((word) => !OPENERS.has(word));
  if (first !== undefined && PRONOUNS.has(first)) return undefined;
  for (const word of words) {
    const role = roles.byTerm(word);
    if (role) return role.id;
  }
  return undefined;
}

/**
 * Finds "<object> <participle> by the <role>" and returns the role and the span of the two words
 * before "by": the participle is the agent's alone, the object is shared with the clause subject
 * ("translating the strategy designed by the PM": the PO translates it, the PM designs it).
 */
function passiveAgent(
  words: string[],
  roles: RoleSet,
  patterns: RolePatterns,
): { role: RoleId; from: number; to: number } | undefined {
  for (let i = 1; i < words.length - 1; i++) {
    if (words[i] !== 'by') continue;
    const tail = words.slice(i, i + 3).join(' ');
    const match =
      patterns.passiveAgent.exec(tail) ??
      patterns.passiveAgent.exec(words.slice(i, i + 2).join(' '));
    const role = match?.[1] ? roles.byTerm(match[1].replace(/s$/, '')) : undefined;
    if (!role) continue;
    return { role: role.id, from: Math.max(0, i - 2), to: i };
  }
  return undefined;
}

function headingRole(section: string, analyzer: Analyzer): Subject | undefined {
  const roles = new Set(
    analyzer.analyze(section).words.flatMap((word) => analyzer.roles.byTerm(word)?.id ?? []),
  );
  return roles.size === 1 ? [...roles][0] : undefined;
}
