/**
 * `rolebot check` (also `npm run check`): for the people who write the knowledge. Validates every
 * file the way start-up would (frontmatter, YAML, decision rights, aspects, glossary) but reports
 * every problem, not only the first; then, when all parse, prints what the knowledge covers.
 * Exits 1 when any file has a problem, so CI can run it on a knowledge repository.
 */
import { createEngine } from '../../answers/engine.js';
import { roleLabel } from '../../answers/roles.js';
import { KnowledgeFileError, RolebotError } from '../../errors.js';
import { parseAspects } from '../../knowledge/aspects.js';
import { chunkDocument } from '../../knowledge/chunker.js';
import { parseDecisionRights } from '../../knowledge/decision-rights.js';
import { parseGlossary } from '../../knowledge/glossary.js';
import {
  buildKnowledgeBase,
  type KnowledgeFiles,
  listKnowledgeFiles,
  readText,
} from '../../knowledge/loader.js';
import { parseKnowledgeDocument } from '../../knowledge/parse-document.js';
import { parseVocabulary } from '../../knowledge/vocabulary.js';
import { type CliRun, refuseOptions, write } from '../context.js';

/** One problem in one file, as `rolebot check` lists it. */
export interface CheckProblem {
  file: string;
  line: number;
  problem: string;
}

export async function check(run: CliRun): Promise<void> {
  refuseOptions(run, []);
  const dir = run.config.knowledgeDir;
  const names = await listKnowledgeFiles(dir);
  const problems: CheckProblem[] = [];
  const files: KnowledgeFiles = { documents: [] };

  /** Reads and parses one file; a problem is recorded and the file left out. */
  const checkFile = async (
    file: string,
    parse: (file: string, content: string) => unknown,
  ): Promise<string | undefined> => {
    try {
      const content = await readText(dir, file);
      parse(file, content);
      return content;
    } catch (error) {
      if (!(error instanceof KnowledgeFileError)) throw error;
      problems.push({ file: error.file, line: error.line, problem: error.problem });
      return undefined;
    }
  };

  for (const file of names.documents) {
    // Chunked too: what start-up does with it, so a problem it finds shows here.
    const content = await checkFile(file, (name, text) =>
      chunkDocument(parseKnowledgeDocument(name, text)),
    );
    if (content !== undefined) files.documents.push({ file, content });
  }
  const vocabularyFiles = [
    ['vocabulary', names.vocabulary, parseVocabulary],
    ['glossary', names.glossary, parseGlossary],
    ['aspects', names.aspects, parseAspects],
    ['decisionRights', names.decisionRights, parseDecisionRights],
  ] as const;
  for (const [key, file, parse] of vocabularyFiles) {
    if (file === undefined) continue;
    const content = await checkFile(file, parse);
    if (content !== undefined) files[key] = { file, content };
  }

  // What only the files together can tell (a role alias synonyms.yml already rewrites).
  let knowledge: ReturnType<typeof buildKnowledgeBase> | undefined;
  if (problems.length === 0) {
    try {
      knowledge = buildKnowledgeBase(files);
    } catch (error) {
      if (!(error instanceof KnowledgeFileError)) throw error;
      problems.push({ file: error.file, line: error.line, problem: error.problem });
    }
  }

  if (problems.length > 0 || knowledge === undefined) {
    const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
    if (run.args.json) {
      await write(run.stdout, `${JSON.stringify({ ok: false, problems })}\n`);
    } else {
      const lines = problems.map(({ file, line, problem }) => `  ${file}:${line}: ${problem}`);
      await write(run.stdout, `${count} in ${dir}:\n${lines.join('\n')}\n`);
    }
    throw new RolebotError(
      'knowledge_malformed',
      `check: ${count} in the knowledge folder; fix the files above`,
    );
  }

  // Everything parses: the engine start-up would build, and what it covers.
  const engine = createEngine(knowledge);
  const coverage = engine.coverage();
  if (run.args.json) {
    await write(run.stdout, `${JSON.stringify({ ok: true, ...coverage })}\n`);
    return;
  }
  const labels = Object.fromEntries(engine.roles.map((role) => [role.id, role.label]));
  const label = (id: string): string => (id === 'shared' ? 'shared' : roleLabel(id, labels));
  const out: string[] = [
    `All ${files.documents.length} articles and ${vocabularyFiles.filter(([, file]) => file).length} vocabulary files in ${dir} are valid.`,
    '',
    'Coverage: which sources have a statement for each compare row and role',
  ];
  for (const row of coverage.aspects) {
    out.push(`  ${row.aspect}`);
    for (const { role, sources } of row.roles) {
      out.push(
        `    ${label(role).padEnd(22)} ${sources.length > 0 ? sources.join(', ') : '— not covered'}`,
      );
    }
  }
  out.push('', 'Decisions the articles see otherwise');
  if (coverage.contradictions.length === 0) out.push('  none');
  for (const item of coverage.contradictions) {
    out.push(
      `  ${item.thing}: decided ${label(item.decided)}; the articles ${item.contested ? 'disagree, most say' : 'say'} ${label(item.articles)}`,
    );
  }
  out.push('', 'Vocabulary that matches no term the articles use');
  const unused = [
    ...coverage.unusedGlossary.map((terms) => `glossary.yml: [${terms.join(', ')}]`),
    ...coverage.unusedSynonyms.map((entry) => `synonyms.yml: ${entry}`),
    ...coverage.unnamedRoles.map(
      (role) => `decision-rights.yml: role ${role} (no article names it or its aliases)`,
    ),
  ];
  if (unused.length === 0) out.push('  none');
  for (const entry of unused) out.push(`  ${entry}`);
  await write(run.stdout, `${out.join('\n')}\n`);
}
