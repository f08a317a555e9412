import type { Engine } from '../../answers/engine.js';
import type { AskOptions } from '../../answers/types.js';
import type { Logger } from '../../logger.js';
import type { ExpiringSet } from '../expiring-set.js';
import type { Feedback } from '../feedback.js';
import type { OwnerTopic } from '../owner-topics.js';
import type { ChannelPacer } from '../pacer.js';
import type { SlackSettings } from '../settings.js';

/** What every listener needs, built once in app.ts and passed in (no module state). */
export interface ListenerContext {
  engine: Engine;
  logger: Logger;
  /** Threads rolebot answered in (`channel:thread_ts`), so follow-ups need no new mention. */
  threads: ExpiringSet;
  onboardingChannels: ReadonlySet<string>;
  /** Votes, gaps and shared dedupe (degrades to logging when the store is down). */
  feedback: Feedback;
  /** Slack user ids allowed to see `/roles gaps`. */
  admins: ReadonlySet<string>;
  /** chat.postMessage per channel at Slack's pace (queued, never dropped). */
  pacer: ChannelPacer;
  /** What the "Who owns…?" menu offers (the knowledge's topics; worked out once per version). */
  topics: () => OwnerTopic[];
  /** What admins set with `/roles config` (per channel, the owners channel), shared by replicas. */
  settings: SlackSettings;
}

/** Engine options every answer gets: the down-votes people gave, for ranking. */
export function askOptions(context: ListenerContext): AskOptions {
  const feedback = context.feedback.ranking();
  return feedback ? { feedback } : {};
}
