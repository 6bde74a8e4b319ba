// C1 controls and the bidirectional formatting characters that reorder how a line is shown
// (U+061C, U+200E/F, U+202A-E, U+2066-9): no more welcome on a terminal than C0 controls.
const UNSAFE = '\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
const CONTROL = new RegExp(`[\\u0000-\\u001f${UNSAFE}]`, 'g');
const CONTROL_KEEP_LINES = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f${UNSAFE}]`, 'g');
const UNSAFE_IN_JSON = new RegExp(`[${UNSAFE}]`, 'g');
/** An SGR colour sequence as chalk writes it: the only escape sequence our own output carries. */
const SGR = /\u001b\[[0-9;]*m/g;

function escapeChar(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * The one escaping function for bytes from outside (TagMango's answers, receiver replies, file
 * contents, registry values): every control character, line breaks included, becomes `\uXXXX`,
 * so no input can break a line, clear the screen or retitle the terminal.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, escapeChar);
}

/**
 * The last guard before a line reaches a stream: our own colour codes, line breaks and tabs pass;
 * any other control character (an escape that slipped through from outside) is escaped.
 */
export function guardTerminal(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(SGR)) {
    out += text.slice(last, match.index).replace(CONTROL_KEEP_LINES, escapeChar) + match[0];
    last = match.index + match[0].length;
  }
  return out + text.slice(last).replace(CONTROL_KEEP_LINES, escapeChar);
}

/** JSON text with C1 controls and bidirectional formatting characters (which JSON.stringify leaves raw) written as `\uXXXX`. */
export function escapeJsonC1(json: string): string {
  return json.replace(UNSAFE_IN_JSON, escapeChar);
}
