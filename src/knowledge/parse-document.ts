import type { List, ListItem, Nodes, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { toString as mdastToString } from 'mdast-util-to-string';
import { KnowledgeFileError } from '../errors.js';
import { readYaml } from './read-yaml.js';
import type { Block, DocumentMeta, KnowledgeDocument } from './types.js';

const FRONTMATTER_FENCE = /^---[ \t]*$/;
const OPTIONAL_STRING_KEYS = ['publisher', 'author', 'url', 'published', 'licence'] as const;

/**
 * Parses one knowledge file (already decoded) into its metadata and prose blocks. Pure: the
 * loader does the reading. Every problem is a KnowledgeFileError naming the file and line.
 */
export function parseKnowledgeDocument(file: string, content: string): KnowledgeDocument {
  const text = content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.trim() === '') throw new KnowledgeFileError(file, 1, 'the file is empty');

  const { meta, bodyStartLine, body } = splitFrontmatter(file, text);
  const tree = fromMarkdown(body);
  // Without a title in the frontmatter, the first real heading names the document (a "#" line
  // inside a code block is not one, which is why this reads the parsed tree, not the text).
  if (!meta.title) meta.title = firstHeading(tree) ?? titleFromFile(file);
  const blocks = collectBlocks(tree, bodyStartLine - 1, meta.title);
  if (blocks.length === 0) {
    throw new KnowledgeFileError(
      file,
      bodyStartLine,
      'the file has no prose after its frontmatter (paragraphs or lists are needed)',
    );
  }
  return { file, meta, blocks };
}

function splitFrontmatter(
  file: string,
  text: string,
): { meta: DocumentMeta; body: string; bodyStartLine: number } {
  const lines = text.split('\n');
  if (!FRONTMATTER_FENCE.test(lines[0] ?? '')) {
    // No frontmatter is allowed: a dropped-in Markdown file is titled by its first heading.
    return { meta: { title: '' }, body: text, bodyStartLine: 1 };
  }
  const close = lines.findIndex((line, i) => i > 0 && FRONTMATTER_FENCE.test(line));
  if (close === -1) {
    throw new KnowledgeFileError(file, 1, 'frontmatter opened with "---" is never closed');
  }
  const yamlText = lines.slice(1, close).join('\n');
  // The block starts on file line 2, so its errors are reported from there.
  const data = readYaml(file, yamlText, { firstLine: 2, problem: 'bad frontmatter' });
  if (data !== null && (typeof data !== 'object' || Array.isArray(data))) {
    throw new KnowledgeFileError(file, 2, 'bad frontmatter: expected "key: value" lines');
  }
  const record = (data ?? {}) as Record<string, unknown>;
  const lineOf = (key: string): number => {
    const index = lines.slice(1, close).findIndex((line) => line.startsWith(`${key}:`));
    return index === -1 ? 1 : index + 2;
  };
  const meta: DocumentMeta = { title: '' };
  for (const key of ['title', ...OPTIONAL_STRING_KEYS] as const) {
    const value = record[key];
    if (value === undefined || value === null) continue;
    if (value instanceof Date) {
      meta[key] = value.toISOString().slice(0, 10);
    } else if (typeof value === 'string' || typeof value === 'number') {
      meta[key] = String(value).trim();
    } else {
      throw new KnowledgeFileError(file, lineOf(key), `bad frontmatter: "${key}" must be text`);
    }
  }
  const body = lines.slice(close + 1).join('\n');
  return { meta, body, bodyStartLine: close + 2 };
}

function collectBlocks(tree: Root, lineOffset: number, title: string): Block[] {
  const blocks: Block[] = [];
  const headings: string[] = [];
  const lineOf = (node: Nodes): number => (node.position?.start.line ?? 1) + lineOffset;

  const visit = (node: RootContent): void => {
    switch (node.type) {
      case 'heading': {
        const text = clean(mdastToString(node));
        headings.length = Math.max(0, node.depth - 1);
        // Depth gaps (## then ####) leave no holes in the path.
        for (let i = 0; i < headings.length; i++) headings[i] ??= '';
        headings[node.depth - 1] = text;
        return;
      }
      case 'paragraph': {
        const raw = mdastToString(node);
        const endLine = (node.position?.end.line ?? 1) + lineOffset;
        const bullets = plainBullets(raw);
        if (bullets) {
          // "Here is what they do:\n• one\n• two": text pasted from a page, its list kept as one.
          const line = lineOf(node);
          if (bullets.leadIn) {
            blocks.push({
              kind: 'paragraph',
              text: bullets.leadIn,
              line,
              endLine: line,
              headings: path(),
            });
          }
          blocks.push({
            kind: 'list',
            items: bullets.items,
            ordered: false,
            line: line + (bullets.leadIn ? 1 : 0),
            headings: path(),
            introduced: bullets.leadIn !== '',
          });
          return;
        }
        const text = clean(raw);
        if (text)
          blocks.push({ kind: 'paragraph', text, line: lineOf(node), endLine, headings: path() });
        return;
      }
      case 'list': {
        const items = listItems(node);
        const previous = blocks.at(-1);
        const introduced =
          previous?.kind === 'paragraph' &&
          (previous.text.endsWith(':') || previous.endLine + 1 === lineOf(node));
        if (items.length > 0) {
          blocks.push({
            kind: 'list',
            items,
            ordered: node.ordered === true,
            line: lineOf(node),
            headings: path(),
            introduced,
          });
        }
        return;
      }
      case 'blockquote':
        for (const child of node.children) visit(child);
        return;
      case 'table': {
        // Tables become one line per row so their facts stay searchable.
        const items = node.children
          .map((row) => row.children.map((cell) => clean(mdastToString(cell))).join(' — '))
          .filter(Boolean);
        if (items.length > 0) {
          blocks.push({
            kind: 'list',
            items,
            ordered: false,
            line: lineOf(node),
            headings: path(),
            introduced: false,
          });
        }
        return;
      }
      default:
        // Code, HTML, thematic breaks and link definitions are not prose a person would quote.
        return;
    }
  };

  const path = (): string[] => {
    const trail = headings.filter(Boolean);
    // The title already names the document: an H1 that repeats it adds nothing to the section.
    if (trail[0] && trail[0].toLowerCase() === title.toLowerCase()) trail.shift();
    return trail;
  };

  for (const node of tree.children) visit(node);
  return blocks;
}

/** A bullet typed as a character rather than Markdown's "-": •, ◦, ▪, ‣ or ·. */
const PLAIN_BULLET = /^\s*[•◦▪‣·]\s+/;

/**
 * A paragraph whose lines (after an optional lead-in) start with plain-text bullets, as text
 * pasted from a web page or a document has them: its lead-in and items, or undefined.
 */
function plainBullets(raw: string): { leadIn: string; items: string[] } | undefined {
  const lines = raw.split('\n');
  const first = lines.findIndex((line) => PLAIN_BULLET.test(line));
  if (first === -1 || lines.filter((line) => PLAIN_BULLET.test(line)).length < 2) return undefined;
  const items: string[] = [];
  for (const line of lines.slice(first)) {
    if (PLAIN_BULLET.test(line)) items.push(line.replace(PLAIN_BULLET, ''));
    else if (items.length > 0) items[items.length - 1] += ` ${line}`;
  }
  return {
    leadIn: clean(lines.slice(0, first).join(' ')),
    items: items.map(clean).filter(Boolean),
  };
}

function listItems(list: List): string[] {
  return list.children.flatMap((item: ListItem) => {
    const text = clean(item.children.map((child) => mdastToString(child)).join(' '));
    return text ? [text] : [];
  });
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function firstHeading(tree: Root): string | undefined {
  const heading = tree.children.find((node) => node.type === 'heading');
  const text = heading ? clean(mdastToString(heading)) : '';
  return text || undefined;
}

function titleFromFile(file: string): string {
  const base = file.split('/').pop() ?? file;
  return base.replace(/\.md$/i, '').replace(/[-_]+/g, ' ').trim() || file;
}
