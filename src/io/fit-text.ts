import { displayWidth, takeColumns, wrapWords } from './width.js';

/** Fewest columns a wrapped description keeps beside its term; narrower, it goes below the term. */
const MIN_DESCRIPTION_COLUMNS = 20;

/**
 * Text (help, warnings, errors) fitted to a terminal of `width` columns, line by line; a line
 * that fits is left as it is. Commander wraps descriptions only where 40 columns are left beside
 * the term, and not at all the usage line or the examples, so: an option or command line wraps
 * its description under itself, or below the term when the terminal is narrow; an example
 * (`  $ tagmango-hooks ...`) wraps with ` \` so it still runs as pasted; any other line wraps at
 * spaces (a word longer than the width, a path or URL, is left whole for the terminal to wrap, so
 * it copies as one). Without a width (piped), the text is as it was.
 */
export function fitText(text: string, width: number | undefined): string {
  if (width === undefined) return text;
  return text
    .split('\n')
    .flatMap((line) => (displayWidth(line) <= width ? [line] : fitHelpLine(line, width)))
    .join('\n');
}

function fitHelpLine(line: string, width: number): string[] {
  const lead = /^\s*/.exec(line)?.[0] ?? '';
  const example = /^(\s*)\$ (.*)$/.exec(line);
  if (example) return wrapCommand(lead, example[2] as string, width);
  const item = /^(\s+)(\S(?:.*?\S)?)( {2,})(\S.*)$/.exec(line);
  if (item) {
    const [, indent, term, gap, description] = item as unknown as [string, string, string, string, string];
    const column = indent.length + displayWidth(term) + gap.length;
    if (width - column >= MIN_DESCRIPTION_COLUMNS) {
      const [first, ...rest] = wrapWords(description, width, ' '.repeat(column), false);
      return [`${indent}${term}${gap}${(first as string).trimStart()}`, ...rest];
    }
    return [...wrapWords(term, width, indent, false), ...wrapWords(description, width, `${indent}    `, false)];
  }
  const [first, ...rest] = wrapWords(line.trimStart(), width, `${lead}  `, false);
  return [`${lead}${(first as string).trimStart()}`, ...rest];
}

/**
 * A shell command over lines of `width` columns that a shell joins again: lines end in ` \`; a
 * word too long for a line is cut with `\` at the end of the line and its rest at the start of
 * the next (a backslash-newline inside a word vanishes), and a single-quoted word is closed and
 * opened again around the cut ('ab'\ + 'cd' is abcd).
 */
function wrapCommand(lead: string, command: string, width: number): string[] {
  const lines: string[] = [];
  const continued = `${lead}  `;
  let line = `${lead}$ `;
  let fresh = true;
  for (const word of command.split(' ').filter(Boolean)) {
    const joined = fresh ? line + word : `${line} ${word}`;
    if (displayWidth(joined) + 2 <= width) {
      line = joined;
      fresh = false;
      continue;
    }
    if (!fresh) {
      lines.push(`${line} \\`);
      line = continued;
    }
    const quoted = word.length > 1 && word.startsWith("'") && word.endsWith("'");
    let rest = quoted ? word.slice(1, -1) : word;
    const quote = quoted ? "'" : '';
    while (displayWidth(line) + displayWidth(rest) + 2 * quote.length > width) {
      const piece = takeColumns(rest, width - displayWidth(line) - 2 * quote.length - 1);
      if (!piece || piece === rest) break;
      lines.push(`${line}${quote}${piece}${quote}\\`);
      line = '';
      rest = rest.slice(piece.length);
    }
    line += quote + rest + quote;
    fresh = false;
  }
  lines.push(line);
  return lines;
}
