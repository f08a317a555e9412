// The settings as listeners see them: stored rows over the configuration's defaults.
import { describe, expect, it } from 'vitest';
import { effective, looksLikeQuestion } from '../../src/slack/settings.js';

const defaults = { onboardingChannels: new Set(['C0ONBOARD']), ownersChannel: 'C0ENVOWNERS' };

describe('effective settings', () => {
  it('start from ONBOARDING_CHANNELS and ROLEBOT_OWNERS_CHANNEL', () => {
    const settings = effective([], defaults);
    expect(settings.ownersChannel).toBe('C0ENVOWNERS');
    expect(settings.channel('C0ONBOARD')).toEqual({
      welcome: true,
      unmentioned: 'off',
      visibility: 'private',
    });
    expect(settings.channel('C0OTHER').welcome).toBe(false);
  });

  it('take what an admin stored, including "no owners channel" over the environment', () => {
    const settings = effective(
      [
        { scope: 'C0ONBOARD', name: 'welcome', value: 'off' },
        { scope: 'C0OTHER', name: 'unmentioned', value: 'questions' },
        { scope: 'C0OTHER', name: 'visibility', value: 'public' },
        { scope: '', name: 'owners_channel', value: '' },
      ],
      defaults,
    );
    expect(settings.channel('C0ONBOARD').welcome).toBe(false);
    expect(settings.channel('C0OTHER')).toEqual({
      welcome: false,
      unmentioned: 'questions',
      visibility: 'public',
    });
    expect(settings.ownersChannel).toBeUndefined();
  });

  it.each([
    ['who owns the backlog?', true],
    ['who owns the backlog ?  ', true],
    ['who owns the backlog? <@U0BOB>', true],
    ['the backlog is a mess', false],
    ['is it? no, it is not', false],
  ])('reads %j as a question: %s', (text, expected) => {
    expect(looksLikeQuestion(text)).toBe(expected);
  });
});
