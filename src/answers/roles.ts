/**
 * The three roles rolebot settles questions about. Their names are fixed by the product; how
 * people abbreviate them lives in the knowledge's vocabulary (synonyms.yml).
 */
export type RoleId = 'product-manager' | 'product-owner' | 'project-manager';

export interface Role {
  id: RoleId;
  label: string;
  /** The canonical phrase in text ("product manager"), as the vocabulary maps to it. */
  phrase: string;
  /** The single index term the phrase becomes, so "product owner" never half-matches "owner". */
  term: string;
  short: string;
}

export const ROLES: readonly Role[] = [
  {
    id: 'product-manager',
    label: 'Product Manager',
    phrase: 'product manager',
    term: 'product_manager',
    short: 'PM',
  },
  {
    id: 'product-owner',
    label: 'Product Owner',
    phrase: 'product owner',
    term: 'product_owner',
    short: 'PO',
  },
  {
    id: 'project-manager',
    label: 'Project Manager',
    phrase: 'project manager',
    term: 'project_manager',
    short: 'Proj. M',
  },
];

const BY_TERM = new Map(ROLES.map((role) => [role.term, role]));
const BY_ID = new Map(ROLES.map((role) => [role.id, role]));
const BY_PHRASE = new Map(ROLES.map((role) => [role.phrase, role]));

export function roleByTerm(term: string): Role | undefined {
  return BY_TERM.get(term);
}

export function roleById(id: RoleId): Role {
  const role = BY_ID.get(id);
  if (!role) throw new Error(`roles: unknown role id "${id}"`);
  return role;
}

export function roleByPhrase(phrase: string): Role | undefined {
  return BY_PHRASE.get(phrase.toLowerCase());
}

export function isRoleTerm(term: string): boolean {
  return BY_TERM.has(term);
}
