import type { DeclaredRole } from '../knowledge/decision-rights.js';

/**
 * The roles rolebot settles questions about: three built in, whose names are fixed by the
 * product (how people abbreviate them lives in the knowledge's synonyms.yml), and the ones an
 * organisation declares in its decision-rights.yml. A role id is a string because declared ids
 * are the organisation's; `BuiltInRoleId` names the three that are always there.
 */
export type BuiltInRoleId = 'product-manager' | 'product-owner' | 'project-manager';
export type RoleId = string;

export interface Role {
  id: RoleId;
  label: string;
  /** The canonical phrase in text ("product manager"), as the vocabulary maps to it. */
  phrase: string;
  /** The single index term the phrase becomes, so "product owner" never half-matches "owner". */
  term: string;
  short: string;
  /** Declared by the organisation (decision-rights.yml), not built in. */
  declared: boolean;
  /** Besides the phrase, what people type for a declared role (its aliases), lower case. */
  variants: readonly string[];
}

export const ROLES: readonly Role[] = [
  {
    id: 'product-manager',
    label: 'Product Manager',
    phrase: 'product manager',
    term: 'product_manager',
    short: 'PM',
    declared: false,
    variants: [],
  },
  {
    id: 'product-owner',
    label: 'Product Owner',
    phrase: 'product owner',
    term: 'product_owner',
    short: 'PO',
    declared: false,
    variants: [],
  },
  {
    id: 'project-manager',
    label: 'Project Manager',
    phrase: 'project manager',
    term: 'project_manager',
    short: 'Proj. M',
    declared: false,
    variants: [],
  },
];

/**
 * The roles of one knowledge: the built-in ones first, in their fixed order, then the declared
 * ones in file order. Built once per analyzer (src/answers/analyzer.ts), so everything that reads
 * roles from text (questions, duty subjects, role counts) sees the same set.
 */
export class RoleSet {
  static readonly BUILT_IN = new RoleSet([]);

  readonly all: readonly Role[];
  /** The organisation's own roles only. */
  readonly declared: readonly Role[];
  /** The role terms as one regular-expression alternation (`product_manager|…`), plural-free. */
  readonly termPattern: string;
  /** Each role's display name, for renderers that only see an answer. */
  readonly labels: Readonly<Record<RoleId, string>>;
  readonly #byTerm: Map<string, Role>;
  readonly #byId: Map<string, Role>;
  readonly #order: Map<string, number>;

  constructor(declared: readonly DeclaredRole[]) {
    this.declared = declared.map(declaredRole);
    this.all = [...ROLES, ...this.declared];
    this.#byTerm = new Map(this.all.map((role) => [role.term, role]));
    this.#byId = new Map(this.all.map((role) => [role.id, role]));
    this.#order = new Map(this.all.map((role, i) => [role.id, i]));
    this.termPattern = this.all.map((role) => role.term).join('|');
    this.labels = Object.fromEntries(this.all.map((role) => [role.id, role.label]));
  }

  byTerm(term: string): Role | undefined {
    return this.#byTerm.get(term);
  }

  byId(id: RoleId): Role | undefined {
    return this.#byId.get(id);
  }

  isTerm(term: string): boolean {
    return this.#byTerm.has(term);
  }

  /** The role's position in `all`: where its count sits in a passage's role counts. */
  indexOf(id: RoleId): number {
    return this.#order.get(id) ?? -1;
  }
}

function declaredRole(role: DeclaredRole): Role {
  const initials = role.name
    .split(/\s+/)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
  return {
    id: role.id,
    label: role.name,
    phrase: role.name.toLowerCase(),
    term: role.id.replace(/-/g, '_'),
    short: initials || role.name,
    declared: true,
    variants: role.aliases,
  };
}

const BY_TERM = new Map(ROLES.map((role) => [role.term, role]));
const BY_ID = new Map<string, Role>(ROLES.map((role) => [role.id, role]));

/** A built-in role by its index term. Code that has an analyzer asks `analyzer.roles`. */
export function roleByTerm(term: string): Role | undefined {
  return BY_TERM.get(term);
}

/** A built-in role by id; throws for any other id (a declared role is in `analyzer.roles`). */
export function roleById(id: RoleId): Role {
  const role = BY_ID.get(id);
  if (!role) throw new Error(`roles: unknown role id "${id}"`);
  return role;
}

export function isRoleTerm(term: string): boolean {
  return BY_TERM.has(term);
}

/**
 * How a role is called on a card or in a terminal: the name the answer carries (declared roles
 * travel with their names), a built-in role's label, or the id made readable.
 */
export function roleLabel(id: RoleId, labels?: Readonly<Record<RoleId, string>>): string {
  return (
    labels?.[id] ??
    BY_ID.get(id)?.label ??
    id
      .split('-')
      .map((word) => (word[0]?.toUpperCase() ?? '') + word.slice(1))
      .join(' ')
  );
}

/**
 * A function of a role set worked out once per set, such as patterns built from its names: every
 * question reads the same set (the built-ins, or one knowledge's declared roles).
 */
export function perRoleSet<T>(build: (roles: RoleSet) => T): (roles: RoleSet) => T {
  const built = new WeakMap<RoleSet, T>();
  return (roles) => {
    let value = built.get(roles);
    if (value === undefined) {
      value = build(roles);
      built.set(roles, value);
    }
    return value;
  };
}
