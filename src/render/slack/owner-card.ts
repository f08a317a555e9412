import type { KnownBlock } from '@slack/types';
import type { OwnerAnswer } from '../../answers/engine.js';
import { roleLabel } from '../../answers/roles.js';
import type { Evidence } from '../../answers/types.js';
import { articlesSay, atOrganisation } from '../decision-words.js';
import { ACTION, type AnswerState, encodeState } from './actions.js';
import {
  button,
  context,
  renderDontKnow,
  type SlackMessage,
  section,
  verdictLine,
} from './answer-message.js';
import { feedbackBlock } from './feedback-block.js';
import { escapeMrkdwn, LIMITS, link, quote, truncate, USER_ID } from './mrkdwn.js';

const PER_ROLE = 3;

/**
 * The verdict card for "who owns X?": the verdict in one line, then the evidence grouped by role
 * (quoted sentences with their sources), then "the sources disagree" when they do.
 */
export function renderOwnerCard(
  result: OwnerAnswer,
  options: { audience: 'ephemeral' | 'channel' | 'thread'; sharedBy?: string },
): SlackMessage {
  const { answer } = result;
  const { labels } = answer;
  const verdict = verdictLine(answer.owner, labels);
  if (!answer.answered || !verdict) return renderDontKnow(answer.question);

  // The question actually answered: as typed when it asked for an owner, else "who owns the X?".
  const asked = truncate(escapeMrkdwn(answer.question.replace(/\s+/g, ' ').trim()), 300);
  const by =
    options.sharedBy && USER_ID.test(options.sharedBy) ? ` · shared by <@${options.sharedBy}>` : '';
  const blocks: KnownBlock[] = [context(`:grey_question: ${asked}${by}`), section(verdict)];
  const { decision } = answer.owner;
  if (answer.owner.decidedBy === 'organisation' && decision) {
    // The organisation's own answer first; the articles' statements follow as what they say.
    const at = atOrganisation(answer.owner, labels);
    const note = `${at.lead ? `*${escapeMrkdwn(at.lead)}* ` : ''}${escapeMrkdwn(at.text)}`;
    blocks.push(section(truncate(note, LIMITS.sectionText)));
    if (decision.link) {
      blocks.push(context(`:office: ${link(decision.link, 'Decision rights')}`));
    }
    const said = articlesSay(answer.owner, labels);
    if (said) {
      blocks.push(context(`:books: *Note:* ${escapeMrkdwn(said)}; their statements are below.`));
    }
  }
  for (const group of result.byRole.slice(0, 3)) {
    const label =
      group.role === 'shared' ? 'Both roles' : escapeMrkdwn(roleLabel(group.role, labels));
    const stance = group.role === answer.owner.role ? 'for' : 'against';
    blocks.push(
      section(
        `*${label}* — ${group.evidence.length} statement${group.evidence.length === 1 ? '' : 's'} ${stance}`,
      ),
    );
    for (const item of distinct(group.evidence).slice(0, PER_ROLE)) {
      blocks.push(section(truncate(quote(item.sentence), LIMITS.sectionText)));
      blocks.push(
        context(
          `:page_facing_up: ${link(item.source.url, item.source.title || item.source.file)} (\`${escapeMrkdwn(item.source.file)}\`)`,
        ),
      );
    }
  }
  if (answer.owner.contested) {
    blocks.push(
      context(':scales: *The sources disagree*: the statements above give it to different roles.'),
    );
  }
  const state: AnswerState = { question: result.thing, offset: 0, kind: 'owner' };
  if (options.audience === 'ephemeral') {
    blocks.push({
      type: 'actions',
      block_id: 'rolebot_owner_actions',
      elements: [
        {
          ...button(ACTION.share, 'Share in channel', encodeState(state)),
          style: 'primary' as const,
        },
      ],
    });
  }
  blocks.push(feedbackBlock(state));
  return {
    text: truncate(
      escapeMrkdwn(
        `${answer.question} ${verdict.replace(/\*/g, '')}${answer.owner.contested ? ' The sources disagree.' : ''}${decision ? ` ${Object.values(atOrganisation(answer.owner, labels)).join(' ').trim()}` : ''}`,
      ),
      3_000,
    ),
    blocks: blocks.slice(0, LIMITS.blocksPerMessage),
  };
}

function distinct(evidence: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((item) => {
    if (seen.has(item.sentence)) return false;
    seen.add(item.sentence);
    return true;
  });
}
