import { describe, expect, it } from 'vitest';
import { escapeControls, escapeJsonC1, guardTerminal } from '../../src/io/escape.js';

describe('escapeControls', () => {
  it('escapes every C0 and C1 control, line breaks included, and bidirectional formatting characters', () => {
    expect(escapeControls('a\nb\tc\u001b[2J\u0085\u007f\u061c\u200e\u200f\u202a\u202e\u2066\u2069d')).toBe(
      'a\\u000ab\\u0009c\\u001b[2J\\u0085\\u007f\\u061c\\u200e\\u200f\\u202a\\u202e\\u2066\\u2069d',
    );
    expect(escapeControls('plain é ü 日本')).toBe('plain é ü 日本');
    expect(escapeControls('\u00a0\u2065\u2070\u202f')).toBe('\u00a0\u2065\u2070\u202f');
  });
});

describe('guardTerminal', () => {
  it('lets our colour codes, line breaks and tabs through, once each, with the text between and after them', () => {
    expect(guardTerminal('\u001b[31mred\u001b[39m and\tthen\nthe rest')).toBe('\u001b[31mred\u001b[39m and\tthen\nthe rest');
    expect(guardTerminal('\u001b[1;32mok\u001b[0m')).toBe('\u001b[1;32mok\u001b[0m');
  });

  it('escapes any other control character, before, between and after colour codes', () => {
    expect(guardTerminal('a\u0007\u001b[31mb\u001b]0;title\u0007\u001b[39mc\r\u0085')).toBe('a\\u0007\u001b[31mb\\u001b]0;title\\u0007\u001b[39mc\\u000d\\u0085');
    expect(guardTerminal('\u001b[2J')).toBe('\\u001b[2J');
  });
});

describe('escapeJsonC1', () => {
  it('escapes the C1 and bidirectional characters JSON.stringify leaves raw, and nothing else', () => {
    expect(escapeJsonC1(JSON.stringify({ a: '\u0085\u202e\n' }))).toBe('{"a":"\\u0085\\u202e\\n"}');
    expect(escapeJsonC1('{"a":"é"}')).toBe('{"a":"é"}');
  });
});
