/**
 * "Ask a person": the button on answers rolebot could not give, the question as it reaches the
 * owners channel, and what the asker is told. Pure; everything the person typed is escaped.
 */
import type { ActionsBlock, KnownBlock } from '@slack/types';
import { ACTION, decodeState, encodeState } from './actions.js';
import { button, context, type SlackMessage, section } from './answer-message.js';
import { CHANNEL_ID, escapeMrkdwn, truncate, USER_ID } from './mrkdwn.js';

export const ESCALATE_BLOCK = 'rolebot_escalate';

/** A message everyone in a conversation sees (so it has a permalink): where a question was. */
export interface AskedAt {
  channel: string;
  ts: string;
}

/**
 * The "Ask a person" button, carrying the question and, when the button sits on a private
 * message (the thanks after a 👎), the public message the question was answered under.
 */
export function escalationActions(question: string, askedAt?: AskedAt): ActionsBlock {
  const state = JSON.parse(encodeState({ question, offset: 0 }, 1_900)) as Record<string, unknown>;
  const value = JSON.stringify(askedAt ? { ...state, c: askedAt.channel, t: askedAt.ts } : state);
  return {
    type: 'actions',
    block_id: ESCALATE_BLOCK,
    elements: [button(ACTION.escalate, 'Ask a person', value)],
  };
}

/** Reads an "Ask a person" value: the question, and where it was asked when it says. */
export function decodeEscalation(
  value: string | undefined,
): { question: string; askedAt?: AskedAt } | undefined {
  const state = decodeState(value);
  if (!state) return undefined;
  const data = JSON.parse(value as string) as { c?: unknown; t?: unknown };
  const askedAt =
    typeof data.c === 'string' &&
    CHANNEL_ID.test(data.c) &&
    typeof data.t === 'string' &&
    /^\d{1,12}\.\d{1,8}$/.test(data.t)
      ? { channel: data.c, ts: data.t }
      : undefined;
  return { question: state.question, ...(askedAt ? { askedAt } : {}) };
}

/** Adds "Ask a person" under a message (once). */
export function withEscalation(
  message: SlackMessage,
  question: string,
  askedAt?: AskedAt,
): SlackMessage {
  if (message.blocks.some((block) => block.block_id === ESCALATE_BLOCK)) return message;
  return { ...message, blocks: [...message.blocks, escalationActions(question, askedAt)] };
}

export interface EscalationPost {
  question: string;
  /** Slack's id of whoever clicked (from the signed payload). */
  asker: string;
  /** Where it was asked: a message permalink, else the channel id (a /roles answer only they saw). */
  permalink?: string | undefined;
  channel?: string | undefined;
}

/** The question as posted to the owners channel: escaped, with who asked and where. */
export function renderEscalationPost(post: EscalationPost): SlackMessage {
  const asked = truncate(escapeMrkdwn(post.question.replace(/\s+/g, ' ').trim()), 2_500);
  const who = USER_ID.test(post.asker) ? `<@${post.asker}>` : 'someone';
  const where = post.permalink?.startsWith('https://')
    ? `<${post.permalink.replace(/&/g, '&amp;').replace(/[|>]/g, '')}|where it was asked>`
    : post.channel && CHANNEL_ID.test(post.channel)
      ? `in <#${post.channel}>`
      : post.channel?.startsWith('D')
        ? 'in a direct message with rolebot'
        : 'privately';
  const blocks: KnownBlock[] = [
    section(`:raising_hand: *A question rolebot could not help with*\n>${asked || '(empty)'}`),
    context(`Asked by ${who} · ${where} · reply to them directly or in a thread here`),
  ];
  return {
    text: `A question rolebot could not help with, from ${who}: ${asked}`.slice(0, 3_000),
    blocks,
  };
}

/** What the asker is told once their question is posted. */
export function escalationSent(ownersChannel: string, postLink?: string): string {
  const channel = CHANNEL_ID.test(ownersChannel) ? `<#${ownersChannel}>` : 'the owners channel';
  const link = postLink?.startsWith('https://')
    ? ` (<${postLink.replace(/&/g, '&amp;').replace(/[|>]/g, '')}|your question there>)`
    : '';
  return `I've asked the people in ${channel}${link}. Someone will get back to you there or directly.`;
}

export const ESCALATION_LIMITED =
  "You've asked people a few times in the last minutes: please give them a moment, then try again.";
export const ESCALATION_OFF =
  'Nobody is set up to take questions yet: ask a rolebot admin to pick an owners channel with `/roles config`.';
export function escalationNotPosted(ownersChannel: string): string {
  return `I couldn't post your question in <#${ownersChannel}>: rolebot may need to be invited there (\`/invite @rolebot\`). Please ask an admin.`;
}
