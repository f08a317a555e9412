import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge/', import.meta.url));

/** The example: the roadmap given to the PO, an engineering manager and its rota. */
export const ACME_DECISION_RIGHTS = `organisation: Acme
roles:
  - id: engineering-manager
    name: Engineering Manager
    aliases: [em, eng manager]
decisions:
  - thing: product roadmap
    aliases: [roadmap, quarterly roadmap]
    owner: product-owner
    consulted: [product-manager]
    note: At Acme the product owner owns the roadmap; the product manager sets the yearly strategy.
    link: https://wiki.example.com/decision-rights
  - thing: on-call rota
    owner: engineering-manager
`;

/**
 * A temporary copy of the shipped knowledge folder with a decision-rights.yml (and any other
 * files) written into it; `remove` deletes it.
 */
export async function organisationKnowledge(
  files: Record<string, string> = { 'decision-rights.yml': ACME_DECISION_RIGHTS },
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rolebot-org-'));
  await cp(KNOWLEDGE_DIR, dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    await writeFile(path.join(dir, name), content);
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The shipped glossary with one more group appended. */
export async function glossaryWith(group: string): Promise<string> {
  const shipped = await readFile(path.join(KNOWLEDGE_DIR, 'glossary.yml'), 'utf8');
  return `${shipped.trimEnd()}\n  - ${group}\n`;
}
