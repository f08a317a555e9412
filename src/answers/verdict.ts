import type { Subject } from './duty-subjects.js';
import type { Question } from './question.js';
import type { IndexedPassage, SearchIndex } from './search-index.js';
import type { Evidence, OwnerVerdict } from './types.js';

/** A passage in the ranking, with how relevant it is relative to the best one (0..1]. */
export interface RankedCandidate {
  indexed: IndexedPassage;
  relevance: number;
  /** Query terms (stems) that matched this passage, each with the passage terms they matched. */
  matches: ReadonlyMap<string, ReadonlySet<string>>;
}

/** A statement covering this share of the asked-about duty is strong evidence on its own. */
const STRONG = 0.5;
/** The runner-up must hold at least this share of the winner's evidence to contest it. */
const CONTEST_SHARE = 0.2;
const NO_VERDICT: OwnerVerdict = { role: null, contested: false, confidence: 0, evidence: [] };

/**
 * Decides which role owns the thing asked about from the passages themselves: every sentence in
 * the top passages that covers the asked-about terms is evidence for the role it makes the
 * subject, weighted by how much of the duty it covers (squared, so a sentence that says exactly
 * that beats several that brush past it) and by its passage's relevance. Each source votes once
 * per role. When another role also has strong statements, and the two sides do not come from one
 * source alone, the sources disagree: `contested`.
 */
export function decideOwner(
  question: Question,
  candidates: RankedCandidate[],
  index: SearchIndex,
): OwnerVerdict {
  if (!question.asksOwner || candidates.length === 0) return NO_VERDICT;

  // Only asked-about terms the knowledge matched count: an unknown word should not dilute all.
  const duty = question.topicTerms.filter((term) => candidates.some((c) => c.matches.has(term)));
  const dutyWeight = duty.reduce((sum, term) => sum + index.idf(term), 0);

  const evidence: Evidence[] = [];
  for (const candidate of candidates) {
    for (const statement of candidate.indexed.duties) {
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
          if (forms && [...forms].some((form) => statement.terms.has(form)))
            covered += index.idf(term);
        }
        covered /= dutyWeight;
      }
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
        strength: (0.5 + 0.5 * candidate.relevance) * covered * covered,
      });
    }
  }
  if (evidence.length === 0) return NO_VERDICT;

  // One vote per source and role (its strongest statement there): the verdict follows how many
  // sources say it, not how often one article repeats itself.
  const votes = new Map<Subject, Map<string, number>>();
  for (const item of evidence) {
    let byFile = votes.get(item.role);
    if (!byFile) {
      byFile = new Map();
      votes.set(item.role, byFile);
    }
    byFile.set(item.source.file, Math.max(byFile.get(item.source.file) ?? 0, item.strength));
  }
  const scores = new Map<Subject, number>();
  for (const [role, byFile] of votes)
    scores.set(
      role,
      [...byFile.values()].reduce((a, b) => a + b, 0),
    );
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [winner, winnerScore] = ranked[0] ?? [];
  if (winner === undefined || winnerScore === undefined) return NO_VERDICT;
  const total = ranked.reduce((sum, [, score]) => sum + score, 0);

  const strongest = Math.max(...evidence.map((item) => item.covers));
  const strongFiles = (role: Subject): Set<string> =>
    new Set(
      evidence
        .filter((item) => item.role === role && item.covers >= Math.max(STRONG, 0.85 * strongest))
        .map((item) => item.source.file),
    );
  const winnerFiles = strongFiles(winner);
  const contested = ranked.slice(1).some(([role, score]) => {
    if (score < CONTEST_SHARE * winnerScore) return false;
    const files = strongFiles(role);
    return files.size > 0 && winnerFiles.size > 0 && new Set([...files, ...winnerFiles]).size >= 2;
  });

  evidence.sort((a, b) => b.strength - a.strength);
  return {
    role: winner,
    contested,
    confidence: Math.round((winnerScore / total) * 100) / 100,
    evidence,
  };
}
