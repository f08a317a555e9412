import type { App } from '@slack/bolt';
import { renderHome } from '../../render/slack/cheat-sheet.js';
import type { ListenerContext } from './context.js';

/** The App Home tab: published each time someone opens it, so it follows the knowledge. */
export function registerHome(app: App, context: ListenerContext): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await client.views.publish({
      user_id: event.user,
      view: renderHome(context.engine.summaries()),
    });
  });
}
