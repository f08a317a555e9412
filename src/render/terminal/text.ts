/**
 * Laying text out in a terminal: the width of a string in columns (the `string-width` package:
 * wide characters and emoji two, combining marks and invisible characters none), the one word
 * wrapper every terminal renderer uses, and the styles.
 */
import stringWidth from 'string-width';

export interface TerminalRenderOptions {
  /** ANSI bold/dim/yellow; off unless true. */
  color?: boolean;
  /** Wrap lines at this many columns (default 88, never under 40). */
  width?: number;
}

export const DEFAULT_WIDTH = 88;
const MIN_WIDTH = 40;

export function widthOf(opts: TerminalRenderOptions): number {
  return Math.max(Math.floor(opts.width ?? DEFAULT_WIDTH), MIN_WIDTH);
}

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  warn(text: string): string;
}

const PLAIN: Style = { bold: (t) => t, dim: (t) => t, warn: (t) => t };
const ANSI: Style = {
  bold: (t) => `\u001b[1m${t}\u001b[22m`,
  dim: (t) => `\u001b[2m${t}\u001b[22m`,
  warn: (t) => `\u001b[33m${t}\u001b[39m`,
};

export function styleOf(opts: TerminalRenderOptions): Style {
  return opts.color === true ? ANSI : PLAIN;
}

/**
 * How many terminal columns a string takes. Additive over grapheme boundaries, so a padded cell
 * measures the same alone as inside its table line.
 */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

export const GRAPHEMES = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Text made safe to lay out in a terminal: control characters (tabs, newlines, escapes) become
 * spaces, invisible formatting characters (bidi overrides, soft hyphens) go, except the zero-width
 * joiner inside emoji, and a lone surrogate becomes U+FFFD.
 */
export function clean(text: string): string {
  return text
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/(?!\u200d)\p{Cf}/gu, '')
    .replace(/\p{Cs}/gu, '\ufffd');
}

const LIST_MARKER = /^(?:[•*-]|\d+[.)])\s+/u;

export interface WrapOptions {
  /**
   * Break a word wider than the line between graphemes, so no line is ever wider than `width`
   * (table cells, which must keep their column). Otherwise such a word gets a line of its own,
   * whole, and a list item's continuation lines hang under its text rather than its bullet.
   */
  breakWords?: boolean;
}

/**
 * Greedy word wrap by display width. Line breaks in the text are kept and whitespace runs
 * collapse; `first` starts the first line and `rest` every other.
 */
export function wrap(
  text: string,
  width: number,
  first = '',
  rest = first,
  options: WrapOptions = {},
): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    const words = paragraph.trim().split(/\s+/u).filter(Boolean);
    if (words.length === 0) continue;
    const hang = options.breakWords
      ? ''
      : ' '.repeat(displayWidth(LIST_MARKER.exec(paragraph.trim())?.[0] ?? ''));
    let line = lines.length === 0 ? first : rest;
    let used = displayWidth(line);
    let empty = true;
    const newLine = () => {
      lines.push(line);
      line = `${rest}${hang}`;
      used = displayWidth(line);
      empty = true;
    };
    for (const word of words) {
      const size = displayWidth(word);
      if (!empty && used + 1 + size > width) newLine();
      if (!options.breakWords || used + (empty ? 0 : 1) + size <= width) {
        line += empty ? word : ` ${word}`;
        used += (empty ? 0 : 1) + size;
        empty = false;
        continue;
      }
      // Wider than a whole line: broken between graphemes.
      for (const { segment } of GRAPHEMES.segment(word)) {
        const piece = displayWidth(segment);
        if (!empty && used + piece > width) newLine();
        line += segment;
        used += piece;
        empty = false;
      }
    }
    lines.push(line);
  }
  if (lines.length === 0) lines.push(first.trimEnd());
  return lines;
}
