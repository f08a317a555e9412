// Checks the deployment files against each other and against the repository: the Slack app
// manifest (every event the bot handles is subscribed and has the scopes Slack requires for it),
// SECURITY.md (lists exactly the manifest's scopes), the Dockerfile (stages, non-root user, health
// check, entry point) and .dockerignore (never excludes anything the Dockerfile copies). Only
// file reads: no Slack, no Docker engine.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MESSAGE_SHORTCUT } from '../src/slack/listeners/message-shortcut.js';
import { OWNER_SHORTCUT } from '../src/slack/listeners/owner-shortcut.js';
import { FIND_OWNER_STEP } from '../src/slack/listeners/workflow-step.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function read(file: string): string {
  return readFileSync(path.join(ROOT, file), 'utf8');
}

// ---- manifest.yml ------------------------------------------------------------------------------

/** The parts of a Slack app manifest these tests look at. */
interface Manifest {
  display_information?: {
    name?: string;
    description?: string;
    long_description?: string;
    background_color?: string;
  };
  features?: {
    bot_user?: { display_name?: string; always_online?: boolean };
    app_home?: {
      home_tab_enabled?: boolean;
      messages_tab_enabled?: boolean;
      messages_tab_read_only_enabled?: boolean;
    };
    slash_commands?: {
      command?: string;
      description?: string;
      usage_hint?: string;
      should_escape?: boolean;
      url?: string;
    }[];
    shortcuts?: { name?: string; type?: string; callback_id?: string; description?: string }[];
    assistant_view?: { assistant_description?: string; suggested_prompts?: unknown[] };
  };
  functions?: Record<
    string,
    {
      title?: string;
      description?: string;
      input_parameters?: { properties?: Record<string, { type?: string }>; required?: string[] };
      output_parameters?: { properties?: Record<string, { type?: string }>; required?: string[] };
    }
  >;
  oauth_config?: { scopes?: { bot?: string[]; user?: string[] } };
  settings?: {
    event_subscriptions?: { bot_events?: string[]; request_url?: string };
    interactivity?: { is_enabled?: boolean; request_url?: string };
    org_deploy_enabled?: boolean;
    function_runtime?: string;
    socket_mode_enabled?: boolean;
    token_rotation_enabled?: boolean;
  };
}

/** Events rolebot's listeners handle. */
const LISTENED_EVENTS = [
  'app_mention',
  'message.im',
  'message.channels',
  'message.groups',
  'member_joined_channel',
  'app_home_opened',
  'assistant_thread_started',
  'assistant_thread_context_changed',
  'function_executed',
] as const;

/** Bot scopes Slack requires before it delivers each event (from Slack's event reference). */
const EVENT_SCOPES: Readonly<Record<string, readonly string[]>> = {
  app_mention: ['app_mentions:read'],
  'message.im': ['im:history'],
  'message.channels': ['channels:history'],
  'message.groups': ['groups:history'],
  // channels:read delivers joins in public channels, groups:read in private ones.
  member_joined_channel: ['channels:read', 'groups:read'],
  app_home_opened: [],
  assistant_thread_started: ['assistant:write'],
  assistant_thread_context_changed: ['assistant:write'],
  // A workflow step's event comes with its own token; the app needs no scope for it.
  function_executed: [],
};

/**
 * The whole bot scope list. Least privilege: a new scope is a deliberate decision, so adding one
 * means changing this list, the comment beside it in manifest.yml and SECURITY.md.
 */
const EXPECTED_SCOPES = [
  'commands', // /roles
  'chat:write', // every reply, including chat.postEphemeral
  'app_mentions:read',
  'im:history',
  'channels:history',
  'groups:history',
  'channels:read',
  'groups:read',
  'reactions:write', // the 👀 reaction
  'assistant:write', // the assistant thread: prompts, status, title
  'users:read', // /roles config: is the person a workspace admin or owner (users.info)
];

const manifest = parse(read('manifest.yml')) as Manifest;
const botScopes = manifest.oauth_config?.scopes?.bot ?? [];
const botEvents = manifest.settings?.event_subscriptions?.bot_events ?? [];

describe('manifest.yml', () => {
  it('defines the /roles command, with its text passed through unescaped', () => {
    const roles = manifest.features?.slash_commands?.find(
      (command) => command.command === '/roles',
    );
    expect(roles).toBeDefined();
    expect(roles?.description).toBeTruthy();
    expect(roles?.usage_hint).toContain('help');
    expect(roles?.should_escape).toBe(false);
  });

  it('subscribes to every bot event the app listens to', () => {
    for (const event of LISTENED_EVENTS) {
      expect(botEvents, `bot_events should include ${event}`).toContain(event);
    }
  });

  it('requests the scopes Slack requires for each subscribed event', () => {
    for (const event of botEvents) {
      const required = EVENT_SCOPES[event];
      expect(required, `no known scopes for event ${event}; add it to EVENT_SCOPES`).toBeDefined();
      for (const scope of required ?? []) {
        expect(botScopes, `${event} needs the ${scope} scope`).toContain(scope);
      }
    }
  });

  it('can reply, run the slash command and react', () => {
    expect(botScopes).toContain('chat:write');
    expect(botScopes).toContain('commands');
    expect(botScopes).toContain('reactions:write');
  });

  it('requests exactly the expected bot scopes and no user scopes', () => {
    expect(new Set(botScopes).size, 'duplicate scopes').toBe(botScopes.length);
    expect([...botScopes].sort()).toEqual([...EXPECTED_SCOPES].sort());
    expect(manifest.oauth_config?.scopes?.user ?? []).toEqual([]);
  });

  it('enables the Home tab and a writable Messages tab', () => {
    expect(manifest.features?.app_home?.home_tab_enabled).toBe(true);
    expect(manifest.features?.app_home?.messages_tab_enabled).toBe(true);
    expect(manifest.features?.app_home?.messages_tab_read_only_enabled).toBe(false);
  });

  it('enables interactivity and Socket Mode', () => {
    expect(manifest.settings?.interactivity?.is_enabled).toBe(true);
    expect(manifest.settings?.socket_mode_enabled).toBe(true);
    // Org-ready, for the Workflow Builder step (custom steps need it).
    expect(manifest.settings?.org_deploy_enabled).toBe(true);
    expect(manifest.settings?.token_rotation_enabled).toBe(false);
  });

  it('declares the assistant view, with the scope its events need', () => {
    expect(manifest.features?.assistant_view?.assistant_description).toBeTruthy();
    expect(botScopes).toContain('assistant:write');
  });

  it('declares exactly the shortcuts rolebot listens for, within Slack limits', () => {
    const shortcuts = manifest.features?.shortcuts ?? [];
    expect(shortcuts.map((s) => [s.type, s.callback_id])).toEqual([
      ['message', MESSAGE_SHORTCUT],
      ['global', OWNER_SHORTCUT],
    ]);
    for (const shortcut of shortcuts) {
      expect(shortcut.name?.length ?? 0).toBeGreaterThan(0);
      expect(shortcut.name?.length ?? 0).toBeLessThanOrEqual(24);
      expect(shortcut.description?.length ?? 0).toBeGreaterThan(0);
      expect(shortcut.description?.length ?? 0).toBeLessThanOrEqual(150);
    }
    // Shortcuts need the commands scope.
    expect(botScopes).toContain('commands');
  });

  it('declares the "Find owner" step with the input and outputs the listener uses', () => {
    expect(Object.keys(manifest.functions ?? {})).toEqual([FIND_OWNER_STEP]);
    const step = manifest.functions?.[FIND_OWNER_STEP];
    expect(step?.title).toBe('Find owner');
    expect(step?.input_parameters?.properties?.question?.type).toBe('string');
    expect(step?.input_parameters?.required).toEqual(['question']);
    const outputs = step?.output_parameters?.properties ?? {};
    expect(Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.type]))).toEqual({
      role: 'string',
      role_id: 'string',
      contested: 'boolean',
      answer: 'string',
      source: 'string',
    });
    expect(step?.output_parameters?.required?.sort()).toEqual(Object.keys(outputs).sort());
    // A workflow step runs in rolebot itself and needs an org-ready app.
    expect(manifest.settings?.function_runtime).toBe('remote');
    expect(manifest.settings?.org_deploy_enabled).toBe(true);
  });

  it('has display information within Slack limits', () => {
    const info = manifest.display_information;
    expect(info?.name).toBe('rolebot');
    expect(info?.description?.length ?? 0).toBeGreaterThan(0);
    expect(info?.description?.length ?? 0).toBeLessThanOrEqual(140);
    expect(info?.long_description?.length ?? 0).toBeGreaterThanOrEqual(175);
    expect(info?.long_description?.length ?? 0).toBeLessThanOrEqual(4000);
    expect(info?.background_color).toMatch(/^#(?:[0-9a-fA-F]{3}){1,2}$/);
    expect(manifest.features?.bot_user?.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
    expect(manifest.features?.bot_user?.always_online).toBe(true);
  });
});

describe('SECURITY.md', () => {
  it('explains exactly the scopes manifest.yml requests', () => {
    const text = read('SECURITY.md');
    const section = text.split(/^## /m).find((part) => part.startsWith('Slack scopes')) ?? '';
    const listed = [...section.matchAll(/^- `([a-z_.]+:[a-z_.]+|commands)`/gm)].map(
      (match) => match[1],
    );
    expect(listed.sort()).toEqual([...botScopes].sort());
  });
});

// ---- Dockerfile and .dockerignore ---------------------------------------------------------------

interface Instruction {
  keyword: string;
  args: string;
}

interface Stage {
  base: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** Splits a Dockerfile into instructions: joins `\` continuations, drops comments and blanks. */
function parseInstructions(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let current = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1).trim()} `;
      continue;
    }
    current += line;
    const match = /^(\S+)\s*(.*)$/s.exec(current);
    if (match?.[1]) instructions.push({ keyword: match[1].toUpperCase(), args: match[2] ?? '' });
    current = '';
  }
  return instructions;
}

function parseStages(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of parseInstructions(text)) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--'));
      const as = words.findIndex((word) => word.toUpperCase() === 'AS');
      stages.push({
        base: words[0] ?? '',
        name: as >= 0 ? words[as + 1] : undefined,
        instructions: [],
      });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** COPY/ADD arguments: `--from` stage (if any) and the source paths, normalised. */
function copySources(args: string): { from: string | undefined; sources: string[] } {
  let from: string | undefined;
  const words: string[] = [];
  for (const word of args.split(/\s+/)) {
    if (word.startsWith('--from=')) from = word.slice('--from='.length);
    else if (!word.startsWith('--')) words.push(word);
  }
  const joined = words.join(' ');
  const paths = joined.startsWith('[') ? (JSON.parse(joined) as string[]) : words;
  const sources = paths
    .slice(0, -1)
    .map((source) => path.posix.normalize(source).replace(/^\.\//, '').replace(/\/$/, ''));
  return { from, sources };
}

/** An exec-form (JSON array) CMD or HEALTHCHECK command, or undefined for the shell form. */
function execForm(args: string): string[] | undefined {
  const start = args.indexOf('[');
  if (start < 0) return undefined;
  return JSON.parse(args.slice(start)) as string[];
}

interface IgnoreRule {
  negate: boolean;
  pattern: RegExp;
}

/** A .dockerignore glob as a RegExp: `*` and `?` stay within a path segment, `**` spans any. */
function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i] ?? '';
    if (char === '*' && glob[i + 1] === '*') {
      i += 1;
      if (glob[i + 1] === '/') {
        i += 1;
        source += '(?:.*/)?';
      } else {
        source += '.*';
      }
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

function parseDockerignore(text: string): IgnoreRule[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negate = line.startsWith('!');
      const glob = path.posix
        .normalize((negate ? line.slice(1) : line).trim())
        .replace(/^\/+/, '')
        .replace(/\/+$/, '');
      return { negate, pattern: globToRegExp(glob) };
    });
}

/**
 * Docker's rule: a path is excluded when the last pattern matching it, or one of its parent
 * folders, is not a `!` exception.
 */
function isExcluded(file: string, rules: readonly IgnoreRule[]): boolean {
  const parts = file.split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let excluded = false;
  for (const rule of rules) {
    if (candidates.some((candidate) => rule.pattern.test(candidate))) excluded = !rule.negate;
  }
  return excluded;
}

/** The path itself and, for a folder, every file below it (repository-relative, `/`-separated). */
function filesUnder(relative: string): string[] {
  const absolute = path.join(ROOT, relative);
  if (!statSync(absolute).isDirectory()) return [relative];
  const below = readdirSync(absolute, { recursive: true, encoding: 'utf8' })
    .map((entry) => `${relative}/${entry.split(path.sep).join('/')}`)
    .filter((entry) => statSync(path.join(ROOT, entry)).isFile());
  return [relative, ...below];
}

const stages = parseStages(read('Dockerfile'));
const runtime = stages.at(-1);
const ignoreRules = parseDockerignore(read('.dockerignore'));

/** Sources copied from the build context (not from another stage), in every stage. */
const contextSources = [
  ...new Set(
    stages.flatMap((stage) =>
      stage.instructions
        .filter(({ keyword }) => keyword === 'COPY' || keyword === 'ADD')
        .map(({ args }) => copySources(args))
        .filter(({ from }) => from === undefined)
        .flatMap(({ sources }) => sources),
    ),
  ),
];

function runtimeInstructions(keyword: string): Instruction[] {
  return runtime?.instructions.filter((instruction) => instruction.keyword === keyword) ?? [];
}

describe('Dockerfile', () => {
  it('has a build stage and a runtime stage on the same Node 22 base, pinned by digest, which package.json admits', () => {
    expect(stages.map((stage) => stage.name)).toEqual(['build', 'runtime']);
    for (const stage of stages) {
      expect(stage.base).toMatch(/^node:22-bookworm-slim@sha256:[0-9a-f]{64}$/);
      expect(stage.base).toBe(stages[0]?.base);
    }
    const engines = (JSON.parse(read('package.json')) as { engines?: { node?: string } }).engines;
    const minimum = Number(/^>=(\d+)\./.exec(engines?.node ?? '')?.[1]);
    expect(minimum).toBeLessThanOrEqual(22);
  });

  it('keeps the code root-owned and gives the bot only its data volume', () => {
    for (const { args } of runtimeInstructions('COPY')) expect(args).not.toMatch(/--chown/);
    const user = runtime?.instructions.findIndex((i) => i.keyword === 'USER') ?? -1;
    const lastWrite = (runtime?.instructions ?? []).findLastIndex(
      (i) => i.keyword === 'COPY' || i.keyword === 'RUN',
    );
    // Everything is copied and installed (as root) before the switch to the bot's user.
    expect(user).toBeGreaterThan(lastWrite);
    expect(runtimeInstructions('VOLUME').map(({ args }) => args)).toEqual(['/app/data']);
    expect(
      runtimeInstructions('ENV')
        .map(({ args }) => args)
        .join(' '),
    ).toMatch(/\bROLEBOT_DATA_DIR=\/app\/data\b/);
    expect(read('Dockerfile')).toMatch(/--read-only/);
  });

  it('ships the index cache built in the build stage, at the path both stages read', () => {
    const cache = [...(stages[0]?.instructions ?? []), ...(stages[1]?.instructions ?? [])];
    expect(
      cache.filter(
        ({ keyword, args }) =>
          keyword === 'ENV' && args.includes('INDEX_CACHE=/app/index-cache.bin'),
      ),
    ).toHaveLength(2);
    expect(
      cache.some(
        ({ keyword, args }) => keyword === 'COPY' && args.includes('/app/index-cache.bin'),
      ),
    ).toBe(true);
  });

  it('builds with the build script from tsconfig.build.json, which emits dist/main.js', () => {
    const build = stages[0]?.instructions ?? [];
    expect(build.some(({ keyword, args }) => keyword === 'RUN' && /\bnpm ci\b/.test(args))).toBe(
      true,
    );
    expect(build).toContainEqual({ keyword: 'RUN', args: 'npm run build' });
    const scripts = (JSON.parse(read('package.json')) as { scripts?: Record<string, string> })
      .scripts;
    // tsc, then the index cache for the shipped knowledge (restored at start, see INDEX_CACHE).
    expect(scripts?.build).toBe('tsc -p tsconfig.build.json && node dist/cli/main.js index');
    const tsconfig = JSON.parse(read('tsconfig.build.json')) as {
      compilerOptions?: { outDir?: string; rootDir?: string };
    };
    expect(tsconfig.compilerOptions).toMatchObject({ outDir: 'dist', rootDir: 'src' });
    expect(existsSync(path.join(ROOT, 'src/main.ts'))).toBe(true);
    expect(runtimeInstructions('CMD')).toEqual([
      { keyword: 'CMD', args: '["node", "dist/main.js"]' },
    ]);
  });

  it('installs only production dependencies in the runtime stage', () => {
    const installs = runtimeInstructions('RUN').filter(({ args }) => /\bnpm ci\b/.test(args));
    expect(installs.length).toBeGreaterThan(0);
    for (const { args } of installs) expect(args).toContain('--omit=dev');
    expect(
      runtimeInstructions('ENV').some(({ args }) => /\bNODE_ENV=production\b/.test(args)),
    ).toBe(true);
  });

  it('copies the compiled code, the knowledge base and the English lexicon from the build stage', () => {
    const fromBuild = runtimeInstructions('COPY')
      .map(({ args }) => copySources(args))
      .filter(({ from }) => from === 'build')
      .flatMap(({ sources }) => sources);
    expect(fromBuild).toEqual(
      expect.arrayContaining(['/app/dist', '/app/knowledge', '/app/resources']),
    );
  });

  it('runs as the non-root node user', () => {
    expect(runtimeInstructions('USER').at(-1)?.args).toBe('node');
  });

  it('configures the port and knowledge folder', () => {
    const env = runtimeInstructions('ENV')
      .map(({ args }) => args)
      .join(' ');
    expect(env).toMatch(/\bPORT=3000\b/);
    expect(env).toMatch(/\bKNOWLEDGE_DIR=\/app\/knowledge\b/);
    expect(runtimeInstructions('EXPOSE').map(({ args }) => args)).toContain('3000');
  });

  it('has a HEALTHCHECK that fetches /healthz on loopback', () => {
    const healthchecks = runtimeInstructions('HEALTHCHECK');
    expect(healthchecks).toHaveLength(1);
    const args = healthchecks[0]?.args ?? '';
    for (const option of ['--interval=30s', '--timeout=5s', '--start-period=20s', '--retries=3']) {
      expect(args).toContain(option);
    }
    const command = execForm(args);
    expect(command?.[0]).toBe('node');
    expect(command?.join(' ')).toMatch(/fetch\(.*127\.0\.0\.1.*\/healthz/);
    expect(command?.join(' ')).toContain('status === 200');
  });

  it('starts with node dist/main.js', () => {
    const commands = runtimeInstructions('CMD');
    expect(commands).toHaveLength(1);
    expect(execForm(commands[0]?.args ?? '')).toEqual(['node', 'dist/main.js']);
  });

  it('copies from the build context only paths that exist and .dockerignore keeps', () => {
    expect(contextSources).toEqual(
      expect.arrayContaining([
        'package.json',
        'package-lock.json',
        'tsconfig.json',
        'tsconfig.build.json',
        'src',
        'knowledge',
        'resources',
      ]),
    );
    for (const source of contextSources) {
      expect(existsSync(path.join(ROOT, source)), `${source} does not exist`).toBe(true);
      const excluded = filesUnder(source).filter((file) => isExcluded(file, ignoreRules));
      expect(excluded, `.dockerignore excludes files the Dockerfile copies`).toEqual([]);
    }
  });
});

describe('docker-compose.yml', () => {
  it('requires a Postgres password (no default) and says how to use TLS', () => {
    const compose = read('docker-compose.yml');
    expect(compose).not.toMatch(/change-me|POSTGRES_PASSWORD:-/);
    expect(compose).toMatch(/\$\{POSTGRES_PASSWORD:\?/);
    expect(compose).toMatch(/sslmode=/);
  });
});

describe('.dockerignore', () => {
  it('keeps secrets, dependencies, build output and dev-only folders out of the context', () => {
    for (const file of [
      '.env',
      '.env.production',
      'node_modules/yaml/package.json',
      'src/node_modules/x.js',
      'dist/main.js',
      'coverage/index.html',
      '.git/HEAD',
      'data/feedback.jsonl',
      'tests/deploy-files.test.ts',
      'bench/results.json',
      'scratch/eval.ts',
      '.ci/run',
      'npm-debug.log',
      'src/answers/debug.log',
    ]) {
      expect(isExcluded(file, ignoreRules), `${file} should be excluded`).toBe(true);
    }
  });
});
