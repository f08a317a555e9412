// What Slack is sent for each /roles reply: the verdict card for "who owns…" however it was
// asked, where it goes for each audience, and which answers are knowledge gaps.
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/answers/engine.js';
import { replyTo } from '../../src/slack/replies.js';
import { seedEngine } from '../support/seed-engine.js';

const engine: Engine = await seedEngine();

const texts = (message: { blocks?: unknown[] }) => JSON.stringify(message.blocks ?? []);

describe('replyTo', () => {
  it.each([
    ['ephemeral', 'ephemeral'],
    ['thread', 'ephemeral'],
    ['channel', 'in_channel'],
  ] as const)('sends the verdict card for a "who owns" question (%s → %s)', (audience, type) => {
    const reply = replyTo({ kind: 'ask', question: 'who owns the product backlog?' }, engine, {
      audience,
    });
    expect(texts(reply.message)).toContain('Owner: Product Owner');
    // The card's evidence grouped by role, which a plain answer does not have.
    expect(texts(reply.message)).toMatch(/\*Product Owner\* — \d+ statements? for"/);
    expect(reply.responseType).toBe(type);
    expect(reply.unanswered).toBeUndefined();
  });

  it('sends the same card for "/roles owner backlog" and "who owns the product backlog?"', () => {
    const asked = replyTo({ kind: 'ask', question: 'who owns the product backlog?' }, engine, {
      audience: 'ephemeral',
    });
    const owner = replyTo({ kind: 'owner', thing: 'product backlog' }, engine, {
      audience: 'ephemeral',
    });
    for (const reply of [owner, asked]) {
      expect(texts(reply.message)).toMatch(/\*Product Owner\* — \d+ statements? for"/);
    }
  });

  it('records an unanswered question as a knowledge gap, and only that', () => {
    const off = replyTo({ kind: 'ask', question: 'what is the capital of Peru?' }, engine, {
      audience: 'ephemeral',
    });
    expect(off.unanswered).toBe('what is the capital of Peru?');
    const on = replyTo({ kind: 'ask', question: 'what does a project manager do?' }, engine, {
      audience: 'ephemeral',
    });
    expect(on.unanswered).toBeUndefined();
  });

  it('posts a comparison to the channel, with a table-free fallback', () => {
    const reply = replyTo(
      { kind: 'compare', roles: ['product-manager', 'product-owner'], topic: '' },
      engine,
      { audience: 'ephemeral', sharedBy: 'U1' },
    );
    expect(reply.responseType).toBe('in_channel');
    expect(reply.fallback).toBeDefined();
  });
});
