// The /roles config modal: one channel's values shown, read back from what Slack submits.
import { describe, expect, it } from 'vitest';
import {
  CONFIG_CHANNEL_ACTION,
  readConfigSubmission,
  renderConfigModal,
} from '../../../src/render/slack/config-modal.js';
import { expectValidView } from '../../support/block-kit-validator.js';

const values = {
  channel: 'C0TEAM',
  welcome: true,
  unmentioned: 'questions' as const,
  visibility: 'public' as const,
  ownersChannel: 'C0OWNERS',
};

describe('the config modal', () => {
  it("shows the channel's values in blocks named after it", () => {
    const view = renderConfigModal(values);
    expectValidView(view);
    const ids = view.blocks.map((block) => block.block_id);
    expect(ids).toEqual(
      expect.arrayContaining(['welcome_C0TEAM', 'unmentioned_C0TEAM', 'visibility_C0TEAM']),
    );
    expect(JSON.stringify(view)).toContain('"initial_conversation":"C0OWNERS"');
  });

  it('reads a submission back, and flags one that misses an answer', () => {
    const radio = (value: string) => ({ selected_option: { value } });
    const state = {
      config_channel: { [CONFIG_CHANNEL_ACTION]: { selected_conversation: 'C0TEAM' } },
      welcome_C0TEAM: { welcome: radio('on') },
      unmentioned_C0TEAM: { unmentioned: radio('questions') },
      visibility_C0TEAM: { visibility: radio('public') },
      config_owners: { owners: { selected_conversation: 'C0OWNERS' } },
    };
    const private_metadata = JSON.stringify({ c: 'C0TEAM' });
    expect(readConfigSubmission({ private_metadata, state: { values: state } })).toEqual({
      values,
    });
    const { welcome_C0TEAM: _dropped, ...missing } = state;
    expect(readConfigSubmission({ private_metadata, state: { values: missing } })).toMatchObject({
      error: { block: 'config_channel' },
    });
  });
});
