import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/answers/engine.js';
import { KnowledgeFileError } from '../../src/errors.js';
import { decodeCacheFile } from '../../src/index-cache/cache-file.js';
import { codeHash, dataStamp } from '../../src/index-cache/cache-key.js';
import { loadEngine } from '../../src/index-cache/cached-engine.js';
import { createLogger } from '../../src/logger.js';

const DOC = (title: string, body: string) => `---\ntitle: ${title}\n---\n\n## About\n\n${body}\n`;
const PO =
  'The product owner supplies all content and copy for the product and supports prioritising a product backlog.';
/** PO with one word swapped for another of the same length: the file keeps its size. */
const PO_ROADMAP = PO.replace('backlog', 'roadmap');
/** A whole second, so every filesystem stores it exactly. */
const STAMP = new Date('2024-05-06T07:08:09Z');

/** What the engine can quote back, i.e. the text it was built from. */
const said = (engine: Engine) => engine.passages.map((passage) => passage.text).join('\n');

/** Rewrites a file and puts its modification time back to STAMP, like a careless copy tool. */
async function rewriteKeepingTime(file: string, content: string | Buffer): Promise<void> {
  await writeFile(file, content);
  await utimes(file, STAMP, STAMP);
}

let dir: string;
let cache: string;
let po: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rolebot-cache-'));
  cache = path.join(dir, 'cache', 'index.bin');
  po = path.join(dir, 'po.md');
  await rewriteKeepingTime(po, DOC('PO', PO));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the index cache', () => {
  it('builds and writes the cache first, then restores the same answers from it', async () => {
    const first = await loadEngine(dir, { cacheFile: cache });
    expect(first.from).toBe('built');
    const second = await loadEngine(dir, { cacheFile: cache });
    expect(second.from).toBe('cache');
    const question = 'who owns the backlog?';
    expect(second.engine.ask(question)).toEqual(first.engine.ask(question));
    // Restored passages read from the cache's columns; as data they are the built ones.
    const plain = (engine: Engine) => JSON.parse(JSON.stringify(engine.passages));
    expect(plain(second.engine)).toEqual(plain(first.engine));
  });

  it('rebuilds when a knowledge file changes, and serves the new text', async () => {
    await loadEngine(dir, { cacheFile: cache });
    await writeFile(
      path.join(dir, 'pm.md'),
      DOC('PM', 'The product manager owns the roadmap and talks to customers every single week.'),
    );
    const again = await loadEngine(dir, { cacheFile: cache });
    expect(again.from).toBe('built');
    expect(again.engine.ask('who talks to customers?').passages[0]?.source.file).toBe('pm.md');
  });

  it('restores the decision rights and declared roles, and rebuilds when decision-rights.yml changes', async () => {
    const rights = (owner: string) =>
      `organisation: Acme\nroles:\n  - id: tech-lead\n    name: Tech Lead\n    aliases: [tl]\ndecisions:\n  - thing: product backlog\n    aliases: [backlog]\n    owner: ${owner}\n`;
    const file = path.join(dir, 'decision-rights.yml');
    await rewriteKeepingTime(file, rights('tech-lead'));
    await loadEngine(dir, { cacheFile: cache });
    const restored = await loadEngine(dir, { cacheFile: cache });
    expect(restored.from).toBe('cache');
    expect(restored.engine.ask('who owns the backlog?').owner).toMatchObject({
      role: 'tech-lead',
      decidedBy: 'organisation',
    });
    expect(restored.engine.ask('what does a TL do?').roles).toEqual(['tech-lead']);

    await writeFile(file, rights('product-owner'));
    const again = await loadEngine(dir, { cacheFile: cache });
    expect(again.from).toBe('built');
    expect(again.engine.ask('who owns the backlog?').owner.role).toBe('product-owner');
  });

  it('rebuilds from the files when the cache is corrupt, and never when it is off', async () => {
    await loadEngine(dir, { cacheFile: cache });
    await writeFile(cache, '{ not json');
    expect((await loadEngine(dir, { cacheFile: cache })).from).toBe('built');
    expect(decodeCacheFile(await readFile(cache))).toHaveProperty('key');
    expect((await loadEngine(dir, { cacheFile: null })).from).toBe('built');
  });

  it('rebuilds quietly over a cache in an older format, and warns about a damaged one', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: { write: (line: string) => lines.push(line) },
    });
    const logged = () => lines.splice(0).map((line) => JSON.parse(line));
    // What versions before the bundle format wrote: JSON text.
    await mkdir(path.dirname(cache), { recursive: true });
    await writeFile(cache, JSON.stringify({ format: 2, key: 'old', engine: {} }));
    expect((await loadEngine(dir, { cacheFile: cache, logger })).from).toBe('built');
    expect(logged().filter((log) => log.level >= 40)).toEqual([]);

    const whole = await readFile(cache);
    await writeFile(cache, whole.subarray(0, whole.length / 2));
    expect((await loadEngine(dir, { cacheFile: cache, logger })).from).toBe('built');
    expect(logged().find((log) => log.level === 40)).toMatchObject({
      msg: expect.stringContaining('unreadable'),
    });
  });

  it('still fails on a malformed file instead of serving a stale cache', async () => {
    await loadEngine(dir, { cacheFile: cache });
    await writeFile(path.join(dir, 'bad.md'), '---\ntitle: [oops\n---\ntext');
    await expect(loadEngine(dir, { cacheFile: cache })).rejects.toThrow(/bad\.md:2/);
  });

  it("keeps a malformed file's name and line when the build runs in a worker", async () => {
    await writeFile(path.join(dir, 'bad.md'), '---\ntitle: [oops\n---\ntext');
    const failed = await loadEngine(dir, { cacheFile: cache, inWorker: true }).catch(
      (error: unknown) => error,
    );
    expect(failed).toBeInstanceOf(KnowledgeFileError);
    expect(failed).toMatchObject({ code: 'knowledge_malformed', file: 'bad.md', line: 2 });
    expect((failed as Error).message).toMatch(/^knowledge: bad\.md:2: /);
  });

  it('rebuilds when a file changes size though its time is put back', async () => {
    await loadEngine(dir, { cacheFile: cache });
    await rewriteKeepingTime(po, DOC('PO', `${PO} It also owns the roadmap.`));
    const again = await loadEngine(dir, { cacheFile: cache });
    expect(again.from).toBe('built');
    expect(said(again.engine)).toContain('It also owns the roadmap.');
  });

  it('rebuilds when a file is saved again, same size, with a new time', async () => {
    await loadEngine(dir, { cacheFile: cache });
    await writeFile(po, DOC('PO', PO_ROADMAP));
    const again = await loadEngine(dir, { cacheFile: cache });
    expect(again.from).toBe('built');
    expect(said(again.engine)).toContain('roadmap');
    expect(said(again.engine)).not.toContain('backlog');
  });

  it('restores without reading the files, then finds a same-size, same-time edit in the background', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: { write: (line: string) => lines.push(line) },
    });
    expect(await (await loadEngine(dir, { cacheFile: cache })).verified).toBe(true);
    await rewriteKeepingTime(po, DOC('PO', PO_ROADMAP));

    const stale = await loadEngine(dir, { cacheFile: cache, logger });
    // Serving the old text proves the file's new content was not read to restore it.
    expect(stale.from).toBe('cache');
    expect(said(stale.engine)).toContain('backlog');
    expect(said(stale.engine)).not.toContain('roadmap');
    await expect(stale.verified).resolves.toBe(false);
    const warning = lines.map((line) => JSON.parse(line)).find((log) => log.level === 40);
    expect(warning).toMatchObject({
      files: 1,
      msg: expect.stringContaining('index cache is stale'),
    });

    const fixed = await loadEngine(dir, { cacheFile: cache, refresh: true });
    expect(fixed.from).toBe('built');
    expect(said(fixed.engine)).toContain('roadmap');
    const next = await loadEngine(dir, { cacheFile: cache });
    expect(next.from).toBe('cache');
    expect(said(next.engine)).toContain('roadmap');
    await expect(next.verified).resolves.toBe(true);
  });

  it('settles the background check as false, never rejecting, when a file cannot be read', async () => {
    await loadEngine(dir, { cacheFile: cache });
    const original = await readFile(po);
    // Same size and time, but no longer UTF-8: reading it throws.
    await rewriteKeepingTime(po, Buffer.concat([original.subarray(0, -1), Buffer.from([0xff])]));
    const loaded = await loadEngine(dir, { cacheFile: cache });
    expect(loaded.from).toBe('cache');
    await expect(loaded.verified).resolves.toBe(false);
  });
});

describe('the cache key', () => {
  it('covers the code folders recursively: a file in a new subfolder changes it', async () => {
    const code = path.join(dir, 'code');
    await mkdir(path.join(code, 'answers'), { recursive: true });
    await writeFile(path.join(code, 'answers', 'ask.ts'), 'export const a = 1;\n');
    const folders = [path.join(code, 'answers')];
    const before = await codeHash(folders);
    expect(await codeHash(folders)).toBe(before);

    await mkdir(path.join(code, 'answers', 'search'));
    await writeFile(path.join(code, 'answers', 'search', 'index.ts'), 'export const b = 2;\n');
    const added = await codeHash(folders);
    expect(added).not.toBe(before);

    await writeFile(path.join(code, 'answers', 'search', 'index.ts'), 'export const b = 3;\n');
    const edited = await codeHash(folders);
    expect(edited).not.toBe(added);
    // Files that are not code (notes, source maps) leave it alone.
    await writeFile(path.join(code, 'answers', 'search', 'notes.md'), 'why\n');
    expect(await codeHash(folders)).toBe(edited);
  });

  it('covers the data the analyzer is made with: a changed or added file changes it', async () => {
    const data = path.join(dir, 'resources', 'english');
    await mkdir(data, { recursive: true });
    await rewriteKeepingTime(path.join(data, 'words.txt'), 'the\tD\n');
    const before = await dataStamp([data]);
    expect(await dataStamp([data])).toBe(before);
    await rewriteKeepingTime(path.join(data, 'words.txt'), 'the\tD\nowner\tN\n');
    const grown = await dataStamp([data]);
    expect(grown).not.toBe(before);
    await writeFile(path.join(data, 'neighbours.bin'), Buffer.alloc(6));
    expect(await dataStamp([data])).not.toBe(grown);
  });
});
