/**
 * Slack sends what people type with its markup in place: `<@U123|alice>`, `<#C1|general>`,
 * `<https://x|label>`, `<!here>`, and `&amp;`. This turns it back into the plain words a person
 * typed, for searching; nothing here is ever sent back unescaped.
 */
import { clipInput } from '../answers/limits.js';

/** Control characters (other than tab and newline) are never part of a question. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

/**
 * Cut to the input limit first (limits.ts), then unmarked; every pattern is linear: a markup body
 * is `[^<>]*`, so no `<` can start a scan that runs past the next one.
 */
export function plainQuestion(text: string, botUserId?: string): string {
  const clipped = clipInput(text);
  // Slack markup always has a `<` (mentions, links) or an `&` (entities); plain typing has neither.
  return (clipped.includes('<') || clipped.includes('&') ? unmarkup(clipped, botUserId) : clipped)
    .replace(CONTROL, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function unmarkup(text: string, botUserId: string | undefined): string {
  return text
    .replace(/<@([A-Z0-9]+)(?:\|([^<>]*))?>/g, (_match, id: string, name?: string) =>
      id === botUserId ? ' ' : name ? `@${name}` : ' ',
    )
    .replace(/<#[A-Z0-9]+(?:\|([^<>]*))?>/g, (_match, name?: string) => (name ? `#${name}` : ' '))
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^<>]*))?>/g, (_match, name?: string) => name ?? ' ')
    .replace(/<!(here|channel|everyone)(?:\|[^<>]*)?>/g, ' ')
    .replace(/<!date\^[^|<>]*\|([^<>]*)>/g, '$1')
    .replace(
      /<((?:https?|mailto):[^|<>]*)(?:\|([^<>]*))?>/g,
      (_match, url: string, label?: string) => label ?? url,
    )
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Whether a message mentions the bot (then `app_mention` answers it, not the thread listener). */
export function mentionsUser(text: string | undefined, userId: string | undefined): boolean {
  return Boolean(text && userId && text.includes(`<@${userId}`));
}
