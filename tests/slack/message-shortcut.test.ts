// "Ask rolebot about this" (a message shortcut), end to end in both modes: acknowledged at once,
// the message's text answered privately through the response_url, with Share in channel.
import { describe, expect, it } from 'vitest';
import { expectNoLiveMentions, expectValidMessage } from '../support/block-kit-validator.js';
import {
  asMessage,
  blockTexts,
  buttonLabels,
  buttonNamed,
  useRolebot,
} from '../support/rolebot-app.js';
import { makeBlockAction, makeMessageShortcut } from '../support/slack-payloads.js';
import { MODES, sendInteractive } from '../support/surface-driver.js';

describe.each(MODES)('message shortcut (%s)', (mode) => {
  const bot = useRolebot({ mode });

  it("answers the message's question privately, with Share in channel", async () => {
    const responseUrl = bot.fake.responseUrl();
    await sendInteractive(
      bot,
      mode,
      makeMessageShortcut({
        text: 'Who owns the product backlog here?',
        response_url: responseUrl,
      }),
    );
    const reply = asMessage((await bot.responseTo(responseUrl)).body);
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expectValidMessage(reply);
    expectNoLiveMentions(reply);
    expect(blockTexts(reply)).toContain('*Owner: Product Owner* (confidence 100%)');
    expect(buttonLabels(reply)).toContain('Share in channel');
    // Nothing was posted to the channel: only the person who clicked sees it.
    expect(bot.fake.callsTo('chat.postMessage')).toEqual([]);

    // Share puts it in the channel, saying who shared it, and removes the private copy.
    const share = buttonNamed(reply, 'Share in channel');
    const shareUrl = bot.fake.responseUrl();
    await sendInteractive(
      bot,
      mode,
      makeBlockAction({
        action_id: share.actionId,
        value: share.value,
        response_url: shareUrl,
        container: {
          type: 'message',
          message_ts: '1.1',
          channel_id: 'C0ROLES',
          is_ephemeral: true,
        },
      }),
    );
    const shared = asMessage((await bot.responseTo(shareUrl)).body);
    expect(shared.response_type).toBe('in_channel');
    expect(blockTexts(shared)[0]).toContain('shared by <@U0ALICE>');
  });

  it("escapes the message's text where it is echoed: no pings, no links", async () => {
    const responseUrl = bot.fake.responseUrl();
    await sendInteractive(
      bot,
      mode,
      makeMessageShortcut({
        text: '<!channel> <@U0BOB|bob> what is a zorblat? <https://evil.example|click> @here',
        response_url: responseUrl,
      }),
    );
    const reply = asMessage((await bot.responseTo(responseUrl)).body);
    expectValidMessage(reply);
    expectNoLiveMentions(reply);
    expect(JSON.stringify(reply)).not.toContain('https://evil.example');
  });

  it('says so when the message has no text to answer', async () => {
    const responseUrl = bot.fake.responseUrl();
    await sendInteractive(bot, mode, makeMessageShortcut({ text: '', response_url: responseUrl }));
    const reply = asMessage((await bot.responseTo(responseUrl)).body);
    expect(reply).toMatchObject({ response_type: 'ephemeral' });
    expect(reply.text).toContain('no text I can answer');
  });
});
