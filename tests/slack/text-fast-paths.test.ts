// escapeMrkdwn and plainQuestion skip their replacements when the text has nothing they change;
// the result must be exactly what the full chain gives, for any text.
import { describe, expect, it } from 'vitest';
import { escapeMrkdwn } from '../../src/render/slack/mrkdwn.js';
import { plainQuestion } from '../../src/slack/slack-text.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

/** The functions as they were before the fast paths. */
function fullEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)\b/gi, '@\u2060$1');
}

function fullPlain(text: string, botUserId?: string): string {
  return text
    .replace(/<@([A-Z0-9]+)(?:\|([^>]*))?>/g, (_match, id: string, name?: string) =>
      id === botUserId ? ' ' : name ? `@${name}` : ' ',
    )
    .replace(/<#[A-Z0-9]+(?:\|([^>]*))?>/g, (_match, name?: string) => (name ? `#${name}` : ' '))
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, (_match, name?: string) => name ?? ' ')
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, ' ')
    .replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(
      /<((?:https?|mailto):[^|>]*)(?:\|([^>]*))?>/g,
      (_match, url: string, label?: string) => label ?? url,
    )
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(CONTROL, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 2_000);
}

/** mulberry32: the same strings on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const PIECES = [
  'who owns the roadmap?',
  ' ',
  '  ',
  '\n',
  '\t',
  '\u0007',
  '&',
  '&amp;',
  '&lt;',
  '&gt;',
  '<',
  '>',
  '@',
  '@channel',
  '@Here',
  'everyone',
  '<@U123>',
  '<@U0BOT|rolebot>',
  '<#C1|general>',
  '<!here>',
  '<!subteam^S1|devs>',
  '<!date^1|today>',
  '<https://x.example|label>',
  '<mailto:a@b.c>',
  'pm',
  'é',
  '👀',
];

function samples(count: number): string[] {
  const next = random(42);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let text = '';
    const length = Math.floor(next() * 8);
    for (let j = 0; j < length; j++) text += PIECES[Math.floor(next() * PIECES.length)];
    out.push(text);
  }
  return out;
}

describe('text fast paths', () => {
  const texts = [...samples(5_000), '', 'x'.repeat(2_500), ' a  b '];

  it('escapeMrkdwn gives what the full replacement chain gives', () => {
    for (const text of texts)
      expect(escapeMrkdwn(text), JSON.stringify(text)).toBe(fullEscape(text));
  });

  it('plainQuestion gives what the full replacement chain gives', () => {
    for (const text of texts) {
      expect(plainQuestion(text), JSON.stringify(text)).toBe(fullPlain(text));
      expect(plainQuestion(text, 'U0BOT')).toBe(fullPlain(text, 'U0BOT'));
    }
  });
});
