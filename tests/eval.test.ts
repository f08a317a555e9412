import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../src/answers/engine.js';
import {
  type EvalReport,
  evaluateBaseline,
  evaluateEngine,
  parseLabelledQuestions,
} from '../src/answers/evaluate.js';
import { loadKnowledge } from '../src/knowledge/loader.js';

/**
 * The labelled evals as a regression gate, one floor per set at the level last measured, so the
 * method can only get better:
 * - `questions.jsonl`: the shared set plus our own (tuned on for several sessions);
 * - `dev.jsonl` … `dev-52.jsonl`: 9,624 questions written from the five articles alone by
 *   thirty-three helpers who saw neither our code, our vocabulary nor any other set. `dev-2`,
 *   `dev-3`, `dev-7`, `dev-8`, `dev-10`, `dev-12`, `dev-14`, `dev-16`, `dev-18`, `dev-20`,
 *   `dev-22`, `dev-24`, `dev-26`, `dev-29`, `dev-30`, `dev-32`, `dev-34`, `dev-36`, `dev-42`
 *   and `dev-44` were blind sets until their scores had been read; `dev-9`, `dev-11`, `dev-13`,
 *   `dev-15`, `dev-17`, `dev-19`, `dev-21`, `dev-23`, `dev-25`, `dev-27`, `dev-28`, `dev-31`,
 *   `dev-33`, `dev-35`, `dev-37`, `dev-38`, `dev-39`, `dev-40`, `dev-41`, `dev-43`, `dev-45`,
 *   `dev-46`, `dev-47`, `dev-48`, `dev-49`, `dev-50`, `dev-51` and `dev-52` are the tuning halves
 *   of the sixth to thirty-third helpers' sets;
 * - `blind.jsonl`: the other part of the nineteenth helper's set (`dev-35` is its tuning half),
 *   scored at the tenth session's first commit, at the start and end of its second round, and at
 *   the first and last commits of the eleventh to sixteenth sessions;
 * - `blind-fresh.jsonl` (the rest of the twentieth helper's set, `dev-37` its tuning half),
 *   `blind-z.jsonl`, `blind-aa.jsonl`, `blind-ab.jsonl`, `blind-ac.jsonl`, `blind-ad.jsonl`,
 *   `blind-ae.jsonl`, `blind-af.jsonl` and `blind-ag.jsonl` (the rest of the twenty-sixth's to
 *   thirty-third's, `dev-45` to `dev-52` theirs) have no floor:
 *   their scores are read only at a session's first and last commits, to judge its changes
 *   together.
 *   We tune on the dev sets and read only the blind sets' scores, never their misses, at the
 *   start and the end of a round; a blind set whose scores were read becomes a dev set once a
 *   fresh one is written.
 * Issue 18's bar for blind is hit@1 0.85, hit@3 0.95, false abstains 3%, uncovered abstained 90%,
 * owner 0.90, contested 0.90, no owner line on 95% of questions that ask none: the floors below are
 * where the method stands, not the bar. Two of our own labels were changed when ownership became
 * an intent of its own ("what does a project manager do?" and "why is the PM called the CEO of
 * the product?" ask what a role is, so they get no verdict now).
 */
const FLOORS: Record<string, Floors> = {
  questions: {
    hitAt1: 0.953,
    hitAt3: 0.965,
    falseAbstainRate: 0,
    abstain: 1,
    ownerAccuracy: 0.957,
    contestedRecall: 0.833,
    noOwnerLine: 1,
  },
  dev: {
    hitAt1: 0.757,
    hitAt3: 0.879,
    falseAbstainRate: 0.014,
    abstain: 0.966,
    ownerAccuracy: 0.943,
    contestedRecall: 0.895,
    noOwnerLine: 1,
  },
  'dev-2': {
    hitAt1: 0.702,
    hitAt3: 0.828,
    falseAbstainRate: 0.026,
    abstain: 1,
    ownerAccuracy: 0.892,
    contestedRecall: 0.762,
    noOwnerLine: 0.972,
  },
  'dev-3': {
    hitAt1: 0.712,
    hitAt3: 0.869,
    falseAbstainRate: 0.01,
    abstain: 0.943,
    ownerAccuracy: 0.935,
    contestedRecall: 0.778,
    noOwnerLine: 0.986,
  },
  'dev-4': {
    hitAt1: 0.667,
    hitAt3: 0.838,
    falseAbstainRate: 0,
    abstain: 0.842,
    ownerAccuracy: 1,
    contestedRecall: 0.75,
    noOwnerLine: 0.979,
  },
  'dev-5': {
    hitAt1: 0.658,
    hitAt3: 0.784,
    falseAbstainRate: 0.009,
    abstain: 0.842,
    ownerAccuracy: 0.842,
    contestedRecall: 0.818,
    noOwnerLine: 0.949,
  },
  'dev-6': {
    hitAt1: 0.611,
    hitAt3: 0.806,
    falseAbstainRate: 0.028,
    abstain: 1,
    ownerAccuracy: 1,
    contestedRecall: 0.571,
    noOwnerLine: 0.978,
  },
  'dev-7': {
    hitAt1: 0.746,
    hitAt3: 0.848,
    falseAbstainRate: 0.013,
    abstain: 0.872,
    ownerAccuracy: 0.959,
    contestedRecall: 0.731,
    noOwnerLine: 0.961,
  },
  'dev-8': {
    hitAt1: 0.662,
    hitAt3: 0.817,
    falseAbstainRate: 0.014,
    abstain: 0.919,
    ownerAccuracy: 0.977,
    contestedRecall: 0.706,
    noOwnerLine: 0.92,
  },
  'dev-9': {
    hitAt1: 0.75,
    hitAt3: 0.866,
    falseAbstainRate: 0.009,
    abstain: 0.722,
    ownerAccuracy: 0.943,
    contestedRecall: 0.778,
    noOwnerLine: 0.974,
  },
  'dev-10': {
    hitAt1: 0.718,
    hitAt3: 0.856,
    falseAbstainRate: 0.009,
    abstain: 0.93,
    ownerAccuracy: 0.939,
    contestedRecall: 0.853,
    noOwnerLine: 0.977,
  },
  'dev-11': {
    hitAt1: 0.784,
    hitAt3: 0.892,
    falseAbstainRate: 0.027,
    abstain: 0.842,
    ownerAccuracy: 0.939,
    contestedRecall: 0.769,
    noOwnerLine: 1,
  },
  'dev-12': {
    hitAt1: 0.718,
    hitAt3: 0.846,
    falseAbstainRate: 0.026,
    abstain: 0.892,
    ownerAccuracy: 0.929,
    contestedRecall: 0.676,
    noOwnerLine: 0.97,
  },
  'dev-13': {
    hitAt1: 0.757,
    hitAt3: 0.883,
    falseAbstainRate: 0.009,
    abstain: 0.789,
    ownerAccuracy: 0.889,
    contestedRecall: 0.75,
    noOwnerLine: 0.956,
  },
  'dev-14': {
    hitAt1: 0.664,
    hitAt3: 0.821,
    falseAbstainRate: 0.013,
    abstain: 0.829,
    ownerAccuracy: 0.927,
    contestedRecall: 0.778,
    noOwnerLine: 0.971,
  },
  'dev-15': {
    hitAt1: 0.705,
    hitAt3: 0.813,
    falseAbstainRate: 0.009,
    abstain: 0.778,
    ownerAccuracy: 0.913,
    contestedRecall: 0.733,
    noOwnerLine: 0.943,
  },
  'dev-16': {
    hitAt1: 0.758,
    hitAt3: 0.877,
    falseAbstainRate: 0.008,
    abstain: 0.927,
    ownerAccuracy: 0.942,
    contestedRecall: 0.679,
    noOwnerLine: 0.951,
  },
  'dev-17': {
    hitAt1: 0.734,
    hitAt3: 0.844,
    falseAbstainRate: 0.018,
    abstain: 0.857,
    ownerAccuracy: 0.962,
    contestedRecall: 0.7,
    noOwnerLine: 0.945,
  },
  'dev-18': {
    hitAt1: 0.72,
    hitAt3: 0.858,
    falseAbstainRate: 0.017,
    abstain: 0.923,
    ownerAccuracy: 0.932,
    contestedRecall: 0.656,
    noOwnerLine: 0.988,
  },
  'dev-19': {
    hitAt1: 0.685,
    hitAt3: 0.843,
    falseAbstainRate: 0.009,
    abstain: 0.682,
    ownerAccuracy: 0.889,
    contestedRecall: 1,
    noOwnerLine: 0.978,
  },
  'dev-20': {
    hitAt1: 0.706,
    hitAt3: 0.847,
    falseAbstainRate: 0.02,
    abstain: 0.957,
    ownerAccuracy: 0.964,
    contestedRecall: 0.867,
    noOwnerLine: 0.975,
  },
  'dev-21': {
    hitAt1: 0.649,
    hitAt3: 0.802,
    falseAbstainRate: 0,
    abstain: 0.842,
    ownerAccuracy: 0.938,
    contestedRecall: 0.625,
    noOwnerLine: 0.967,
  },
  'dev-22': {
    hitAt1: 0.739,
    hitAt3: 0.821,
    falseAbstainRate: 0.009,
    abstain: 0.767,
    ownerAccuracy: 0.949,
    contestedRecall: 0.857,
    noOwnerLine: 0.96,
  },
  'dev-23': {
    hitAt1: 0.625,
    hitAt3: 0.759,
    falseAbstainRate: 0.027,
    abstain: 0.667,
    ownerAccuracy: 0.791,
    contestedRecall: 0.333,
    noOwnerLine: 0.976,
  },
  'dev-24': {
    hitAt1: 0.708,
    hitAt3: 0.842,
    falseAbstainRate: 0.013,
    abstain: 0.8,
    ownerAccuracy: 0.875,
    contestedRecall: 0.842,
    noOwnerLine: 0.953,
  },
  'dev-25': {
    hitAt1: 0.741,
    hitAt3: 0.83,
    falseAbstainRate: 0.018,
    abstain: 0.833,
    ownerAccuracy: 0.697,
    contestedRecall: 0.714,
    noOwnerLine: 0.956,
  },
  'dev-26': {
    hitAt1: 0.714,
    hitAt3: 0.825,
    falseAbstainRate: 0.024,
    abstain: 0.902,
    ownerAccuracy: 0.768,
    contestedRecall: 0.657,
    noOwnerLine: 0.985,
  },
  'dev-27': {
    hitAt1: 0.696,
    hitAt3: 0.839,
    falseAbstainRate: 0.027,
    abstain: 0.778,
    ownerAccuracy: 0.78,
    contestedRecall: 0.636,
    noOwnerLine: 0.962,
  },
  'dev-28': {
    hitAt1: 0.795,
    hitAt3: 0.857,
    falseAbstainRate: 0.009,
    abstain: 0.889,
    ownerAccuracy: 0.831,
    contestedRecall: 0.923,
    noOwnerLine: 0.97,
  },
  'dev-29': {
    hitAt1: 0.701,
    hitAt3: 0.815,
    falseAbstainRate: 0.016,
    abstain: 0.925,
    ownerAccuracy: 0.791,
    contestedRecall: 0.593,
    noOwnerLine: 0.974,
  },
  'dev-30': {
    hitAt1: 0.68,
    hitAt3: 0.779,
    falseAbstainRate: 0.028,
    abstain: 0.875,
    ownerAccuracy: 0.826,
    contestedRecall: 0.714,
    noOwnerLine: 0.982,
  },
  'dev-31': {
    hitAt1: 0.723,
    hitAt3: 0.839,
    falseAbstainRate: 0.018,
    abstain: 0.944,
    ownerAccuracy: 0.843,
    contestedRecall: 0.833,
    noOwnerLine: 1,
  },
  'dev-32': {
    hitAt1: 0.7,
    hitAt3: 0.83,
    falseAbstainRate: 0.024,
    abstain: 0.921,
    ownerAccuracy: 0.832,
    contestedRecall: 0.484,
    noOwnerLine: 0.963,
  },
  'dev-33': {
    hitAt1: 0.705,
    hitAt3: 0.804,
    falseAbstainRate: 0.045,
    abstain: 0.833,
    ownerAccuracy: 0.714,
    contestedRecall: 0.615,
    noOwnerLine: 0.972,
  },
  'dev-34': {
    hitAt1: 0.704,
    hitAt3: 0.842,
    falseAbstainRate: 0.012,
    abstain: 0.875,
    ownerAccuracy: 0.857,
    contestedRecall: 0.553,
    noOwnerLine: 0.982,
  },
  'dev-35': {
    hitAt1: 0.708,
    hitAt3: 0.814,
    falseAbstainRate: 0.018,
    abstain: 0.647,
    ownerAccuracy: 0.844,
    contestedRecall: 0.545,
    noOwnerLine: 0.938,
  },
  'dev-36': {
    hitAt1: 0.676,
    hitAt3: 0.785,
    falseAbstainRate: 0.024,
    abstain: 0.95,
    ownerAccuracy: 0.778,
    contestedRecall: 0.483,
    noOwnerLine: 0.971,
  },
  'dev-37': {
    hitAt1: 0.699,
    hitAt3: 0.814,
    falseAbstainRate: 0.009,
    abstain: 0.824,
    ownerAccuracy: 0.944,
    contestedRecall: 0.444,
    noOwnerLine: 0.968,
  },
  'dev-38': {
    hitAt1: 0.598,
    hitAt3: 0.741,
    falseAbstainRate: 0.054,
    abstain: 0.722,
    ownerAccuracy: 0.841,
    contestedRecall: 0.333,
    noOwnerLine: 0.963,
  },
  'dev-39': {
    hitAt1: 0.759,
    hitAt3: 0.857,
    falseAbstainRate: 0.045,
    abstain: 0.833,
    ownerAccuracy: 0.792,
    contestedRecall: 0.692,
    noOwnerLine: 0.988,
  },
  'dev-40': {
    hitAt1: 0.723,
    hitAt3: 0.83,
    falseAbstainRate: 0.045,
    abstain: 0.944,
    ownerAccuracy: 0.696,
    contestedRecall: 0.368,
    noOwnerLine: 0.949,
  },
  'dev-41': {
    hitAt1: 0.658,
    hitAt3: 0.802,
    falseAbstainRate: 0.009,
    abstain: 0.842,
    ownerAccuracy: 0.806,
    contestedRecall: 0.625,
    noOwnerLine: 0.914,
  },
  'dev-42': {
    hitAt1: 0.702,
    hitAt3: 0.819,
    falseAbstainRate: 0.029,
    abstain: 0.756,
    ownerAccuracy: 0.735,
    contestedRecall: 0.431,
    noOwnerLine: 0.933,
  },
  'dev-43': {
    hitAt1: 0.723,
    hitAt3: 0.839,
    falseAbstainRate: 0.018,
    abstain: 1,
    ownerAccuracy: 0.737,
    contestedRecall: 0.9,
    noOwnerLine: 0.955,
  },
  'dev-44': {
    hitAt1: 0.722,
    hitAt3: 0.823,
    falseAbstainRate: 0.028,
    abstain: 0.805,
    ownerAccuracy: 0.72,
    contestedRecall: 0.737,
    noOwnerLine: 0.859,
  },
  'dev-45': {
    hitAt1: 0.705,
    hitAt3: 0.8,
    falseAbstainRate: 0,
    abstain: 0.68,
    ownerAccuracy: 0.897,
    contestedRecall: 0.556,
    noOwnerLine: 0.898,
  },
  'dev-46': {
    hitAt1: 0.741,
    hitAt3: 0.806,
    falseAbstainRate: 0.028,
    abstain: 0.818,
    ownerAccuracy: 0.813,
    contestedRecall: 0.875,
    noOwnerLine: 0.948,
  },
  'dev-47': {
    hitAt1: 0.731,
    hitAt3: 0.852,
    falseAbstainRate: 0.019,
    abstain: 0.636,
    ownerAccuracy: 0.926,
    contestedRecall: 1,
    noOwnerLine: 0.951,
  },
  'dev-48': {
    hitAt1: 0.718,
    hitAt3: 0.818,
    falseAbstainRate: 0.036,
    abstain: 0.8,
    ownerAccuracy: 0.806,
    contestedRecall: 0.875,
    noOwnerLine: 0.909,
  },
  'dev-49': {
    hitAt1: 0.726,
    hitAt3: 0.832,
    falseAbstainRate: 0.009,
    abstain: 1,
    ownerAccuracy: 0.9,
    contestedRecall: 0.643,
    noOwnerLine: 0.948,
  },
  'dev-50': {
    hitAt1: 0.675,
    hitAt3: 0.825,
    falseAbstainRate: 0.018,
    abstain: 0.875,
    ownerAccuracy: 0.886,
    contestedRecall: 0.636,
    noOwnerLine: 0.989,
  },
  'dev-51': {
    hitAt1: 0.711,
    hitAt3: 0.816,
    falseAbstainRate: 0,
    abstain: 0.875,
    ownerAccuracy: 0.829,
    contestedRecall: 0.818,
    noOwnerLine: 0.968,
  },
  'dev-52': {
    hitAt1: 0.696,
    hitAt3: 0.83,
    falseAbstainRate: 0.018,
    abstain: 0.833,
    ownerAccuracy: 0.842,
    contestedRecall: 0.778,
    noOwnerLine: 1,
  },
  blind: {
    hitAt1: 0.714,
    hitAt3: 0.829,
    falseAbstainRate: 0.041,
    abstain: 0.811,
    ownerAccuracy: 0.835,
    contestedRecall: 0.545,
    noOwnerLine: 0.925,
  },
};

interface Floors {
  hitAt1: number;
  hitAt3: number;
  /** The most answerable questions answered "I don't know" (a share). */
  falseAbstainRate: number;
  abstain: number;
  ownerAccuracy: number;
  contestedRecall: number;
  noOwnerLine: number;
}

let engine: Engine;
const reports: Record<string, EvalReport> = {};
let report: EvalReport;
let baseline: EvalReport;

beforeAll(async () => {
  engine = createEngine(await loadKnowledge('knowledge'));
  for (const set of Object.keys(FLOORS)) {
    const file = `tests/eval/${set}.jsonl`;
    reports[set] = evaluateEngine(
      engine,
      parseLabelledQuestions(await readFile(file, 'utf8'), file),
    );
  }
  report = reports.questions as EvalReport;
  const questions = parseLabelledQuestions(await readFile('tests/eval/questions.jsonl', 'utf8'));
  baseline = evaluateBaseline(engine, questions);
});

describe.each(Object.entries(FLOORS))('labelled eval: %s', (set, floors) => {
  const of = (): EvalReport => reports[set] as EvalReport;

  it('covers answerable and uncovered questions', () => {
    expect(of().questions).toBeGreaterThanOrEqual(100);
    expect(of().offTopic).toBeGreaterThanOrEqual(14);
  });

  it('says "I don\'t know" to uncovered questions, and rarely to answerable ones', () => {
    expect(of().abstain).toBeGreaterThanOrEqual(floors.abstain);
    expect(of().falseAbstainRate).toBeLessThanOrEqual(floors.falseAbstainRate);
  });

  it('finds an expected passage first and in the top three', () => {
    expect(of().hitAt1).toBeGreaterThanOrEqual(floors.hitAt1);
    expect(of().hitAt3).toBeGreaterThanOrEqual(floors.hitAt3);
  });

  it('names the owning role, notices when the sources disagree, and gives no verdict unasked', () => {
    expect(of().ownerAccuracy).toBeGreaterThanOrEqual(floors.ownerAccuracy);
    expect(of().contestedRecall).toBeGreaterThanOrEqual(floors.contestedRecall);
    expect(of().noOwnerLine).toBeGreaterThanOrEqual(floors.noOwnerLine);
  });
});

describe('against plain MiniSearch', () => {
  it('beats plain MiniSearch with default options on the same passages', () => {
    expect(report.hitAt1).toBeGreaterThan(baseline.hitAt1);
    expect(report.abstain).toBeGreaterThan(baseline.abstain);
  });

  it('never shows a contested verdict at more than even odds', () => {
    const contested = Object.values(reports)
      .flatMap((r) => r.results)
      .filter((r) => r.contested);
    expect(contested.length).toBeGreaterThan(10);
    for (const result of contested) expect(result.confidence).toBeLessThanOrEqual(0.5);
  });
});

describe('feedback in the ranking', () => {
  /** What people would do: three of them vote down each wrong first answer, one grumbles at a right one. */
  function simulatedDownVotes(votesOnWrong: number, votesOnRight: number) {
    return report.results.flatMap((result) => {
      const top = engine.ask(result.question.q).passages[0];
      if (result.question.answerable === false || !top) return [];
      return [
        {
          question: result.question.q,
          passageId: top.id,
          votes: result.hitRank === 1 ? votesOnRight : votesOnWrong,
        },
      ];
    });
  }

  it('demotes what people keep voting down on similar questions, and the eval gets no worse', async () => {
    const questions = parseLabelledQuestions(await readFile('tests/eval/questions.jsonl', 'utf8'));
    const after = evaluateEngine(engine, questions, {
      feedback: engine.prepareFeedback(simulatedDownVotes(3, 1)),
    });
    expect(after.hitAt1).toBeGreaterThanOrEqual(report.hitAt1);
    expect(after.hitAt3).toBeGreaterThanOrEqual(report.hitAt3);
    expect(after.abstain).toBe(report.abstain);
    expect(after.falseAbstain).toBe(report.falseAbstain);
    expect(after.ownerAccuracy).toBeGreaterThanOrEqual(report.ownerAccuracy ?? 0);
  });

  it('demotes by a bounded amount: a sourced answer is lowered, never buried', () => {
    const question = 'who owns the product backlog?';
    const best = engine.ask(question).passages[0];
    if (!best) throw new Error('no answer');
    const feedback = engine.prepareFeedback([{ question, passageId: best.id, votes: 100 }]);
    const after = engine.ask(question, { feedback });
    expect(after.passages[0]?.score).toBeLessThan(best.score);
    expect(after.passages.map((p) => p.id)).toContain(best.id);
    // A question about something else is not touched by those votes.
    const other = 'who talks to customers?';
    expect(engine.ask(other, { feedback })).toEqual(engine.ask(other));
  });
});
