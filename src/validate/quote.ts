import { escapeControls } from '../io/escape.js';

/** Quote user input for an error sentence: escaped (no raw newlines or terminal escapes) and cut short. */
export function quoteInput(raw: string, max = 100): string {
  return escapeControls(JSON.stringify(raw.length > max ? `${raw.slice(0, max)}…` : raw));
}
