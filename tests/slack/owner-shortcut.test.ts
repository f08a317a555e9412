// The global shortcut "Who owns…?", end to end in both modes: the modal opens, its topic menu
// is filled (and filtered) through app.options, a choice shows the verdict in the modal
// (views.update), and "Post to channel" posts the card where the person chose.
import type { ViewOutput } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import {
  expectNoLiveMentions,
  expectValidMessage,
  expectValidOptions,
  expectValidView,
} from '../support/block-kit-validator.js';
import { asMessage, blockTexts, useRolebot } from '../support/rolebot-app.js';
import {
  CHANNEL_ID,
  makeBlockSuggestion,
  makeGlobalShortcut,
  makeViewSelectAction,
  makeViewSubmission,
} from '../support/slack-payloads.js';
import { MODES, sendInteractive } from '../support/surface-driver.js';

const TOPIC = { block: 'rolebot_owner_topic', action: 'rolebot_owner_topic' };

interface View {
  type: string;
  callback_id: string;
  private_metadata?: string;
  blocks: { type: string; element?: Record<string, unknown>; text?: { text: string } }[];
}

const selected = (value: string): ViewOutput['state']['values'] => ({
  [TOPIC.block]: {
    [TOPIC.action]: {
      type: 'external_select',
      selected_option: { text: { type: 'plain_text', text: value }, value },
    },
  },
});

describe.each(MODES)('"Who owns…?" shortcut (%s)', (mode) => {
  const bot = useRolebot({ mode });

  async function options(typed: string) {
    const ack = await sendInteractive(
      bot,
      mode,
      makeBlockSuggestion({ action_id: TOPIC.action, block_id: TOPIC.block, value: typed }),
    );
    const body = ack.body as { options: { text: { text: string }; value: string }[] };
    expectValidOptions(body);
    expectNoLiveMentions(body);
    return body.options;
  }

  it('opens a modal with a topic menu', async () => {
    const shortcut = makeGlobalShortcut();
    await sendInteractive(bot, mode, shortcut);
    const opened = await bot.fake.waitForCall('views.open');
    expect(opened.args.trigger_id).toBe(shortcut.trigger_id);
    const view = opened.args.view as View;
    expectValidView(view);
    expect(view.callback_id).toBe('rolebot_owner_picker');
    const input = view.blocks.find((block) => block.type === 'input');
    expect(input?.element).toMatchObject({ type: 'external_select', action_id: TOPIC.action });
  });

  it('offers the topics the knowledge settles, filtered as you type', async () => {
    const all = await options('');
    const values = all.map((option) => option.value);
    expect(values).toEqual(expect.arrayContaining(['backlog', 'roadmap', 'on-time delivery']));
    // Every topic offered has an owner in the sources.
    for (const value of values) expect(bot.engine.owner(value).answer.owner.role).not.toBeNull();

    const typed = await options('ROAD');
    expect(typed.map((option) => option.value)).toEqual(['roadmap', 'product roadmap']);
    expect(await options('zorblat')).toEqual([]);
  });

  it('shows the verdict in the modal when a topic is chosen, then posts it to the channel', async () => {
    const select = makeViewSelectAction({
      action_id: TOPIC.action,
      block_id: TOPIC.block,
      selected: { text: 'Backlog', value: 'backlog' },
      view: { callback_id: 'rolebot_owner_picker', hash: 'h.1' },
    });
    await sendInteractive(bot, mode, select);
    const updated = await bot.fake.waitForCall('views.update');
    expect(updated.args).toMatchObject({ view_id: select.view?.id, hash: 'h.1' });
    const view = updated.args.view as View;
    expectValidView(view);
    expectNoLiveMentions(view);
    expect(view.callback_id).toBe('rolebot_owner_verdict');
    const texts = view.blocks.map((block) => block.text?.text ?? '').join('\n');
    expect(texts).toContain('*Owner: Product Owner*');
    // No message buttons inside a modal; a channel picker that hands back a response_url.
    expect(view.blocks.map((block) => block.type)).not.toContain('context_actions');
    expect(view.blocks.map((block) => block.type)).not.toContain('actions');
    const postTo = view.blocks.find((block) => block.element?.type === 'conversations_select');
    expect(postTo?.element).toMatchObject({
      response_url_enabled: true,
      default_to_current_conversation: true,
    });

    const responseUrl = bot.fake.responseUrl();
    const submit = makeViewSubmission({
      callback_id: 'rolebot_owner_verdict',
      private_metadata: view.private_metadata ?? '',
      values: selected('backlog'),
      response_urls: [
        {
          block_id: 'rolebot_post_to',
          action_id: 'rolebot_post_to',
          channel_id: CHANNEL_ID,
          response_url: responseUrl,
        },
      ],
    });
    const acked = await sendInteractive(bot, mode, submit);
    // An empty ack closes the modal.
    expect(
      acked.body === '' || acked.body === undefined || JSON.stringify(acked.body) === '{}',
    ).toBe(true);
    const posted = asMessage((await bot.responseTo(responseUrl)).body);
    expect(posted.response_type).toBe('in_channel');
    expectValidMessage(posted);
    expectNoLiveMentions(posted, { allow: ['<@U0ALICE>'] });
    expect(blockTexts(posted)[0]).toContain('shared by <@U0ALICE>');
    expect(blockTexts(posted)).toContain('*Owner: Product Owner* (confidence 100%)');
  });

  it('shows the verdict when the first view is submitted with a topic', async () => {
    const acked = await sendInteractive(
      bot,
      mode,
      makeViewSubmission({ callback_id: 'rolebot_owner_picker', values: selected('roadmap') }),
    );
    const body = acked.body as { response_action: string; view: View };
    expect(body.response_action).toBe('update');
    expectValidView(body.view);
    expect(JSON.stringify(body.view)).toContain('sources disagree');
  });

  it('asks for a channel instead of posting nowhere', async () => {
    const acked = await sendInteractive(
      bot,
      mode,
      makeViewSubmission({ callback_id: 'rolebot_owner_verdict', values: selected('backlog') }),
    );
    expect(acked.body).toEqual({
      response_action: 'errors',
      errors: { rolebot_post_to: 'Choose a channel to post to.' },
    });
    expect(bot.fake.responses).toEqual([]);
  });

  it('keeps a hostile topic value inert', async () => {
    await sendInteractive(
      bot,
      mode,
      makeViewSelectAction({
        action_id: TOPIC.action,
        block_id: TOPIC.block,
        selected: { text: 'x', value: '<!channel> roadmap <@U0BOB>' },
      }),
    );
    const view = (await bot.fake.waitForCall('views.update')).args.view;
    expectValidView(view);
    expectNoLiveMentions(view);
  });
});
