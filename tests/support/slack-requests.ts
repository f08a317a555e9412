// Signed HTTP requests, exactly as Slack sends them, for driving Bolt's HTTPReceiver end to end
// (real signature verification, real body parsing, no Bolt internals touched).
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import type { App } from '@slack/bolt';

// Bolt compares the content-type header *exactly* with this string: with any suffix
// (e.g. URLSearchParams' ';charset=UTF-8') it JSON-parses the form body and answers 400.
export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
export const JSON_CONTENT_TYPE = 'application/json';

/** What Slack POSTs: Events API bodies are JSON; slash commands and interactions are forms. */
export type SlackRequestBody =
  | { kind: 'event'; json: unknown }
  | { kind: 'command'; form: Record<string, unknown> }
  | { kind: 'interactive'; payload: unknown };

export interface PostSlackOptions {
  /** Request timestamp in seconds (default: now). Bolt rejects anything older than 5 minutes. */
  timestamp?: number;
  /** Slack's redelivery headers (`x-slack-retry-num`, `x-slack-retry-reason`, e.g. 'http_timeout'). */
  retryNum?: number;
  retryReason?: string;
  /** Sign with the wrong secret, to prove verification is on. */
  badSignature?: boolean;
}

export interface SlackHttpResult {
  status: number;
  /** Parsed JSON when the app answered JSON, otherwise the raw text ('' for an empty ack). */
  body: unknown;
  text: string;
  /** Wall time until the response was complete: Slack gives up after 3 s. */
  ms: number;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Serializes a body the way Slack does and returns it with its content-type. */
export function encodeSlackBody(body: SlackRequestBody): { raw: string; contentType: string } {
  switch (body.kind) {
    case 'event':
      return { raw: JSON.stringify(body.json), contentType: JSON_CONTENT_TYPE };
    case 'command': {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(body.form)) {
        if (value !== undefined && value !== null) params.append(key, String(value));
      }
      return { raw: params.toString(), contentType: FORM_CONTENT_TYPE };
    }
    case 'interactive':
      return {
        raw: new URLSearchParams({ payload: JSON.stringify(body.payload) }).toString(),
        contentType: FORM_CONTENT_TYPE,
      };
  }
}

/**
 * Slack's v0 request signature: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`.
 * Returns the headers Slack sends with it.
 */
export function signRequest(
  signingSecret: string,
  rawBody: string,
  timestampSeconds: number = nowSeconds(),
  contentType: string = JSON_CONTENT_TYPE,
): Record<string, string> {
  const signature = createHmac('sha256', signingSecret)
    .update(`v0:${timestampSeconds}:${rawBody}`)
    .digest('hex');
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestampSeconds),
    'x-slack-signature': `v0=${signature}`,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
}

/** POSTs a correctly signed Slack request to `url` (e.g. `http://127.0.0.1:PORT/slack/events`). */
export async function postSlack(
  url: string,
  signingSecret: string,
  body: SlackRequestBody,
  options: PostSlackOptions = {},
): Promise<SlackHttpResult> {
  const { raw, contentType } = encodeSlackBody(body);
  const secret = options.badSignature ? `${signingSecret}-wrong` : signingSecret;
  const headers = signRequest(secret, raw, options.timestamp ?? nowSeconds(), contentType);
  if (options.retryNum !== undefined) headers['x-slack-retry-num'] = String(options.retryNum);
  if (options.retryReason !== undefined) headers['x-slack-retry-reason'] = options.retryReason;
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers, body: raw });
  const text = await response.text();
  const ms = performance.now() - started;
  let parsed: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') {
    parsed = JSON.parse(text) as unknown;
  }
  return { status: response.status, body: parsed, text, ms };
}

/** A currently free loopback port (for code that must be told its port up front). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Starts a Bolt App in HTTP mode on 127.0.0.1 and an OS-chosen port, and returns the events URL.
 * `app.start(port)` alone would listen on all interfaces; ListenOptions keep it on loopback and
 * port 0 avoids the probe-then-bind race of freePort().
 */
export async function startHttpApp(
  app: App,
  port = 0,
): Promise<{ port: number; baseUrl: string; eventsUrl: string }> {
  const server = await app.start({ port, host: '127.0.0.1' });
  const bound = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${bound}`;
  return { port: bound, baseUrl, eventsUrl: `${baseUrl}/slack/events` };
}
