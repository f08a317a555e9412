import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadEngine } from '../src/engine-loader.js';

const DOC = (title: string, body: string) => `---\ntitle: ${title}\n---\n\n## About\n\n${body}\n`;
const PO =
  'The product owner supplies all content and copy for the product and supports prioritising a product backlog.';

let dir: string;
let cache: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rolebot-cache-'));
  cache = path.join(dir, 'cache', 'index.json');
  await writeFile(path.join(dir, 'po.md'), DOC('PO', PO));
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
    expect(second.engine.passages).toEqual(first.engine.passages);
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

  it('rebuilds from the files when the cache is corrupt, and never when it is off', async () => {
    await loadEngine(dir, { cacheFile: cache });
    await writeFile(cache, '{ not json');
    expect((await loadEngine(dir, { cacheFile: cache })).from).toBe('built');
    expect(JSON.parse(await readFile(cache, 'utf8'))).toHaveProperty('key');
    expect((await loadEngine(dir, { cacheFile: null })).from).toBe('built');
  });

  it('still fails on a malformed file instead of serving a stale cache', async () => {
    await loadEngine(dir, { cacheFile: cache });
    await writeFile(path.join(dir, 'bad.md'), '---\ntitle: [oops\n---\ntext');
    await expect(loadEngine(dir, { cacheFile: cache })).rejects.toThrow(/bad\.md:2/);
  });
});
