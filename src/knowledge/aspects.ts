import { KnowledgeFileError } from '../errors.js';
import { readYaml } from './read-yaml.js';

/** One row of the compare card, as the knowledge's `aspects.yml` defines it. */
export interface Aspect {
  label: string;
  /** Words and phrases that find what a passage says about this aspect. */
  words: string[];
  /** The duty the row is about ("vision"), used to mark rows where the sources disagree. */
  duty?: string;
}

export const ASPECTS_FILE = 'aspects.yml';

export function parseAspects(file: string, content: string): Aspect[] {
  const data = readYaml(file, content) as { aspects?: unknown } | null;
  const lines = content.split('\n');
  const lineOf = (text: string): number =>
    Math.max(1, lines.findIndex((line) => line.includes(text)) + 1);
  if (!data || !Array.isArray(data.aspects)) {
    throw new KnowledgeFileError(file, 1, 'expected "aspects:" followed by a list of rows');
  }
  return data.aspects.map((item: unknown, i: number) => {
    const row = (item ?? {}) as { label?: unknown; words?: unknown; duty?: unknown };
    const where = typeof row.label === 'string' ? lineOf(row.label) : 1;
    if (typeof row.label !== 'string' || row.label.trim() === '') {
      throw new KnowledgeFileError(file, where, `aspect ${i + 1} needs a "label"`);
    }
    if (
      !Array.isArray(row.words) ||
      row.words.length === 0 ||
      row.words.some((word) => typeof word !== 'string')
    ) {
      throw new KnowledgeFileError(
        file,
        where,
        `aspect "${row.label}" needs "words", like [vision, roadmap]`,
      );
    }
    if (row.duty !== undefined && typeof row.duty !== 'string') {
      throw new KnowledgeFileError(file, where, `aspect "${row.label}": "duty" must be text`);
    }
    return {
      label: row.label.trim(),
      words: row.words.map((word: string) => word.trim()).filter(Boolean),
      ...(typeof row.duty === 'string' && row.duty.trim() ? { duty: row.duty.trim() } : {}),
    };
  });
}
