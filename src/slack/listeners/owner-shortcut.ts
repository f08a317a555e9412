import type {
  App,
  BlockAction,
  ExternalSelectAction,
  GlobalShortcut,
  ViewOutput,
  ViewSubmitAction,
} from '@slack/bolt';
import {
  CHANNEL_INPUT,
  OWNER_MODAL,
  renderOwnerPicker,
  renderOwnerVerdict,
  TOPIC_INPUT,
  topicOf,
  topicOption,
} from '../../render/slack/owner-modal.js';
import { matchTopics, type OwnerTopic } from '../owner-topics.js';
import { replyTo } from '../replies.js';
import { sendReply } from './commands.js';
import { askOptions, type ListenerContext } from './context.js';

/** The manifest's `features.shortcuts` callback id for "Who owns…?". */
export const OWNER_SHORTCUT = 'rolebot_who_owns';

/**
 * The global shortcut "Who owns…?": a modal with a topic menu (options filtered as you type);
 * choosing a topic shows its verdict card in the modal (views.update), and submitting posts the
 * card to the chosen channel through the response_url Slack gives for it.
 */
export function registerOwnerShortcut(app: App, context: ListenerContext): void {
  app.shortcut<GlobalShortcut>(
    { callback_id: OWNER_SHORTCUT, type: 'shortcut' },
    async ({ ack, shortcut, client }) => {
      await ack();
      // The trigger_id is good for 3 seconds: open the modal straight after the ack.
      await client.views.open({ trigger_id: shortcut.trigger_id, view: renderOwnerPicker() });
    },
  );

  app.options<'block_suggestion'>(TOPIC_INPUT.action, async ({ options, ack }) => {
    const topics = matchTopics(context.topics(), options.value);
    await ack({ options: topics.map(topicOption) });
  });

  const verdictView = (topic: OwnerTopic) =>
    renderOwnerVerdict(topic, context.engine.owner(topic.value, askOptions(context)));

  // A topic chosen: the verdict replaces the modal's content at once.
  app.action<BlockAction<ExternalSelectAction>>(
    TOPIC_INPUT.action,
    async ({ ack, action, body, client }) => {
      await ack();
      const topic = topicNamed(action.selected_option?.value, context);
      if (!topic || !body.view) return;
      await client.views.update({
        view_id: body.view.id,
        hash: body.view.hash,
        view: verdictView(topic),
      });
      // The topic is what someone chose or typed: not on an info line (see SECURITY.md, logs).
      context.logger.info({ surface: 'owner_shortcut' }, 'showed a verdict');
    },
  );

  // Submitted before a choice reached us (or from the keyboard): show the verdict the same way.
  app.view<ViewSubmitAction>(OWNER_MODAL.picker, async ({ ack, view }) => {
    const topic = topicNamed(chosenTopic(view), context);
    if (!topic) {
      await ack({
        response_action: 'errors',
        errors: { [TOPIC_INPUT.block]: 'Pick a topic from the list.' },
      });
      return;
    }
    await ack({ response_action: 'update', view: verdictView(topic) });
  });

  // "Post to channel": the card goes to the chosen conversation, saying who posted it.
  app.view<ViewSubmitAction>(OWNER_MODAL.verdict, async ({ ack, view, body, respond }) => {
    const topic = topicNamed(chosenTopic(view) ?? topicOf(view.private_metadata), context);
    const target = body.response_urls?.[0];
    if (!topic || !target) {
      await ack({
        response_action: 'errors',
        errors: topic
          ? { [CHANNEL_INPUT.block]: 'Choose a channel to post to.' }
          : { [TOPIC_INPUT.block]: 'Pick a topic from the list.' },
      });
      return;
    }
    await ack();
    const reply = replyTo({ kind: 'owner', thing: topic.value }, context.engine, {
      audience: 'channel',
      sharedBy: body.user.id,
      ask: askOptions(context),
    });
    await sendReply(respond, { ...reply, responseType: 'in_channel' }, context.logger);
    context.logger.info(
      { surface: 'owner_shortcut', channel: target.channel_id },
      'posted a verdict',
    );
  });
}

function chosenTopic(view: ViewOutput): string | undefined {
  return view.state.values[TOPIC_INPUT.block]?.[TOPIC_INPUT.action]?.selected_option?.value;
}

/** The menu's topic for a chosen value; a value not in the menu (forged, stale) is asked as is. */
function topicNamed(value: string | undefined, context: ListenerContext): OwnerTopic | undefined {
  const wanted = value?.replace(/\s+/g, ' ').trim().toLowerCase().slice(0, 150);
  if (!wanted) return undefined;
  return (
    context.topics().find((topic) => topic.value === wanted) ?? {
      label: wanted.charAt(0).toUpperCase() + wanted.slice(1),
      value: wanted,
    }
  );
}
