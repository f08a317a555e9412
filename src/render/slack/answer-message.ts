import type { ActionsBlock, Button, ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { type RoleId, roleLabel } from '../../answers/roles.js';
import type { Answer, OwnerVerdict, RankedPassage } from '../../answers/types.js';
import type { Citation } from '../../knowledge/types.js';
import { aboutRolesNote } from '../answer-words.js';
import { ACTION, type AnswerState, encodeState } from './actions.js';
import { feedbackBlock } from './feedback-block.js';
import { escapeMrkdwn, LIMITS, link, plainText, quote, truncate, USER_ID } from './mrkdwn.js';

/** A Slack message payload: blocks plus the fallback text notifications and screen readers use. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export interface AnswerMessageOptions {
  /** Ephemeral answers get "Share in channel"; shared and thread answers do not. */
  audience: 'ephemeral' | 'channel' | 'thread';
  /** The Slack user id of whoever shared it to the channel (from Slack's payload, not typed). */
  sharedBy?: string;
  /** The readings already applied, carried on the buttons. */
  readings?: Record<string, string>;
}

export const SUGGESTED_QUESTIONS = [
  'Who owns the product backlog?',
  'What does a product owner do?',
  'Who defines the product vision?',
] as const;

/** An answer as a Block Kit message: verdict, quoted passages with their sources, buttons. */
export function renderAnswerMessage(answer: Answer, options: AnswerMessageOptions): SlackMessage {
  const state: AnswerState = {
    question: answer.question,
    offset: answer.offset,
    ...(options.readings ? { readings: options.readings } : {}),
  };
  if (!answer.answered) return renderDontKnow(answer.question);

  const blocks: KnownBlock[] = [questionContext(answer.question, options.sharedBy)];
  const verdict = verdictLine(answer.owner, answer.labels);
  if (answer.parts.length > 0 && answer.offset === 0) {
    // A question that asks two things: each part, its verdict and the sentence that answers it.
    for (const part of answer.parts) blocks.push(...partBlocks(part));
  } else {
    if (verdict) blocks.push(section(verdict));
    if (answer.owner.contested) blocks.push(context(disagreement(answer.owner, answer.labels)));
    if (answer.unknownWords && answer.offset === 0)
      blocks.push(
        context(
          truncate(
            aboutRolesNote(answer, (word) => `“${escapeMrkdwn(word)}”`),
            LIMITS.sectionText,
          ),
        ),
      );
    answer.passages.forEach((passage, i) => {
      // The best passage leads with the sentence that answers; the passage follows as context.
      if (i === 0 && passage.sentence && passage.sentence !== passage.text) {
        blocks.push(section(truncate(`*${escapeMrkdwn(passage.sentence)}*`, LIMITS.sectionText)));
      }
      blocks.push(section(truncate(quote(passage.text), LIMITS.sectionText)));
      blocks.push(context(sourceLine(passage)));
    });
  }
  const ambiguity = answer.ambiguous[0];
  if (ambiguity) {
    blocks.push(
      context(
        `Read *${escapeMrkdwn(ambiguity.term)}* as ${escapeMrkdwn(ambiguity.chosen)}.` +
          (ambiguity.alternatives.length > 0 ? ' Meant something else? Pick below.' : ''),
      ),
    );
  }
  const actions = answerActions(answer, state, options);
  if (actions.elements.length > 0) blocks.push(actions);
  blocks.push(feedbackBlock(state));
  return { text: fallbackText(answer, verdict), blocks };
}

/** A part of a two-part question as asked, on one line. */
function partQuestion(part: Answer): string {
  return part.question.replace(/\s+/g, ' ').trim();
}

/** One part of a two-part question: the part as asked, its verdict, its answering sentence. */
function partBlocks(part: Answer): KnownBlock[] {
  const asked = truncate(escapeMrkdwn(partQuestion(part)), 300);
  const blocks: KnownBlock[] = [section(`*› ${asked}*`)];
  if (!part.answered)
    return [...blocks, context("I don't know: nothing in the knowledge covers it.")];
  const verdict = verdictLine(part.owner, part.labels);
  if (verdict) blocks.push(section(verdict));
  if (part.owner.contested) blocks.push(context(disagreement(part.owner, part.labels)));
  // The statement that decided the verdict, or else the best passage's answering sentence.
  const [evidence] = part.owner.evidence;
  const [passage] = part.passages;
  if (evidence) {
    blocks.push(section(truncate(quote(evidence.sentence), LIMITS.sectionText)));
    blocks.push(
      context(truncate(`:page_facing_up: ${citation(evidence.source)}`, LIMITS.sectionText)),
    );
  } else if (passage) {
    blocks.push(section(truncate(quote(passage.sentence || passage.text), LIMITS.sectionText)));
    blocks.push(context(sourceLine(passage)));
  }
  return blocks;
}

/** "I don't know", honestly, with what rolebot can answer and three questions to try. */
export function renderDontKnow(question: string): SlackMessage {
  const asked = truncate(escapeMrkdwn(question.trim()), 300);
  const blocks: KnownBlock[] = [
    section(
      `I don't know${asked ? ` about “${asked}”` : ''}: nothing in the knowledge base covers it.\n` +
        'I answer questions about product managers, product owners and project managers: who owns what, what each role does, how they differ.',
    ),
    suggestionActions(),
  ];
  return { text: "I don't know: nothing in rolebot's knowledge base covers that.", blocks };
}

export function suggestionActions(): ActionsBlock {
  return {
    type: 'actions',
    block_id: 'rolebot_suggestions',
    elements: SUGGESTED_QUESTIONS.map((question, i) =>
      button(`${ACTION.suggest}_${i}`, question, encodeState({ question, offset: 0 })),
    ),
  };
}

export function verdictLine(
  owner: OwnerVerdict,
  labels?: Readonly<Record<RoleId, string>>,
): string | undefined {
  if (owner.role === null) return undefined;
  const label =
    owner.role === 'shared' ? 'Shared between the roles' : roleLabel(owner.role, labels);
  if (owner.decidedBy === 'organisation' && owner.decision) {
    return `*Owner: ${escapeMrkdwn(label)}* (decided at ${escapeMrkdwn(owner.decision.organisation)})`;
  }
  const certainty = owner.contested
    ? 'most sources'
    : `confidence ${Math.round(owner.confidence * 100)}%`;
  return `*Owner: ${escapeMrkdwn(label)}* (${certainty})`;
}

/** Which other role the sources also give the duty to, and which source says so. */
export function disagreement(
  owner: OwnerVerdict,
  labels?: Readonly<Record<RoleId, string>>,
): string {
  const other = owner.evidence.find((item) => item.role !== owner.role);
  if (!other) return ':scales: The sources disagree on this.';
  const otherLabel =
    other.role === 'shared' ? 'both roles' : `the ${escapeMrkdwn(roleLabel(other.role, labels))}`;
  return `:scales: *The sources disagree:* ${escapeMrkdwn(citationTitle(other.source))} gives it to ${otherLabel}.`;
}

export function sourceLine(passage: RankedPassage): string {
  const [first, ...others] = passage.sources.length > 0 ? passage.sources : [passage.source];
  const main = first ? citation(first) : '';
  const also =
    others.length > 0 ? ` · also in ${others.map((source) => citation(source)).join(', ')}` : '';
  return truncate(`:page_facing_up: ${main}${also}`, LIMITS.sectionText);
}

function citation(source: Citation): string {
  const title = link(source.url, citationTitle(source));
  const section = source.section ? ` › ${escapeMrkdwn(source.section)}` : '';
  return `${title}${section} (\`${escapeMrkdwn(source.file)}\`)`;
}

function citationTitle(source: Citation): string {
  return source.title || source.file;
}

function questionContext(question: string, sharedBy: string | undefined): ContextBlock {
  const asked = truncate(escapeMrkdwn(question.replace(/\s+/g, ' ').trim()), 300);
  // The sharer's id comes from Slack's own payload and is checked to look like one.
  const by = sharedBy && USER_ID.test(sharedBy) ? ` · shared by <@${sharedBy}>` : '';
  return context(`:grey_question: ${asked || '(no question)'}${by}`);
}

function answerActions(
  answer: Answer,
  state: AnswerState,
  options: AnswerMessageOptions,
): ActionsBlock {
  const elements: Button[] = [];
  if (options.audience === 'ephemeral') {
    elements.push({
      ...button(ACTION.share, 'Share in channel', encodeState(state)),
      style: 'primary',
    });
  }
  const shown = answer.offset + answer.passages.length;
  if (options.audience !== 'channel' && shown < answer.total) {
    elements.push(button(ACTION.more, 'More passages', encodeState({ ...state, offset: shown })));
  }
  answer.ambiguous.forEach((ambiguity, i) => {
    for (const alternative of ambiguity.alternatives.slice(0, 3)) {
      const readings = { ...state.readings, [ambiguity.term.toLowerCase()]: alternative };
      elements.push(
        button(
          `${ACTION.reread}_${i}_${elements.length}`,
          truncate(`I meant ${alternative}`, LIMITS.buttonText),
          encodeState({ ...state, offset: 0, readings }),
        ),
      );
    }
  });
  return {
    type: 'actions',
    block_id: 'rolebot_answer_actions',
    elements: elements.slice(0, LIMITS.actionsElements),
  };
}

function fallbackText(answer: Answer, verdict: string | undefined): string {
  // A two-part question's notification names each part's owner: the whole has none of its own.
  if (answer.parts.length > 0 && answer.offset === 0) {
    const lines = answer.parts.map((part) => {
      const said = part.answered ? verdictLine(part.owner, part.labels) : "I don't know";
      return `› ${partQuestion(part)}${said ? `: ${said.replace(/\*/g, '')}` : ''}`;
    });
    return truncate(escapeMrkdwn(lines.join('\n')), 3_000);
  }
  const first = answer.passages[0];
  const parts = [
    verdict?.replace(/\*/g, ''),
    first
      ? `“${first.text}” (${citationTitle(first.source)})`
      : 'No more passages for this question.',
  ];
  return truncate(escapeMrkdwn(parts.filter(Boolean).join('\n')), 3_000);
}

export function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } };
}

export function context(text: string): ContextBlock {
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) }],
  };
}

export function button(actionId: string, text: string, value: string): Button {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: truncate(plainText(text), LIMITS.buttonText), emoji: true },
    value,
  };
}
