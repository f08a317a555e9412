import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../src/answers/roles.js';
import { KnowledgeFileError } from '../../src/errors.js';
import { BUILT_IN_ROLE_IDS, parseDecisionRights } from '../../src/knowledge/decision-rights.js';
import {
  buildKnowledgeBase,
  listKnowledgeFiles,
  loadKnowledge,
} from '../../src/knowledge/loader.js';
import { ACME_DECISION_RIGHTS } from '../support/organisation-knowledge.js';

const FILE = 'decision-rights.yml';

describe('decision-rights.yml', () => {
  it("reads the issue's example: the organisation, its own roles and its decisions", () => {
    const rights = parseDecisionRights(FILE, ACME_DECISION_RIGHTS);
    expect(rights.organisation).toBe('Acme');
    expect(rights.roles).toEqual([
      {
        id: 'engineering-manager',
        name: 'Engineering Manager',
        aliases: ['em', 'eng manager'],
        line: 3,
      },
    ]);
    expect(rights.decisions).toEqual([
      {
        thing: 'product roadmap',
        aliases: ['roadmap', 'quarterly roadmap'],
        owner: 'product-owner',
        consulted: ['product-manager'],
        note: 'At Acme the product owner owns the roadmap; the product manager sets the yearly strategy.',
        link: 'https://wiki.example.com/decision-rights',
        line: 7,
      },
      { thing: 'on-call rota', aliases: [], owner: 'engineering-manager', consulted: [], line: 13 },
    ]);
  });

  it('names the file and the line of a YAML syntax error', () => {
    const broken =
      'organisation: Acme\ndecisions:\n  - thing: [roadmap\n    owner: product-owner\n';
    expect(() => parseDecisionRights(FILE, broken)).toThrow(KnowledgeFileError);
    expect(() => parseDecisionRights(FILE, broken)).toThrow(
      /^knowledge: decision-rights\.yml:\d+: /,
    );
  });

  it('names an unknown role id, its line, and the ids allowed', () => {
    const content = ACME_DECISION_RIGHTS.replace(
      'owner: engineering-manager',
      'owner: engineering-manger',
    );
    let error: unknown;
    try {
      parseDecisionRights(FILE, content);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KnowledgeFileError);
    expect((error as KnowledgeFileError).line).toBe(14);
    expect((error as Error).message).toBe(
      'knowledge: decision-rights.yml:14: decision "on-call rota": "owner" "engineering-manger" is not a role id; the ids are product-manager, product-owner, project-manager, engineering-manager',
    );
  });

  it.each([
    [
      'a consulted role that is not declared',
      'consulted: [product-manager]',
      'consulted: [designer]',
      10,
      /consulted role "designer" is not a role id/,
    ],
    [
      'a decision without a thing',
      '  - thing: on-call rota\n',
      '  - thing: ""\n',
      13,
      /decision 2 needs a "thing"/,
    ],
    [
      'a built-in id declared again',
      'id: engineering-manager',
      'id: product-owner',
      3,
      /role id "product-owner" is built in/,
    ],
    [
      'a role id that is not kebab-case',
      'id: engineering-manager',
      'id: Engineering Manager',
      3,
      /"id" is kebab-case/,
    ],
    [
      'a link that is not a web address',
      'link: https://wiki.example.com/decision-rights',
      'link: wiki page',
      12,
      /"link" is a web address/,
    ],
    [
      'an unknown key',
      'organisation: Acme',
      'organisation: Acme\nowners: []',
      2,
      /unknown key "owners"/,
    ],
  ])('rejects %s, at its line', (_what, from, to, line, problem) => {
    const content = ACME_DECISION_RIGHTS.replace(from, to);
    expect(() => parseDecisionRights(FILE, content)).toThrow(problem);
    expect(() => parseDecisionRights(FILE, content)).toThrow(`decision-rights.yml:${line}:`);
  });

  it('needs an organisation and a list of decisions', () => {
    expect(() => parseDecisionRights(FILE, 'decisions: []\n')).toThrow(
      /decision-rights\.yml:1: "organisation" names the organisation/,
    );
    expect(() => parseDecisionRights(FILE, 'organisation: Acme\n')).toThrow(
      /decision-rights\.yml:1: "decisions" lists who owns what/,
    );
  });

  it('refuses a role alias that already means something else, naming the file and line', () => {
    const files = (aliases: string) => ({
      documents: [
        { file: 'a.md', content: '---\ntitle: A\n---\n\nThe product owner owns the backlog.\n' },
      ],
      vocabulary: {
        file: 'synonyms.yml',
        content: 'ambiguous:\n  pm: [product manager, project manager]\n',
      },
      decisionRights: {
        file: FILE,
        content: ACME_DECISION_RIGHTS.replace('aliases: [em, eng manager]', `aliases: ${aliases}`),
      },
    });
    expect(() => buildKnowledgeBase(files('[em, pm]'))).toThrow(
      'knowledge: decision-rights.yml:3: role "engineering-manager": "pm" already means product manager or project manager in synonyms.yml; pick a name or alias that means only this role',
    );
    expect(() => buildKnowledgeBase(files('[product owner]'))).toThrow(
      /decision-rights\.yml:3: .*"product owner" already means the built-in product owner/,
    );
    expect(buildKnowledgeBase(files('[em]')).vocabulary.roles?.[0]?.aliases).toEqual(['em']);
  });

  it('knows the same built-in role ids as the answers', () => {
    expect(BUILT_IN_ROLE_IDS).toEqual(ROLES.map((role) => role.id));
  });

  it('the shipped example parses, and is not loaded: only decision-rights.yml is', async () => {
    const example = await readFile('knowledge/decision-rights.example.yml', 'utf8');
    expect(parseDecisionRights(FILE, example).decisions.length).toBeGreaterThan(0);
    expect(await listKnowledgeFiles('knowledge')).not.toHaveProperty('decisionRights');
    expect(await loadKnowledge('knowledge')).not.toHaveProperty('decisionRights');
  });
});
