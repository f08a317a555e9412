// The Workflow Builder step "Find owner" (function_executed), end to end in both modes: acked at
// once (never left to Bolt's unhandled-request timeout), ended with completeSuccess and the
// verdict's outputs, or completeError with a message a workflow author understands.
import { describe, expect, it } from 'vitest';
import { useRolebot } from '../support/rolebot-app.js';
import { makeFunctionExecuted } from '../support/slack-payloads.js';
import { MODES, sendEvent } from '../support/surface-driver.js';

const WORKFLOW_TOKEN = 'xwfp-test-workflow-token';

describe.each(MODES)('workflow step "Find owner" (%s)', (mode) => {
  const bot = useRolebot({ mode });

  it('ends with the owner, the deciding sentence and its source, using the step token', async () => {
    const event = makeFunctionExecuted({ inputs: { question: 'who owns the product backlog?' } });
    await sendEvent(bot, mode, event);
    const done = await bot.fake.waitForCall('functions.completeSuccess');
    expect(done.token).toBe(WORKFLOW_TOKEN);
    expect(done.args.function_execution_id).toBe(event.function_execution_id);
    const outputs = done.args.outputs as Record<string, unknown>;
    expect(outputs).toEqual({
      role: 'Product Owner',
      role_id: 'product-owner',
      contested: false,
      answer: expect.stringContaining('Product Owner'),
      source: expect.stringMatching(/\(tech-for-better-product-management\.md\)$/),
    });
    expect(bot.fake.callsTo('functions.completeError')).toEqual([]);
  });

  it('says when the sources disagree, for a bare topic as input', async () => {
    await sendEvent(bot, mode, makeFunctionExecuted({ inputs: { question: 'roadmap' } }));
    const done = await bot.fake.waitForCall('functions.completeSuccess');
    expect(done.args.outputs).toMatchObject({ role_id: 'product-manager', contested: true });
  });

  it('fails with an explanation when the knowledge names no owner', async () => {
    await sendEvent(
      bot,
      mode,
      makeFunctionExecuted({ inputs: { question: 'who owns the zorblat?' } }),
    );
    const failed = await bot.fake.waitForCall('functions.completeError');
    expect(failed.token).toBe(WORKFLOW_TOKEN);
    expect(failed.args.error).toContain('does not say who owns "who owns the zorblat?"');
    expect(bot.fake.callsTo('functions.completeSuccess')).toEqual([]);
  });

  it('fails naming the input when the question is empty', async () => {
    await sendEvent(bot, mode, makeFunctionExecuted({ inputs: { question: '   ' } }));
    const failed = await bot.fake.waitForCall('functions.completeError');
    expect(failed.args.error).toContain('the "Question" input is empty');
  });

  it('acknowledges and fails a step id it does not have, instead of timing out', async () => {
    const acked = await sendEvent(
      bot,
      mode,
      makeFunctionExecuted({ callback_id: 'old_step', inputs: {} }),
    );
    expect(acked.ms).toBeLessThan(1_000);
    const failed = await bot.fake.waitForCall('functions.completeError');
    expect(failed.args.error).toContain('rolebot has no step "old_step"');
  });

  it('reports a refused completeSuccess by ending the step with an error', async () => {
    bot.fake.fail('functions.completeSuccess', { error: 'internal_error' });
    await sendEvent(
      bot,
      mode,
      makeFunctionExecuted({ inputs: { question: 'who owns the backlog?' } }),
    );
    const failed = await bot.fake.waitForCall('functions.completeError');
    expect(failed.args.error).toContain('could not finish this step');
    await bot.waitForLog((line) => line.msg === 'could not answer a Slack request');
  });
});

describe('workflow step "Find owner" when rolebot is swamped', () => {
  // No answer slots at all: every request is shed at once.
  const bot = useRolebot({ mode: 'http', app: { admission: { concurrency: 0, maxQueued: 0 } } });

  it('acknowledges the step and ends it as busy, so the workflow does not hang', async () => {
    const acked = await sendEvent(bot, 'http', makeFunctionExecuted());
    expect(acked.ms).toBeLessThan(1_000);
    const failed = await bot.fake.waitForCall('functions.completeError');
    expect(failed.token).toBe(WORKFLOW_TOKEN);
    expect(String(failed.args.error)).toMatch(/swamped/);
  });
});
