import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/index-cache/cached-engine.js';
import {
  type KnowledgeWatcher,
  liveEngine,
  watchKnowledge,
} from '../../src/index-cache/hot-reload.js';
import { createLogger } from '../../src/logger.js';

const DOC = (title: string, body: string) => `---\ntitle: ${title}\n---\n\n## About\n\n${body}\n`;

let dir: string;
let watcher: KnowledgeWatcher | undefined;
let logs: string[];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rolebot-live-'));
  logs = [];
  await writeFile(
    path.join(dir, 'po.md'),
    DOC(
      'PO',
      'The product owner supplies all content and copy for the product and supports prioritising a product backlog.',
    ),
  );
});
afterEach(async () => {
  watcher?.close();
  // A reload still in flight would log into the next test's lines.
  await watcher?.settled();
  await rm(dir, { recursive: true, force: true });
});

async function until(check: () => boolean, what: string, ms = 8_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; logs: ${logs.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function start() {
  const logger = createLogger({
    level: 'info',
    destination: { write: (line: string) => logs.push(line) },
  });
  const live = liveEngine(await loadEngine(dir, { cacheFile: null }));
  watcher = watchKnowledge({ dir, live, cacheFile: null, logger, debounceMs: 50 });
  return live;
}

describe('hot reload', () => {
  it('swaps in the new knowledge when a file is added, without a restart', async () => {
    const live = await start();
    const { engine } = live;
    expect(engine.documents).toBe(1);
    await writeFile(
      path.join(dir, 'pm.md'),
      DOC('PM', 'The product manager talks to customers every week and owns the roadmap.'),
    );
    await until(() => engine.documents === 2, 'the reload');
    expect(engine.ask('who talks to customers?').passages[0]?.source.file).toBe('pm.md');
    expect(logs.join('')).toContain('knowledge reloaded');
  });

  it('indexes in a worker, leaving this thread free to answer while a big reload runs', async () => {
    // Enough documents that indexing takes seconds: on this thread it would keep the event loop
    // busy throughout (utilisation near 1); in a worker this thread only restores the result.
    const sentence = (doc: number, n: number) =>
      `Team ${doc} keeps working agreement ${n} in the handbook, reviews decisions ${n} every ` +
      `week with the stakeholders and writes down what changed in meeting ${doc * 10 + n}.`;
    const live = await start();
    const { engine } = live;
    const writes = Array.from({ length: 400 }, (_, doc) =>
      writeFile(
        path.join(dir, `team-${doc}.md`),
        `---\ntitle: Team ${doc}\n---\n\n${Array.from({ length: 8 }, (_, n) => `## Part ${n}\n\n${sentence(doc, n)}\n`).join('\n')}`,
      ),
    );
    const before = performance.eventLoopUtilization();
    await Promise.all(writes);
    await until(() => engine.documents === 401, 'the big reload', 60_000);
    const during = performance.eventLoopUtilization(before);
    expect(during.utilization).toBeLessThan(0.5);
    expect(engine.ask('who owns the backlog?').answered).toBe(true);
  }, 90_000);

  it('keeps serving the previous knowledge when a changed file fails to parse, and recovers', async () => {
    const live = await start();
    const before = live.fingerprint;
    await writeFile(path.join(dir, 'bad.md'), '---\ntitle: [oops\n---\ntext');
    await until(() => logs.some((line) => line.includes('knowledge reload failed')), 'the failure');
    // Built in a worker, the error still names the file and line, as fields a log search finds.
    const failure = JSON.parse(
      logs.find((line) => line.includes('knowledge reload failed')) ?? '{}',
    ) as Record<string, unknown>;
    expect(failure).toMatchObject({ file: 'bad.md', line: 2 });
    expect(failure.err).toMatch(/^knowledge: bad\.md:2: /);
    expect(live.fingerprint).toBe(before);
    expect(live.engine.ask('who owns the backlog?').owner.role).toBe('product-owner');

    await writeFile(
      path.join(dir, 'bad.md'),
      DOC('Fixed', 'The project manager is responsible for the on-time delivery of a project.'),
    );
    await until(() => live.engine.documents === 2, 'the recovery');
    expect(live.engine.ask('who is responsible for on-time delivery?').owner.role).toBe(
      'project-manager',
    );
  });

  it('keeps the previous decisions when decision-rights.yml breaks, logging its file and line', async () => {
    const rights = (owner: string) =>
      `organisation: Acme\ndecisions:\n  - thing: product backlog\n    aliases: [backlog]\n    owner: ${owner}\n`;
    await writeFile(path.join(dir, 'decision-rights.yml'), rights('project-manager'));
    const live = await start();
    expect(live.engine.ask('who owns the backlog?').owner).toMatchObject({
      role: 'project-manager',
      decidedBy: 'organisation',
    });

    await writeFile(path.join(dir, 'decision-rights.yml'), rights('projet-manager'));
    await until(() => logs.some((line) => line.includes('knowledge reload failed')), 'the failure');
    const failure = JSON.parse(
      logs.find((line) => line.includes('knowledge reload failed')) ?? '{}',
    ) as Record<string, unknown>;
    expect(failure).toMatchObject({ file: 'decision-rights.yml', line: 5 });
    expect(failure.err).toMatch(
      /^knowledge: decision-rights\.yml:5: decision "product backlog": "owner" "projet-manager" is not a role id; the ids are product-manager, product-owner, project-manager$/,
    );
    expect(live.engine.ask('who owns the backlog?').owner.role).toBe('project-manager');

    await writeFile(path.join(dir, 'decision-rights.yml'), rights('product-manager'));
    await until(
      () => live.engine.ask('who owns the backlog?').owner.role === 'product-manager',
      'the fixed decision',
    );
  });

  it('rebuilds past the index cache when the background check finds it stale', async () => {
    const logger = createLogger({
      level: 'info',
      destination: { write: (line: string) => logs.push(line) },
    });
    const cacheFile = path.join(dir, 'cache', 'index.bin');
    const po = path.join(dir, 'po.md');
    const stamp = new Date('2024-05-06T07:08:09Z');
    await utimes(po, stamp, stamp);
    await loadEngine(dir, { cacheFile });
    // The same size and time, other content: only the background check can tell.
    await writeFile(
      po,
      DOC(
        'PO',
        'The product owner supplies all content and copy for the product and supports prioritising a product roadmap.',
      ),
    );
    await utimes(po, stamp, stamp);

    const loaded = await loadEngine(dir, { cacheFile, logger });
    expect(loaded.from).toBe('cache');
    const live = liveEngine(loaded);
    const quoted = () => live.engine.passages.map((passage) => passage.text).join('\n');
    expect(quoted()).toContain('product backlog');
    watcher = watchKnowledge({ dir, live, cacheFile, logger, verified: loaded.verified });

    await until(() => quoted().includes('product roadmap'), 'the rebuild');
    expect(quoted()).not.toContain('product backlog');
    expect(logs.join('')).toContain('knowledge reloaded');
    // The cache was rewritten too, so the next start restores the right knowledge.
    const next = await loadEngine(dir, { cacheFile });
    expect(next.from).toBe('cache');
    expect(next.fingerprint).toBe(live.fingerprint);
    await expect(next.verified).resolves.toBe(true);
  });
});
