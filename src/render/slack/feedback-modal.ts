import type { ModalView } from '@slack/types';

export const FEEDBACK_MODAL = 'rolebot_feedback';
export const FEEDBACK_INPUT = { block: 'looking_for', action: 'text' } as const;

/** The small modal a 👎 opens: "what were you looking for?" (optional), tied to the answer voted on. */
export function renderFeedbackModal(answerKey: string): ModalView {
  return {
    type: 'modal',
    callback_id: FEEDBACK_MODAL,
    private_metadata: JSON.stringify({ k: answerKey }),
    title: { type: 'plain_text', text: 'Thanks for the vote' },
    submit: { type: 'plain_text', text: 'Send' },
    close: { type: 'plain_text', text: 'Skip' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'What were you looking for? It helps whoever keeps the knowledge base fill the gap.',
        },
      },
      {
        type: 'input',
        block_id: FEEDBACK_INPUT.block,
        optional: true,
        label: { type: 'plain_text', text: 'What you were looking for' },
        element: {
          type: 'plain_text_input',
          action_id: FEEDBACK_INPUT.action,
          multiline: true,
          max_length: 1_000,
        },
      },
    ],
  };
}

/** Reads the answer key back from a submitted modal; undefined for anything forged. */
export function answerKeyOf(privateMetadata: string | undefined): string | undefined {
  try {
    const data = JSON.parse(privateMetadata ?? '') as { k?: unknown };
    return typeof data.k === 'string' && /^[a-f0-9]{32}$/.test(data.k) ? data.k : undefined;
  } catch {
    return undefined;
  }
}
