import type { Ambiguity } from '../answers/analyzer.js';
import type { Subject } from '../answers/duty-subjects.js';
import type { Answer } from '../answers/types.js';

/** One passage as `ask --json` prints it: `source` is the knowledge file name. */
export interface AnswerJsonPassage {
  text: string;
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
  owner: { role: Subject | null; contested: boolean; confidence: number };
  ambiguous: Ambiguity[];
}

/** Picks the stable, documented fields of an answer; the order of keys is part of the contract. */
export function answerToJson(answer: Answer): AnswerJson {
  return {
    question: answer.question,
    answered: answer.answered,
    passages: answer.passages.map((passage) => ({
      text: passage.text,
      source: passage.source.file,
      title: passage.source.title,
      section: passage.section,
      score: passage.score,
    })),
    owner: {
      role: answer.owner.role,
      contested: answer.owner.contested,
      confidence: answer.owner.confidence,
    },
    ambiguous: answer.ambiguous,
  };
}
