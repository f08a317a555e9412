import { existsSync, readFileSync } from 'node:fs';
import { Lexicon, type WordTable } from './lexicon.js';
import { readYaml } from './read-yaml.js';

/**
 * The English lexicon rolebot ships in resources/english (words by frequency with their part of
 * speech, each word's nearest words by meaning and its WordNet relations, chat abbreviations;
 * built by scripts/build-lexicon.mjs, licences in its README). It is part of the analyzer, not of
 * an organisation's knowledge: read once per process, synchronously (6 MB, ~20 ms), the first
 * time an engine is made.
 */
/**
 * The nearest `resources/english/` above this module: the repository's, whether rolebot runs from
 * `src/` (tsx), `dist/` (the build) or a copy of the build elsewhere in the tree (the bench's).
 */
export function resourcesFolder(): URL {
  for (let up = '../'; up.length <= 5 * 3; up += '../') {
    const folder = new URL(`${up}resources/english/`, import.meta.url);
    if (existsSync(new URL('words.txt', folder))) return folder;
  }
  return new URL('../../resources/english/', import.meta.url);
}
/** Neighbours and related words kept per word (scripts/build-lexicon.mjs, NEIGHBOURS, RELATED). */
const NEIGHBOURS = 24;
const RELATED = 8;

let english: Lexicon | undefined;

export function englishLexicon(): Lexicon {
  english ??= readLexicon(resourcesFolder());
  return english;
}

export function readLexicon(dir: URL): Lexicon {
  const lines = readFileSync(new URL('words.txt', dir), 'utf8').split('\n');
  const words: string[] = [];
  let classes = '';
  for (const line of lines) {
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    words.push(line.slice(0, tab));
    classes += line[tab + 1] ?? '-';
  }
  const file = 'chat-abbreviations.yml';
  const data = readYaml(file, readFileSync(new URL(file, dir), 'utf8')) as {
    abbreviations?: Record<string, unknown>;
  } | null;
  const abbreviations = new Map<string, string>();
  for (const [short, long] of Object.entries(data?.abbreviations ?? {})) {
    abbreviations.set(short.toLowerCase(), String(long ?? '').toLowerCase());
  }
  return new Lexicon({
    words,
    classes,
    neighbours: readWordTable(new URL('neighbours.bin', dir), NEIGHBOURS),
    related: readWordTable(new URL('related.bin', dir), RELATED),
    abbreviations,
  });
}

/** Word positions (uint16), then as many similarity bytes: see scripts/build-lexicon.mjs. */
function readWordTable(file: URL, perWord: number): WordTable {
  const bytes = readFileSync(file);
  const slots = bytes.byteLength / 3;
  return {
    words: new Uint16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + slots * 2)),
    similarities: new Uint8Array(bytes.buffer, bytes.byteOffset + slots * 2, slots),
    perWord,
  };
}
