import { KnowledgeFileError } from '../errors.js';
import type { DeclaredRole } from './decision-rights.js';
import type { GlossaryGroup } from './glossary.js';
import { readYaml } from './read-yaml.js';

/**
 * The knowledge's own vocabulary (`knowledge/synonyms.yml`): abbreviations and phrasings people
 * type, mapped to the words the documents use. Owned by the knowledge so an organisation can
 * teach rolebot its own jargon without touching code.
 */
export interface Vocabulary {
  /** Each canonical phrase with the variants that mean it, all lower case. */
  synonyms: { phrase: string; variants: string[] }[];
  /** Variants that can mean several phrases; the first meaning is the default reading. */
  ambiguous: { variant: string; meanings: string[] }[];
  /** The field's jargon as groups of related terms (`knowledge/glossary.yml`). */
  glossary: GlossaryGroup[];
  /** The organisation's own roles (decision-rights.yml), beside the three built in. */
  roles?: DeclaredRole[];
}

export const EMPTY_VOCABULARY: Vocabulary = { synonyms: [], ambiguous: [], glossary: [] };

export function parseVocabulary(file: string, content: string): Vocabulary {
  const data = readYaml(file, content);
  if (data === null || data === undefined) return EMPTY_VOCABULARY;
  const lines = content.split('\n');
  const lineOf = (text: string): number => {
    const index = lines.findIndex((line) => line.includes(text));
    return index === -1 ? 1 : index + 1;
  };
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new KnowledgeFileError(file, 1, 'expected the keys "synonyms" and "ambiguous"');
  }
  const record = data as Record<string, unknown>;
  return {
    glossary: [],
    synonyms: phraseLists(file, record.synonyms, 'synonyms', lineOf).map(([phrase, variants]) => ({
      phrase,
      variants,
    })),
    ambiguous: phraseLists(file, record.ambiguous, 'ambiguous', lineOf).map(
      ([variant, meanings]) => ({
        variant,
        meanings,
      }),
    ),
  };
}

function phraseLists(
  file: string,
  value: unknown,
  key: string,
  lineOf: (text: string) => number,
): [string, string[]][] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new KnowledgeFileError(file, lineOf(`${key}:`), `"${key}" must map a phrase to a list`);
  }
  return Object.entries(value as Record<string, unknown>).map(([phrase, list]) => {
    if (
      !Array.isArray(list) ||
      list.some((item) => typeof item !== 'string' || item.trim() === '')
    ) {
      throw new KnowledgeFileError(
        file,
        lineOf(phrase),
        `"${phrase}" must list words, like [pm, pdm]`,
      );
    }
    return [phrase.trim().toLowerCase(), list.map((item: string) => item.trim().toLowerCase())];
  });
}
