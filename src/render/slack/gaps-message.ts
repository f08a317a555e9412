import type { Gap } from '../../store/store.js';
import { type SlackMessage, section } from './answer-message.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';

/** `/roles gaps`: what people asked that the knowledge base could not answer well, most asked first. */
export function renderGaps(gaps: Gap[] | null): SlackMessage {
  if (gaps === null) {
    return {
      text: 'Knowledge gaps are not available: no feedback store is connected.',
      blocks: [
        section(':warning: Knowledge gaps are not available: no feedback store is connected.'),
      ],
    };
  }
  if (gaps.length === 0) {
    return {
      text: 'No knowledge gaps recorded yet.',
      blocks: [
        section(
          'No knowledge gaps recorded yet: every question found an answer nobody voted down.',
        ),
      ],
    };
  }
  const lines = gaps.map(
    (gap, i) =>
      `${i + 1}. “${truncate(escapeMrkdwn(gap.question), 200)}”: asked ${gap.count}× (${gap.unanswered} unanswered, ${gap.downvoted} voted down)`,
  );
  return {
    text: `Top ${gaps.length} knowledge gaps`,
    blocks: [
      section(
        '*Knowledge gaps*: questions rolebot could not answer, or whose answers were voted down. Add documents to `knowledge/` that answer them.',
      ),
      section(truncate(lines.join('\n'), 2_900)),
    ],
  };
}
