import type { Aspect } from '../knowledge/aspects.js';
import type { Citation } from '../knowledge/types.js';
import type { Analyzer } from './analyzer.js';
import type { RoleId } from './roles.js';
import { formsByQuery, type SearchIndex } from './search-index.js';
import type { Answer } from './types.js';

/** One cell of the compare card: a sentence quoted from a passage about that role. */
export interface CompareCell {
  role: RoleId;
  /** The sentence as written in the source. */
  text: string;
  /** Knowledge file name. */
  source: string;
  title: string;
  section: string;
  url?: string;
  passageId: string;
}

export interface CompareRow {
  aspect: string;
  /** One per compared role, in order; null when the sources say nothing about it for that role. */
  cells: (CompareCell | null)[];
  /** The sources give this row's duty to different roles (both compared). */
  contested: boolean;
  /** The organisation decided this row's duty (decision-rights.yml): "Acme: Product Owner". */
  decided?: { organisation: string; role: RoleId };
}

export interface Comparison {
  roles: [RoleId, RoleId];
  topic: string;
  rows: CompareRow[];
  /** Every source a cell cites, once each, in order of first use. */
  sources: Citation[];
  /** Display names of the knowledge's roles, when the organisation declared its own. */
  labels?: Readonly<Record<RoleId, string>>;
}

/**
 * A cell must say at least this much about its aspect (idf of the aspect words it contains, times
 * how firmly it gives the role the duty) to be quoted; below, the card says "not covered".
 */
const MIN_CELL_EVIDENCE = 2;

/**
 * Builds the side-by-side comparison of two roles: for each aspect (row), the sentence about each
 * role that says the most about that aspect, found by retrieval and restricted to statements that
 * make that role their subject. Nothing is generated: a cell quotes a source or is empty.
 */
export function compareRoles(
  roles: [RoleId, RoleId],
  topic: string,
  aspects: readonly Aspect[],
  analyzer: Analyzer,
  index: SearchIndex,
  ask: (question: string) => Answer,
): Comparison {
  const rows: CompareRow[] = [];
  const sources = new Map<string, Citation>();
  for (const aspect of selectAspects(topic, aspects, analyzer)) {
    const cells = distinctCells(roles.map((role) => rankedCells(aspect, role, analyzer, index)));
    for (const cell of cells) {
      if (cell && !sources.has(cell.source)) {
        sources.set(cell.source, {
          file: cell.source,
          title: cell.title,
          section: '',
          ...(cell.url ? { url: cell.url } : {}),
        });
      }
    }
    rows.push({ aspect: aspect.label, cells, ...rowVerdict(aspect, roles, ask) });
  }
  return {
    roles,
    topic: topic.trim(),
    rows,
    sources: [...sources.values()],
    ...(analyzer.roles.declared.length > 0 ? { labels: analyzer.roles.labels } : {}),
  };
}

/**
 * Aspects whose label or words share a term with the topic; an empty topic keeps all. A topic no
 * aspect mentions becomes a row of its own, so `/roles compare pm po budget` still answers.
 */
export function selectAspects(
  topic: string,
  aspects: readonly Aspect[],
  analyzer: Analyzer,
): Aspect[] {
  const wanted = new Set(analyzer.terms(topic));
  if (wanted.size === 0) return [...aspects];
  const matching = aspects.filter((aspect) =>
    analyzer.terms(`${aspect.label} ${aspect.words.join(' ')}`).some((term) => wanted.has(term)),
  );
  if (matching.length > 0) return matching;
  const label = topic.trim().replace(/\s+/g, ' ').slice(0, 60);
  return [{ label, words: [topic.trim().slice(0, 200)] }];
}

/**
 * One cell per role from each role's candidates, best first, never the same sentence in both
 * columns: a sentence that states both roles' parts is quoted where it scores best, and the other
 * column takes its next candidate, or says the sources do not cover it.
 */
function distinctCells(candidates: Scored[][]): (CompareCell | null)[] {
  const [first = [], second = []] = candidates;
  const a = first[0];
  const b = second[0];
  if (!a || !b || a.sentence !== b.sentence) return [a?.cell ?? null, b?.cell ?? null];
  if (a.score >= b.score) {
    return [a.cell, second.find((item) => item.sentence !== a.sentence)?.cell ?? null];
  }
  return [first.find((item) => item.sentence !== b.sentence)?.cell ?? null, b.cell];
}

export interface Scored {
  score: number;
  rank: number;
  sentence: string;
  cell: CompareCell;
}

/** The role's statements about the aspect, best first (by score, then by search rank). */
export function rankedCells(
  aspect: Aspect,
  role: RoleId,
  analyzer: Analyzer,
  index: SearchIndex,
): Scored[] {
  // Words are listed most telling first: each later word counts a little less.
  const weights = new Map<string, number>();
  aspect.words.forEach((word, i) => {
    for (const term of analyzer.terms(word)) {
      if (!weights.has(term)) weights.set(term, 1 / (1 + 0.15 * i));
    }
  });
  const aspectTerms = [...weights.keys()];
  if (aspectTerms.length === 0) return [];
  const roleTerm = analyzer.roles.byId(role)?.term ?? role;
  const hits = index.search([...aspectTerms, roleTerm], 30).slice(0, 30);
  const asksSkills = aspect.words.some((word) => /^(?:skills?|competenc(?:y|ies))$/i.test(word));
  const found: Scored[] = [];
  hits.forEach((hit, rank) => {
    const indexed = index.at(hit.ordinal);
    if (!indexed) return;
    const forms = formsByQuery(hit);
    for (const statement of index.duties(indexed.passage)) {
      // A cell is about its own role: the role is a subject in the sentence, not a passive's agent.
      if (statement.subject !== role || !statement.subjectOfClause) continue;
      // A skills row asks what a role must be able to do; every other row asks for its duties,
      // which a sentence about what it must be able to do does not state.
      if (!asksSkills && statement.attribution < 1) continue;
      let score = 0;
      for (const term of aspectTerms) {
        // Aspect words are curated, not typed in a hurry: exact or longer forms, no typo matches.
        const matched =
          statement.terms.has(term) ||
          [...(forms.get(term) ?? [])].some(
            (form) => form.startsWith(term) && statement.terms.has(form),
          );
        if (matched) score += index.idf(term) * (weights.get(term) ?? 1);
      }
      if (score < MIN_CELL_EVIDENCE) continue;
      const source = indexed.passage.sources[0];
      found.push({
        score,
        rank,
        sentence: statement.sentence,
        cell: {
          role,
          text: statement.excerpt,
          source: source?.file ?? indexed.passage.id,
          title: source?.title ?? '',
          section: indexed.passage.section,
          ...(source?.url ? { url: source.url } : {}),
          passageId: indexed.passage.id,
        },
      });
    }
  });
  return found.sort((x, y) => y.score - x.score || x.rank - y.rank);
}

/**
 * What the row's duty verdict says: contested when the sources give it to both compared roles;
 * decided when the organisation's decision rights settle it (the articles may still disagree).
 */
function rowVerdict(
  aspect: Aspect,
  roles: [RoleId, RoleId],
  ask: (question: string) => Answer,
): Pick<CompareRow, 'contested' | 'decided'> {
  if (!aspect.duty) return { contested: false };
  const { owner } = ask(`who owns the ${aspect.duty}?`);
  const decided =
    owner.decidedBy === 'organisation' && owner.decision && owner.role !== null
      ? { decided: { organisation: owner.decision.organisation, role: owner.role } }
      : {};
  const verdict = owner.articles ?? owner;
  if (!verdict.contested || verdict.role === null) return { contested: false, ...decided };
  const sides = new Set([verdict.role, ...verdict.contenders]);
  return { contested: roles.every((role) => sides.has(role)), ...decided };
}
