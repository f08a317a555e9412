// /roles and mentions through the real Slack app and the fake Slack, over a copy of knowledge/
// with the decision-rights.yml: the organisation's answer and its own role end to end.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/answers/engine.js';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import { expectValidMessage } from '../support/block-kit-validator.js';
import { slashCommandEnvelope } from '../support/fake-slack.js';
import { organisationKnowledge } from '../support/organisation-knowledge.js';
import { asMessage, blockTexts, useRolebot } from '../support/rolebot-app.js';
import { makeSlashCommand } from '../support/slack-payloads.js';

async function acmeEngine() {
  const folder = await organisationKnowledge();
  try {
    return createEngine(await loadKnowledge(folder.dir));
  } finally {
    await folder.remove();
  }
}

describe.each(['http', 'socket'] as const)('decision rights in Slack (%s)', (mode) => {
  const bot = useRolebot({ mode, engine: acmeEngine() });

  /** `/roles <text>` by the mode's own transport; the answer is POSTed to the response_url. */
  async function send(text: string): Promise<unknown> {
    if (mode === 'http') {
      const { responseUrl } = await bot.slash(text);
      return (await bot.responseTo(responseUrl)).body;
    }
    const responseUrl = bot.fake.responseUrl();
    await bot.fake.socket.send(
      slashCommandEnvelope(makeSlashCommand({ text, response_url: responseUrl })),
    );
    return (await bot.responseTo(responseUrl)).body;
  }

  const reply = async (text: string) => asMessage(await send(text));

  it('/roles who owns the roadmap? answers "decided at Acme" with what the articles say', async () => {
    const message = await reply('who owns the roadmap?');
    expectValidMessage(message);
    const text = blockTexts(message).join('\n');
    expect(text).toContain('*Owner: Product Owner* (decided at Acme)');
    expect(text).toContain('At Acme the product owner owns the roadmap');
    expect(text).toMatch(/the articles [^\n]*Product Manager/);
  });

  it('/roles compare em po compares the organisation’s engineering manager', async () => {
    const body = (await send('compare em po')) as Record<string, unknown>;
    expect(JSON.stringify(body)).toContain('Engineering Manager vs Product Owner');
    expect(JSON.stringify(body.attachments ?? body.blocks)).toContain('Engineering Manager');
  });
});
