// readConfig on its own: which mode each set of variables starts, every default, and an error
// that names the variable to fix (and never echoes a secret) for each half configuration.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INDEX_CACHE, readConfig } from '../src/config.js';
import { RolebotError } from '../src/errors.js';

const CWD = path.resolve('/srv/rolebot');
const BOT = 'xoxb-1111-secret-bot';
const APP = 'xapp-2222-secret-app';
const SECRET = 'signing-secret-3333';

function failure(env: Record<string, string>): RolebotError {
  try {
    readConfig(env, CWD);
  } catch (error) {
    expect(error).toBeInstanceOf(RolebotError);
    return error as RolebotError;
  }
  throw new Error(`readConfig accepted ${JSON.stringify(Object.keys(env))}`);
}

describe('readConfig', () => {
  it('starts the console with every default when no Slack variable is set', () => {
    expect(readConfig({}, CWD)).toEqual({
      mode: 'console',
      knowledgeDir: path.join(CWD, 'knowledge'),
      indexCache: path.join(CWD, DEFAULT_INDEX_CACHE),
      store: {
        enabled: true,
        databaseUrl: undefined,
        dataDir: path.join(CWD, 'data'),
        retentionDays: 90,
        hashKey: undefined,
      },
      logLevel: 'warn',
      noColor: false,
    });
  });

  it('reads Socket Mode from a bot and an app-level token, logging at info', () => {
    const config = readConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP }, CWD);
    expect(config).toMatchObject({
      mode: 'socket',
      botToken: BOT,
      appToken: APP,
      healthPort: undefined,
      logLevel: 'info',
    });
    expect(
      readConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP, PORT: '8080' }, CWD),
    ).toMatchObject({ mode: 'socket', healthPort: 8080 });
  });

  it('reads HTTP mode from a bot token and a signing secret, on port 3000 unless PORT says', () => {
    const env = { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET };
    expect(readConfig(env, CWD)).toMatchObject({
      mode: 'http',
      signingSecret: SECRET,
      port: 3000,
      host: undefined,
    });
    expect(readConfig({ ...env, PORT: '4000', HOST: '127.0.0.1' }, CWD)).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
    });
  });

  it('prefers Socket Mode when both an app-level token and a signing secret are set', () => {
    const env = { SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP, SLACK_SIGNING_SECRET: SECRET };
    expect(readConfig(env, CWD).mode).toBe('socket');
  });

  it.each([
    ['an app-level token alone', { SLACK_APP_TOKEN: APP }],
    ['a signing secret alone', { SLACK_SIGNING_SECRET: SECRET }],
    ['a blank bot token', { SLACK_BOT_TOKEN: '   ', SLACK_APP_TOKEN: APP }],
  ])('names SLACK_BOT_TOKEN as missing, and where to find it, given %s', (_, env) => {
    const error = failure(env);
    expect(error.code).toBe('config_missing');
    expect(error.message).toMatch(/^config: SLACK_BOT_TOKEN is missing: .*Bot User OAuth Token/);
    expect(error.message).not.toContain('SLACK_APP_TOKEN');
    expect(error.message).not.toContain('secret');
  });

  it('names both ways to connect when only the bot token is set', () => {
    const error = failure({ SLACK_BOT_TOKEN: BOT });
    expect(error.code).toBe('config_missing');
    expect(error.message).toContain('neither SLACK_APP_TOKEN');
    expect(error.message).toContain('nor SLACK_SIGNING_SECRET');
    expect(error.message).not.toContain(BOT);
  });

  it.each([
    ['SLACK_BOT_TOKEN', { SLACK_BOT_TOKEN: APP, SLACK_APP_TOKEN: APP }, '"xapp-"'],
    ['SLACK_APP_TOKEN', { SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: BOT }, '"xoxb-"'],
  ])('refuses a token of the wrong kind in %s, showing only its prefix', (name, env, seen) => {
    const error = failure(env);
    expect(error.code).toBe('config_invalid');
    expect(error.message).toMatch(new RegExp(`^config: ${name} must be`));
    expect(error.message).toContain(`starts with ${seen}`);
    expect(error.message).not.toContain('secret');
  });

  it.each([
    ['PORT', 'eighty', /PORT must be a port number \(1-65535\), not "eighty"/],
    ['PORT', '70000', /not "70000"/],
    ['ROLEBOT_RETENTION_DAYS', '0', /ROLEBOT_RETENTION_DAYS must be a whole number of days.*"0"/],
    ['SLACK_API_URL', 'ftp://slack', /SLACK_API_URL must be an http\(s\) URL, not "ftp:\/\/slack"/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of .* \(got "loud"\)/],
    [
      'ROLEBOT_OWNERS_CHANNEL',
      '#product-owners',
      /ROLEBOT_OWNERS_CHANNEL must be a channel id .*"#product-owners"/,
    ],
  ])('refuses %s=%s, naming the variable and the value', (name, value, message) => {
    const error = failure({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, [name]: value });
    expect(error.code).toBe('config_invalid');
    expect(error.message).toMatch(message);
  });

  it('resolves folders against the working directory and reads the optional variables', () => {
    const config = readConfig(
      {
        SLACK_BOT_TOKEN: BOT,
        SLACK_SIGNING_SECRET: SECRET,
        KNOWLEDGE_DIR: 'kb',
        ROLEBOT_DATA_DIR: '/var/lib/rolebot',
        ROLEBOT_RETENTION_DAYS: '30',
        DATABASE_URL: 'postgres://db/rolebot',
        SLACK_API_URL: 'http://127.0.0.1:9000/api',
        ONBOARDING_CHANNELS: ' C1, C2 ,,',
        ROLEBOT_ADMINS: 'U1',
        ROLEBOT_OWNERS_CHANNEL: 'C0OWNERS',
        LOG_LEVEL: 'DEBUG',
        NO_COLOR: '1',
      },
      CWD,
    );
    expect(config).toMatchObject({
      knowledgeDir: path.join(CWD, 'kb'),
      store: {
        databaseUrl: 'postgres://db/rolebot',
        dataDir: '/var/lib/rolebot',
        retentionDays: 30,
      },
      slackApiUrl: 'http://127.0.0.1:9000/api/',
      onboardingChannels: new Set(['C1', 'C2']),
      admins: new Set(['U1']),
      ownersChannel: 'C0OWNERS',
      logLevel: 'debug',
      noColor: true,
    });
  });

  it('turns the index cache off with INDEX_CACHE=off, or moves it to the file given', () => {
    expect(readConfig({ INDEX_CACHE: 'OFF' }, CWD).indexCache).toBeNull();
    expect(readConfig({ INDEX_CACHE: 'cache/index.bin' }, CWD).indexCache).toBe(
      path.join(CWD, 'cache', 'index.bin'),
    );
    expect(readConfig({ TERM: 'dumb' }, CWD).noColor).toBe(true);
  });
});

// Issue 15: the bot token only travels over https (plain http to this machine only, for tests and
// local fakes), and ROLEBOT_STORE=off turns storing off.
const HTTP = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'secret' };

describe('SLACK_API_URL', () => {
  it.each([
    'https://slack.example.com/api',
    'http://127.0.0.1:4000/api/',
    'http://localhost:9/api/',
  ])('accepts %s', (url) => {
    const config = readConfig({ ...HTTP, SLACK_API_URL: url }, '/');
    expect(config.mode === 'http' && config.slackApiUrl).toBe(url.endsWith('/') ? url : `${url}/`);
  });

  it.each(['http://slack-proxy.internal/api/', 'http://10.0.0.5/api/', 'ftp://127.0.0.1/'])(
    'refuses %s, naming the variable and never the token',
    (url) => {
      expect(() => readConfig({ ...HTTP, SLACK_API_URL: url }, '/')).toThrow(
        /^config: SLACK_API_URL must/,
      );
      try {
        readConfig({ ...HTTP, SLACK_API_URL: url }, '/');
      } catch (error) {
        expect((error as Error).message).not.toContain('xoxb-1-2-abc');
      }
    },
  );
});

describe('ROLEBOT_STORE', () => {
  it('stores by default and not with off', () => {
    expect(readConfig(HTTP, '/').store.enabled).toBe(true);
    expect(readConfig({ ...HTTP, ROLEBOT_STORE: 'off' }, '/').store.enabled).toBe(false);
    expect(() => readConfig({ ...HTTP, ROLEBOT_STORE: 'maybe' }, '/')).toThrow(/ROLEBOT_STORE/);
  });

  it('reads ROLEBOT_HASH_KEY as the pseudonym key', () => {
    expect(readConfig({ ...HTTP, ROLEBOT_HASH_KEY: 'k3y' }, '/').store.hashKey).toBe('k3y');
  });
});
