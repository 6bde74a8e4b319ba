import { z } from 'zod';
import { DEFAULT_EVENT, SCOPE_KEYS } from '../catalogue/events.js';
import { UsageError } from '../errors.js';
import { CsvSyntaxError, parseCsv } from '../files/csv.js';
import { readInputText } from '../files/read-json.js';
import type { Warning } from '../io/io.js';
import { deprecatedEventError } from './deprecation.js';
import { textSharer } from '../registry/share-texts.js';
import type { Registration } from '../tagmango/registration.js';
import { parseEvent } from '../validate/event.js';
import { flagHint, registrationsFor } from '../validate/hook-url-template.js';
import { quoteInput } from '../validate/quote.js';
import { plainIssue } from '../validate/zod-issue.js';
import { parseScopes } from '../validate/scope.js';

/** The columns (CSV) or keys (JSON) a row may have. */
export const FILE_COLUMNS = ['hookUrl', 'event', ...SCOPE_KEYS] as const;

const ids = z.union([z.string(), z.array(z.string()).min(1)]);
const rowSchema = z
  .object({ hookUrl: z.string(), event: z.string().optional(), course: ids.optional(), mango: ids.optional(), webinar: ids.optional(), page: ids.optional() })
  .strict();

/** A row as read, with how to name it in a message (made only when one is needed). */
interface RawRow {
  label: () => string;
  value: unknown;
}

/** How rows are checked. */
export interface FileRules {
  allowPrivate: boolean;
  apiOnLoopback: boolean;
  allowUnknownEvent: boolean;
  /** The event of rows that name none (subscribe's --event). */
  defaultEvent?: string;
  /** --strict: a row with a deprecated event is refused, by its row. */
  strict?: boolean;
}

/** What reading a file uses: the working folder, stdin, whether stdin carries the key, and where warnings go. */
export interface FileSourcePorts {
  cwd: string;
  stdin: NodeJS.ReadableStream;
  /** True when --api-key-stdin already claims stdin. */
  stdinHoldsKey: boolean;
  warn: (warning: Warning) => void;
}

/**
 * Read registrations from a file (or stdin with `-`): a JSON array, JSON lines, or CSV with a
 * header row, told apart by content. Every row is validated before any is returned (so a bad file
 * sends nothing); the first bad row is a usage error naming it.
 */
export async function readRegistrationsFile(source: string, ports: FileSourcePorts, rules: FileRules): Promise<Registration[]> {
  const name = source === '-' ? 'stdin' : source;
  const items: Registration[] = [];
  const warnings = new Map<string, Warning>();
  // Rows are validated one at a time as they are split off, and only the compact registration is
  // kept (its repeated texts shared): a large file's parsed rows never all live at once.
  const intern = textSharer(10_000);
  let rows = 0;
  for (const row of splitRows((await readSource(source, ports)).replace(/^\uFEFF/, ''), name)) {
    rows += 1;
    const where = ` in ${row.label()} of ${name}`;
    const parsed = rowSchema.safeParse(row.value);
    if (!parsed.success) throw rowError(parsed.error.issues[0], row.value, where);
    const { hookUrl: rawUrl, event: rawEvent, ...scopeIds } = parsed.data;
    const event = parseEvent(rawEvent ?? rules.defaultEvent ?? DEFAULT_EVENT, rules.allowUnknownEvent, where);
    const deprecated = rules.strict ? deprecatedEventError(event.name, where) : undefined;
    if (deprecated) throw deprecated;
    const given = Object.fromEntries(Object.entries(scopeIds).map(([key, v]) => [key, typeof v === 'string' ? [v] : v]));
    const scopes = parseScopes(event, given, where);
    const expanded = registrationsFor(rawUrl, event.name, scopes, rules, where, (key, name, scopeKey) => flagHint(key, name, scopeKey, `Give the row a ${key} id`));
    for (const w of expanded.warnings) warnings.set(String(w.hookUrl), w);
    for (const item of expanded.items) {
      const { hookUrlTemplate } = item;
      items.push({ ...item, hookUrl: intern(item.hookUrl), event: intern(item.event), ...(hookUrlTemplate ? { hookUrlTemplate: intern(hookUrlTemplate) } : {}) });
    }
  }
  if (rows === 0) throw new UsageError(`${name} holds no registrations.`, 'Give one row per registration: hookUrl, and optionally event and a scope id.', 'EMPTY_FILE');
  warnings.forEach((w) => ports.warn(w));
  return items;
}

/** The file's text, or stdin for `-` unless --api-key-stdin already claims it. */
async function readSource(source: string, ports: FileSourcePorts): Promise<string> {
  if (source === '-' && ports.stdinHoldsKey) throw new UsageError('--from-file - and --api-key-stdin both want stdin.', 'Pass the key in TAGMANGO_API_KEY, or read the registrations from a file.', 'USAGE');
  return readInputText(source, ports, { noun: 'file', code: 'FILE_UNREADABLE', hint: 'Check the path given to --from-file (- reads stdin).' });
}

/** Tell the format by content and split into rows, one at a time: `[` JSON array, `{` JSON lines, else CSV. */
function* splitRows(text: string, name: string): Generator<RawRow, void, undefined> {
  const first = text.trimStart()[0];
  if (first === '[') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`${name} is not valid JSON (${(error as Error).message}).`, 'Fix the file: a JSON array of {"hookUrl": ...} objects.', 'INVALID_FILE');
    }
    if (!Array.isArray(data)) throw new UsageError(`${name} is not a JSON array.`, 'Use a JSON array of {"hookUrl": ...} objects.', 'INVALID_FILE');
    for (let i = 0; i < data.length; i++) {
      const value: unknown = data[i];
      // Let go of each row once it is handed on.
      data[i] = undefined;
      yield { label: () => `row ${i + 1}`, value };
    }
    return;
  }
  if (first === '{') {
    const single = singleObject(text);
    if (single) yield single;
    else yield* jsonLines(text, name);
    return;
  }
  yield* csvRows(text, name);
}

/** A file holding one JSON object, pretty-printed over several lines or not: one row. */
function singleObject(text: string): RawRow | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? { label: () => 'row 1', value } : undefined;
  } catch {
    return undefined;
  }
}

function* jsonLines(text: string, name: string): Generator<RawRow, void, undefined> {
  let rows = 0;
  let lineNo = 0;
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end);
    start = end + 1;
    lineNo += 1;
    if (line.trim() === '') continue;
    rows += 1;
    const at = lineNo;
    const row = rows;
    const label = (): string => `row ${row} (line ${at})`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UsageError(`${capital(label())} of ${name} is not valid JSON.`, 'Give a JSON array of objects, one JSON object per line, or a single JSON object.', 'INVALID_FILE');
    }
    yield { label, value };
  }
}

function* csvRows(text: string, name: string): Generator<RawRow, void, undefined> {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    throw new UsageError(`Line ${error.line} of ${name} is not valid CSV: ${error.message}.`, 'Quote fields that contain commas, quotes or line breaks ("like ""this"", here").', 'INVALID_FILE');
  }
  const [header] = records;
  if (!header) return;
  const columns = header.cells.map((c) => c.trim());
  const repeated = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (repeated.length > 0) {
    throw new UsageError(`The header row of ${name} names the column ${quoteInput(repeated[0] as string)} more than once.`, 'Keep one column of each name; put several ids of one kind in separate rows.', 'INVALID_FILE');
  }
  const unknown = columns.filter((c) => !(FILE_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0 || !columns.includes('hookUrl')) {
    const what = unknown.length > 0 ? `has unknown column${unknown.length === 1 ? '' : 's'} ${unknown.map((c) => `"${c}"`).join(', ')}` : 'has no hookUrl column';
    throw new UsageError(`The header row of ${name} ${what}.`, `Start the file with a header row of these columns: ${FILE_COLUMNS.join(',')} (only hookUrl is required).`, 'INVALID_FILE');
  }
  for (let i = 1; i < records.length; i++) {
    const record = records[i] as (typeof records)[number];
    records[i] = undefined as unknown as (typeof records)[number];
    const label = `row ${i} (line ${record.line})`;
    if (record.cells.length !== columns.length) {
      throw new UsageError(`${capital(label)} of ${name} has ${record.cells.length} fields, but the header has ${columns.length}.`, 'Leave a cell empty rather than dropping it; quote fields that contain commas.', 'INVALID_FILE');
    }
    const value: Record<string, string> = {};
    columns.forEach((column, c) => {
      const cell = (record.cells[c] ?? '').trim();
      if (cell !== '') value[column] = cell;
    });
    yield { label: () => label, value };
  }
}

/** A row that is not a registration, in one plain sentence naming the row and the field. */
function rowError(issue: z.core.$ZodIssue | undefined, value: unknown, where: string): UsageError {
  const what = issue && value !== null && typeof value === 'object' && !Array.isArray(value) ? plainIssue(issue, value) : 'it is not an object';
  return new UsageError(`Problem${where}: ${what}.`, `Each row needs hookUrl and may have event and one of ${SCOPE_KEYS.join(', ')}.`, 'INVALID_ROW');
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
