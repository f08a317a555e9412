import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/answers/engine.js';
import { parseRolesCommand } from '../../src/commands/roles-command.js';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import { decodeState, encodeState } from '../../src/render/slack/actions.js';
import { renderHome, renderWelcome } from '../../src/render/slack/cheat-sheet.js';
import { replyTo, replyToState } from '../../src/slack/replies.js';
import { plainQuestion } from '../../src/slack/slack-text.js';
import {
  expectNoLiveMentions,
  expectValidMessage,
  expectValidView,
} from '../support/block-kit-validator.js';

/**
 * Everything a person can type reaches rolebot through four doors: `/roles` arguments, mention
 * text, DMs and button values (which a forged payload controls too). Whatever comes in, every
 * message out is valid Block Kit within Slack's limits, and nothing typed becomes a live mention.
 */
let engine: Engine;
beforeAll(async () => {
  engine = createEngine(await loadKnowledge('knowledge'));
});

const markup = fc.constantFrom(
  '<!channel>',
  '<!here|here>',
  '<!everyone>',
  '@channel',
  '@here',
  '<@U123>',
  '<@W999|boss>',
  '<#C1|x>',
  '<!subteam^S1|team>',
  '<https://x|y>',
  '<mailto:a@b.c|mail>',
  '&',
  '<',
  '>',
  '&amp;',
  '&lt;!channel&gt;',
);
const words = fc.constantFrom(
  'who',
  'owns',
  'the',
  'roadmap',
  'pm',
  'po',
  'compare',
  'owner',
  'backlog',
  'help',
  'project',
  'vs',
  '?',
);
const piece = fc.oneof(
  { weight: 4, arbitrary: markup },
  { weight: 4, arbitrary: words },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '🚀',
      '👀🔥',
      'مدير المنتج',
      'מנהל מוצר',
      '\u202Eevil',
      '\u0000\u0007\u001b[31m',
      '\t\n',
    ),
  },
);
const typed = fc.oneof(
  { weight: 8, arbitrary: fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(' ')) },
  { weight: 1, arbitrary: fc.constant('') },
  // 40k characters, built by repetition: generating them one by one would dominate the run time.
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.string({ minLength: 1, maxLength: 40 }), markup)
      .map(([text, mark]) =>
        `${text} ${mark} `.repeat(Math.ceil(40_000 / (text.length + mark.length + 2))),
      ),
  },
);

const RUNS = 2_500;
const ALLOWED = { allow: ['<@U0ALICE>'] };

function check(message: Parameters<typeof expectValidMessage>[0]): void {
  expectValidMessage(message);
  expectNoLiveMentions(message, ALLOWED);
}

describe('hostile text on every path (fast-check, 4 × 2,500 = 10,000 inputs)', () => {
  it('/roles arguments', () => {
    fc.assert(
      fc.property(typed, (text) => {
        const reply = replyTo(parseRolesCommand(plainQuestion(text)), engine, {
          audience: 'ephemeral',
          sharedBy: 'U0ALICE',
        });
        check(reply.message);
        if (reply.fallback) check(reply.fallback);
      }),
      { numRuns: RUNS },
    );
  });

  it('mention and thread text (with the bot mention stripped)', () => {
    fc.assert(
      fc.property(typed, (text) => {
        const question = plainQuestion(`<@U0BOT> ${text}`, 'U0BOT');
        expect(question).not.toMatch(/<@U0BOT>/);
        check(replyTo(parseRolesCommand(question), engine, { audience: 'thread' }).message);
      }),
      { numRuns: RUNS },
    );
  });

  it('DM text, read like a channel share', () => {
    fc.assert(
      fc.property(typed, (text) => {
        check(
          replyTo(parseRolesCommand(plainQuestion(text)), engine, {
            audience: 'channel',
            sharedBy: 'U0ALICE',
          }).message,
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('button values, honest and forged', () => {
    const forged = fc.oneof(
      typed,
      typed.map((question) =>
        encodeState({ question, offset: 0, readings: { pm: 'project manager' } }),
      ),
      fc
        .record({ q: typed, o: fc.anything(), r: fc.anything(), k: fc.anything() })
        .map((value) => JSON.stringify(value)),
    );
    fc.assert(
      fc.property(forged, (value) => {
        const state = decodeState(value);
        if (!state) return;
        for (const audience of ['ephemeral', 'thread', 'channel'] as const) {
          check(replyToState(state, engine, { audience, sharedBy: 'U0ALICE' }).message);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('the welcome and Home view are valid whatever user id Slack sends', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (user) => {
        // The newcomer is greeted by name on purpose: that one mention (of Slack's id) is allowed.
        const welcome = renderWelcome(engine.summaries(), user);
        expectValidMessage(welcome);
        expectNoLiveMentions(welcome, { allow: [`<@${user}>`] });
      }),
      { numRuns: 200 },
    );
    expectValidView(renderHome(engine.summaries()));
  });
});
