/** Quote user input for an error sentence: escaped (no raw newlines or terminal escapes) and cut short. */
export function quoteInput(raw: string, max = 100): string {
  return JSON.stringify(raw.length > max ? `${raw.slice(0, max)}…` : raw).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
