// Issue 15: every input is cut to a documented limit (src/answers/limits.ts) before any pattern
// runs. Property: a 40,000-character message (Slack's maximum) gets exactly the reply its first
// MAX_INPUT_CHARS characters get: in Slack, in the console, and from ask() itself. (What the long
// input costs is measured in `npm run bench`, not here.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_INPUT_CHARS } from '../src/answers/limits.js';
import { parseRolesCommand } from '../src/commands/roles-command.js';
import { parseConsoleLine } from '../src/console/console.js';
import { replyTo } from '../src/slack/replies.js';
import { plainQuestion } from '../src/slack/slack-text.js';
import { sharedEngine } from './support/rolebot-app.js';

const SLACK_MAX = 40_000;

/** The first MAX_INPUT_CHARS UTF-16 units, never ending in half a surrogate pair (an emoji). */
function head(text: string): string {
  const cut = text.slice(0, MAX_INPUT_CHARS);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/** Text made of the pieces that change length when unmarked: mentions, links, entities, spaces. */
const fragment = fc.constantFrom(
  '<@U0BOT> ',
  '<@U123|alice> ',
  '<#C1|general>',
  '<!here>',
  '<https://example.com/a|roadmap>',
  '<https://example.com/very/long/path>',
  '&amp;',
  '&lt;',
  '   ',
  '\t',
  'who owns the roadmap? ',
  'product owner ',
  'backlog ',
  'pm vs po ',
  '<@U1',
  '<<<',
  'x'.repeat(50),
  '😀',
);

const message = fc.array(fragment, { minLength: 1, maxLength: 60 }).map((parts) => {
  let text = parts.join('');
  while (text.length < SLACK_MAX) text += text;
  return text.slice(0, SLACK_MAX);
});

describe(`input past ${MAX_INPUT_CHARS} characters changes nothing`, () => {
  it('Slack: the reply to a 40k message equals the reply to its first N characters', async () => {
    const engine = await sharedEngine();
    const reply = (text: string) =>
      replyTo(parseRolesCommand(plainQuestion(text, 'U0BOT')), engine, { audience: 'thread' });
    fc.assert(
      fc.property(message, (text) => {
        expect(reply(text)).toEqual(reply(head(text)));
      }),
      { numRuns: 25 },
    );
  });

  it('console and ask(): the same for a console line and for the engine itself', async () => {
    const engine = await sharedEngine();
    fc.assert(
      fc.property(message, (text) => {
        const first = head(text);
        expect(parseConsoleLine(text)).toEqual(parseConsoleLine(first));
        expect(engine.ask(text)).toEqual(engine.ask(first));
      }),
      { numRuns: 25 },
    );
  });
});
