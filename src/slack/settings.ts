import type { Logger } from '../logger.js';
import { type SettingChange, type SettingRow, WORKSPACE } from '../store/settings.js';
import type { StoreSlot } from './feedback.js';

/** What one channel does, as `/roles config` set it (or the configuration's defaults). */
export interface ChannelSettings {
  /** Newcomers get the private welcome (default: listed in ONBOARDING_CHANNELS). */
  welcome: boolean;
  /** Answer without a mention: never, or questions ending in "?" that the knowledge covers. */
  unmentioned: 'off' | 'questions';
  /** `/roles` answers: private with Share in channel, or posted to the channel. */
  visibility: 'private' | 'public';
}

export interface EffectiveSettings {
  /** Where "Ask a person" posts; undefined: no escalation (the button is not shown). */
  ownersChannel: string | undefined;
  channel(id: string): ChannelSettings;
}

/**
 * The settings as stored, shared by every replica. `current()` reads them through (one small
 * query) so a change made on any replica applies to the next request; `snapshot()` is the last
 * read, for the synchronous checks that decide whether an event is handled at all.
 */
export interface SlackSettings {
  current(): Promise<EffectiveSettings>;
  snapshot(): EffectiveSettings;
  /**
   * Stores the changes (audited with the admin's id). 'stored': committed; 'no-store': there
   * is no store to keep them in; 'failed': the store refused.
   */
  change(
    changes: readonly SettingChange[],
    admin: string,
  ): Promise<'stored' | 'no-store' | 'failed'>;
}

export interface SettingsDefaults {
  onboardingChannels: ReadonlySet<string>;
  ownersChannel: string | undefined;
}

export function createSettings(
  slot: StoreSlot,
  defaults: SettingsDefaults,
  logger: Logger,
): SlackSettings {
  let last = effective([], defaults);
  let lastFailure = 0;
  const failed = (operation: string, error: unknown) => {
    if (Date.now() - lastFailure > 60_000) {
      // A warning: the outage's one error line is feedback.ts's.
      logger.warn(
        { err: (error as Error).message, operation },
        'store unavailable: using the last settings read',
      );
      lastFailure = Date.now();
    }
  };
  return {
    async current() {
      const store = slot.current;
      if (!store) return last;
      try {
        last = effective(await store.settings(), defaults);
      } catch (error) {
        failed('settings', error);
      }
      return last;
    },
    snapshot: () => last,
    async change(changes, admin) {
      const store = slot.current;
      if (!store) return 'no-store';
      try {
        const made = await store.changeSettings(changes, admin);
        logger.info(
          { changes: made.map((change) => `${change.scope || 'workspace'}.${change.name}`) },
          'settings changed',
        );
        last = effective(await store.settings(), defaults);
        return 'stored';
      } catch (error) {
        failed('changeSettings', error);
        return 'failed';
      }
    },
  };
}

/** The stored rows over the configuration's defaults. */
export function effective(
  rows: readonly SettingRow[],
  defaults: SettingsDefaults,
): EffectiveSettings {
  const byScope = new Map<string, Map<string, string>>();
  for (const row of rows) {
    let scope = byScope.get(row.scope);
    if (!scope) {
      scope = new Map();
      byScope.set(row.scope, scope);
    }
    scope.set(row.name, row.value);
  }
  const owners = byScope.get(WORKSPACE)?.get('owners_channel');
  return {
    // An admin's "none" is stored as '' (and wins over ROLEBOT_OWNERS_CHANNEL).
    ownersChannel: owners === undefined ? defaults.ownersChannel : owners || undefined,
    channel(id) {
      const stored = byScope.get(id);
      const welcome = stored?.get('welcome');
      return {
        welcome: welcome === undefined ? defaults.onboardingChannels.has(id) : welcome === 'on',
        unmentioned: stored?.get('unmentioned') === 'questions' ? 'questions' : 'off',
        visibility: stored?.get('visibility') === 'public' ? 'public' : 'private',
      };
    },
  };
}

/**
 * Whether an event's handling depends on the settings: a join (the welcome) or a top-level
 * channel message that reads as a question (answering without a mention). Cheap and
 * synchronous; everything else needs no read.
 */
export function readsSettings(body: unknown): boolean {
  const event = (body as { type?: string; event?: Record<string, unknown> }).event;
  if ((body as { type?: string }).type !== 'event_callback' || !event) return false;
  if (event.type === 'member_joined_channel') return true;
  return (
    event.type === 'message' &&
    event.subtype === undefined &&
    event.bot_id === undefined &&
    event.thread_ts === undefined &&
    event.channel_type !== 'im' &&
    typeof event.text === 'string' &&
    looksLikeQuestion(event.text)
  );
}

/** A message that ends in "?" (ignoring trailing spaces and Slack markup such as a mention). */
export function looksLikeQuestion(text: string): boolean {
  return /\?\s*(?:<[^<>]*>\s*)*$/.test(text.slice(-500));
}

/**
 * Global middleware, before dedupe: reads the settings through for the events that depend on
 * them, so the synchronous checks (which events are handled, claimed and answered) see what
 * another replica stored a moment ago.
 */
export function refreshSettingsMiddleware(
  settings: SlackSettings,
): (args: { body: unknown; next: () => Promise<void> }) => Promise<void> {
  return async ({ body, next }) => {
    if (readsSettings(body)) await settings.current();
    await next();
  };
}
