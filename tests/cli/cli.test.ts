// Runs the real `rolebot` CLI and the local console as child processes, as a person or a script
// would, and checks what they print and how they exit. Each spawn costs about a second.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EVAL_FILES } from '../../src/cli/commands/eval.js';
import { type Run, runScript } from '../support/run-script.js';

const CLI = 'src/cli/main.ts';
const CONSOLE = 'src/main.ts';

function run(
  script: string,
  args: readonly string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<Run> {
  return runScript(script, args, {
    ...options,
    env: { KNOWLEDGE_DIR: 'knowledge', LOG_LEVEL: 'warn', ...options.env },
  });
}

function jsonLines(stdout: string): unknown[] {
  expect(stdout.endsWith('\n')).toBe(true);
  return stdout
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
}

/** Every field of the `ask --json` contract, in order, with the right type. */
function expectAnswerShape(value: unknown): void {
  const answer = value as Record<string, unknown>;
  // `unknownWords` follows the original keys, only on passages about the roles a question names.
  expect(Object.keys(answer)).toEqual([
    'question',
    'answered',
    'passages',
    'owner',
    'ambiguous',
    'intent',
    'parts',
    ...('unknownWords' in answer ? ['unknownWords'] : []),
  ]);
  expect(typeof answer.question).toBe('string');
  expect(typeof answer.answered).toBe('boolean');
  expect(Array.isArray(answer.passages)).toBe(true);
  for (const passage of answer.passages as Record<string, unknown>[]) {
    expect(Object.keys(passage)).toEqual([
      'text',
      'sentence',
      'source',
      'title',
      'section',
      'score',
    ]);
    expect(typeof passage.text).toBe('string');
    // The answering sentence is one of the passage's own, as written.
    expect(passage.text).toContain(passage.sentence);
    expect(passage.source).toEqual(expect.stringMatching(/^[\w./-]+\.md$/));
    expect(typeof passage.title).toBe('string');
    expect(typeof passage.section).toBe('string');
    expect(typeof passage.score).toBe('number');
  }
  expect(['ownership', 'definition', 'comparison', 'howto', 'yesno', 'other']).toContain(
    answer.intent,
  );
  expect(Array.isArray(answer.parts)).toBe(true);
  // No verdict unless the question asks who owns something.
  if (answer.intent !== 'ownership') {
    expect(answer.owner).toBeNull();
    expect(Array.isArray(answer.ambiguous)).toBe(true);
    return;
  }
  const owner = answer.owner as Record<string, unknown>;
  // decidedBy extends the contract after the original keys ("organisation" adds the decision).
  expect(Object.keys(owner)).toEqual(['role', 'contested', 'confidence', 'decidedBy']);
  expect(owner.decidedBy).toBe('articles');
  expect(
    owner.role === null ||
      ['product-manager', 'product-owner', 'project-manager', 'shared'].includes(
        String(owner.role),
      ),
  ).toBe(true);
  expect(typeof owner.contested).toBe('boolean');
  expect(typeof owner.confidence).toBe('number');
  expect(Array.isArray(answer.ambiguous)).toBe(true);
}

describe('rolebot ask --json', () => {
  it('prints exactly one JSON line per question on stdin, in order, and nothing else', async () => {
    const questions = [
      'who owns the product backlog?',
      'what is the office wifi password?',
      'does the PO report to the PM?',
    ];
    // Blank lines and CRLF endings are not questions.
    const input = `${questions[0]}\n\n   \n${questions[1]}\r\n${questions[2]}`;
    const result = await run(CLI, ['ask', '--json'], { input });

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const answers = jsonLines(result.stdout) as Record<string, unknown>[];
    expect(answers.map((answer) => answer.question)).toEqual(questions);
    for (const answer of answers) expectAnswerShape(answer);

    const [backlog, offTopic, ambiguous] = answers;
    expect(backlog?.answered).toBe(true);
    expect(backlog?.passages).not.toEqual([]);
    expect(offTopic?.answered).toBe(false);
    expect(offTopic?.passages).toEqual([]);
    expect(offTopic?.owner).toBeNull();
    expect(backlog?.owner).toMatchObject({ role: 'product-owner' });
    expect(ambiguous?.ambiguous).toEqual([
      { term: 'PM', chosen: 'product manager', alternatives: ['project manager'] },
    ]);
  });

  it('answers a question given as an argument with one JSON line naming the owner', async () => {
    const result = await run(CLI, [
      'ask',
      '--json',
      '--limit',
      '2',
      'who owns the product backlog?',
    ]);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines).toHaveLength(1);
    expectAnswerShape(lines[0]);
    const answer = lines[0] as { owner: { role: string }; passages: unknown[] };
    expect(answer.owner.role).toBe('product-owner');
    expect(answer.passages.length).toBeGreaterThan(0);
    expect(answer.passages.length).toBeLessThanOrEqual(2);
  });

  it('answers "who owns…" as text the way Slack and the console do: the verdict by role', async () => {
    const result = await run(CLI, ['ask', 'who owns the product backlog?']);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Owner: Product Owner \(confidence \d\.\d\d\)$/m);
    expect(result.stdout).toMatch(/^Product Owner — \d+ statements? for the verdict$/m);
  });
});

describe('rolebot compare and owner --json', () => {
  // Four processes in parallel: about the cost of one.
  let all: Run;
  let backlog: Run;
  let owner: Run;
  let same: Run;
  beforeAll(async () => {
    [all, backlog, owner, same] = await Promise.all([
      run(CLI, ['compare', 'pm', 'po', '--json']),
      run(CLI, ['compare', '--json', 'pm', 'po', 'backlog']),
      run(CLI, ['owner', 'roadmap', '--json']),
      run(CLI, ['compare', 'po', 'po', '--json']),
    ]);
  });

  function expectComparisonShape(value: unknown): Record<string, unknown> {
    const comparison = value as Record<string, unknown>;
    expect(Object.keys(comparison)).toEqual(['roles', 'topic', 'rows']);
    expect(comparison.roles).toEqual(['product-manager', 'product-owner']);
    expect(typeof comparison.topic).toBe('string');
    for (const row of comparison.rows as Record<string, unknown>[]) {
      expect(Object.keys(row)).toEqual(['aspect', 'cells', 'contested']);
      expect(typeof row.aspect).toBe('string');
      expect(typeof row.contested).toBe('boolean');
      const cells = row.cells as (Record<string, unknown> | null)[];
      expect(cells).toHaveLength(2);
      cells.forEach((cell, i) => {
        if (cell === null) return;
        expect(Object.keys(cell)).toEqual(['role', 'text', 'source', 'section']);
        expect(cell.role).toBe(i === 0 ? 'product-manager' : 'product-owner');
        expect(String(cell.text).trim()).not.toBe('');
        expect(cell.source).toEqual(expect.stringMatching(/^[\w./-]+\.md$/));
        expect(typeof cell.section).toBe('string');
      });
    }
    return comparison;
  }

  it('compare pm po --json: one line, a row per aspect, cells quoted or null', () => {
    expect(all.stderr).toBe('');
    expect(all.code).toBe(0);
    const lines = jsonLines(all.stdout);
    expect(lines).toHaveLength(1);
    const comparison = expectComparisonShape(lines[0]);
    expect(comparison.topic).toBe('');
    const rows = comparison.rows as { aspect: string; contested: boolean }[];
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.find((row) => row.aspect === 'Vision & roadmap')?.contested).toBe(true);
  });

  it('compare pm po backlog --json: only the rows about the backlog', () => {
    expect(backlog.stderr).toBe('');
    expect(backlog.code).toBe(0);
    const lines = jsonLines(backlog.stdout);
    expect(lines).toHaveLength(1);
    const comparison = expectComparisonShape(lines[0]);
    expect(comparison.topic).toBe('backlog');
    const rows = comparison.rows as { aspect: string; cells: unknown[] }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.aspect).toMatch(/backlog/i);
      expect(row.cells[1], 'the product owner cell').not.toBeNull();
    }
  });

  it('owner roadmap --json: the contested verdict with evidence for two roles or more', () => {
    expect(owner.stderr).toBe('');
    expect(owner.code).toBe(0);
    const lines = jsonLines(owner.stdout);
    expect(lines).toHaveLength(1);
    const result = lines[0] as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['thing', 'answered', 'owner', 'evidence']);
    expect(result.thing).toBe('roadmap');
    expect(result.answered).toBe(true);
    const verdict = result.owner as Record<string, unknown>;
    expect(Object.keys(verdict)).toEqual([
      'role',
      'contested',
      'confidence',
      'contenders',
      'decidedBy',
    ]);
    expect(verdict.contested).toBe(true);
    expect(typeof verdict.confidence).toBe('number');
    expect((verdict.contenders as unknown[]).length).toBeGreaterThan(0);
    const evidence = result.evidence as Record<string, unknown>[];
    expect(evidence.length).toBeGreaterThan(0);
    expect(evidence.length).toBeLessThanOrEqual(12);
    for (const item of evidence) {
      expect(Object.keys(item)).toEqual(['role', 'sentence', 'source', 'covers']);
      expect(String(item.sentence).trim()).not.toBe('');
      expect(item.source).toEqual(expect.stringMatching(/^[\w./-]+\.md$/));
      expect(typeof item.covers).toBe('number');
    }
    expect(new Set(evidence.map((item) => item.role)).size).toBeGreaterThanOrEqual(2);
  });

  it('compare po po is a usage mistake: the problem on stderr, exit 2, nothing on stdout', () => {
    expect(same.code).toBe(2);
    expect(same.stdout).toBe('');
    expect(same.stderr).toBe(
      "rolebot: Pick two different roles to compare, e.g. rolebot compare pm po.\nrun 'rolebot help' for usage\n",
    );
  });
});

describe('rolebot with a malformed knowledge folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rolebot-cli-'));
    await writeFile(path.join(dir, 'broken.md'), '---\ntitle: [unclosed\n---\nText.');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 1 with one line on stderr naming the file and line, and no stack', async () => {
    const result = await run(CLI, ['ask', '--json', '--knowledge', dir, 'who owns the backlog?']);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^rolebot: .*broken\.md:\d+: /);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('rolebot eval --json', () => {
  const sets = DEFAULT_EVAL_FILES.map((file) => path.basename(file, '.jsonl'));
  let dir: string;
  let blindFile: string;
  beforeAll(async () => {
    // A blind set is known by its name: a few of our own questions under one will do.
    dir = await mkdtemp(path.join(tmpdir(), 'rolebot-eval-'));
    blindFile = path.join(dir, 'blind-sample.jsonl');
    const ours = await readFile('tests/eval/questions.jsonl', 'utf8');
    await writeFile(blindFile, `${ours.trim().split('\n').slice(0, 30).join('\n')}\n`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // A child process scoring every set (over 9,000 questions) twice: 11 s on an idle machine,
  // past the default timeout while the rest of the suite shares the two cores.
  it('prints the engine report, then the baseline, as JSON lines without per-question results', async () => {
    const result = await run(CLI, ['eval', '--json', '--baseline']);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const reports = jsonLines(result.stdout) as Record<string, unknown>[];
    // Every labelled set, rolebot then the baseline.
    expect(reports.map((report) => `${report.set} ${report.method}`)).toEqual(
      sets.flatMap((set) => [`${set} rolebot`, `${set} minisearch-defaults`]),
    );
    expect(reports[0]).toMatchObject({ missesHidden: false });
    expect((reports[0]?.misses as unknown[] | undefined)?.length).toBeGreaterThan(0);
    for (const report of reports) {
      expect(typeof report.hitAt1).toBe('number');
      expect(typeof report.hitAt3).toBe('number');
      expect(report.questions).toBeGreaterThan(0);
      expect(Array.isArray(report.misses)).toBe(true);
      expect(report).not.toHaveProperty('results');
    }
    expect(typeof reports[0]?.ownerAccuracy).toBe('number');
    expect(reports[1]?.ownerAccuracy).toBeNull();
  }, 60_000);

  it("never lists a blind set's misses, only counts them in its scores", async () => {
    const json = await run(CLI, ['eval', '--json', 'tests/eval/questions.jsonl', blindFile]);
    expect(json.code).toBe(0);
    const [ours, blind] = jsonLines(json.stdout) as Record<string, unknown>[];
    expect(ours).toMatchObject({ set: 'questions', missesHidden: false });
    expect(blind).toMatchObject({ set: 'blind-sample', missesHidden: true, misses: [] });
    expect(typeof blind?.hitAt1).toBe('number');

    const table = await run(CLI, ['eval', 'tests/eval/questions.jsonl', blindFile]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/misses \(rolebot, blind-sample\): \d+, not shown/);
    expect(table.stdout).toMatch(/misses \(rolebot, questions\): \d+\n\n✗ /);
  });

  it('prints one table with a column per set', async () => {
    const result = await run(CLI, ['eval']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^\\s+${sets.join('\\s+')}$`, 'm'));
    expect(result.stdout).toMatch(/^hit@1\s+\d/m);
    expect(result.stdout).toMatch(/misses \(rolebot, dev\): \d+\n\n✗ /);
  });
});

describe('rolebot usage', () => {
  it('prints usage for help, and on stderr with exit 2 for an unknown command', async () => {
    const [help, unknown] = await Promise.all([run(CLI, ['help']), run(CLI, ['frobnicate'])]);

    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage:');
    expect(help.stdout).toContain('rolebot ask --json');
    expect(help.stdout).toContain('rolebot eval');
    expect(help.stdout).toContain('rolebot compare <a> <b> [topic...]');
    expect(help.stdout).toContain('rolebot owner "<thing>"');

    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('rolebot: unknown command "frobnicate"');
    expect(unknown.stderr).toContain('Usage:');
  });
});

describe('local console (npm start) with piped input', () => {
  it('prints the help and a rendered answer, then exits 0 at the end of input', async () => {
    const result = await run(CONSOLE, [], {
      input: '/roles help\nwho owns the product backlog?\n',
    });

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('rolebot> ');
    expect(result.stdout).toContain('/roles <question>');
    expect(result.stdout).toContain('@rolebot <question>');
    expect(result.stdout).toMatch(/^Owner: Product Owner \(confidence \d\.\d\d\)$/m);
    expect(result.stdout).toContain('(tech-for-better-product-management.md)');
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('exits 1 with one line on stderr when the knowledge cannot be read', async () => {
    const result = await run(CONSOLE, [], {
      env: { KNOWLEDGE_DIR: path.join(tmpdir(), 'rolebot-no-such-folder') },
      input: 'who owns the product backlog?\n',
    });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^rolebot: knowledge: cannot read the folder .*rolebot-no-such-folder/,
    );
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
