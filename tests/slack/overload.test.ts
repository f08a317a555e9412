// Issue 17: a burst beyond what rolebot can answer in time. Every request is still acknowledged
// within Slack's 3 s; answers wait in a bounded queue, and what cannot be answered in time gets a
// polite "busy, try again" (counted in the log) instead of a timeout. Nothing is lost: every
// command gets exactly one reply, an answer or the busy note. The limits are shrunk so a burst of
// 40 is "beyond capacity": 2 answers at a time, each held 1.5 s by a slow response_url.
import { describe, expect, it } from 'vitest';
import { BUSY_TEXT } from '../../src/slack/admission.js';
import { asMessage, useRolebot } from '../support/rolebot-app.js';

const bot = useRolebot({
  mode: 'http',
  app: {
    admission: {
      concurrency: 2,
      maxQueued: 4,
      ackWaitMs: 500,
      eventWaitMs: 1_000,
      reportEveryMs: 200,
    },
  },
});

const BURST = 40;

describe('a burst beyond capacity', () => {
  it('acks every command within 3 s, answers what it can and says "busy" to the rest', async () => {
    bot.fake.failResponses({ delayMs: 1_500 }, BURST * 2);
    const sent = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        bot.slash(i % 2 ? 'who owns the roadmap?' : 'what does a PO do?'),
      ),
    );
    // Slack's deadline is the behaviour here: an ack after 3 s is an error shown to the user.
    expect(sent.map((s) => s.ack.status)).toEqual(Array(BURST).fill(200));
    expect(Math.max(...sent.map((s) => s.ack.ms))).toBeLessThan(3_000);

    const urls = new Set(sent.map((s) => s.responseUrl));
    await bot.fake.waitForResponse(
      () => bot.fake.responses.filter((r) => urls.has(r.url)).length >= BURST,
      15_000,
    );
    const replies = bot.fake.responses.filter((r) => urls.has(r.url));
    // Exactly one reply per command: none lost, none doubled.
    expect(new Set(replies.map((r) => r.url)).size).toBe(BURST);
    expect(replies).toHaveLength(BURST);
    const busy = replies.filter((r) => asMessage(r.body).text === BUSY_TEXT);
    const answered = replies.length - busy.length;
    expect(busy.length).toBeGreaterThan(0);
    expect(answered).toBeGreaterThanOrEqual(2);
    for (const reply of busy) expect(asMessage(reply.body).response_type).toBe('ephemeral');

    const counted = await bot.waitForLog((l) => /^overloaded/.test(l.msg ?? ''), 5_000);
    expect(counted.level).toBe(40);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const total = bot.logs
      .filter((l) => /^overloaded/.test(l.msg ?? ''))
      .reduce((sum, l) => sum + Number(l.shed), 0);
    expect(total).toBe(busy.length);
  });
});
