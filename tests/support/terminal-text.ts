// What the terminal renderers' tests share: ANSI codes and lines.
export const ESC = '\u001b';
export const ANSI_ALL = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');

export function linesOf(text: string): string[] {
  return text.split('\n');
}
