// A small fake of Slack's side of the wire, on loopback only: the Web API (`POST /api/<method>`),
// response_urls, and the Socket Mode WebSocket. The real Bolt App / WebClient / SocketModeClient
// talk to it unmodified (via `clientOptions.slackApiUrl`), so nothing inside Bolt is mocked and
// no test ever reaches the real Slack.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type Logger, LogLevel } from '@slack/bolt';
import { type WebSocket, WebSocketServer } from 'ws';
import {
  APP_ID,
  BOT_ID,
  BOT_NAME,
  BOT_USER_ID,
  TEAM_DOMAIN,
  TEAM_ID,
  TEAM_NAME,
} from './slack-payloads.js';

// ---------------------------------------------------------------------------------------------
// Types

export type ApiArgs = Record<string, unknown>;
/** What a Web API method answers; `ok: true` is added when the handler leaves `ok` out. */
export type ApiResult = Record<string, unknown>;

/** One recorded Web API request (faulted attempts included, with the fault that answered it). */
export interface ApiCall {
  method: string;
  /** The decoded arguments: form fields WebClient JSON-encoded (blocks, view, ...) are parsed. */
  args: ApiArgs;
  /** Bearer token from the Authorization header (or a `token` argument), if any. */
  token: string | undefined;
  contentType: string;
  at: number;
  fault: Fault | undefined;
}

/** A POST to one of the fake's response_urls (Bolt's `respond()`). */
export interface ResponseRecord {
  id: string;
  url: string;
  body: unknown;
  at: number;
  fault: ResponseFault | undefined;
}

/**
 * An injected failure for one Web API request:
 * - `{ status: 429, retryAfter: 1 }` rate limit (WebClient honours `Retry-After`, then retries);
 *   a 429 without `retryAfter` makes WebClient give up at once.
 * - `{ status: 500 }` (any non-200): WebClient throws WebAPIHTTPError, after its retry policy.
 * - `{ error: 'invalid_blocks' }`: HTTP 200 `{ ok: false, error }` -> WebAPIPlatformError.
 * - `{ delayMs: 3000 }`: answer normally but late (client timeouts, ack deadlines).
 */
export type Fault =
  | { status: number; retryAfter?: number; body?: string }
  | { error: string; extra?: Record<string, unknown> }
  | { delayMs: number };

/** An injected failure for one response_url POST (Bolt's respond() throws on non-2xx). */
export type ResponseFault = { status: number; body?: string } | { delayMs: number };

export type ApiHandler = (call: ApiCall) => ApiResult | Promise<ApiResult>;

/** A Socket Mode envelope as Slack sends it over the WebSocket. */
export interface SocketEnvelope {
  envelope_id: string;
  type: 'events_api' | 'slash_commands' | 'interactive';
  payload: unknown;
  accepts_response_payload: boolean;
  /** Only on `events_api` envelopes. */
  retry_attempt?: number;
  retry_reason?: string;
}

/** What the client sends back: `{ envelope_id, payload }` (SocketModeClient always adds payload). */
export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
  at: number;
}

export type DisconnectReason =
  | 'refresh_requested'
  | 'warning'
  | 'too_many_websockets'
  | 'link_disabled'
  | (string & {});

export interface FakeSocketMode {
  /** WebSocket connections accepted so far (each was sent `hello`); 2 after one reconnect. */
  readonly connectionCount: number;
  /** Every envelope ack received, in order. */
  readonly acks: readonly SocketAck[];
  /** True while a client is connected (and has been sent `hello`). */
  connected(): boolean;
  /** Resolves once `connectionCount >= count` and a client is connected. */
  waitForConnection(count?: number, timeoutMs?: number): Promise<void>;
  /** Sends an envelope to the newest connection; resolves with the client's ack for it. */
  send(envelope: SocketEnvelope, timeoutMs?: number): Promise<SocketAck>;
  /** Sends Slack's `disconnect` message; the client should reconnect via apps.connections.open. */
  disconnect(reason?: DisconnectReason): void;
  /** Kills every connection without a close frame (network drop). */
  drop(): void;
}

export interface FakeSlack {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** `http://127.0.0.1:PORT/api/`, for `clientOptions.slackApiUrl`. */
  readonly apiUrl: string;
  readonly port: number;
  readonly calls: readonly ApiCall[];
  readonly responses: readonly ResponseRecord[];
  readonly socket: FakeSocketMode;
  callsTo(method: string): ApiCall[];
  /** Replaces the default answer for `method` (auth checks and faults still apply first). */
  handle(method: string, handler: ApiHandler): void;
  /** Queues `fault` for the next `times` calls to `method` (consumed in order). */
  fail(method: string, fault: Fault, times?: number): void;
  /** Queues `fault` for the next `times` POSTs to any response_url. */
  failResponses(fault: ResponseFault, times?: number): void;
  /** A fresh recording response_url: `http://127.0.0.1:PORT/response/<id>`. */
  responseUrl(name?: string): string;
  /** First call to `method` matching `predicate`, already recorded or still to come. */
  waitForCall(
    method: string,
    predicate?: (call: ApiCall) => boolean,
    timeoutMs?: number,
  ): Promise<ApiCall>;
  /** Resolves once `method` has been called at least `count` times. */
  waitForCalls(method: string, count: number, timeoutMs?: number): Promise<ApiCall[]>;
  /** First response_url POST matching `predicate`, already recorded or still to come. */
  waitForResponse(
    predicate?: (response: ResponseRecord) => boolean,
    timeoutMs?: number,
  ): Promise<ResponseRecord>;
  /** Clears records, faults and custom handlers (not connections or id counters). */
  reset(): void;
  /** Terminates sockets, rejects pending waits and closes the server. */
  close(): Promise<void>;
}

export interface FakeSlackOptions {
  /** Default timeout for the waitFor* helpers and socket acks (ms). */
  waitTimeoutMs?: number;
  /** Listen on this port (e.g. one rolebot was already told, to bring "Slack" up late). */
  port?: number;
}

// ---------------------------------------------------------------------------------------------
// Socket Mode envelope builders

export interface EventsEnvelopeOptions {
  envelopeId?: string;
  /** Slack redelivers unacked events with retry_attempt 1..3 and e.g. 'timeout'. */
  retryAttempt?: number;
  retryReason?: string;
}

/** Wraps an Events API `event_callback` body (see makeEventEnvelope) for Socket Mode. */
export function eventsApiEnvelope(
  body: unknown,
  options: EventsEnvelopeOptions = {},
): SocketEnvelope {
  return {
    envelope_id: options.envelopeId ?? randomUUID(),
    type: 'events_api',
    payload: body,
    accepts_response_payload: false,
    retry_attempt: options.retryAttempt ?? 0,
    retry_reason: options.retryReason ?? '',
  };
}

/** Wraps a slash command (see makeSlashCommand); its ack payload becomes the visible reply. */
export function slashCommandEnvelope(
  command: unknown,
  options: { envelopeId?: string } = {},
): SocketEnvelope {
  return {
    envelope_id: options.envelopeId ?? randomUUID(),
    type: 'slash_commands',
    payload: command,
    accepts_response_payload: true,
  };
}

/** Wraps an interaction payload (block_actions, view_submission, ...). */
export function interactiveEnvelope(
  payload: unknown,
  options: { envelopeId?: string } = {},
): SocketEnvelope {
  // Slack only accepts a response payload where one means something (modal submissions,
  // options requests); for block_actions the ack is empty.
  const type = isRecord(payload) ? payload.type : undefined;
  return {
    envelope_id: options.envelopeId ?? randomUUID(),
    type: 'interactive',
    payload,
    accepts_response_payload: type === 'view_submission' || type === 'block_suggestion',
  };
}

// ---------------------------------------------------------------------------------------------
// Implementation

const DEFAULT_WAIT_MS = 3000;

// Form fields whose free text must never be mistaken for JSON.
const TEXT_FIELDS = new Set(['text', 'markdown_text', 'username', 'icon_emoji', 'icon_url']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// WebClient form-encodes every argument and JSON-stringifies the non-primitive ones (blocks,
// attachments, view, metadata...). Undo that so tests can assert on structures.
function decodeFormValue(key: string, value: string): unknown {
  if (TEXT_FIELDS.has(key)) return value;
  const first = value.trimStart()[0];
  if (first !== '{' && first !== '[') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function fromSearchParams(params: URLSearchParams, into: ApiArgs): ApiArgs {
  for (const [key, value] of params) into[key] = decodeFormValue(key, value);
  return into;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function decodeArgs(
  raw: Buffer,
  contentType: string,
  query: URLSearchParams,
): Promise<ApiArgs> {
  const args = fromSearchParams(query, {});
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (raw.length === 0) return args;
  if (mediaType === 'application/json') {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    return isRecord(parsed) ? { ...args, ...parsed } : args;
  }
  if (mediaType === 'multipart/form-data') {
    // File uploads: let undici's Response parse the multipart body; files become a summary.
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    for (const [key, value] of form) {
      args[key] =
        typeof value === 'string'
          ? decodeFormValue(key, value)
          : { name: value.name, size: value.size };
    }
    return args;
  }
  return fromSearchParams(new URLSearchParams(raw.toString('utf8')), args);
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function summarize(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

// A list that tests can wait on: each waiter is checked against past and future items.
class Recorder<T> {
  readonly items: T[] = [];
  private waiters = new Set<{ check: () => boolean; fail: (error: Error) => void }>();

  push(item: T): void {
    this.items.push(item);
    for (const waiter of [...this.waiters]) waiter.check();
  }

  clear(): void {
    this.items.length = 0;
  }

  // Resolves with `select(items)` as soon as it returns non-undefined.
  wait<R>(
    select: (items: T[]) => R | undefined,
    timeoutMs: number,
    describe: () => string,
  ): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const waiter = {
        check: () => {
          const found = select(this.items);
          if (found === undefined) return false;
          this.waiters.delete(waiter);
          clearTimeout(timer);
          resolve(found);
          return true;
        },
        fail: (error: Error) => {
          this.waiters.delete(waiter);
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => waiter.fail(new Error(describe())), timeoutMs);
      this.waiters.add(waiter);
      waiter.check();
    });
  }

  rejectAll(error: Error): void {
    for (const waiter of [...this.waiters]) waiter.fail(error);
  }
}

/** Starts the fake on 127.0.0.1 with an ephemeral port. Always `close()` it in afterEach/afterAll. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const waitMs = options.waitTimeoutMs ?? DEFAULT_WAIT_MS;
  const calls = new Recorder<ApiCall>();
  const responses = new Recorder<ResponseRecord>();
  const acks = new Recorder<SocketAck>();
  const faults = new Map<string, Fault[]>();
  const responseFaults: ResponseFault[] = [];
  const handlers = new Map<string, ApiHandler>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  let tsCounter = 0;
  let viewCounter = 0;
  let responseCounter = 0;
  let ticketCounter = 0;
  const openTickets = new Set<string>();
  const homeViews = new Map<string, string>();
  let connectionCount = 0;
  const sockets: WebSocket[] = [];
  const connectionWaiters = new Recorder<number>();

  let base = '';

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  // Message timestamps like '1700000000.000100', strictly increasing.
  const nextTs = () => {
    tsCounter += 1;
    const micros = tsCounter * 100;
    return `${1_700_000_000 + Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  };

  const botMessage = (args: ApiArgs, ts: string): Record<string, unknown> => {
    const message: Record<string, unknown> = {
      type: 'message',
      text: str(args.text),
      user: BOT_USER_ID,
      bot_id: BOT_ID,
      app_id: APP_ID,
      team: TEAM_ID,
      ts,
    };
    for (const key of ['blocks', 'attachments', 'thread_ts', 'metadata']) {
      if (args[key] !== undefined) message[key] = args[key];
    }
    return message;
  };

  const viewResult = (args: ApiArgs, id: string, fallbackType: string) => {
    const view = isRecord(args.view) ? args.view : {};
    return {
      id,
      team_id: TEAM_ID,
      type: str(view.type, fallbackType),
      blocks: Array.isArray(view.blocks) ? view.blocks : [],
      private_metadata: str(view.private_metadata),
      callback_id: str(view.callback_id),
      state: { values: {} },
      hash: `${Date.now()}.${id}`,
      title: view.title ?? null,
      close: view.close ?? null,
      submit: view.submit ?? null,
      clear_on_close: false,
      notify_on_close: false,
      external_id: str(view.external_id),
      root_view_id: id,
      previous_view_id: null,
      app_id: APP_ID,
      app_installed_team_id: TEAM_ID,
      bot_id: BOT_ID,
    };
  };

  // Default answers, shaped like Slack's (trimmed to the fields an app plausibly reads).
  const defaults: Record<string, (args: ApiArgs) => ApiResult> = {
    'auth.test': () => ({
      url: `https://${TEAM_DOMAIN}.slack.com/`,
      team: TEAM_NAME,
      user: BOT_NAME,
      team_id: TEAM_ID,
      user_id: BOT_USER_ID,
      bot_id: BOT_ID,
      is_enterprise_install: false,
    }),
    'chat.postMessage': (args) => {
      const channel = str(args.channel);
      if (!channel) return { ok: false, error: 'channel_not_found' };
      if (args.text === undefined && args.blocks === undefined && args.attachments === undefined) {
        return { ok: false, error: 'no_text' };
      }
      const ts = nextTs();
      return { channel, ts, message: botMessage(args, ts) };
    },
    'chat.postEphemeral': (args) => {
      if (!str(args.channel)) return { ok: false, error: 'channel_not_found' };
      if (!str(args.user)) return { ok: false, error: 'user_not_in_channel' };
      return { message_ts: nextTs() };
    },
    'chat.update': (args) => {
      const channel = str(args.channel);
      const ts = str(args.ts);
      if (!channel) return { ok: false, error: 'channel_not_found' };
      if (!ts) return { ok: false, error: 'message_not_found' };
      return { channel, ts, text: str(args.text), message: botMessage(args, ts) };
    },
    // The assistant thread utilities (Bolt's Assistant calls them for setStatus, setTitle, ...).
    'assistant.threads.setStatus': (args) =>
      str(args.channel_id) && str(args.thread_ts) ? {} : { ok: false, error: 'invalid_arguments' },
    'assistant.threads.setSuggestedPrompts': (args) =>
      str(args.channel_id) && str(args.thread_ts) && Array.isArray(args.prompts)
        ? {}
        : { ok: false, error: 'invalid_arguments' },
    'assistant.threads.setTitle': (args) =>
      str(args.channel_id) && str(args.thread_ts) && str(args.title)
        ? {}
        : { ok: false, error: 'invalid_arguments' },
    // Workflow steps end with one of these (Bolt's complete() / fail()).
    'functions.completeSuccess': (args) =>
      str(args.function_execution_id) ? {} : { ok: false, error: 'invalid_arguments' },
    'functions.completeError': (args) =>
      str(args.function_execution_id) && str(args.error)
        ? {}
        : { ok: false, error: 'invalid_arguments' },
    'views.update': (args) => {
      const id = str(args.view_id);
      if (!id && !str(args.external_id)) return { ok: false, error: 'invalid_arguments' };
      return { view: viewResult(args, id || 'V0EXTERNAL', 'modal') };
    },
    'chat.getPermalink': (args) => {
      const channel = str(args.channel);
      const ts = str(args.message_ts);
      if (!channel) return { ok: false, error: 'channel_not_found' };
      if (!ts) return { ok: false, error: 'message_not_found' };
      return {
        channel,
        permalink: `https://${TEAM_DOMAIN}.slack.com/archives/${channel}/p${ts.replace('.', '')}`,
      };
    },
    'reactions.add': () => ({}),
    'reactions.remove': () => ({}),
    'views.publish': (args) => {
      const user = str(args.user_id);
      if (!user) return { ok: false, error: 'invalid_arguments' };
      // The Home tab keeps one view id per user, as in Slack.
      let id = homeViews.get(user);
      if (id === undefined) {
        viewCounter += 1;
        id = `V0HOME${String(viewCounter).padStart(5, '0')}`;
        homeViews.set(user, id);
      }
      return { view: viewResult(args, id, 'home') };
    },
    'views.open': (args) => {
      if (!str(args.trigger_id)) return { ok: false, error: 'invalid_arguments' };
      viewCounter += 1;
      return { view: viewResult(args, `V0MODAL${String(viewCounter).padStart(5, '0')}`, 'modal') };
    },
    'conversations.info': (args) => {
      const id = str(args.channel);
      if (!id) return { ok: false, error: 'channel_not_found' };
      const isIm = id.startsWith('D');
      return {
        channel: isIm
          ? { id, created: 1_600_000_000, is_im: true, is_org_shared: false, user: 'U0ALICE' }
          : {
              id,
              name: id.toLowerCase(),
              name_normalized: id.toLowerCase(),
              created: 1_600_000_000,
              creator: 'U0ALICE',
              is_channel: !id.startsWith('G'),
              is_group: id.startsWith('G'),
              is_im: false,
              is_mpim: false,
              is_private: id.startsWith('G'),
              is_archived: false,
              is_general: false,
              is_member: true,
              is_ext_shared: false,
              is_org_shared: false,
              topic: { value: '', creator: '', last_set: 0 },
              purpose: { value: '', creator: '', last_set: 0 },
            },
      };
    },
    'users.info': (args) => {
      const id = str(args.user);
      if (!id) return { ok: false, error: 'user_not_found' };
      const name = id === BOT_USER_ID ? BOT_NAME : id.toLowerCase();
      return {
        user: {
          id,
          team_id: TEAM_ID,
          name,
          real_name: `User ${id}`,
          deleted: false,
          is_bot: id === BOT_USER_ID,
          is_admin: false,
          tz: 'Europe/Berlin',
          tz_label: 'Central European Time',
          tz_offset: 3600,
          profile: {
            real_name: `User ${id}`,
            real_name_normalized: `User ${id}`,
            display_name: name,
            display_name_normalized: name,
            team: TEAM_ID,
          },
        },
      };
    },
    'apps.connections.open': () => {
      ticketCounter += 1;
      const ticket = String(ticketCounter);
      openTickets.add(ticket);
      return { url: `${base.replace('http://', 'ws://')}/socket?ticket=${ticket}` };
    },
  };

  const answerApi = async (call: ApiCall): Promise<ApiResult> => {
    // Slack's token checks, so a missing or wrong-kind token fails like it would in production.
    if (call.token === undefined) return { ok: false, error: 'not_authed' };
    const isAppToken = call.token.startsWith('xapp-');
    if (isAppToken !== (call.method === 'apps.connections.open')) {
      return { ok: false, error: 'not_allowed_token_type' };
    }
    const handler = handlers.get(call.method);
    const fallback = defaults[call.method];
    if (handler === undefined && fallback === undefined)
      return { ok: false, error: 'unknown_method' };
    const result = handler !== undefined ? await handler(call) : (fallback?.(call.args) ?? {});
    return { ok: true, ...result };
  };

  const onApi = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const method = decodeURIComponent(url.pathname.slice('/api/'.length));
    const contentType = req.headers['content-type'] ?? '';
    const raw = await readBody(req);
    let args: ApiArgs;
    try {
      args = await decodeArgs(raw, contentType, url.searchParams);
    } catch {
      sendJson(res, 200, { ok: false, error: 'invalid_json' });
      return;
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
    const fault = faults.get(method)?.shift();
    const call: ApiCall = { method, args, token, contentType, at: Date.now(), fault };
    calls.push(call);

    if (fault !== undefined && 'delayMs' in fault) await delay(fault.delayMs);
    else if (fault !== undefined && 'status' in fault) {
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
      if (res.destroyed) return;
      if (fault.status === 429) {
        sendJson(res, 429, { ok: false, error: 'ratelimited' }, headers);
        return;
      }
      res.writeHead(fault.status, { 'content-type': 'text/plain', ...headers });
      res.end(fault.body ?? `fake-slack: injected HTTP ${fault.status}`);
      return;
    } else if (fault !== undefined) {
      sendJson(res, 200, { ok: false, error: fault.error, ...fault.extra });
      return;
    }
    if (closed) return;
    sendJson(res, 200, await answerApi(call));
  };

  const onResponseUrl = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ): Promise<void> => {
    const id = decodeURIComponent(url.pathname.slice('/response/'.length));
    const text = (await readBody(req)).toString('utf8');
    let body: unknown = text;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      // Keep the raw text; Bolt always sends JSON, so a test will notice.
    }
    const fault = responseFaults.shift();
    responses.push({ id, url: `${base}${url.pathname}`, body, at: Date.now(), fault });
    if (fault !== undefined && 'delayMs' in fault) await delay(fault.delayMs);
    else if (fault !== undefined) {
      if (res.destroyed) return;
      res.writeHead(fault.status, { 'content-type': 'text/plain' });
      res.end(fault.body ?? 'expired_url');
      return;
    }
    if (closed) return;
    sendJson(res, 200, { ok: true });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let handled: Promise<void>;
    if (url.pathname.startsWith('/api/')) handled = onApi(req, res, url);
    else if (url.pathname.startsWith('/response/') && req.method === 'POST') {
      handled = onResponseUrl(req, res, url);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`fake-slack: no route for ${req.method} ${url.pathname}`);
      return;
    }
    handled.catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fake-slack: ${String(error)}`);
      }
    });
  });

  // --- Socket Mode -----------------------------------------------------------------------------

  const wss = new WebSocketServer({ noServer: true });

  const openSockets = () => sockets.filter((ws) => ws.readyState === ws.OPEN);

  // Only URLs handed out by apps.connections.open work, once each, like Slack's tickets.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/socket' || !openTickets.delete(ticket) || closed) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws));
  });

  const onSocket = (ws: WebSocket) => {
    sockets.push(ws);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let message: unknown;
      try {
        message = JSON.parse(String(data)) as unknown;
      } catch {
        return;
      }
      if (!isRecord(message) || typeof message.envelope_id !== 'string') return;
      const ack: SocketAck = { envelope_id: message.envelope_id, at: Date.now() };
      if ('payload' in message) ack.payload = message.payload;
      acks.push(ack);
    });
    ws.on('close', () => {
      const index = sockets.indexOf(ws);
      if (index >= 0) sockets.splice(index, 1);
    });
    ws.on('error', () => {
      // A client vanishing mid-frame is expected in drop()/reconnect tests.
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: openSockets().length,
        debug_info: { host: 'fake-slack', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: APP_ID },
      }),
    );
    connectionCount += 1;
    connectionWaiters.push(connectionCount);
  };

  const socketControls: FakeSocketMode = {
    get connectionCount() {
      return connectionCount;
    },
    get acks() {
      return acks.items;
    },
    connected: () => openSockets().length > 0,
    waitForConnection: async (count = 1, timeoutMs = waitMs) => {
      await connectionWaiters.wait(
        () => (connectionCount >= count && openSockets().length > 0 ? true : undefined),
        timeoutMs,
        () =>
          `socket.waitForConnection(${count}) timed out after ${timeoutMs}ms: ` +
          `${connectionCount} connection(s) so far, ${openSockets().length} open, ` +
          `apps.connections.open called ${calls.items.filter((c) => c.method === 'apps.connections.open').length} time(s)`,
      );
    },
    send: (envelope, timeoutMs = waitMs) => {
      const ws = openSockets().at(-1);
      if (ws === undefined) {
        return Promise.reject(
          new Error(`socket.send(${envelope.type}): no Socket Mode client connected`),
        );
      }
      const acked = acks.wait(
        (items) => items.find((ack) => ack.envelope_id === envelope.envelope_id),
        timeoutMs,
        () =>
          `socket.send: no ack for ${envelope.type} envelope ${envelope.envelope_id} within ${timeoutMs}ms; ` +
          `acks so far: [${acks.items.map((a) => a.envelope_id).join(', ')}]`,
      );
      ws.send(JSON.stringify(envelope));
      return acked;
    },
    disconnect: (reason = 'refresh_requested') => {
      for (const ws of openSockets()) {
        ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-slack' } }));
      }
    },
    drop: () => {
      for (const ws of openSockets()) ws.terminate();
    },
  };

  // --- Start -------------------------------------------------------------------------------------

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;

  const timeoutMessage = (what: string, timeoutMs: number, items: readonly ApiCall[]) =>
    `${what} timed out after ${timeoutMs}ms; recorded calls (${items.length}):` +
    (items.length === 0
      ? ' none'
      : items
          .map((c) => `\n  ${c.method}${c.fault ? ' [fault]' : ''} ${summarize(c.args)}`)
          .join(''));

  return {
    url: base,
    apiUrl: `${base}/api/`,
    port,
    get calls() {
      return calls.items;
    },
    get responses() {
      return responses.items;
    },
    socket: socketControls,
    callsTo: (method) => calls.items.filter((call) => call.method === method),
    handle: (method, handler) => {
      handlers.set(method, handler);
    },
    fail: (method, fault, times = 1) => {
      const queue = faults.get(method) ?? [];
      for (let i = 0; i < times; i += 1) queue.push(fault);
      faults.set(method, queue);
    },
    failResponses: (fault, times = 1) => {
      for (let i = 0; i < times; i += 1) responseFaults.push(fault);
    },
    responseUrl: (name) => {
      responseCounter += 1;
      const id = name ?? `r${responseCounter}`;
      return `${base}/response/${encodeURIComponent(id)}`;
    },
    waitForCall: (method, predicate = () => true, timeoutMs = waitMs) =>
      calls.wait(
        (items) => items.find((call) => call.method === method && predicate(call)),
        timeoutMs,
        () => timeoutMessage(`waitForCall('${method}')`, timeoutMs, calls.items),
      ),
    waitForCalls: (method, count, timeoutMs = waitMs) =>
      calls.wait(
        (items) => {
          const matching = items.filter((call) => call.method === method);
          return matching.length >= count ? matching : undefined;
        },
        timeoutMs,
        () => timeoutMessage(`waitForCalls('${method}', ${count})`, timeoutMs, calls.items),
      ),
    waitForResponse: (predicate = () => true, timeoutMs = waitMs) =>
      responses.wait(
        (items) => items.find(predicate),
        timeoutMs,
        () =>
          `waitForResponse timed out after ${timeoutMs}ms; recorded responses (${responses.items.length}):` +
          (responses.items.map((r) => `\n  ${r.id} ${summarize(r.body)}`).join('') || ' none'),
      ),
    reset: () => {
      calls.clear();
      responses.clear();
      acks.clear();
      faults.clear();
      responseFaults.length = 0;
      handlers.clear();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      const error = new Error('fake Slack was closed');
      for (const recorder of [calls, responses, acks, connectionWaiters]) recorder.rejectAll(error);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const ws of wss.clients) ws.terminate();
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Logging

export interface CapturedLogger extends Logger {
  readonly lines: { level: LogLevel; message: string }[];
}

const LEVEL_ORDER: LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/**
 * A Logger for App / WebClient / SocketModeClient that keeps lines in memory instead of printing
 * them, so expected failures don't flood the test output but can still be asserted on.
 */
export function captureLogger(level: LogLevel = LogLevel.INFO): CapturedLogger {
  let current = level;
  const lines: { level: LogLevel; message: string }[] = [];
  const log =
    (at: LogLevel) =>
    (...msg: unknown[]) => {
      if (LEVEL_ORDER.indexOf(at) < LEVEL_ORDER.indexOf(current)) return;
      lines.push({
        level: at,
        message: msg.map((m) => (typeof m === 'string' ? m : String(m))).join(' '),
      });
    };
  return {
    lines,
    debug: log(LogLevel.DEBUG),
    info: log(LogLevel.INFO),
    warn: log(LogLevel.WARN),
    error: log(LogLevel.ERROR),
    setLevel: (next) => {
      current = next;
    },
    getLevel: () => current,
    setName: () => {},
  };
}
