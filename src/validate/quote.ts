// Characters a terminal must not receive raw from outside: C1 controls and the bidirectional
// formatting characters that reorder how a line is shown (U+061C, U+200E/F, U+202A-E, U+2066-9).
const UNSAFE = '\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
const UNSAFE_IN_JSON = new RegExp(`[${UNSAFE}]`, 'g');
const UNSAFE_OR_CONTROL = new RegExp(`[\\u0000-\\u001f${UNSAFE}]`, 'g');

const escapeChar = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Quote user input for an error sentence: escaped (no raw newlines or terminal escapes) and cut short. */
export function quoteInput(raw: string, max = 100): string {
  return JSON.stringify(raw.length > max ? `${raw.slice(0, max)}…` : raw).replace(UNSAFE_IN_JSON, escapeChar);
}

/** A sentence for the terminal with every control and bidirectional formatting character escaped, so no input can break or reorder the line or send escapes. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE_OR_CONTROL, escapeChar);
}
