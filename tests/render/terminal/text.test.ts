// Laying text out in a terminal: widths in columns, wrapping, and what is safe to print.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clean, displayWidth, wrap } from '../../../src/render/terminal/text.js';

describe('wrap', () => {
  it('hangs continuation lines under the first line’s text', () => {
    expect(wrap('one two three four five six', 13, '1. ', '   ')).toEqual([
      '1. one two',
      '   three four',
      '   five six',
    ]);
  });

  it('measures lines in terminal columns: CJK characters and emoji take two', () => {
    expect(wrap('日本語 日本語 日本語', 14)).toEqual(['日本語 日本語', '日本語']);
    expect(wrap('🎉🎉🎉 🎉🎉🎉 ok', 10)).toEqual(['🎉🎉🎉', '🎉🎉🎉 ok']);
    expect(wrap('• 製品責任者 が バックログ を 管理する', 16)).toEqual([
      '• 製品責任者 が',
      '  バックログ を',
      '  管理する',
    ]);
  });

  it('never makes a line wider than asked, whatever the text (fast-check)', () => {
    const word = fc
      .array(fc.constantFrom('a', 'z', 'é', '日', '本', '製', '品', '🎉', '👨‍👩‍👧', '🇫🇷'), {
        minLength: 1,
        maxLength: 12,
      })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 30 }),
        fc.integer({ min: 4, max: 40 }),
        (words, width) => {
          const text = words.join(' ');
          for (const line of wrap(text, width, '', '', { breakWords: true })) {
            expect(displayWidth(line)).toBeLessThanOrEqual(width);
          }
          // Without breaking words, only a word wider than the line may overflow it, alone.
          for (const line of wrap(text, width)) {
            if (displayWidth(line) > width) expect(line.trim()).not.toContain(' ');
          }
        },
      ),
    );
  });

  it('gives an overlong word a line of its own instead of breaking it', () => {
    expect(wrap('a supercalifragilistic b', 10)).toEqual(['a', 'supercalifragilistic', 'b']);
  });
});

describe('displayWidth and clean', () => {
  it('counts terminal columns: wide characters and emoji two, combining marks none', () => {
    expect(displayWidth('')).toBe(0);
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('日本語')).toBe(6);
    expect(displayWidth('🎉')).toBe(2);
    expect(displayWidth('👨‍👩‍👧')).toBe(2);
    expect(displayWidth('🇫🇷')).toBe(2);
    expect(displayWidth('⚖️')).toBe(2);
    expect(displayWidth('⚖')).toBe(1);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('—…“”')).toBe(4);
  });

  it('turns control characters into spaces and drops invisible formatting', () => {
    expect(clean('a\tb\nc\u001b[31md')).toBe('a b c [31md');
    expect(clean('\u202Eevil\u00ADx')).toBe('evilx');
    expect(clean('👨‍👩‍👧')).toBe('👨‍👩‍👧');
    expect(clean('x\ud800y')).toBe('x\ufffdy');
  });
});
