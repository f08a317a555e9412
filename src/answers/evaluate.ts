import MiniSearch from 'minisearch';
import { RolebotError } from '../errors.js';
import { normalize } from './analyzer.js';
import type { Engine } from './engine.js';
import type { Answer, AskOptions } from './types.js';

/** One labelled question, in the format of the shared eval set. */
export interface LabelledQuestion {
  q: string;
  expect?: string[];
  owner?: string;
  contested?: boolean;
  answerable?: boolean;
  /** false: the question asks no ownership, so the answer must carry no owner verdict. */
  asksOwner?: boolean;
}

export interface QuestionResult {
  question: LabelledQuestion;
  answered: boolean;
  hitRank: number | null;
  owner: string | null;
  contested: boolean;
  /** The verdict's confidence (0 when there is none). */
  confidence: number;
  top: string | undefined;
}

/** Verdict accuracy within one band of confidence, for owner-labelled questions. */
export interface ConfidenceBand {
  from: number;
  to: number;
  verdicts: number;
  right: number;
}

export interface EvalReport {
  method: string;
  questions: number;
  answerable: number;
  offTopic: number;
  hitAt1: number;
  hitAt3: number;
  /** Share of off-topic questions answered "I don't know". */
  abstain: number;
  /** Answerable questions wrongly answered "I don't know". */
  falseAbstain: number;
  /** The same as a share of the answerable questions. */
  falseAbstainRate: number;
  /** Questions labelled as asking no ownership. */
  noOwnershipAsked: number;
  /** Share of those whose answer carries no owner verdict (null for baselines). */
  noOwnerLine: number | null;
  /** Owner-labelled verdicts by confidence: is a confident verdict a right one? */
  confidenceBands: ConfidenceBand[];
  /** Share of owner-labelled questions whose verdict names the labelled role (null for baselines). */
  ownerAccuracy: number | null;
  /** Share of contested-labelled questions the verdict marks contested (null for baselines). */
  contestedRecall: number | null;
  /** Questions marked contested that are not labelled so. */
  contestedFalsePositives: number | null;
  misses: QuestionResult[];
  results: QuestionResult[];
}

export function parseLabelledQuestions(jsonl: string, file = 'questions'): LabelledQuestion[] {
  return jsonl
    .split('\n')
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line.length > 0)
    .map(([line, number]) => {
      try {
        const value = JSON.parse(line) as LabelledQuestion;
        if (typeof value.q === 'string') return value;
        throw new RolebotError('input_invalid', `eval: ${file}:${number}: missing "q"`);
      } catch (error) {
        if (error instanceof RolebotError) throw error;
        throw new RolebotError(
          'input_invalid',
          `eval: ${file}:${number}: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
    });
}

/** Scores rolebot's engine on a labelled set. */
export function evaluateEngine(
  engine: Engine,
  questions: LabelledQuestion[],
  options: AskOptions = {},
): EvalReport {
  return score(
    'rolebot',
    questions,
    questions.map((question) =>
      toResult(question, engine.ask(question.q, { ...options, limit: 3 })),
    ),
    true,
  );
}

/**
 * Scores plain MiniSearch with its default options over the same passages: the baseline that
 * shows what the analyzer, re-ranking and abstain threshold add.
 */
export function evaluateBaseline(engine: Engine, questions: LabelledQuestion[]): EvalReport {
  const mini = new MiniSearch<{ id: string; text: string }>({ fields: ['text'] });
  mini.addAll(engine.passages.map(({ id, text }) => ({ id, text })));
  const byId = new Map(engine.passages.map((passage) => [passage.id, passage.text]));
  const results = questions.map((question) => {
    const top = mini
      .search(question.q)
      .slice(0, 3)
      .map((hit) => byId.get(String(hit.id)) ?? '');
    return resultFromTexts(question, top.length > 0, top, null, false, 0);
  });
  return score('minisearch-defaults', questions, results, false);
}

function toResult(question: LabelledQuestion, answer: Answer): QuestionResult {
  return resultFromTexts(
    question,
    answer.answered,
    answer.passages.map((passage) => passage.text),
    answer.owner.role,
    answer.owner.contested,
    answer.owner.confidence,
  );
}

function resultFromTexts(
  question: LabelledQuestion,
  answered: boolean,
  texts: string[],
  owner: string | null,
  contested: boolean,
  confidence: number,
): QuestionResult {
  const phrases = (question.expect ?? []).map(comparable);
  const index = texts.findIndex((text) => {
    const haystack = comparable(text);
    return phrases.some((phrase) => haystack.includes(phrase));
  });
  return {
    question,
    answered,
    hitRank: answered && index >= 0 ? index + 1 : null,
    owner,
    contested,
    confidence,
    top: texts[0],
  };
}

function score(
  method: string,
  questions: LabelledQuestion[],
  results: QuestionResult[],
  verdicts: boolean,
): EvalReport {
  const answerable = results.filter((r) => r.question.answerable !== false);
  const offTopic = results.filter((r) => r.question.answerable === false);
  const owned = results.filter((r) => r.question.owner !== undefined);
  const contested = results.filter((r) => r.question.contested === true);
  const noOwnership = results.filter((r) => r.question.asksOwner === false);
  const share = (part: number, whole: number): number =>
    whole === 0 ? 1 : Math.round((part / whole) * 1000) / 1000;
  const misses = results.filter((r) =>
    r.question.answerable === false
      ? r.answered
      : r.hitRank !== 1 ||
        (verdicts && r.question.owner !== undefined && r.owner !== r.question.owner) ||
        (verdicts && r.question.contested === true && !r.contested) ||
        (verdicts && r.question.asksOwner === false && r.owner !== null),
  );
  return {
    method,
    questions: questions.length,
    answerable: answerable.length,
    offTopic: offTopic.length,
    hitAt1: share(answerable.filter((r) => r.hitRank === 1).length, answerable.length),
    hitAt3: share(
      answerable.filter((r) => r.hitRank !== null && r.hitRank <= 3).length,
      answerable.length,
    ),
    abstain: share(offTopic.filter((r) => !r.answered).length, offTopic.length),
    falseAbstain: answerable.filter((r) => !r.answered).length,
    falseAbstainRate: share(answerable.filter((r) => !r.answered).length, answerable.length),
    noOwnershipAsked: noOwnership.length,
    noOwnerLine: verdicts
      ? share(noOwnership.filter((r) => r.owner === null).length, noOwnership.length)
      : null,
    confidenceBands: verdicts ? bands(owned) : [],
    ownerAccuracy: verdicts
      ? share(owned.filter((r) => r.owner === r.question.owner).length, owned.length)
      : null,
    contestedRecall: verdicts
      ? share(contested.filter((r) => r.contested).length, contested.length)
      : null,
    contestedFalsePositives: verdicts
      ? results.filter((r) => r.contested && r.question.contested !== true).length
      : null,
    misses,
    results,
  };
}

/** Owner-labelled verdicts in four bands of confidence; an unanswered question is no verdict. */
function bands(owned: readonly QuestionResult[]): ConfidenceBand[] {
  const edges = [0, 0.5, 0.7, 0.9, 1.0001];
  return edges.slice(0, -1).map((from, i) => {
    const to = edges[i + 1] as number;
    const inBand = owned.filter(
      (r) => r.owner !== null && r.confidence >= from && r.confidence < to,
    );
    return {
      from,
      to: Math.min(1, to),
      verdicts: inBand.length,
      right: inBand.filter((r) => r.owner === r.question.owner).length,
    };
  });
}

/** Case, curly quotes and non-breaking spaces must not decide whether a phrase was found. */
function comparable(text: string): string {
  return normalize(text).replace(/\s+/g, ' ');
}
