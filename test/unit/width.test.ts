import { describe, expect, it } from 'vitest';
import { fitText } from '../../src/io/fit-text.js';
import { displayWidth, shortenMiddle, truncateEnd, wrapWords } from '../../src/io/width.js';

describe('text in terminal columns', () => {
  it('counts wide characters as two columns and combining marks and colour codes as none', () => {
    expect(displayWidth('日本')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('\u001b[31mred\u001b[39m')).toBe(3);
  });

  it('shortens in the middle within the width, keeping both ends and never splitting a character', () => {
    const url = 'https://hooks.example.com/tagmango/deliveries/course/634fc35ddaf58580e2418c40';
    const short = shortenMiddle(url, 30);
    expect(short).toMatch(/^https:\/\/hooks\..*\.\.\..*18c40$/);
    expect(displayWidth(short)).toBeLessThanOrEqual(30);
    const wide = shortenMiddle('https://例え.example/日本語の長いパス/終わり', 20);
    expect(displayWidth(wide)).toBeLessThanOrEqual(20);
    expect(wide).toMatch(/^https:\/\/.*\.\.\..*終わり$/);
    expect(shortenMiddle(url, 200)).toBe(url);
  });

  it('cuts at the end and wraps at spaces within the width', () => {
    expect(truncateEnd('日本語のテキスト', 9)).toBe('日本語...');
    expect(wrapWords('one two three four', 9, '  ')).toEqual(['  one two', '  three', '  four']);
  });

  it('wraps a help example so a shell joins it again, and leaves piped text whole', () => {
    const line = "  $ tagmango-hooks subscribe 'https://hooks.example.com/tagmango?event={event}' --course 634fc35ddaf58580e2418c40";
    const fitted = fitText(line, 40);
    for (const l of fitted.split('\n')) expect(displayWidth(l)).toBeLessThanOrEqual(40);
    // What bash does with backslash-newline outside quotes, and with adjacent quoted strings.
    const joined = fitted.replace(/\\\n\s*/g, (m) => (m.startsWith('\\\n') && /\s/.test(m.slice(2, 3)) ? ' ' : '')).replace(/'([^']*)''([^']*)'/g, "'$1$2'");
    expect(joined.replace(/ +/g, ' ').trim()).toBe(line.replace(/ +/g, ' ').trim());
    expect(fitText(line, undefined)).toBe(line);
  });
});
