// HTTP mode end to end: the real Bolt HTTPReceiver on loopback, signed requests, /roles answered
// through the fake's response_urls. Also records ack and answer latencies for the lead's report.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { expectNoLiveMentions, expectValidMessage } from '../support/block-kit-validator.js';
import {
  asMessage,
  blockTexts,
  buttonLabels,
  buttons,
  type Rolebot,
  type SentMessage,
  startRolebot,
} from '../support/rolebot-app.js';
import { makeSlashCommand, USER_ID } from '../support/slack-payloads.js';
import { nowSeconds } from '../support/slack-requests.js';
import { feedbackButtons } from '../support/surface-driver.js';

let bot: Rolebot;
let ready = true;
const latency = { ack: { ms: 0, what: '' }, answer: { ms: 0, what: '' } };

/** The aspect labels of knowledge/aspects.yml, i.e. the rows a full compare card has. */
const ASPECTS = (
  parse(readFileSync('knowledge/aspects.yml', 'utf8')) as { aspects: { label: string }[] }
).aspects.map((aspect) => aspect.label);

beforeAll(async () => {
  bot = await startRolebot({ mode: 'http', isReady: () => ready });
});

afterAll(async () => {
  await bot?.close();
  console.log(
    `[rolebot http] slowest ack: ${latency.ack.ms.toFixed(1)} ms (${latency.ack.what}); ` +
      `slowest request → response_url answer: ${latency.answer.ms} ms (${latency.answer.what})`,
  );
});

beforeEach(() => {
  bot.reset();
  ready = true;
});

/**
 * `/roles <text>`: asserts a fast empty 200 ack, waits for the answer, records latencies, and
 * checks the answer is valid Block Kit.
 */
async function roles(text: string): Promise<SentMessage> {
  const { ack, responseUrl, sentAt } = await bot.slash(text);
  expect(ack.status).toBe(200);
  expect(ack.text).toBe('');
  expect(ack.ms).toBeLessThan(1_000);
  if (ack.ms > latency.ack.ms) latency.ack = { ms: ack.ms, what: `/roles ${text}` };
  const response = await bot.responseTo(responseUrl);
  const ms = response.at - sentAt;
  if (ms > latency.answer.ms) latency.answer = { ms, what: `/roles ${text}` };
  const message = asMessage(response.body);
  expectValidMessage(message);
  return message;
}

/** Sends a valid command and waits for its answer: everything sent before it has settled. */
async function marker(): Promise<void> {
  const { responseUrl } = await bot.slash('help');
  await bot.responseTo(responseUrl);
}

describe('HTTP receiver', () => {
  it('refuses a bad signature with 401 and answers nothing', async () => {
    const responseUrl = bot.fake.responseUrl();
    const form = makeSlashCommand({ text: 'who owns the backlog?', response_url: responseUrl });
    const result = await bot.post({ kind: 'command', form }, { badSignature: true });
    expect(result.status).toBe(401);
    await marker();
    expect(bot.fake.responses.filter((r) => r.url === responseUrl)).toEqual([]);
    expect(bot.fake.calls).toEqual([]);
  });

  it('refuses a request signed 6 minutes ago with 401', async () => {
    const responseUrl = bot.fake.responseUrl();
    const form = makeSlashCommand({ text: 'who owns the backlog?', response_url: responseUrl });
    const result = await bot.post({ kind: 'command', form }, { timestamp: nowSeconds() - 6 * 60 });
    expect(result.status).toBe(401);
    await marker();
    expect(bot.fake.responses.filter((r) => r.url === responseUrl)).toEqual([]);
    expect(bot.fake.calls).toEqual([]);
  });

  it('echoes the url_verification challenge', async () => {
    const result = await bot.post({
      kind: 'event',
      json: { token: 'verification-token', challenge: 'challenge-42', type: 'url_verification' },
    });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ challenge: 'challenge-42' });
  });

  it('serves /healthz: 200 when ready, 503 when not', async () => {
    const up = await fetch(`${bot.baseUrl}/healthz`);
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ ready: true });

    ready = false;
    const down = await fetch(`${bot.baseUrl}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ ready: false });
  });

  it('answers 404 on unknown routes', async () => {
    expect((await fetch(`${bot.baseUrl}/nope`)).status).toBe(404);
    expect((await fetch(`${bot.baseUrl}/slack/events`)).status).toBe(404); // GET, not POST
    expect((await fetch(`${bot.baseUrl}/slack/other`, { method: 'POST', body: '{}' })).status).toBe(
      404,
    );
  });

  it('refuses a body over 256 kB and answers nothing', async () => {
    const responseUrl = bot.fake.responseUrl();
    const form = makeSlashCommand({ text: 'a'.repeat(300 * 1024), response_url: responseUrl });
    const result = await bot.post({ kind: 'command', form });
    expect(result.status).toBe(413); // Payload Too Large, before the signature is even checked
    await marker();
    expect(bot.fake.responses.filter((r) => r.url === responseUrl)).toEqual([]);
  });
});

describe('/roles', () => {
  it('with no text shows help, privately, mentioning /roles compare', async () => {
    const message = await roles('');
    expect(message.response_type).toBe('ephemeral');
    expect(blockTexts(message).join('\n')).toContain('/roles compare');
    expectNoLiveMentions(message);
  });

  it('help shows the same help', async () => {
    const message = await roles('help');
    expect(message.response_type).toBe('ephemeral');
    expect(blockTexts(message).join('\n')).toContain('/roles compare pm po');
    expect(buttonLabels(message)).toHaveLength(3);
  });

  it('answers a question privately with the owner, its sources and the buttons', async () => {
    const message = await roles('who owns the backlog?');
    expect(message.response_type).toBe('ephemeral');
    const texts = blockTexts(message).join('\n');
    expect(texts).toContain('Owner: Product Owner');
    expect(texts).toMatch(/`[\w.-]+\.md`/);
    const labels = buttonLabels(message);
    expect(labels.slice(0, 1)).toEqual(['Share in channel']);
    // 👍/👎 are Slack's native feedback buttons, each carrying the answer it votes on.
    const votes = feedbackButtons(message);
    expect(votes?.actionId).toBe('rolebot_feedback');
    expect(votes?.up).toMatch(/^\+\{"q":"who owns the backlog\?"/);
    expect(votes?.down).toMatch(/^-\{"q":"who owns the backlog\?"/);
  });

  it('shows "More passages" when the question has more than one page, starting after them', async () => {
    const message = await roles('what does a PM do?');
    const more = buttons(message).find((b) => b.label === 'More passages');
    expect(more, 'a "More passages" button').toBeDefined();
    const shown = message.blocks?.filter((b) => b.text?.text.startsWith('>')).length ?? 0;
    expect(shown).toBeGreaterThan(0);
    expect(JSON.parse(more?.value ?? '{}')).toMatchObject({ o: shown });
  });

  it('does not claim a private answer was shared', async () => {
    const message = await roles('who owns the backlog?');
    expect(message.response_type).toBe('ephemeral');
    expect(JSON.stringify(message.blocks)).not.toContain('shared by');
    expectNoLiveMentions(message);
  });

  it('owner <thing> shows a verdict card that says the sources disagree', async () => {
    const message = await roles('owner roadmap');
    expect(message.response_type).toBe('ephemeral');
    const texts = blockTexts(message).join('\n');
    expect(texts).toMatch(/\*Owner: Product (Manager|Owner)\*/);
    expect(texts).toMatch(/sources disagree/i);
    expect(message.text).toMatch(/sources disagree/i);
  });

  it('compare pm po posts a table to the channel', async () => {
    const message = await roles('compare pm po');
    expect(message.response_type).toBe('in_channel');
    const header = message.blocks?.find((b) => b.type === 'header');
    expect(header?.text?.text).toBe('Product Manager vs Product Owner');
    const table = message.attachments?.[0]?.blocks?.[0];
    expect(table?.type).toBe('table');
    const rows = table?.rows ?? [];
    expect(rows[0]?.map((cell) => cell.text)).toEqual([
      'Aspect',
      'Product Manager',
      'Product Owner',
    ]);
    expect(rows).toHaveLength(ASPECTS.length + 1);
    rows.slice(1).forEach((row, i) => {
      expect(row).toHaveLength(3);
      expect(row[0]?.text.startsWith(ASPECTS[i] ?? '?')).toBe(true);
    });
    const sources = blockTexts(message).find((t) => t.startsWith(':books:'));
    expect(sources).toMatch(/\[1\] .+/);
    expectNoLiveMentions(message, { allow: [`<@${USER_ID}>`] });
  });

  it('compare pm po backlog keeps only the matching rows', async () => {
    const message = await roles('compare pm po backlog');
    expect(message.response_type).toBe('in_channel');
    const rows = message.attachments?.[0]?.blocks?.[0]?.rows ?? [];
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.length).toBeLessThan(ASPECTS.length + 1);
    for (const row of rows.slice(1)) expect(row[0]?.text).toMatch(/backlog/i);
  });

  it('compare po po explains the problem privately', async () => {
    const message = await roles('compare po po');
    expect(message.response_type).toBe('ephemeral');
    expect(message.attachments).toBeUndefined();
    expect(blockTexts(message)[0]).toMatch(/^:warning: Pick two different roles/);
  });
});

describe('compare fallback', () => {
  it('sends the table-free card when Slack rejects the table', async () => {
    bot.fake.failResponses({ status: 400, body: 'invalid_blocks' });
    const { responseUrl } = await bot.slash('compare pm po');
    const rejected = asMessage((await bot.responseTo(responseUrl, 0)).body);
    expect(rejected.attachments?.[0]?.blocks?.[0]?.type).toBe('table');
    const second = await bot.responseTo(responseUrl, 1);
    expect(second.fault).toBeUndefined();
    const message = asMessage(second.body);
    expectValidMessage(message);
    expect(message.response_type).toBe('in_channel');
    expect(message.attachments ?? []).toEqual([]);
    expect(JSON.stringify(message)).not.toContain('"table"');
    const rows = (message.blocks ?? []).filter((b) => b.type === 'section' && b.fields);
    expect(rows).toHaveLength(ASPECTS.length);
    rows.forEach((row, i) => {
      expect(row.text?.text).toContain(`*${ASPECTS[i]?.replace(/&/g, '&amp;')}*`);
      expect(row.fields).toHaveLength(2);
      expect(row.fields?.[0]?.text).toMatch(/^\*Product Manager\*\n/);
      expect(row.fields?.[1]?.text).toMatch(/^\*Product Owner\*\n/);
    });
    expect(bot.logs.some((l) => /rejected the message blocks/.test(l.msg ?? ''))).toBe(true);
  });
});
