/** Quote user input for an error sentence: escaped (no raw newlines or terminal escapes) and cut short. */
export function quoteInput(raw: string, max = 100): string {
  return JSON.stringify(raw.length > max ? `${raw.slice(0, max)}…` : raw).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A sentence for the terminal with every control character escaped, so no input can break the line or send escapes. */
export function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
