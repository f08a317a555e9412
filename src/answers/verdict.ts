import type { Subject } from './duty-subjects.js';
import type { Expansions } from './expansions.js';
import { neighbouringPairs, proximityIn } from './proximity.js';
import type { Question } from './question.js';
import { type IndexedPassage, type SearchIndex, sharesAny } from './search-index.js';
import type { Answer, Evidence, OwnerVerdict } from './types.js';

/**
 * Words of one family: Porter leaves "delivery" and "delivered" as "deliveri" and "deliv",
 * "strategy" and "strategic" as "strategi" and "strateg", and the search, which finds what the
 * question says, finds only one of them. Sources that give one duty to different roles say it in
 * their own words ("on-time delivery", "the product is delivered on time"), so a statement term
 * that begins with the duty term, or that the duty term begins with, of at least this many
 * letters, says the same word, counting this much.
 */
const FAMILY_PREFIX = 5;
const FAMILY_WEIGHT = 0.9;
/**
 * A four-letter term is of a longer one's family only through a suffix that makes a doer or a
 * thing of the same word: "lead" and "leader" (Porter keeps them apart), "plan" and "planner".
 * Otherwise the longer term is most often a word of its own that begins with it: "time" and
 * "timelin", "road" and "roadmap". (Pooled dev sets, 9,494 questions: three questions about
 * leading the cross-functional teams no longer said to be contested, nothing else changed; any
 * four-letter prefix took "on-time delivery" for the project timeline.)
 */
const SHORT_FAMILY_PREFIX = 4;
const SHORT_FAMILY_SUFFIX = /^[a-z]?(?:er|or|ership|ment|al|ic|ive|ion|ist|ee|ar)$/;

/** Whether two index terms are one word's family: one begins with the other, long enough. */
function sameFamily(a: string, b: string): boolean {
  const [shorter, longer] = a.length < b.length ? [a, b] : [b, a];
  if (!longer.startsWith(shorter)) return false;
  if (shorter.length >= FAMILY_PREFIX) return true;
  return (
    shorter.length >= SHORT_FAMILY_PREFIX && SHORT_FAMILY_SUFFIX.test(longer.slice(shorter.length))
  );
}

/**
 * How much a duty term the knowledge does not use counts when a statement holds what stands in
 * for it: as much as its stand-in counts in the search (the glossary's equivalent, WordNet's
 * synonym, another form of the word, the word a typo meant), half when only the search's typo
 * tolerance found it. A neighbour by word vectors alone finds passages but is no evidence of who
 * owns the duty: in "who deals w/ ppl outside the co, like external stakeholders", "co" found
 * "executive", and weighed as much as "outside" for a sentence about executives, which gave the
 * duty to the product owner. (Pooled dev sets, 4,433 questions: owner 89.1 → 89.9,
 * clear owners flagged contested 194 → 176, contested 67.2 → 66.5; vector neighbours at a quarter
 * or half of their weight: 89.9 and 89.7; every stand-in at its weight, vectors too: 89.5.)
 */
const TYPO_SHARE = 0.5;

function standInShare(term: string, index: SearchIndex, expansions: Expansions): number {
  if (index.knows(term)) return 1;
  const standIns = expansions.get(term) ?? [];
  if (standIns.length === 0) return TYPO_SHARE;
  return Math.max(0, ...standIns.map((e) => (e.via === 'meaning' ? 0 : e.weight)));
}

/** A passage in the ranking, with how relevant it is relative to the best one (0..1]. */
export interface RankedCandidate {
  indexed: IndexedPassage;
  relevance: number;
  /** Query terms (stems) that matched this passage, each with the passage terms they matched. */
  matches: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * A statement covering this share of the asked-about duty, and near the best one's share, is
 * strong evidence on its own. (Pooled dev sets, 4,433 questions, once vector neighbours stopped
 * counting as duty words: 0.5 → 0.45 takes contested 66.5 → 69.1 with 176 → 190 clear owners
 * flagged contested; 0.4: 70.2 and 209; near the best at 0.55 instead of 0.6: 70.7 and 208.)
 */
const STRONG = 0.45;
const NEAR_STRONGEST = 0.6;
/**
 * When the sources disagree no role is likely: the verdict names the one most sources give the
 * duty to, at no more than even odds.
 */
const CONTESTED_CONFIDENCE = 0.5;
/**
 * The confidence of a verdict whose best statement says none of the duty, as a share of the
 * confidence of one that says it all: how much of the duty was said scales the rest.
 */
const UNSAID_FLOOR = 0.5;
/**
 * The runner-up must hold at least this share of the winner's evidence to contest it. (Pooled
 * dev sets, 1473 questions: 0.05 → 0.08 flags 11 fewer clear owners as contested, on every set,
 * and misses no contested one; at 0.1 and above contested ones are missed.)
 */
const CONTEST_SHARE = 0.08;
/**
 * A statement that says the duty's words side by side, as the question does, weighs up to this
 * much more ("translating the strategy … into tasks" against "setting strategic objectives" for
 * "who turns the strategy into tasks"). It weighs the votes, not what they cover, so it decides
 * between statements without making more or fewer of them strong. (Pooled dev sets, 3,601
 * questions: owner 87.9 → 88.3, contested unchanged; at 0.5 and above contested ones are lost.)
 */
const STATEMENT_PROXIMITY = 0.3;
/** Statements covering less than this share of the best statement's coverage do not vote. */
const RELEVANT_SHARE = 0.5;
export const NO_VERDICT: OwnerVerdict = {
  role: null,
  decidedBy: 'articles',
  contested: false,
  confidence: 0,
  contenders: [],
  evidence: [],
};

/**
 * Decides which role owns the thing asked about from the passages themselves: every sentence in
 * the top passages that covers the asked-about terms is evidence for the role it makes the
 * subject, weighted by how much of the duty it covers (squared, so a sentence that says exactly
 * that beats several that brush past it) and by its passage's relevance. Each source votes once
 * per role. When another role also has strong statements, and the two sides do not come from one
 * source alone, the sources disagree: `contested`. A statement that both roles own it disagrees
 * with none: it gives the duty to the one named elsewhere too.
 */
export function decideOwner(
  question: Question,
  candidates: RankedCandidate[],
  index: SearchIndex,
  expansions: Expansions = new Map(),
): OwnerVerdict {
  if (!question.asksOwner || candidates.length === 0) return NO_VERDICT;

  // Only asked-about terms the knowledge matched count: an unknown word should not dilute all.
  const duty = question.dutyTerms.filter((term) => candidates.some((c) => c.matches.has(term)));
  const weightOf = (term: string): number =>
    index.idf(term) * (question.weights.get(term) ?? 1) * standInShare(term, index, expansions);
  const dutyWeight = duty.reduce((sum, term) => sum + weightOf(term), 0);

  // The duty's words side by side as the question says them, for the statements that do too.
  const asked = new Set(duty);
  const pairs = neighbouringPairs(question.sequence.filter((term) => asked.has(term)));
  const evidence: Evidence[] = [];
  for (const candidate of candidates) {
    for (const statement of index.duties(candidate.indexed.passage)) {
      let covered: number;
      if (duty.length === 0) {
        // "What does a PO do?": the statements about the roles asked about are the evidence.
        covered =
          question.roles.length === 0 || question.roles.includes(statement.subject as never)
            ? 1
            : 0;
      } else {
        covered = 0;
        for (const term of duty) {
          const forms = candidate.matches.get(term);
          if (forms && sharesAny(forms, statement.terms)) {
            covered += weightOf(term);
            continue;
          }
          for (const other of statement.terms) {
            if (sameFamily(term, other)) {
              covered += FAMILY_WEIGHT * weightOf(term);
              break;
            }
          }
        }
        covered /= dutyWeight;
      }
      covered *= statement.attribution;
      if (covered <= 0) continue;
      evidence.push({
        role: statement.subject,
        sentence: statement.sentence,
        passageId: candidate.indexed.passage.id,
        source: candidate.indexed.passage.sources[0] ?? {
          file: candidate.indexed.passage.id,
          title: '',
          section: '',
        },
        covers: covered,
        strength:
          (0.5 + 0.5 * candidate.relevance) *
          covered *
          covered *
          (1 + STATEMENT_PROXIMITY * proximityIn(statement.terms, pairs, candidate.matches)),
      });
    }
  }
  if (evidence.length === 0) return NO_VERDICT;
  // A statement that says less than half of what the best one says is noise, not a vote.
  const strongest = Math.max(...evidence.map((item) => item.covers));
  const votes = evidence.filter((item) => item.covers >= RELEVANT_SHARE * strongest);

  // Each source votes as strongly as its best statement, and splits that vote among the roles
  // in proportion to what it says about each: the verdict follows how many sources say it, not
  // how often one article repeats itself.
  const byFile = new Map<string, Map<Subject, number>>();
  for (const item of votes) {
    let roles = byFile.get(item.source.file);
    if (!roles) {
      roles = new Map();
      byFile.set(item.source.file, roles);
    }
    roles.set(item.role, (roles.get(item.role) ?? 0) + item.strength);
  }
  const best = new Map<string, number>();
  for (const item of votes) {
    best.set(item.source.file, Math.max(best.get(item.source.file) ?? 0, item.strength));
  }
  const scores = new Map<Subject, number>();
  for (const [file, roles] of byFile) {
    const sum = [...roles.values()].reduce((a, b) => a + b, 0);
    for (const [role, strength] of roles) {
      scores.set(role, (scores.get(role) ?? 0) + ((best.get(file) ?? 0) * strength) / sum);
    }
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [winner, winnerScore] = ranked[0] ?? [];
  if (winner === undefined || winnerScore === undefined) return NO_VERDICT;
  const total = ranked.reduce((sum, [, score]) => sum + score, 0);

  const strongFiles = (role: Subject): Set<string> =>
    new Set(
      evidence
        .filter(
          (item) =>
            item.role === role && item.covers >= Math.max(STRONG, NEAR_STRONGEST * strongest),
        )
        .map((item) => item.source.file),
    );
  const winnerFiles = strongFiles(winner);
  const contenders = ranked
    .slice(1)
    .filter(([role, score]) => {
      // "Both roles own it" agrees with a source that names one of them: it gives the duty to
      // that role too. (Pooled dev sets: 10 fewer clear owners flagged contested, none missed.)
      if (role === 'shared' || winner === 'shared') return false;
      if (score < CONTEST_SHARE * winnerScore) return false;
      const files = strongFiles(role);
      return (
        files.size > 0 && winnerFiles.size > 0 && new Set([...files, ...winnerFiles]).size >= 2
      );
    })
    .map(([role]) => role);

  evidence.sort((a, b) => b.strength - a.strength);
  const contested = contenders.length > 0;
  // As sure as the winner's share of the votes, and as the winner's best statement says what was
  // asked: a verdict resting on a sentence that says two thirds of the duty is not a certainty
  // however few sentences name another role.
  const said = Math.max(...votes.filter((item) => item.role === winner).map((item) => item.covers));
  const share = (winnerScore / total) * (UNSAID_FLOOR + (1 - UNSAID_FLOOR) * Math.min(1, said));
  return {
    role: winner,
    decidedBy: 'articles',
    contested,
    confidence: Math.round((contested ? Math.min(share, CONTESTED_CONFIDENCE) : share) * 100) / 100,
    contenders,
    evidence,
  };
}

/**
 * The whole question's verdict when it asks two things, made from its parts' verdicts: the whole
 * question's own reading mixes two duties, so its statements about one would "contest" the other.
 * Parts whose verdicts name different roles ("who owns the vision vs who executes it": the PM,
 * then the PO) leave the question with no single owner, and naming one would be wrong for the
 * other part. So the verdict is then `split`, with no role and no confidence, every part's role
 * as a contender in the parts' order and their statements as evidence. A caller reading only
 * `owner` must not take the first part's owner for the whole question's; renderers show each
 * part's own verdict. It is contested only when the sources disagree on a part, as for any
 * verdict. Parts that name one role give that role, contested when a part is, as sure as the
 * least sure of them. When no part names a role, the whole question's verdict stands.
 * (Pooled dev sets, 7,752 questions, no role for a split: most helpers label such questions as
 * naming no owner, and no owner line where they ask none went 95.6% → 96.1%, owner 85.4 → 85.3,
 * two questions of 2,054; four retired blind halves, scores only: 93.2% → 94.0%, owner
 * unchanged. 8,295 questions, contested only on a part's disagreement: 41 fewer questions said to
 * be contested that are not labelled so, contested 65.2 → 64.8.)
 */
export function partsVerdict(parts: readonly Answer[], whole: OwnerVerdict): OwnerVerdict {
  const named = parts
    .filter((part) => part.answered && part.asksOwner && part.owner.role !== null)
    .map((part) => part.owner);
  const roles: Subject[] = [];
  for (const verdict of named) {
    if (verdict.role !== null && !roles.includes(verdict.role)) roles.push(verdict.role);
  }
  const [first] = roles;
  if (first === undefined) return whole;
  // One decision cannot stand for a split: it is the organisation's only if all its parts are.
  const decidedBy = named.every((verdict) => verdict.decidedBy === 'organisation')
    ? 'organisation'
    : 'articles';
  const evidence = named.flatMap((verdict) => verdict.evidence);
  if (roles.length > 1) {
    return {
      role: null,
      decidedBy,
      contested: named.some((verdict) => verdict.contested),
      split: true,
      confidence: 0,
      contenders: roles,
      evidence,
    };
  }
  // Parts that agree, one of them as the organisation decided it: its decision is the answer.
  const decided = named.find((verdict) => verdict.decidedBy === 'organisation');
  if (decided) return decided;
  const contenders: Subject[] = [];
  for (const verdict of named) {
    for (const role of verdict.contenders) {
      if (role !== first && !contenders.includes(role)) contenders.push(role);
    }
  }
  const contested = named.some((verdict) => verdict.contested);
  const confidence = Math.min(...named.map((verdict) => verdict.confidence));
  return {
    role: first,
    decidedBy,
    contested,
    confidence: contested ? Math.min(confidence, CONTESTED_CONFIDENCE) : confidence,
    contenders,
    evidence,
  };
}
