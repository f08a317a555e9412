import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { KnowledgeFileError } from '../errors.js';
import { readYaml } from './read-yaml.js';

/**
 * The knowledge's glossary (`knowledge/glossary.yml`): the field's jargon as groups of related
 * terms ("release, launch, go live, ship"). A question word in a group also searches the other
 * members, at a lower weight than what was typed. A `one-way` group's first member searches the
 * rest, but they do not search it (an epic is backlog work; not all backlog work is an epic).
 */
export interface GlossaryGroup {
  terms: string[];
  oneWay: boolean;
}

export const GLOSSARY_FILE = 'glossary.yml';

export function parseGlossary(file: string, content: string): GlossaryGroup[] {
  const data = readYaml(file, content) as { groups?: unknown } | null;
  if (data === null || data === undefined) return [];
  if (typeof data !== 'object' || !Array.isArray(data.groups)) {
    throw new KnowledgeFileError(file, 1, 'expected "groups:" followed by a list of term lists');
  }
  const lineOfGroup = groupLines(content);
  return data.groups.map((item: unknown, i: number) => {
    const group = Array.isArray(item)
      ? { terms: item, 'one-way': false }
      : ((item ?? {}) as { terms?: unknown; 'one-way'?: unknown });
    const terms = group.terms;
    if (
      !Array.isArray(terms) ||
      terms.length < 2 ||
      terms.some((term) => typeof term !== 'string' || term.trim() === '')
    ) {
      throw new KnowledgeFileError(
        file,
        lineOfGroup(i),
        'a group lists two or more terms, like [release, launch, go live]',
      );
    }
    const oneWay = group['one-way'] ?? false;
    if (typeof oneWay !== 'boolean') {
      throw new KnowledgeFileError(file, lineOfGroup(i), '"one-way" is true or false');
    }
    return { terms: terms.map((term: string) => term.trim().toLowerCase()), oneWay };
  });
}

/** The line each group starts on, for messages that send a person to the right place. */
function groupLines(content: string): (group: number) => number {
  const lineCounter = new LineCounter();
  const document = parseDocument(content, { lineCounter });
  const groups = isMap(document.contents) ? document.contents.get('groups', true) : undefined;
  const items = isSeq(groups) ? groups.items : [];
  return (group) => {
    const range = (items[group] as { range?: [number, number, number] } | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : 1;
  };
}
