/**
 * What admins (ROLEBOT_ADMINS) see at the bottom of the Home tab: the top knowledge gaps and the
 * passages voted down most, in one table; or the same as sections for when Slack
 * rejects the table.
 */
import type { KnownBlock, RawTextElement, TableBlock } from '@slack/types';
import type { Gap } from '../../store/store.js';
import { section } from './answer-message.js';
import { escapeMrkdwn, LIMITS, plainText, truncate } from './mrkdwn.js';

export interface VotedDownPassage {
  text: string;
  /** "Title › Section (file.md)" */
  source: string;
  /** Down-votes on answers built from it (distinct people per question, summed). */
  votes: number;
}

const QUESTION_CHARS = 150;
const PASSAGE_CHARS = 200;

export function renderAdminHome(
  gaps: Gap[] | null,
  passages: VotedDownPassage[] | null,
  options: { table: boolean } = { table: true },
): KnownBlock[] {
  const blocks: KnownBlock[] = [
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: 'For admins: what the knowledge lacks' } },
  ];
  if (gaps === null || passages === null) {
    blocks.push(
      section(':warning: Knowledge gaps are not available: no feedback store is connected.'),
    );
    return blocks;
  }
  if (gaps.length === 0 && passages.length === 0) {
    blocks.push(section('Nothing yet: every question found an answer nobody voted down.'));
    return blocks;
  }
  blocks.push(
    section(
      'Questions rolebot could not answer (or whose answers were voted down), and the passages voted down most. Add or fix documents in `knowledge/`.',
    ),
  );
  if (options.table) {
    blocks.push(adminTable(gaps, passages));
    return blocks;
  }
  const gapLines = gaps.map(
    (gap, i) =>
      `${i + 1}. “${truncate(escapeMrkdwn(gap.question), QUESTION_CHARS)}”: asked ${gap.count}× (${gap.unanswered} unanswered, ${gap.downvoted} voted down)`,
  );
  const passageLines = passages.map(
    (passage, i) =>
      `${i + 1}. “${truncate(escapeMrkdwn(passage.text), PASSAGE_CHARS)}” (${escapeMrkdwn(passage.source)}): ${passage.votes} down-vote${passage.votes === 1 ? '' : 's'}`,
  );
  if (gapLines.length > 0)
    blocks.push(section(truncate(`*Knowledge gaps*\n${gapLines.join('\n')}`, LIMITS.sectionText)));
  if (passageLines.length > 0)
    blocks.push(
      section(truncate(`*Most voted down*\n${passageLines.join('\n')}`, LIMITS.sectionText)),
    );
  return blocks;
}

function adminTable(gaps: Gap[], passages: VotedDownPassage[]): TableBlock {
  const rows: TableBlock['rows'] = [
    [raw('What'), raw('Question or passage'), raw('Count'), raw('Detail')],
  ];
  for (const gap of gaps) {
    rows.push([
      raw('Knowledge gap'),
      raw(truncate(gap.question, QUESTION_CHARS)),
      raw(`asked ${gap.count}×`),
      raw(`${gap.unanswered} unanswered, ${gap.downvoted} voted down`),
    ]);
  }
  for (const passage of passages) {
    rows.push([
      raw('Voted-down passage'),
      raw(truncate(passage.text, PASSAGE_CHARS)),
      raw(`${passage.votes} down-vote${passage.votes === 1 ? '' : 's'}`),
      raw(passage.source),
    ]);
  }
  return {
    type: 'table',
    block_id: 'rolebot_admin_table',
    column_settings: [
      { is_wrapped: false },
      { is_wrapped: true },
      { is_wrapped: false },
      { is_wrapped: true },
    ],
    rows: rows.slice(0, LIMITS.tableRows),
  };
}

/** Raw text cells are shown as typed; angle brackets are swapped so nothing reads as markup. */
function raw(text: string): RawTextElement {
  return { type: 'raw_text', text: plainText(text).replace(/</g, '‹').replace(/>/g, '›') || ' ' };
}
