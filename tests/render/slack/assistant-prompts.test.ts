// The assistant's suggested prompts: at most four per place, short titles, and every one of them
// answered by the knowledge (a prompt that led to "I don't know" would be a broken promise).
import { describe, expect, it } from 'vitest';
import { parseRolesCommand } from '../../../src/commands/roles-command.js';
import {
  MAX_PROMPTS,
  type PromptPlace,
  promptPlace,
  suggestedPrompts,
  threadTitle,
} from '../../../src/render/slack/assistant-prompts.js';
import { sharedEngine } from '../../support/rolebot-app.js';

const PLACES: PromptPlace[] = ['onboarding', 'channel', 'direct'];

describe('suggested prompts', () => {
  it.each(PLACES)('%s: at most 4, each answered by the knowledge', async (place) => {
    const engine = await sharedEngine();
    const prompts = suggestedPrompts(place);
    expect(prompts.length).toBeGreaterThan(0);
    expect(prompts.length).toBeLessThanOrEqual(MAX_PROMPTS);
    for (const prompt of prompts) {
      expect(prompt.title.length).toBeLessThanOrEqual(40);
      const command = parseRolesCommand(prompt.message);
      if (command.kind === 'compare') {
        const comparison = engine.compare(command.roles[0], command.roles[1], command.topic);
        expect(
          comparison.rows.some((row) => row.cells.some(Boolean)),
          prompt.message,
        ).toBe(true);
      } else {
        expect(command.kind, prompt.message).toBe('ask');
        const answer = engine.ask(command.kind === 'ask' ? command.question : '');
        expect(answer.answered, prompt.message).toBe(true);
      }
    }
  });

  it('picks the place from the channel being viewed', () => {
    const onboarding = new Set(['C0WELCOME']);
    expect(promptPlace('C0WELCOME', onboarding)).toBe('onboarding');
    expect(promptPlace('C0ROLES', onboarding)).toBe('channel');
    expect(promptPlace(undefined, onboarding)).toBe('direct');
  });

  it('titles a thread with its first question on one line, at most 60 characters', () => {
    expect(threadTitle('who owns\nthe roadmap?')).toBe('who owns the roadmap?');
    const long = threadTitle(`who owns ${'the very long thing '.repeat(10)}?`);
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long.endsWith('…')).toBe(true);
  });
});
