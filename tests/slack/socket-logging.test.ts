// Issue 15: at LOG_LEVEL=debug the Socket Mode client logs every raw payload it receives (what
// people typed, user ids, response_urls). rolebot's Bolt logger drops those lines; the rest of the
// debug output stays.
import { describe, expect, it } from 'vitest';
import { slashCommandEnvelope } from '../support/fake-slack.js';
import { useRolebot } from '../support/rolebot-app.js';
import { makeSlashCommand } from '../support/slack-payloads.js';

const bot = useRolebot({ mode: 'socket', logLevel: 'debug' });

describe('Socket Mode at debug level', () => {
  it('answers without any log line holding the payload, its user id or its response_url', async () => {
    const responseUrl = bot.fake.responseUrl();
    const text = 'who owns the roadmap? MARKER-7731';
    await bot.fake.socket.send(
      slashCommandEnvelope(
        makeSlashCommand({ text, user_id: 'U0PAYLOADUSER', response_url: responseUrl }),
      ),
    );
    await bot.responseTo(responseUrl);
    const debug = bot.logs.filter((line) => line.level === 20 && line.component === 'bolt');
    expect(debug.length).toBeGreaterThan(0);
    // Bolt's and the Socket Mode client's lines (rolebot's own debug lines may hold the question:
    // that is what debug is for).
    const all = JSON.stringify(bot.logs.filter((line) => line.component === 'bolt'));
    expect(all).not.toContain('MARKER-7731');
    expect(all).not.toContain('U0PAYLOADUSER');
    expect(all).not.toContain(responseUrl);
  });
});
