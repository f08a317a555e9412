import type { KnownBlock, MessageAttachment, RawTextElement, TableBlock } from '@slack/types';
import type { CompareCell, CompareRow, Comparison } from '../../answers/compare.js';
import { roleLabel } from '../../answers/roles.js';
import { context } from './answer-message.js';
import { escapeMrkdwn, LIMITS, link, plainText, truncate, USER_ID } from './mrkdwn.js';

/** A compare card: the blocks around the table, and the table itself as Slack wants it sent. */
export interface CompareCard {
  text: string;
  blocks: KnownBlock[];
  attachments: MessageAttachment[];
}

const CELL_CHARS = 280;
const NOT_COVERED = 'not covered by the sources';

/**
 * The side-by-side card for a meeting: a header, one table row per aspect (a quoted sentence per
 * role with a short source reference like [2]), the sources as links, and which rows the sources
 * disagree on. Slack sends table blocks in a message attachment; `renderCompareFallback` is the
 * same card as section fields for when Slack rejects the table.
 */
export function renderCompareCard(comparison: Comparison, sharedBy?: string): CompareCard {
  const references = referenceNumbers(comparison);
  const [a, b] = comparison.roles.map((role) => roleLabel(role, comparison.labels)) as [
    string,
    string,
  ];
  const header: TableBlock['rows'][number] = [raw('Aspect'), raw(a), raw(b)];
  const rows = comparison.rows
    .slice(0, LIMITS.tableRows - 1)
    .map((row) => [
      raw(`${row.aspect}${row.contested ? ' ⚖ contested' : ''}${decidedMark(row, comparison)}`),
      ...row.cells.map((cell) => raw(cellText(cell, references))),
    ]);
  const table: TableBlock = {
    type: 'table',
    block_id: 'rolebot_compare_table',
    column_settings: [{ is_wrapped: true }, { is_wrapped: true }, { is_wrapped: true }],
    rows: [header, ...rows],
  };
  return {
    text: fallbackText(comparison),
    blocks: frame(comparison, references, sharedBy),
    attachments: [{ blocks: [table], fallback: fallbackText(comparison) }],
  };
}

/** The same card without a table: a section per aspect with one field per role. */
export function renderCompareFallback(comparison: Comparison, sharedBy?: string): CompareCard {
  const references = referenceNumbers(comparison);
  const [header, ...rest] = frame(comparison, references, sharedBy);
  const rows: KnownBlock[] = comparison.rows.slice(0, 20).map((row) => ({
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: truncate(
        `*${escapeMrkdwn(row.aspect)}*${row.contested ? '  :scales: _sources disagree_' : ''}${row.decided ? `  :office: _${escapeMrkdwn(decidedMark(row, comparison).trim())}_` : ''}`,
        LIMITS.sectionText,
      ),
    },
    fields: row.cells.map((cell, i) => ({
      type: 'mrkdwn' as const,
      text: truncate(
        `*${roleLabel(comparison.roles[i] ?? 'product-manager', comparison.labels)}*\n${
          cell ? escapeMrkdwn(cellText(cell, references)) : `_${NOT_COVERED}_`
        }`,
        LIMITS.field,
      ),
    })),
  }));
  const blocks = [...(header ? [header] : []), ...rows, ...rest].slice(0, LIMITS.blocksPerMessage);
  return { text: fallbackText(comparison), blocks, attachments: [] };
}

function frame(
  comparison: Comparison,
  references: Map<string, number>,
  sharedBy: string | undefined,
): KnownBlock[] {
  const [a, b] = comparison.roles.map((role) => roleLabel(role, comparison.labels));
  const title = `${a} vs ${b}${comparison.topic ? `: ${comparison.topic}` : ''}`;
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(plainText(title), LIMITS.header), emoji: false },
    },
  ];
  const contested = comparison.rows
    .filter((row) => row.contested)
    .map((row) => escapeMrkdwn(row.aspect));
  if (contested.length > 0) {
    blocks.push(
      context(
        `:scales: *The sources disagree on:* ${contested.join(', ')}. Both views are quoted.`,
      ),
    );
  }
  if (comparison.rows.every((row) => row.cells.every((cell) => cell === null))) {
    blocks.push(context('Nothing in the knowledge base compares these roles on that topic.'));
  }
  const sources = [...references.entries()].map(([file, n]) => {
    const source = comparison.sources.find((item) => item.file === file);
    return `[${n}] ${link(source?.url, source?.title || file)}`;
  });
  if (sources.length > 0)
    blocks.push(context(truncate(`:books: ${sources.join(' · ')}`, LIMITS.sectionText)));
  const by = sharedBy && USER_ID.test(sharedBy) ? `Posted by <@${sharedBy}> · ` : '';
  blocks.push(
    context(`${by}Every cell quotes a source; try \`/roles compare pm po backlog\` for one topic.`),
  );
  return blocks;
}

/** " · Acme: Product Owner" on a row the organisation decided; nothing on the others. */
function decidedMark(row: CompareRow, comparison: Comparison): string {
  if (!row.decided) return '';
  return ` · ${row.decided.organisation}: ${roleLabel(row.decided.role, comparison.labels)}`;
}

function referenceNumbers(comparison: Comparison): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const row of comparison.rows) {
    for (const cell of row.cells)
      if (cell && !numbers.has(cell.source)) numbers.set(cell.source, numbers.size + 1);
  }
  return numbers;
}

function cellText(cell: CompareCell | null, references: Map<string, number>): string {
  if (!cell) return NOT_COVERED;
  return `${truncate(cell.text, CELL_CHARS)} [${references.get(cell.source) ?? '?'}]`;
}

/** Raw text cells are shown as typed; angle brackets are swapped so nothing reads as markup. */
function raw(text: string): RawTextElement {
  return { type: 'raw_text', text: plainText(text).replace(/</g, '‹').replace(/>/g, '›') || ' ' };
}

function fallbackText(comparison: Comparison): string {
  const [a, b] = comparison.roles.map((role) => roleLabel(role, comparison.labels));
  const lines = comparison.rows.map(
    (row) =>
      `${row.aspect}${row.contested ? ' (sources disagree)' : ''}${decidedMark(row, comparison)}: ${a}: ${row.cells[0]?.text ?? NOT_COVERED} | ${b}: ${row.cells[1]?.text ?? NOT_COVERED}`,
  );
  return truncate(escapeMrkdwn(`${a} vs ${b}\n${lines.join('\n')}`), 3_000);
}
