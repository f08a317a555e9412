import type { Aspect } from '../knowledge/aspects.js';
import type { Vocabulary } from '../knowledge/vocabulary.js';
import type { Analyzer } from './analyzer.js';
import { rankedCells } from './compare.js';
import type { Subject } from './duty-subjects.js';
import type { RoleId } from './roles.js';
import type { SearchIndex } from './search-index.js';
import type { Answer } from './types.js';

/**
 * What a knowledge folder covers, for its authors (`rolebot check`): per compare row and role,
 * the sources with a statement a cell could quote; the organisation's decisions the articles see
 * otherwise; and vocabulary that matches no term the knowledge uses, so it can never help.
 */
export interface KnowledgeCoverage {
  aspects: { aspect: string; roles: { role: RoleId; sources: string[] }[] }[];
  contradictions: { thing: string; decided: RoleId; articles: Subject; contested: boolean }[];
  /** Glossary groups none of whose members the knowledge uses, each as written. */
  unusedGlossary: string[][];
  /** synonyms.yml phrases (and their variants) the knowledge never uses. */
  unusedSynonyms: string[];
  /** The organisation's roles no article names, by name or alias. */
  unnamedRoles: RoleId[];
}

export function knowledgeCoverage(
  aspects: readonly Aspect[],
  vocabulary: Vocabulary,
  analyzer: Analyzer,
  index: SearchIndex,
  ask: (question: string) => Answer,
  decisions: readonly { thing: string }[],
): KnowledgeCoverage {
  const uses = (phrase: string): boolean => {
    const terms = analyzer.terms(phrase);
    return terms.length > 0 && terms.every((term) => index.knows(term));
  };
  return {
    aspects: aspects.map((aspect) => ({
      aspect: aspect.label,
      roles: analyzer.roles.all.map((role) => ({
        role: role.id,
        sources: [
          ...new Set(rankedCells(aspect, role.id, analyzer, index).map((item) => item.cell.source)),
        ].sort(),
      })),
    })),
    contradictions: decisions.flatMap(({ thing }) => {
      const { owner } = ask(`who owns the ${thing}?`);
      const articles = owner.articles;
      if (owner.decidedBy !== 'organisation' || owner.role === null || !articles?.role) return [];
      if (articles.role === owner.role && !articles.contested) return [];
      return [
        {
          thing,
          decided: owner.role,
          articles: articles.role,
          contested: articles.contested,
        },
      ];
    }),
    unusedGlossary: analyzer.glossary
      .filter((group) => !group.terms.some(uses))
      .map((group) => group.terms),
    unusedSynonyms: vocabulary.synonyms
      .filter(({ phrase }) => !uses(phrase))
      .map(({ phrase, variants }) => `${phrase} (${variants.join(', ')})`),
    unnamedRoles: analyzer.roles.declared
      .filter((role) => !index.knows(role.term))
      .map((role) => role.id),
  };
}
