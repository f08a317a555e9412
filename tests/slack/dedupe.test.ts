import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { dedupeMiddleware } from '../../src/slack/dedupe.js';
import { ExpiringSet } from '../../src/slack/expiring-set.js';

describe('ExpiringSet', () => {
  it('says a key is new once, until it expires', () => {
    let now = 0;
    const set = new ExpiringSet({ maxEntries: 10, ttlMs: 1_000, now: () => now });
    expect(set.add('Ev1')).toBe(true);
    expect(set.add('Ev1')).toBe(false);
    now = 999;
    expect(set.add('Ev1')).toBe(false);
    now = 1_000;
    expect(set.has('Ev1')).toBe(false);
    expect(set.add('Ev1')).toBe(true);
  });

  it('keeps at most maxEntries, dropping the oldest first', () => {
    const set = new ExpiringSet({ maxEntries: 3, ttlMs: 60_000 });
    for (const key of ['a', 'b', 'c', 'd']) set.add(key);
    expect(set.size).toBe(3);
    expect(set.has('a')).toBe(false);
    expect(set.has('d')).toBe(true);
  });

  it('stays flat over 100,000 distinct events', () => {
    let now = 0;
    const set = new ExpiringSet({ maxEntries: 5_000, ttlMs: 600_000, now: () => now });
    const sizes: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      now += 10;
      set.add(`Ev${i}`);
      if (i % 10_000 === 9_999) sizes.push(set.size);
    }
    // Bounded by maxEntries from the moment it fills, however many events arrive.
    expect(Math.max(...sizes)).toBeLessThanOrEqual(5_000);
    expect(sizes.at(-1)).toBe(sizes[1]);
  });
});

describe('dedupeMiddleware', () => {
  const logger = createLogger({ level: 'silent' });

  function run(middleware: ReturnType<typeof dedupeMiddleware>, body: unknown) {
    let passed = 0;
    let acked = 0;
    return middleware({
      body,
      next: async () => {
        passed++;
      },
      ack: async () => {
        acked++;
      },
    } as never).then(() => ({ passed, acked }));
  }

  it('lets each event_id through once, however often Slack delivers it', async () => {
    const middleware = dedupeMiddleware(logger);
    const event = { type: 'event_callback', event_id: 'Ev42', event: { type: 'app_mention' } };
    const results = await Promise.all([
      run(middleware, event),
      run(middleware, event),
      run(middleware, event),
    ]);
    expect(results.reduce((sum, r) => sum + r.passed, 0)).toBe(1);
    expect((await run(middleware, { ...event, event_id: 'Ev43' })).passed).toBe(1);
  });

  it('answers a double click once but acknowledges both clicks', async () => {
    const middleware = dedupeMiddleware(logger);
    const click = {
      type: 'block_actions',
      user: { id: 'U1' },
      container: { message_ts: '1.2' },
      actions: [{ action_id: 'rolebot_more', value: '{"q":"x","o":3}' }],
    };
    const first = await run(middleware, click);
    const second = await run(middleware, click);
    expect(first).toEqual({ passed: 1, acked: 0 });
    expect(second).toEqual({ passed: 0, acked: 1 });
    // Another button, or another person, is another intention.
    const other = await run(middleware, { ...click, user: { id: 'U2' } });
    expect(other.passed).toBe(1);
  });

  it('keeps its memory bounded over 100,000 distinct events', async () => {
    const middleware = dedupeMiddleware(logger, { maxEntries: 1_000 });
    let passed = 0;
    for (let i = 0; i < 100_000; i++) {
      passed += (await run(middleware, { type: 'event_callback', event_id: `Ev${i}` })).passed;
    }
    expect(passed).toBe(100_000);
    // Only the newest 1,000 ids are remembered: a recent one is still a duplicate, the first one
    // has been let go (memory is bounded, not a list of every event ever seen).
    expect((await run(middleware, { type: 'event_callback', event_id: 'Ev99999' })).passed).toBe(0);
    expect((await run(middleware, { type: 'event_callback', event_id: 'Ev0' })).passed).toBe(1);
  });
});
