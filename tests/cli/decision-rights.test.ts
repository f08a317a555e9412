// The "done when", run as a person would: the real `rolebot` CLI as a child process over
// a temporary copy of knowledge/ with a decision-rights.yml.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_DECISION_RIGHTS, organisationKnowledge } from '../support/organisation-knowledge.js';
import { type Run, runScript } from '../support/run-script.js';

function rolebot(dir: string, args: readonly string[]): Promise<Run> {
  return runScript('src/cli/main.ts', [...args, '--knowledge', dir], {
    env: { LOG_LEVEL: 'warn', INDEX_CACHE: 'off', NO_COLOR: '1' },
  });
}

describe('rolebot with decision rights', () => {
  let folder: Awaited<ReturnType<typeof organisationKnowledge>>;
  let owner: Run;
  let rota: Run;
  let backlog: Run;
  let compare: Run;
  let ownerText: Run;
  beforeAll(async () => {
    folder = await organisationKnowledge();
    [owner, rota, backlog, compare, ownerText] = await Promise.all([
      rolebot(folder.dir, ['owner', '--json', 'roadmap']),
      rolebot(folder.dir, ['ask', '--json', 'who owns the on-call rota?']),
      rolebot(folder.dir, ['ask', '--json', 'who owns the product backlog?']),
      rolebot(folder.dir, ['compare', 'em', 'po']),
      rolebot(folder.dir, ['owner', 'roadmap']),
    ]);
  }, 60_000);
  afterAll(() => folder.remove());

  it("owner roadmap: the organisation's product owner, the articles' PM statements kept", () => {
    expect(owner.stderr).toBe('');
    const result = JSON.parse(owner.stdout) as {
      owner: Record<string, unknown>;
      evidence: { role: string }[];
    };
    // The existing keys first and unchanged in meaning; the decision after them.
    expect(Object.keys(result.owner).slice(0, 4)).toEqual([
      'role',
      'contested',
      'confidence',
      'contenders',
    ]);
    expect(result.owner).toMatchObject({
      role: 'product-owner',
      decidedBy: 'organisation',
      organisation: 'Acme',
      link: 'https://wiki.example.com/decision-rights',
      consulted: ['product-manager'],
      articles: { role: 'product-manager' },
    });
    expect(result.evidence.some((item) => item.role === 'product-manager')).toBe(true);
  });

  it('ask: the on-call rota goes to the declared engineering manager', () => {
    const answer = JSON.parse(rota.stdout) as { answered: boolean; owner: Record<string, unknown> };
    expect(answer.answered).toBe(true);
    expect(answer.owner).toMatchObject({ role: 'engineering-manager', decidedBy: 'organisation' });
  });

  it('ask: the backlog, which the file does not decide, is still the articles’ product owner', () => {
    const answer = JSON.parse(backlog.stdout) as { owner: Record<string, unknown> };
    expect(answer.owner).toEqual({
      role: 'product-owner',
      contested: false,
      confidence: 1,
      decidedBy: 'articles',
    });
  });

  it('compare em po: an Engineering Manager column beside the Product Owner', () => {
    expect(compare.code).toBe(0);
    expect(compare.stdout).toMatch(/^Engineering Manager vs Product Owner\n/);
    expect(compare.stdout).toMatch(/│ Aspect\s+│ Engineering Manager\s+│ Product Owner\s+│/);
  });

  it('owner roadmap as text: "At Acme", the link, and what the articles say', () => {
    expect(ownerText.stdout).toMatch(/^Owner: Product Owner \(decided at Acme\)\n/);
    expect(ownerText.stdout).toContain('At Acme the product owner owns the roadmap');
    expect(ownerText.stdout).toContain('https://wiki.example.com/decision-rights');
    expect(ownerText.stdout).toMatch(/the articles [^\n]*Product Manager/);
    expect(ownerText.stdout).toMatch(/Product Manager — \d+ statements against it/);
  });
});

describe('rolebot with a bad decision-rights.yml', () => {
  const cases = {
    malformed: 'organisation: Acme\ndecisions:\n  - thing: roadmap\n    owner: [product-owner\n',
    'unknown role': ACME_DECISION_RIGHTS.replace(
      'owner: engineering-manager',
      'owner: engineering-manger',
    ),
  };
  let folder: Awaited<ReturnType<typeof organisationKnowledge>>;
  beforeAll(async () => {
    folder = await organisationKnowledge();
  });
  afterAll(() => folder.remove());

  it.each(Object.entries(cases))(
    '%s: exits 1 naming the file and the line',
    async (_, content) => {
      await writeFile(path.join(folder.dir, 'decision-rights.yml'), content);
      const result = await rolebot(folder.dir, ['ask', '--json', 'who owns the roadmap?']);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^rolebot: knowledge: decision-rights\.yml:\d+: /);
      if (_ === 'unknown role') {
        expect(result.stderr).toContain(
          'decision-rights.yml:14: decision "on-call rota": "owner" "engineering-manger" is not a role id; the ids are product-manager, product-owner, project-manager, engineering-manager',
        );
      }
    },
    30_000,
  );
});

describe('rolebot check', () => {
  let folder: Awaited<ReturnType<typeof organisationKnowledge>>;
  beforeAll(async () => {
    folder = await organisationKnowledge();
  });
  afterAll(() => folder.remove());

  it('prints the coverage of a valid folder: sources per row and role, contradicting decisions', async () => {
    const result = await rolebot(folder.dir, ['check']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^All 5 articles and 4 vocabulary files in .* are valid\./);
    expect(result.stdout).toMatch(
      / {2}Backlog & priorities\n(?: {4}.*\n)*? {4}Product Owner +\S+\.md/,
    );
    expect(result.stdout).toMatch(/ {4}Engineering Manager +— not covered/);
    expect(result.stdout).toContain(
      'product roadmap: decided Product Owner; the articles disagree, most say Product Manager',
    );
    expect(result.stdout).toContain('synonyms.yml: backlog refinement (backlog grooming)');
    expect(result.stdout).toContain('decision-rights.yml: role engineering-manager');
  }, 30_000);

  it('lists every problem with its file and line, and exits 1', async () => {
    await writeFile(
      path.join(folder.dir, 'decision-rights.yml'),
      ACME_DECISION_RIGHTS.replace('owner: engineering-manager', 'owner: designer'),
    );
    await writeFile(path.join(folder.dir, 'broken.md'), '---\ntitle: [unclosed\n---\nText.\n');
    await writeFile(path.join(folder.dir, 'aspects.yml'), 'aspects:\n  - label: Focus\n');
    const result = await rolebot(folder.dir, ['check', '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      problems: { file: string; line: number }[];
    };
    expect(report.ok).toBe(false);
    expect(report.problems.map(({ file, line }) => `${file}:${line}`)).toEqual([
      'broken.md:2',
      'aspects.yml:2',
      'decision-rights.yml:14',
    ]);
    expect(result.stderr).toMatch(/^rolebot: check: 3 problems in the knowledge folder/);
  }, 30_000);
});
