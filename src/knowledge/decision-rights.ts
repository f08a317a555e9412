import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { KnowledgeFileError } from '../errors.js';
import { readYaml } from './read-yaml.js';

/**
 * The organisation's own answers (`knowledge/decision-rights.yml`): who owns what there, and the
 * roles it has beside the three built in. The format is fixed so an organisation's own tooling
 * can write it; a decision wins over what the articles say in general.
 */
export interface DecisionRights {
  /** Shown in answers: "At Acme: …". */
  organisation: string;
  roles: DeclaredRole[];
  decisions: Decision[];
}

/** A role the organisation has that rolebot does not build in (engineering manager, designer). */
export interface DeclaredRole {
  /** kebab-case, like the built-in ids: `engineering-manager`. */
  id: string;
  name: string;
  /** What people type for it (`em`, `eng manager`), lower case. */
  aliases: string[];
  /** Where the role starts in the file, for problems found against the other files. */
  line: number;
}

export interface Decision {
  /** What people ask about: `product roadmap`. */
  thing: string;
  aliases: string[];
  /** A built-in or declared role id. */
  owner: string;
  consulted: string[];
  note?: string;
  link?: string;
  /** Where the decision starts in the file, for `rolebot check`. */
  line: number;
}

export const DECISION_RIGHTS_FILE = 'decision-rights.yml';

/**
 * The roles rolebot builds in (src/answers/roles.ts names them); repeated here because the
 * knowledge layer imports nothing from answers, and a test keeps the two lists equal.
 */
export const BUILT_IN_ROLE_IDS: readonly string[] = [
  'product-manager',
  'product-owner',
  'project-manager',
];

const ROLE_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Reads and validates decision-rights.yml; every problem names the line to open. */
export function parseDecisionRights(file: string, content: string): DecisionRights {
  const data = readYaml(file, content);
  const lineAt = nodeLines(content);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new KnowledgeFileError(
      file,
      1,
      'expected "organisation:", optional "roles:" and "decisions:"',
    );
  }
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!['organisation', 'roles', 'decisions'].includes(key)) {
      throw new KnowledgeFileError(
        file,
        lineAt([key]),
        `unknown key "${key}"; the keys are organisation, roles and decisions`,
      );
    }
  }
  const organisation = record.organisation;
  if (typeof organisation !== 'string' || organisation.trim() === '') {
    throw new KnowledgeFileError(
      file,
      lineAt(['organisation']),
      '"organisation" names the organisation, like organisation: Acme',
    );
  }

  const roles = list(file, record.roles, ['roles'], lineAt).map((item, i) =>
    readRole(file, item, i, lineAt),
  );
  const allowed = [...BUILT_IN_ROLE_IDS];
  roles.forEach((role, i) => {
    if (allowed.includes(role.id)) {
      throw new KnowledgeFileError(
        file,
        lineAt(['roles', i, 'id']),
        `role id "${role.id}" is ${BUILT_IN_ROLE_IDS.includes(role.id) ? 'built in' : 'declared twice'}; declare each of your own roles once`,
      );
    }
    allowed.push(role.id);
  });

  if (record.decisions === undefined || record.decisions === null) {
    throw new KnowledgeFileError(
      file,
      1,
      '"decisions" lists who owns what, like - thing: product roadmap, owner: product-owner',
    );
  }
  const decisions = list(file, record.decisions, ['decisions'], lineAt).map((item, i) =>
    readDecision(file, item, i, lineAt, allowed),
  );
  return { organisation: organisation.trim(), roles, decisions };
}

type LineAt = (path: (string | number)[]) => number;

function readRole(file: string, item: unknown, i: number, lineAt: LineAt): DeclaredRole {
  const at = (key?: string): number => lineAt(key ? ['roles', i, key] : ['roles', i]);
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw new KnowledgeFileError(file, at(), `role ${i + 1} needs "id" and "name"`);
  }
  const role = item as Record<string, unknown>;
  if (typeof role.id !== 'string' || !ROLE_ID.test(role.id)) {
    throw new KnowledgeFileError(
      file,
      at('id'),
      `role ${i + 1}: "id" is kebab-case, like engineering-manager (got ${JSON.stringify(role.id ?? null)})`,
    );
  }
  if (typeof role.name !== 'string' || role.name.trim() === '') {
    throw new KnowledgeFileError(
      file,
      at('name'),
      `role "${role.id}" needs a "name", like Engineering Manager`,
    );
  }
  return {
    id: role.id,
    name: role.name.trim(),
    aliases: words(file, role.aliases, at('aliases'), `role "${role.id}": "aliases"`),
    line: at(),
  };
}

/**
 * A declared role's name or alias must not already mean something else: a built-in role's name,
 * or a word synonyms.yml rewrites ("pm" is read as product manager first, so it would never be
 * the organisation's role). `taken` maps each such word to what it already means.
 */
export function checkRoleWords(
  file: string,
  rights: DecisionRights,
  taken: ReadonlyMap<string, string>,
): void {
  for (const role of rights.roles) {
    for (const word of [role.name.toLowerCase(), ...role.aliases]) {
      const meaning = taken.get(word.replace(/\s+/g, ' '));
      if (meaning === undefined) continue;
      throw new KnowledgeFileError(
        file,
        role.line,
        `role "${role.id}": "${word}" already means ${meaning}; pick a name or alias that means only this role`,
      );
    }
  }
}

function readDecision(
  file: string,
  item: unknown,
  i: number,
  lineAt: LineAt,
  allowed: readonly string[],
): Decision {
  const at = (key?: string): number => lineAt(key ? ['decisions', i, key] : ['decisions', i]);
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw new KnowledgeFileError(file, at(), `decision ${i + 1} needs "thing" and "owner"`);
  }
  const decision = item as Record<string, unknown>;
  for (const key of Object.keys(decision)) {
    if (!['thing', 'aliases', 'owner', 'consulted', 'note', 'link'].includes(key)) {
      throw new KnowledgeFileError(
        file,
        at(key),
        `decision ${i + 1}: unknown key "${key}"; the keys are thing, aliases, owner, consulted, note and link`,
      );
    }
  }
  if (typeof decision.thing !== 'string' || decision.thing.trim() === '') {
    throw new KnowledgeFileError(
      file,
      at('thing'),
      `decision ${i + 1} needs a "thing", like product roadmap`,
    );
  }
  const thing = decision.thing.trim();
  const roleId = (value: unknown, where: number, what: string): string => {
    if (typeof value === 'string' && allowed.includes(value)) return value;
    throw new KnowledgeFileError(
      file,
      where,
      `decision "${thing}": ${what} ${JSON.stringify(value ?? null)} is not a role id; the ids are ${allowed.join(', ')}`,
    );
  };
  const owner = roleId(decision.owner, at('owner'), '"owner"');
  const consultedList = list(file, decision.consulted, ['decisions', i, 'consulted'], lineAt);
  const consulted = consultedList.map((value, k) =>
    roleId(value, lineAt(['decisions', i, 'consulted', k]), 'consulted role'),
  );
  const text = (key: 'note' | 'link'): string | undefined => {
    const value = decision[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      throw new KnowledgeFileError(file, at(key), `decision "${thing}": "${key}" must be text`);
    }
    return value.trim() || undefined;
  };
  const note = text('note');
  const link = text('link');
  if (link !== undefined && !/^https?:\/\/\S+$/.test(link)) {
    throw new KnowledgeFileError(
      file,
      at('link'),
      `decision "${thing}": "link" is a web address starting with https:// (got "${link}")`,
    );
  }
  return {
    thing,
    aliases: words(file, decision.aliases, at('aliases'), `decision "${thing}": "aliases"`),
    owner,
    consulted,
    ...(note ? { note } : {}),
    ...(link ? { link } : {}),
    line: at(),
  };
}

function list(file: string, value: unknown, path: (string | number)[], lineAt: LineAt): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new KnowledgeFileError(file, lineAt(path), `"${path.join('.')}" must be a list`);
  }
  return value;
}

function words(file: string, value: unknown, line: number, what: string): string[] {
  if (value === undefined || value === null) return [];
  if (
    !Array.isArray(value) ||
    value.some((item) => typeof item !== 'string' || item.trim() === '')
  ) {
    throw new KnowledgeFileError(file, line, `${what} must list words, like [em, eng manager]`);
  }
  return value.map((item: string) => item.trim().toLowerCase());
}

/** The line a node of the file starts on (by its key path), or 1 when it is not there. */
function nodeLines(content: string): LineAt {
  const lineCounter = new LineCounter();
  const document = parseDocument(content, { lineCounter });
  return (path) => {
    let node: unknown = document.contents;
    // The deepest node found: a missing key is reported where its parent starts.
    let range = (node as Node | null)?.range;
    for (const step of path) {
      let keyNode: Node | undefined;
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => (item.key as { value?: unknown } | null)?.value === step,
        );
        keyNode = pair?.key as Node | undefined;
        node = pair?.value;
      } else if (isSeq(node) && typeof step === 'number') {
        node = node.items[step];
      } else {
        node = undefined;
      }
      const found = (node as Node | null | undefined)?.range ?? keyNode?.range;
      if (!found) break;
      range = found;
    }
    return range ? lineCounter.linePos(range[0]).line : 1;
  };
}
