import type { Ambiguity } from '../answers/analyzer.js';
import type { Comparison } from '../answers/compare.js';
import type { Subject } from '../answers/duty-subjects.js';
import type { OwnerAnswer } from '../answers/engine.js';
import type { RoleId } from '../answers/roles.js';
import type { Answer, OwnerVerdict } from '../answers/types.js';

/**
 * Who settled the verdict, added after the original keys so older readers are unaffected: with
 * an organisation's decision, its name, note, link and consulted roles, and the articles' own
 * verdict beside it.
 */
export interface DecidedJson {
  decidedBy: 'organisation' | 'articles';
  organisation?: string;
  note?: string;
  link?: string;
  consulted?: RoleId[];
  articles?: { role: Subject | null; contested: boolean };
}

function decidedJson(owner: OwnerVerdict): DecidedJson {
  const { decision, articles } = owner;
  if (owner.decidedBy !== 'organisation' || !decision) return { decidedBy: 'articles' };
  return {
    decidedBy: 'organisation',
    organisation: decision.organisation,
    ...(decision.note ? { note: decision.note } : {}),
    ...(decision.link ? { link: decision.link } : {}),
    consulted: decision.consulted,
    ...(articles ? { articles: { role: articles.role, contested: articles.contested } } : {}),
  };
}

/** One passage as `ask --json` prints it: `source` is the knowledge file name. */
export interface AnswerJsonPassage {
  text: string;
  /** The sentence of `text` that answers the question. */
  sentence: string;
  source: string;
  title: string;
  section: string;
  score: number;
}

/** The `ask --json` contract: one of these per line, nothing else on stdout. */
export interface AnswerJson {
  question: string;
  answered: boolean;
  passages: AnswerJsonPassage[];
  /** null when the question asks no ownership ("what does a PO do?"). */
  owner: ({ role: Subject | null; contested: boolean; confidence: number } & DecidedJson) | null;
  ambiguous: Ambiguity[];
  intent: Answer['intent'];
  /** A question that asks two things, answered part by part (empty otherwise). */
  parts: AnswerJson[];
  /**
   * Only when the passages are about the roles the question names, not its words: the words the
   * sources never use ("is the PO the PM's minion?": ["minion"]). Added after the original keys.
   */
  unknownWords?: string[];
}

/** Picks the stable, documented fields of an answer; the order of keys is part of the contract. */
export function answerToJson(answer: Answer): AnswerJson {
  return {
    question: answer.question,
    answered: answer.answered,
    passages: answer.passages.map((passage) => ({
      text: passage.text,
      sentence: passage.sentence,
      source: passage.source.file,
      title: passage.source.title,
      section: passage.section,
      score: passage.score,
    })),
    owner: answer.asksOwner
      ? {
          role: answer.owner.role,
          contested: answer.owner.contested,
          confidence: answer.owner.confidence,
          ...decidedJson(answer.owner),
        }
      : null,
    ambiguous: answer.ambiguous,
    intent: answer.intent,
    parts: answer.parts.map(answerToJson),
    ...(answer.unknownWords ? { unknownWords: answer.unknownWords } : {}),
  };
}

/** One cell of `compare --json`: `source` is the knowledge file name. */
export interface CompareJsonCell {
  role: RoleId;
  text: string;
  source: string;
  section: string;
}

/** The `compare --json` contract: exactly one line; a null cell means the sources say nothing. */
export interface CompareJson {
  roles: [RoleId, RoleId];
  topic: string;
  rows: {
    aspect: string;
    cells: (CompareJsonCell | null)[];
    contested: boolean;
    /** Only on rows the organisation decided. */
    decided?: { organisation: string; role: RoleId };
  }[];
}

export function comparisonToJson(comparison: Comparison): CompareJson {
  return {
    roles: comparison.roles,
    topic: comparison.topic,
    rows: comparison.rows.map((row) => ({
      aspect: row.aspect,
      cells: row.cells.map((cell) =>
        cell
          ? { role: cell.role, text: cell.text, source: cell.source, section: cell.section }
          : null,
      ),
      contested: row.contested,
      ...(row.decided ? { decided: row.decided } : {}),
    })),
  };
}

/** How many statements `owner --json` lists. */
export const OWNER_JSON_EVIDENCE = 12;

/** The `owner --json` contract: exactly one line, evidence strongest first. */
export interface OwnerJson {
  thing: string;
  answered: boolean;
  owner: {
    role: Subject | null;
    contested: boolean;
    confidence: number;
    contenders: Subject[];
  } & DecidedJson;
  evidence: { role: Subject; sentence: string; source: string; covers: number }[];
}

export function ownerToJson(result: OwnerAnswer): OwnerJson {
  const { owner } = result.answer;
  return {
    thing: result.thing,
    answered: result.answer.answered,
    owner: {
      role: owner.role,
      contested: owner.contested,
      confidence: owner.confidence,
      contenders: owner.contenders,
      ...decidedJson(owner),
    },
    evidence: [...owner.evidence]
      .sort((a, b) => b.strength - a.strength)
      .slice(0, OWNER_JSON_EVIDENCE)
      .map((item) => ({
        role: item.role,
        sentence: item.sentence,
        source: item.source.file,
        covers: item.covers,
      })),
  };
}
