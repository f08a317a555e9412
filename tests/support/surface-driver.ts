// Delivers one Slack request to a running rolebot the way Slack would in either mode: a signed
// HTTP POST to /slack/events, or an envelope over the Socket Mode WebSocket. Either way the test
// gets how long the ack took (Slack gives up after 3 s) and what the ack carried.
import { expect } from 'vitest';
import { eventsApiEnvelope, interactiveEnvelope } from './fake-slack.js';
import type { Rolebot } from './rolebot-app.js';
import { makeEventEnvelope, makeFeedbackButtonsAction } from './slack-payloads.js';

export type Mode = 'http' | 'socket';
export const MODES: readonly Mode[] = ['http', 'socket'];

/** Slack's deadline for an acknowledgement. */
export const ACK_DEADLINE_MS = 3_000;

export interface Acked {
  ms: number;
  /** HTTP: the response body ('' for an empty ack); Socket Mode: the ack's payload. */
  body: unknown;
}

/** Wraps `event` in an event_callback and delivers it; asserts a 2xx ack within the deadline. */
export async function sendEvent(
  bot: Rolebot,
  mode: Mode,
  event: { type: string },
): Promise<Acked & { eventId: string }> {
  const envelope = makeEventEnvelope(event);
  return { ...(await send(bot, mode, 'event', envelope)), eventId: envelope.event_id };
}

/** Delivers an interaction payload (shortcut, block_actions, block_suggestion, view_submission). */
export function sendInteractive(bot: Rolebot, mode: Mode, payload: unknown): Promise<Acked> {
  return send(bot, mode, 'interactive', payload);
}

async function send(
  bot: Rolebot,
  mode: Mode,
  kind: 'event' | 'interactive',
  body: unknown,
): Promise<Acked> {
  if (mode === 'http') {
    const result =
      kind === 'event'
        ? await bot.post({ kind: 'event', json: body })
        : await bot.post({ kind: 'interactive', payload: body });
    expect(result.status, `HTTP ack: ${result.text}`).toBe(200);
    expect(result.ms).toBeLessThan(ACK_DEADLINE_MS);
    return { ms: result.ms, body: result.body };
  }
  const envelope = kind === 'event' ? eventsApiEnvelope(body) : interactiveEnvelope(body);
  const sentAt = Date.now();
  const ack = await bot.fake.socket.send(envelope, ACK_DEADLINE_MS);
  expect(ack.at - sentAt).toBeLessThan(ACK_DEADLINE_MS);
  return { ms: ack.at - sentAt, body: ack.payload };
}

/** The native 👍/👎 (feedback_buttons in a context_actions block) of a message, if it has them. */
export function feedbackButtons(
  message: { blocks?: unknown[] } | undefined,
): { actionId: string; up: string; down: string } | undefined {
  for (const block of (message?.blocks ?? []) as {
    type?: string;
    elements?: {
      type?: string;
      action_id?: string;
      positive_button?: { value?: string };
      negative_button?: { value?: string };
    }[];
  }[]) {
    if (block.type !== 'context_actions') continue;
    const element = block.elements?.find((item) => item.type === 'feedback_buttons');
    if (element?.action_id && element.positive_button?.value && element.negative_button?.value)
      return {
        actionId: element.action_id,
        up: element.positive_button.value,
        down: element.negative_button.value,
      };
  }
  return undefined;
}

/**
 * Clicks 👍 or 👎 on a message's native feedback buttons, with a fresh response_url, as `user`
 * (or the default user) and with `message` merged over the default bot message; returns the body
 * rolebot sends to that response_url.
 */
export async function vote(
  bot: Rolebot,
  mode: Mode,
  answer: { blocks?: unknown[] },
  direction: 'up' | 'down',
  options: Pick<Parameters<typeof makeFeedbackButtonsAction>[0], 'user' | 'message'> = {},
): Promise<unknown> {
  const votes = feedbackButtons(answer);
  expect(votes, 'the answer carries feedback buttons').toBeDefined();
  const responseUrl = bot.fake.responseUrl();
  await sendInteractive(
    bot,
    mode,
    makeFeedbackButtonsAction({
      ...options,
      action_id: votes?.actionId ?? '',
      value: votes?.[direction] ?? '',
      response_url: responseUrl,
    }),
  );
  return (await bot.responseTo(responseUrl)).body;
}
