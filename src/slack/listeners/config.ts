import type { AllMiddlewareArgs, App, BlockAction, RespondFn, SlashCommand } from '@slack/bolt';
import {
  CONFIG_CHANNEL_ACTION,
  CONFIG_MODAL,
  type ConfigValues,
  configChannelOf,
  pickedChannel,
  readConfigSubmission,
  renderConfigModal,
  renderConfigSaved,
} from '../../render/slack/config-modal.js';
import { WORKSPACE } from '../../store/settings.js';
import type { EffectiveSettings } from '../settings.js';
import type { ListenerContext } from './context.js';

type Client = AllMiddlewareArgs['client'];

export const NOT_ADMIN =
  "Sorry, only rolebot's admins (workspace admins and owners, or ROLEBOT_ADMINS) can change its settings.";

/**
 * Whether a person may change settings: listed in ROLEBOT_ADMINS, or a workspace admin or owner
 * as Slack's users.info reports them. The id is the one Slack signed, never anything typed. A
 * failed look-up counts as no (logged).
 */
export async function isAdmin(client: Client, userId: string, context: ListenerContext) {
  if (context.admins.has(userId)) return true;
  try {
    const { user } = await client.users.info({ user: userId });
    return Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner);
  } catch (error) {
    context.logger.warn(
      { err: (error as Error).message },
      'could not check whether someone is a workspace admin (users.info)',
    );
    return false;
  }
}

/** `/roles config`: the settings modal for admins; anyone else is told politely, nothing opens. */
export async function openConfig(
  command: SlashCommand,
  client: Client,
  respond: RespondFn,
  context: ListenerContext,
): Promise<void> {
  if (!(await isAdmin(client, command.user_id, context))) {
    context.logger.info({ surface: 'config' }, 'settings refused to a non-admin');
    await respond({ response_type: 'ephemeral', text: NOT_ADMIN });
    return;
  }
  const settings = await context.settings.current();
  await client.views.open({
    trigger_id: command.trigger_id,
    view: renderConfigModal(valuesFor(command.channel_id, settings)),
  });
}

export function registerConfig(app: App, context: ListenerContext): void {
  // Another channel picked: show its own values (the view is replaced, keeping the modal open).
  app.action<BlockAction>(CONFIG_CHANNEL_ACTION, async ({ ack, body, client }) => {
    await ack();
    const view = body.view;
    if (!view) return;
    const channel = pickedChannel(view);
    if (!channel || channel === configChannelOf(view)) return;
    if (!(await isAdmin(client, body.user.id, context))) return;
    const settings = await context.settings.current();
    await client.views.update({
      view_id: view.id,
      hash: view.hash,
      view: renderConfigModal(valuesFor(channel, settings)),
    });
  });

  // Saved before the modal says so: a change acknowledged here is committed to the store.
  app.view(CONFIG_MODAL, async ({ ack, body, view, client }) => {
    const read = readConfigSubmission(view);
    if ('error' in read) {
      await ack({ response_action: 'errors', errors: { [read.error.block]: read.error.message } });
      return;
    }
    const fail = (message: string) =>
      ack({ response_action: 'errors', errors: { config_channel: message } });
    if (!(await isAdmin(client, body.user.id, context))) {
      await fail(NOT_ADMIN);
      return;
    }
    const { values } = read;
    const outcome = await context.settings.change(
      [
        { scope: values.channel, name: 'welcome', value: values.welcome ? 'on' : 'off' },
        { scope: values.channel, name: 'unmentioned', value: values.unmentioned },
        { scope: values.channel, name: 'visibility', value: values.visibility },
        { scope: WORKSPACE, name: 'owners_channel', value: values.ownersChannel ?? '' },
      ],
      body.user.id,
    );
    if (outcome === 'no-store') {
      await fail('Settings need the store, and rolebot runs without one (ROLEBOT_STORE=off).');
      return;
    }
    if (outcome === 'failed') {
      await fail(
        "Couldn't save the settings just now (the store is unavailable). Please try again.",
      );
      return;
    }
    await ack({ response_action: 'update', view: renderConfigSaved(values) });
  });
}

function valuesFor(channel: string, settings: EffectiveSettings): ConfigValues {
  return { channel, ...settings.channel(channel), ownersChannel: settings.ownersChannel };
}
