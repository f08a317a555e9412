import type { Engine } from '../../answers/engine.js';
import type { Logger } from '../../logger.js';
import type { ExpiringSet } from '../expiring-set.js';

/** What every listener needs, built once in app.ts and passed in (no module state). */
export interface ListenerContext {
  engine: Engine;
  logger: Logger;
  /** Threads rolebot answered in (`channel:thread_ts`), so follow-ups need no new mention. */
  threads: ExpiringSet;
  onboardingChannels: ReadonlySet<string>;
}
