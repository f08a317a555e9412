import { LineCounter, parseDocument as parseYaml } from 'yaml';
import { KnowledgeFileError } from '../errors.js';

/**
 * Parses a YAML file of the knowledge folder (or a frontmatter block) into plain data. A syntax
 * error throws a KnowledgeFileError at the line yaml reports, shifted by `firstLine - 1` so a
 * frontmatter block's errors point at the right line of its Markdown file.
 */
export function readYaml(
  file: string,
  content: string,
  options: { firstLine?: number; problem?: string } = {},
): unknown {
  const lineCounter = new LineCounter();
  const parsed = parseYaml(content, { prettyErrors: false, uniqueKeys: true, lineCounter });
  const [error] = parsed.errors;
  if (error) {
    const line = (options.firstLine ?? 1) - 1 + lineCounter.linePos(error.pos[0]).line;
    const message = error.message.split('\n')[0] ?? 'bad YAML';
    throw new KnowledgeFileError(
      file,
      line,
      options.problem ? `${options.problem}: ${message}` : message,
      { cause: error },
    );
  }
  return parsed.toJS() as unknown;
}
