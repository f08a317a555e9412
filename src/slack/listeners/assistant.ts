import {
  type App,
  Assistant,
  type AssistantConfig,
  type AssistantUserMessageMiddleware,
} from '@slack/bolt';
import { parseRolesCommand } from '../../commands/roles-command.js';
import {
  PROMPT_TITLE,
  promptPlace,
  suggestedPrompts,
  threadTitle,
} from '../../render/slack/assistant-prompts.js';
import { deliver } from '../deliver.js';
import { ExpiringSet } from '../expiring-set.js';
import { replyTo } from '../replies.js';
import { plainQuestion } from '../slack-text.js';
import { askOptions, type ListenerContext } from './context.js';

export const ASSISTANT_STATUS = 'looking in the sources…';

type ThreadContext = Awaited<ReturnType<NonNullable<AssistantConfig['threadContextStore']>['get']>>;
type StoreArgs = Parameters<NonNullable<AssistantConfig['threadContextStore']>['get']>[0];

/**
 * The assistant (split view / agent DM) through Bolt's `Assistant`: a new thread gets suggested
 * prompts for the channel the person is viewing, a question gets a status while rolebot looks,
 * then the answer in the thread; the first question becomes the thread's title. Plain DMs (no
 * thread) still go to the message listener in events.ts.
 */
export function registerAssistant(app: App, context: ListenerContext): void {
  const threadContexts = new ThreadContexts();
  // Threads that already have a title: only the first question names the thread.
  const titled = new ExpiringSet({ maxEntries: 10_000, ttlMs: 7 * 24 * 3_600_000 });

  const userMessage: AssistantUserMessageMiddleware = async (args) => {
    const { message, setStatus, setTitle, say } = args;
    if (message.subtype !== undefined || 'bot_id' in message) return;
    if (!('text' in message) || !message.text) return;
    const question = plainQuestion(message.text, args.context.botUserId);
    if (!question) return;
    const thread = 'thread_ts' in message && message.thread_ts ? message.thread_ts : message.ts;
    // Status and title are courtesies, like the 👀 on a mention: if Slack refuses them (a
    // thread that is not an assistant thread, a missing scope), that is logged and the answer
    // still goes out.
    const courtesy = (what: string) => (error: unknown) =>
      context.logger.warn({ err: (error as Error).message }, `could not set the assistant ${what}`);
    await setStatus(ASSISTANT_STATUS).catch(courtesy('status'));
    if (titled.add(`${message.channel}:${thread}`))
      await setTitle(threadTitle(question)).catch(courtesy('title'));
    const reply = replyTo(parseRolesCommand(question), context.engine, {
      audience: 'thread',
      ask: askOptions(context),
    });
    await deliver(
      (payload) => context.pacer.run(message.channel, () => say(payload)),
      reply,
      context.logger,
    );
    context.logger.info(
      { surface: 'assistant', channel: message.channel },
      'answered in assistant',
    );
    if (reply.unanswered) await context.feedback.unanswered(reply.unanswered);
  };

  const assistant = new Assistant({
    threadContextStore: {
      get: async (args) => threadContexts.get(args),
      save: async (args) => threadContexts.save(args),
    },
    threadStarted: async ({ event, setSuggestedPrompts, saveThreadContext }) => {
      await saveThreadContext();
      const place = promptPlace(
        event.assistant_thread.context.channel_id,
        context.onboardingChannels,
      );
      await setSuggestedPrompts({ title: PROMPT_TITLE, prompts: suggestedPrompts(place) });
    },
    threadContextChanged: async ({ event, saveThreadContext, setSuggestedPrompts }) => {
      await saveThreadContext();
      // Before the first question, the prompts follow the person to the channel they moved to.
      const { channel_id: channel, thread_ts: ts, context: viewing } = event.assistant_thread;
      if (titled.has(`${channel}:${ts}`)) return;
      const place = promptPlace(viewing.channel_id, context.onboardingChannels);
      await setSuggestedPrompts({ title: PROMPT_TITLE, prompts: suggestedPrompts(place) });
    },
    userMessage,
  });
  app.assistant(assistant);
}

/**
 * Which channel each assistant thread was opened from, in memory. Bolt's default store keeps one
 * context for the whole app (the last saved), reads thread history with conversations.replies on
 * every reply and rewrites the first message with chat.update; rolebot only needs the context to
 * travel with its replies' metadata, so a bounded map per thread does.
 */
class ThreadContexts {
  private readonly contexts = new Map<string, ThreadContext>();

  get(args: StoreArgs): ThreadContext {
    const key = threadKey(args.payload);
    return (key && this.contexts.get(key)) || {};
  }

  save(args: StoreArgs): void {
    const payload = args.payload as { assistant_thread?: { context?: ThreadContext } };
    const key = threadKey(args.payload);
    if (!key || !payload.assistant_thread?.context) return;
    this.contexts.delete(key);
    this.contexts.set(key, { ...payload.assistant_thread.context });
    if (this.contexts.size > 10_000) {
      const oldest = this.contexts.keys().next().value;
      if (oldest !== undefined) this.contexts.delete(oldest);
    }
  }
}

/** `channel:thread_ts` of an assistant event (its assistant_thread) or of a message in one. */
function threadKey(payload: StoreArgs['payload']): string | undefined {
  const data = payload as {
    assistant_thread?: { channel_id?: string; thread_ts?: string };
    channel?: string;
    thread_ts?: string;
  };
  const channel = data.assistant_thread?.channel_id ?? data.channel;
  const ts = data.assistant_thread?.thread_ts ?? data.thread_ts;
  return channel && ts ? `${channel}:${ts}` : undefined;
}
