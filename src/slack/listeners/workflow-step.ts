import type { App } from '@slack/bolt';
import { findOwnerError, findOwnerOutputs } from '../../render/slack/workflow-outputs.js';
import { plainQuestion } from '../slack-text.js';
import { askOptions, type ListenerContext } from './context.js';

/** The manifest's `functions` callback id for the "Find owner" step. */
export const FIND_OWNER_STEP = 'find_owner';

/**
 * The Workflow Builder step "Find owner" (Bolt's `app.function`, acknowledged at once): the
 * question in, the owner verdict out through functions.completeSuccess, or completeError with a
 * message the workflow's author can act on. The event carries its own token, which Bolt's
 * client for this listener uses.
 *
 * Any other step id (a step removed from rolebot but still in someone's workflow) is acknowledged
 * and failed with a message too, instead of being left to time out unanswered.
 */
export function registerWorkflowStep(app: App, context: ListenerContext): void {
  app.function(FIND_OWNER_STEP, async ({ inputs, complete, fail }) => {
    const raw = typeof inputs.question === 'string' ? inputs.question : undefined;
    const question = raw === undefined ? '' : plainQuestion(raw);
    if (!question) {
      await fail({ error: findOwnerError(raw) });
      return;
    }
    const outputs = findOwnerOutputs(context.engine.owner(question, askOptions(context)));
    context.logger.info(
      { surface: 'workflow_step', answered: outputs !== undefined, role: outputs?.role_id },
      'answered a workflow step',
    );
    if (!outputs) {
      await context.feedback.unanswered(question);
      await fail({ error: findOwnerError(question) });
      return;
    }
    await complete({ outputs: { ...outputs } });
  });

  app.event('function_executed', async ({ event, ack, fail }) => {
    if (event.function.callback_id === FIND_OWNER_STEP) return;
    await ack();
    context.logger.warn(
      { step: event.function.callback_id },
      'workflow step rolebot does not have',
    );
    await fail({
      error: `rolebot has no step "${event.function.callback_id.slice(0, 100)}" (any more). Remove it from the workflow and use rolebot's "Find owner" step instead.`,
    });
  });
}
