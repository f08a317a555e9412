/**
 * Slack sends what people type with its markup in place: `<@U123|alice>`, `<#C1|general>`,
 * `<https://x|label>`, `<!here>`, and `&amp;`. This turns it back into the plain words a person
 * typed, for searching; nothing here is ever sent back unescaped.
 */
/** Control characters (other than tab and newline) are never part of a question. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

export function plainQuestion(text: string, botUserId?: string): string {
  // Slack markup always has a `<` (mentions, links) or an `&` (entities); plain typing has neither.
  return (text.includes('<') || text.includes('&') ? unmarkup(text, botUserId) : text)
    .replace(CONTROL, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 2_000);
}

function unmarkup(text: string, botUserId: string | undefined): string {
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
    .replace(/&amp;/g, '&');
}

/** Whether a message mentions the bot (then `app_mention` answers it, not the thread listener). */
export function mentionsUser(text: string | undefined, userId: string | undefined): boolean {
  return Boolean(text && userId && text.includes(`<@${userId}`));
}
