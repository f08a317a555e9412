/**
 * Text safety for Slack's mrkdwn. Everything rolebot shows that came from a person (the question
 * echoed back) or from a knowledge file goes through `escapeMrkdwn` before it reaches a block.
 */

/** Slack limits this module's callers truncate to (see shared/slack-platform.md). */
export const LIMITS = {
  messageText: 40_000,
  sectionText: 3_000,
  field: 2_000,
  header: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2_000,
  blocksPerMessage: 50,
  blocksPerView: 100,
  tableRows: 100,
  tableCells: 20,
} as const;

const BROADCAST = /@(channel|here|everyone)\b/gi;
/** Every character `escapeMrkdwn` can change: `&`, `<`, `>`, and the `@` of a broadcast. */
const NEEDS_ESCAPE = /[&<>@]/;

/** A public or private channel id, as Slack writes it: safe to put in a `<#…>` link. */
export const CHANNEL_ID = /^[CG][A-Z0-9]{2,20}$/;
/** A user id, as Slack writes it: safe to put in a `<@…>` mention. */
export const USER_ID = /^[UW][A-Z0-9]{2,20}$/;

/**
 * Escapes `&`, `<`, `>` (so `<!channel>`, `<@U123>` and `<https://…|…>` stay literal text) and
 * breaks bare `@channel` / `@here` / `@everyone` with a zero-width joiner, so no client setting
 * (`link_names`) can turn what a user typed into a ping.
 */
export function escapeMrkdwn(text: string): string {
  // Most passage text has nothing to escape: skip the four replacements then.
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(BROADCAST, '@\u2060$1');
}

/** For plain_text objects: Slack does not parse mentions there, but bare broadcasts are broken too. */
export function plainText(text: string): string {
  return text.replace(BROADCAST, '@\u2060$1');
}

/**
 * Cuts text to `max` characters at a word boundary when one is near, with "…". Never splits an
 * escape entity (`&amp;`) or a surrogate pair, so a truncated string is still valid mrkdwn.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const space = text.lastIndexOf(' ', cut);
  if (space > max * 0.8) cut = space;
  const entity = text.lastIndexOf('&', cut);
  if (entity !== -1 && entity > cut - 6 && !text.slice(entity, cut).includes(';')) cut = entity;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut).trimEnd()}…`;
}

/** A link whose label cannot break out of `<url|label>`. Only http(s) URLs become links. */
export function link(url: string | undefined, label: string): string {
  const safeLabel = escapeMrkdwn(label).replace(/\|/g, '¦');
  if (!url || !/^https?:\/\/[^\s<>|]+$/i.test(url)) return safeLabel;
  return `<${url.replace(/&/g, '&amp;')}|${safeLabel}>`;
}

/** Turns passage text (which uses "• " bullets on their own lines) into quoted mrkdwn. */
export function quote(text: string): string {
  return escapeMrkdwn(text)
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
}
