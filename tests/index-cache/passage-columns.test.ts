// Passages restored from the cache's columns must read exactly as the passages they were built
// from: the engine cannot tell them apart.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCacheFile, encodeCacheFile } from '../../src/index-cache/cache-file.js';
import {
  type PassageColumns,
  passageColumns,
  storedPassages,
} from '../../src/index-cache/passage-columns.js';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import { sentencesOf } from '../../src/knowledge/sentences.js';
import type { Passage } from '../../src/knowledge/types.js';

const KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge/', import.meta.url));

let built: Passage[];
let restored: Passage[];

beforeAll(async () => {
  built = (await loadKnowledge(KNOWLEDGE_DIR)).passages;
  const columns = decodeCacheFile(encodeCacheFile(passageColumns(built))) as PassageColumns;
  restored = storedPassages(columns);
});

const plain = (passage: Passage) => ({
  id: passage.id,
  text: passage.text,
  spans: Array.from(passage.spans),
  section: passage.section,
  sources: passage.sources,
  words: passage.words,
});

describe('passages restored from columns', () => {
  it('read exactly as the built ones, field by field, non-ASCII text included', () => {
    expect(restored).toHaveLength(built.length);
    expect(built.some((passage) => /[^ -~\s]/.test(passage.text))).toBe(true);
    restored.forEach((passage, i) => {
      expect(plain(passage)).toEqual(plain(built[i] as Passage));
      expect(sentencesOf(passage)).toEqual(sentencesOf(built[i] as Passage));
    });
  });

  it('serialise as the built ones do', () => {
    expect(JSON.parse(JSON.stringify(restored))).toEqual(JSON.parse(JSON.stringify(built)));
  });

  it('keep each text and citation right however the reads interleave', () => {
    // Passages far apart share a slot of the decoded-text cache; reading them in turn must
    // never hand one the other's text or sources.
    const first = built[0] as Passage;
    const columns = passageColumns(
      Array.from({ length: 3_000 }, (_, i) => ({
        ...first,
        id: `p#${i}`,
        text: `text ${i} ✓`,
        sources: [{ ...(first.sources[0] as Passage['sources'][number]), section: `part ${i}` }],
      })),
    );
    const many = storedPassages(columns);
    for (const i of [0, 1_024, 2_048, 0, 2_999, 1_975, 1_024]) {
      expect(many[i]?.text).toBe(`text ${i} ✓`);
      expect(many[i]?.sources[0]?.section).toBe(`part ${i}`);
      expect(many[i]?.id).toBe(`p#${i}`);
    }
  });

  it("keep ids that are not the chunker's file#n form exactly as given", () => {
    const odd = ['a.md#01', 'b.md', 'c.md#2#3', 'd.md#99999999999', 'e.md#0'];
    const passages = storedPassages(
      passageColumns(odd.map((id) => ({ ...(built[0] as Passage), id }))),
    );
    expect(passages.map((passage) => passage.id)).toEqual(odd);
  });

  it('take their columns back unchanged when snapshotted again', () => {
    const columns = passageColumns(built);
    expect(passageColumns(storedPassages(columns))).toBe(columns);
  });
});
