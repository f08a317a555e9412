import type { KnownBlock } from '@slack/types';
import { type SlackMessage, section, suggestionActions } from './answer-message.js';

/** What `/roles help` (and an empty `/roles`) shows: every command, with examples. */
export function renderHelp(problem?: string): SlackMessage {
  const blocks: KnownBlock[] = [];
  if (problem) blocks.push(section(`:warning: ${problem}`));
  blocks.push(
    section(
      [
        '*rolebot* settles who owns what between product managers, product owners and project managers, quoting its sources.',
        '• `/roles &lt;question&gt;`: ask anything, e.g. `/roles who owns the backlog?`',
        '• `/roles owner &lt;thing&gt;`: a verdict with the evidence, e.g. `/roles owner roadmap`',
        '• `/roles compare pm po [topic]`: the roles side by side, posted to the channel (`pm`, `po`, `project`)',
        '• `/roles help`: this message · `/roles gaps`: (admins) questions the knowledge base could not answer · `/roles config`: (admins) settings per channel',
        'You can also mention me (`@rolebot who owns the roadmap?`) or send me a direct message.',
      ].join('\n'),
    ),
    suggestionActions(),
  );
  return {
    text: 'rolebot: /roles &lt;question&gt;, /roles owner &lt;thing&gt;, /roles compare pm po [topic]',
    blocks,
  };
}
