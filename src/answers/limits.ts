/**
 * How much of what someone sends rolebot reads. Slack allows 40,000 characters in a message and a
 * CLI argument or a console line can be longer still; a question is a sentence or two. Everything
 * past the limit is ignored, before any pattern or analysis runs on it, in every adapter (Slack,
 * the CLI, the console) and in `ask()` itself, so a wall of text costs what its first
 * `MAX_INPUT_CHARS` characters cost, and answers exactly as they would.
 */
export const MAX_INPUT_CHARS = 2_000;

/** The first `max` UTF-16 code units of `text`, never ending in half a surrogate pair. */
export function clipInput(text: string, max: number = MAX_INPUT_CHARS): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}
