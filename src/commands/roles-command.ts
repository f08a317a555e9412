import { ROLES, type Role, type RoleId } from '../answers/roles.js';

/**
 * What someone typed after `/roles` (in Slack or the local console), read into one of the things
 * rolebot can do. Pure, so every surface reads commands the same way.
 */
export type RolesCommand =
  | { kind: 'help' }
  | { kind: 'ask'; question: string }
  | { kind: 'owner'; thing: string }
  | { kind: 'compare'; roles: [RoleId, RoleId]; topic: string }
  | { kind: 'gaps' }
  | { kind: 'config' }
  | { kind: 'invalid'; problem: string };

const ROLE_ALIASES: Record<string, RoleId> = {
  pm: 'product-manager',
  pdm: 'product-manager',
  product: 'product-manager',
  'product-manager': 'product-manager',
  productmanager: 'product-manager',
  po: 'product-owner',
  owner: 'product-owner',
  'product-owner': 'product-owner',
  productowner: 'product-owner',
  project: 'project-manager',
  proj: 'project-manager',
  'project-manager': 'project-manager',
  projectmanager: 'project-manager',
  prj: 'project-manager',
};

/**
 * The words that name each role in a compare: the built-in ones above, and for each role the
 * organisation declared its id, its name and aliases with the spaces taken out ("em",
 * "engineering-manager", "engmanager"). Cached per role list: a reload brings a new list.
 */
const wordsByRoles = new WeakMap<readonly Role[], ReadonlyMap<string, RoleId>>();

function roleWords(roles: readonly Role[]): ReadonlyMap<string, RoleId> {
  let words = wordsByRoles.get(roles);
  if (!words) {
    const map = new Map<string, RoleId>(Object.entries(ROLE_ALIASES));
    for (const role of roles) {
      if (!role.declared) continue;
      for (const name of [role.id, role.label, ...role.variants]) {
        const word = name.toLowerCase().trim();
        for (const form of [word, word.replace(/[\s-]+/g, ''), word.replace(/\s+/g, '-')]) {
          // A built-in role word keeps its meaning: "po" is always the product owner.
          if (form && !map.has(form)) map.set(form, role.id);
        }
      }
    }
    words = map;
    wordsByRoles.set(roles, words);
  }
  return words;
}

/** Which role a compare defaults to against the one given: the usual confusion. */
const DEFAULT_PARTNER: Record<RoleId, RoleId> = {
  'product-manager': 'product-owner',
  'product-owner': 'product-manager',
  'project-manager': 'product-manager',
};

/**
 * `roles` are the knowledge's roles (`engine.roles`): with the organisation's own, `compare em
 * po` compares its engineering manager; without, only the built-in role words are read.
 */
export function parseRolesCommand(text: string, roles: readonly Role[] = ROLES): RolesCommand {
  const trimmed = text.trim();
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const verb = first.toLowerCase();
  // Only a bare "help" asks for help: "help me find who owns the backlog" is a question.
  if (trimmed === '' || (rest.length === 0 && ['help', '?', '-h', '--help'].includes(verb))) {
    return { kind: 'help' };
  }
  if (verb === 'compare' || verb === 'vs' || verb === 'diff')
    return readCompare(rest, roleWords(roles));
  if (verb === 'gaps' && rest.length === 0) return { kind: 'gaps' };
  if (verb === 'config' && rest.length === 0) return { kind: 'config' };
  if (verb === 'owner' || verb === 'owns' || verb === 'who-owns') {
    // "owner of the roadmap", "owner for backlog": the thing is what follows.
    const thing = rest
      .join(' ')
      .replace(/^(?:of|for)\s+/i, '')
      .trim();
    return thing
      ? { kind: 'owner', thing }
      : { kind: 'invalid', problem: 'Say what to find the owner of, e.g. `/roles owner roadmap`.' };
  }
  return { kind: 'ask', question: trimmed };
}

function readCompare(words: string[], names: ReadonlyMap<string, RoleId>): RolesCommand {
  const roles: RoleId[] = [];
  let index = 0;
  // "pm vs po", "pm and po", "pm/po": take up to two role words, skipping joiners.
  while (index < words.length && roles.length < 2) {
    const word = (words[index] ?? '').toLowerCase().replace(/[,/]+$/, '');
    if (word === 'vs' || word === 'and' || word === 'v' || word === 'versus' || word === '&') {
      index++;
      continue;
    }
    const parts = word.split('/').filter(Boolean);
    const found = parts.map((part) => names.get(part));
    if (found.length === 0 || found.some((role) => role === undefined)) break;
    roles.push(...(found as RoleId[]));
    index++;
  }
  const topic = words.slice(index).join(' ').trim();
  const [a = 'product-manager', b] = roles;
  // An organisation's own role is compared, by default, with the product manager.
  const partner =
    b ?? DEFAULT_PARTNER[a] ?? (a === 'product-manager' ? 'product-owner' : 'product-manager');
  if (a === partner) {
    return {
      kind: 'invalid',
      problem: 'Pick two different roles to compare, e.g. `/roles compare pm po`.',
    };
  }
  return { kind: 'compare', roles: [a, partner], topic };
}
