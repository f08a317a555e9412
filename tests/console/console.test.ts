// The local console driven in-process, as `npm start` runs it without Slack tokens and with piped
// input: the same `/roles` grammar as Slack, answers rendered as terminal text.
import { Readable, Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/answers/engine.js';
import { HELP, INVALID_HINT, parseConsoleLine, runConsole } from '../../src/console/console.js';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import { displayWidth } from '../../src/render/terminal/text.js';
import { organisationKnowledge } from '../support/organisation-knowledge.js';

let engine: Engine;
beforeAll(async () => {
  engine = createEngine(await loadKnowledge('knowledge'));
});

/** Feeds the lines to a piped (non-interactive) console and returns everything it printed. */
async function converse(
  lines: readonly string[],
  width?: number,
  over: Engine = engine,
): Promise<string> {
  let printed = '';
  const output = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      printed += chunk.toString();
      done();
    },
  });
  await runConsole({
    engine: over,
    input: Readable.from([`${lines.join('\n')}\n`]),
    output,
    interactive: false,
    ...(width !== undefined ? { width } : {}),
  });
  return printed;
}

function tableOf(text: string): string[] {
  const lines = text.split('\n');
  const top = lines.findIndex((line) => line.startsWith('┌'));
  const bottom = lines.findIndex((line, i) => i > top && line.startsWith('└'));
  expect(top).toBeGreaterThanOrEqual(0);
  expect(bottom).toBeGreaterThan(top);
  return lines.slice(top, bottom + 1);
}

describe('parseConsoleLine', () => {
  it('reads /roles, mentions and plain lines with the /roles grammar', () => {
    expect(parseConsoleLine('/roles compare pm po backlog')).toEqual({
      kind: 'compare',
      roles: ['product-manager', 'product-owner'],
      topic: 'backlog',
    });
    expect(parseConsoleLine('  /roles owner roadmap ')).toEqual({
      kind: 'owner',
      thing: 'roadmap',
    });
    expect(parseConsoleLine('@rolebot compare pm project')).toEqual({
      kind: 'compare',
      roles: ['product-manager', 'project-manager'],
      topic: '',
    });
    expect(parseConsoleLine('<@U0ROLEBOT>: owner the backlog')).toEqual({
      kind: 'owner',
      thing: 'the backlog',
    });
    expect(parseConsoleLine('compare po')).toEqual({
      kind: 'compare',
      roles: ['product-owner', 'product-manager'],
      topic: '',
    });
    expect(parseConsoleLine('who owns the product backlog?')).toEqual({
      kind: 'ask',
      question: 'who owns the product backlog?',
    });
    expect(parseConsoleLine('/roles who owns the roadmap?')).toEqual({
      kind: 'ask',
      question: 'who owns the roadmap?',
    });
    expect(parseConsoleLine('/roles compare po po').kind).toBe('invalid');
    expect(parseConsoleLine('/roles owner').kind).toBe('invalid');
  });

  it('adds what only the console needs: help, exit, empty lines and other slash commands', () => {
    for (const line of ['help', '/roles', '/roles help', '@rolebot', '@rolebot help']) {
      expect(parseConsoleLine(line), line).toEqual({ kind: 'help' });
    }
    for (const line of ['exit', 'QUIT', '/exit', '/quit']) {
      expect(parseConsoleLine(line), line).toEqual({ kind: 'exit' });
    }
    expect(parseConsoleLine('   ')).toEqual({ kind: 'empty' });
    expect(parseConsoleLine('/giphy cats')).toEqual({ kind: 'unknown', command: '/giphy' });
  });
});

describe('runConsole with piped input', () => {
  it('/roles compare pm po prints the comparison table with its sources', async () => {
    const printed = await converse(['/roles compare pm po']);
    expect(printed.split('\n')[0]).toBe('Product Manager vs Product Owner');
    const table = tableOf(printed);
    for (const line of table) expect(displayWidth(line), line).toBe(88);
    expect(table[1]).toMatch(/^│ Aspect +│ Product Manager +│ Product Owner +│$/);
    expect(printed).toContain('⚖ contested');
    expect(printed).toMatch(/^\[1\] .+/m);
    expect(printed).toMatch(/^The sources disagree on: .*Vision & roadmap/m);
    expect(printed).not.toContain('\u001b[');
  });

  it('/roles owner roadmap prints the verdict, the statements by role and the disagreement', async () => {
    const printed = await converse(['/roles owner roadmap']);
    expect(printed.split('\n')[0]).toMatch(
      /^Owner: (Product Manager|Product Owner) \(confidence \d\.\d\d\) — the sources disagree/,
    );
    expect(printed).toMatch(/^Product Manager — \d+ statements? (for the verdict|against it)$/m);
    expect(printed).toMatch(/^Product Owner — \d+ statements? (for the verdict|against it)$/m);
    expect(printed).toMatch(/^ {2}• “/m);
    expect(printed).toMatch(/\([\w-]+\.md\)$/m);
    expect(printed.trimEnd().split('\n').at(-1)).toMatch(/^The sources disagree/);
  });

  it('answers "who owns…" as Slack does: the verdict with the statements by role', async () => {
    for (const line of ['who owns the product backlog?', '/roles who owns the product backlog?']) {
      const printed = await converse([line]);
      expect(printed.split('\n')[0]).toMatch(/^Owner: Product Owner \(confidence \d\.\d\d\)$/);
      expect(printed).toMatch(/^Product Owner — \d+ statements? for the verdict$/m);
      expect(printed).toMatch(/^ {2}• “/m);
    }
  });

  it('reads a mention and a plain line like /roles: @rolebot compare pm project, compare pm po', async () => {
    const printed = await converse(['@rolebot compare pm project', 'compare pm po'], 100);
    expect(printed).toMatch(/^Product Manager vs Project Manager$/m);
    expect(printed).toMatch(/^Product Manager vs Product Owner$/m);
    expect(printed).toContain('not covered by the sources');
    for (const line of printed.split('\n')) {
      if (/^[┌│├└]/.test(line)) expect(displayWidth(line), line).toBe(100);
    }
  });

  it('/roles compare po po prints the problem and a hint, and carries on', async () => {
    const printed = await converse([
      '/roles compare po po',
      '/roles owner',
      'who owns the product backlog?',
    ]);
    const [same, owner, answer] = printed.split('\n\n');
    expect(same).toBe(
      `Pick two different roles to compare, e.g. /roles compare pm po.\n${INVALID_HINT}`,
    );
    expect(owner).toBe(
      `Say what to find the owner of, e.g. /roles owner roadmap.\n${INVALID_HINT}`,
    );
    expect(answer).toMatch(/^Owner: Product Owner \(confidence \d\.\d\d\)$/m);
  });

  it('prints the help, answers questions, and stops at exit', async () => {
    const printed = await converse([
      'help',
      '',
      'what does a project manager do?',
      'exit',
      'compare pm po',
    ]);
    expect(printed.startsWith(`${HELP}\n\n`)).toBe(true);
    expect(printed).toContain('/roles compare <a> <b> [topic]');
    expect(printed).toContain('/roles owner <thing>');
    expect(printed).not.toContain('not built yet');
    expect(printed).toMatch(/^1\. /m);
    expect(printed).not.toContain('┌');
    expect(printed.endsWith('\n')).toBe(true);
  });

  it('names a slash command that is not rolebot’s', async () => {
    expect(await converse(['/giphy cats'])).toBe(
      '/giphy is not a rolebot command; try /roles help\n',
    );
  });
});

describe('the console with decision rights', () => {
  let acme: Engine;
  beforeAll(async () => {
    const folder = await organisationKnowledge();
    try {
      acme = createEngine(await loadKnowledge(folder.dir));
    } finally {
      await folder.remove();
    }
  });

  it("answers from the organisation's decision and compares its own role", async () => {
    const printed = await converse(
      ['who owns the roadmap?', '/roles compare em po', '@rolebot who owns the on-call rota?'],
      undefined,
      acme,
    );
    expect(printed).toMatch(/^Owner: Product Owner \(decided at Acme\)$/m);
    expect(printed).toContain('https://wiki.example.com/decision-rights');
    expect(printed).toMatch(/^Engineering Manager vs Product Owner$/m);
    expect(printed).toMatch(/^Owner: Engineering Manager \(decided at Acme\)$/m);
  });
});
