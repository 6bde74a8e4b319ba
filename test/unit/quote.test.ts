import { describe, expect, it } from 'vitest';
import { escapeControls } from '../../src/io/escape.js';
import { quoteInput } from '../../src/validate/quote.js';

// Bidirectional formatting characters reorder what a terminal shows (a "Trojan Source" line).
const BIDI = ['\u202e', '\u202a', '\u2066', '\u2069', '\u200f', '\u061c'];

describe('terminal escaping of outside text', () => {
  it('escapes bidirectional formatting characters, not only control characters', () => {
    for (const c of BIDI) {
      const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
      expect(escapeControls(`a${c}b`)).toBe(`a\\u${hex}b`);
      expect(quoteInput(`a${c}b`)).toBe(`"a\\u${hex}b"`);
    }
  });

  it('leaves ordinary non-ASCII text alone', () => {
    expect(escapeControls('Asha Vermā \u0905\u0936\u093e')).toBe('Asha Vermā \u0905\u0936\u093e');
  });
});
