import type { App } from '@slack/bolt';
import type { HomeView } from '@slack/types';
import { renderAdminHome, type VotedDownPassage } from '../../render/slack/admin-home.js';
import { renderHome } from '../../render/slack/cheat-sheet.js';
import { LIMITS } from '../../render/slack/mrkdwn.js';
import { citationText } from '../../render/slack/workflow-outputs.js';
import { rejectedBlocks } from '../deliver.js';
import type { ListenerContext } from './context.js';

const ADMIN_ROWS = 10;

/**
 * The App Home tab: published each time someone opens it, so it follows the knowledge. Admins
 * (ROLEBOT_ADMINS) also get the top knowledge gaps and the most voted-down passages as a table,
 * or as plain sections if Slack rejects the table.
 */
export function registerHome(app: App, context: ListenerContext): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const home = renderHome(context.engine.summaries());
    if (!context.admins.has(event.user)) {
      await client.views.publish({ user_id: event.user, view: home });
      return;
    }
    const [gaps, passages] = await Promise.all([
      context.feedback.gaps(ADMIN_ROWS),
      votedDownPassages(context),
    ]);
    const withAdmin = (table: boolean): HomeView => ({
      ...home,
      blocks: [...home.blocks, ...renderAdminHome(gaps, passages, { table })].slice(
        0,
        LIMITS.blocksPerView,
      ),
    });
    try {
      await client.views.publish({ user_id: event.user, view: withAdmin(true) });
    } catch (error) {
      if (!rejectedBlocks(error)) throw error;
      context.logger.warn(
        { slackError: (error as { data?: { error?: string } }).data?.error },
        'Slack rejected the admin table on the Home tab; publishing it as sections',
      );
      await client.views.publish({ user_id: event.user, view: withAdmin(false) });
    }
  });
}

async function votedDownPassages(context: ListenerContext): Promise<VotedDownPassage[] | null> {
  const votes = await context.feedback.downvotedPassages(ADMIN_ROWS);
  if (votes === null) return null;
  const wanted = new Map(votes.map((vote) => [vote.passageId, vote.votes]));
  const found = new Map<string, VotedDownPassage>();
  for (const passage of context.engine.passages) {
    const count = wanted.get(passage.id);
    if (count === undefined) continue;
    const source = passage.sources[0];
    found.set(passage.id, {
      text: passage.text,
      source: source ? citationText(source) : passage.section,
      votes: count,
    });
    if (found.size === wanted.size) break;
  }
  // Most voted first; a passage gone from the knowledge since the votes is not shown.
  return votes.flatMap((vote) => found.get(vote.passageId) ?? []);
}
