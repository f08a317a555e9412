import type { HomeView, KnownBlock } from '@slack/types';
import type { RoleSummary } from '../../answers/engine.js';
import { roleLabel } from '../../answers/roles.js';
import { type SlackMessage, section, suggestionActions } from './answer-message.js';
import { renderHelp } from './help-message.js';
import { escapeMrkdwn, LIMITS, link, truncate, USER_ID } from './mrkdwn.js';

/** One line per role, quoted from the knowledge with its source. */
export function cheatSheetLines(summaries: RoleSummary[]): string[] {
  return summaries.map(
    (summary) =>
      `*${escapeMrkdwn(summary.label ?? roleLabel(summary.role))}*: “${escapeMrkdwn(truncate(summary.text, 400))}” (${link(
        summary.source.url,
        summary.source.title || summary.source.file,
      )})`,
  );
}

/** The App Home tab: the roles side by side as fields, questions to try, how to use /roles. */
export function renderHome(summaries: RoleSummary[]): HomeView {
  const fields = summaries.map((summary) => ({
    type: 'mrkdwn' as const,
    text: truncate(
      `*${escapeMrkdwn(summary.label ?? roleLabel(summary.role))}*\n“${escapeMrkdwn(summary.text)}”\n_${link(summary.source.url, summary.source.title || summary.source.file)}_`,
      LIMITS.field,
    ),
  }));
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: 'Who owns what? Product roles at a glance' },
    },
    section('Quoted from the knowledge base; every answer names its source.'),
    ...(fields.length > 0 ? [{ type: 'section' as const, fields }] : []),
    { type: 'divider' },
    section('*Try asking*'),
    suggestionActions(),
    { type: 'divider' },
    ...renderHelp().blocks.filter((block) => block.type !== 'actions'),
  ];
  return { type: 'home', blocks: blocks.slice(0, LIMITS.blocksPerView) };
}

/** The ephemeral welcome a newcomer to an onboarding channel sees. */
export function renderWelcome(summaries: RoleSummary[], userId: string): SlackMessage {
  // The user id comes from Slack's event, and is checked to look like one before it is mentioned.
  const greeting = USER_ID.test(userId) ? `Welcome, <@${userId}>!` : 'Welcome!';
  return {
    text: `${greeting} Here is who does what between product managers, product owners and project managers.`,
    blocks: [
      section(`${greeting} Here is who does what, in three lines:`),
      section(cheatSheetLines(summaries).join('\n')),
      section('Questions to start with (or type `/roles help`):'),
      suggestionActions(),
    ],
  };
}
