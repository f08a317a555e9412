import type { Passage } from '../knowledge/types.js';
import type { Analyzer } from './analyzer.js';
import { type RoleId, roleByTerm } from './roles.js';

/** Who a statement gives a duty to: one role, several together, or nobody we can tell. */
export type Subject = RoleId | 'shared';

/** The terms of one sentence that a given role is the subject of. */
export interface DutyStatement {
  subject: Subject;
  /** Index terms of the clauses this subject governs, role names excluded. */
  terms: ReadonlySet<string>;
  /** The sentence as written, to quote as evidence. */
  sentence: string;
}

const CLAUSE_BREAK = /[,;:()]|\s[—–-]\s|\s(?=(?:while|whereas|but)\s)/iu;
/** Words that refer back to the subject already in play rather than naming a new one. */
const PRONOUNS = new Set([
  'they',
  'their',
  'them',
  'he',
  'she',
  'his',
  'her',
  'it',
  'its',
  'this',
  'you',
  'your',
  'these',
  'those',
]);
/** Words that can open a clause without changing who it is about. */
const OPENERS = new Set([
  'and',
  'or',
  'also',
  'then',
  'so',
  'in',
  'addition',
  'on',
  'other',
  'hand',
  'the',
  'as',
  'well',
  'even',
  'often',
  'usually',
  'typically',
  'always',
  'still',
]);
const SHARED = /\b(?:both|all these|all three|the two|these two) roles\b/;

/**
 * Reads which role each sentence of a passage makes the subject of its duties. A clause's
 * subject is the first role it names; a clause that opens with a pronoun ("They also…") or names
 * no role continues the subject before it; a passage starts with the role its heading names.
 * Done once per passage when the index is built, so answering only looks sets up.
 */
export function dutyStatements(passage: Passage, analyzer: Analyzer): DutyStatement[] {
  let current: Subject | undefined = headingRole(passage.section, analyzer);
  const statements: DutyStatement[] = [];
  for (const sentence of passage.sentences) {
    const bySubject = new Map<Subject, Set<string>>();
    for (const clause of sentence.split(CLAUSE_BREAK)) {
      const { words, terms } = analyzer.analyze(clause);
      if (words.length === 0) continue;
      const subject = clauseSubject(words, clause) ?? current;
      if (subject === undefined) continue;
      current = subject;
      let set = bySubject.get(subject);
      if (!set) {
        set = new Set();
        bySubject.set(subject, set);
      }
      for (const term of terms) if (!roleByTerm(term)) set.add(term);
    }
    for (const [subject, terms] of bySubject) {
      if (terms.size > 0) statements.push({ subject, terms, sentence });
    }
  }
  return statements;
}

function clauseSubject(words: string[], clause: string): Subject | undefined {
  if (SHARED.test(clause.toLowerCase())) return 'shared';
  const first = words.find((word) => !OPENERS.has(word));
  if (first !== undefined && PRONOUNS.has(first)) return undefined;
  for (const word of words) {
    const role = roleByTerm(word);
    if (role) return role.id;
  }
  return undefined;
}

function headingRole(section: string, analyzer: Analyzer): Subject | undefined {
  const roles = new Set(
    analyzer.analyze(section).words.flatMap((word) => roleByTerm(word)?.id ?? []),
  );
  return roles.size === 1 ? [...roles][0] : undefined;
}
