import { escapeControls } from '../../io/escape.js';
import { fitLine, MIN_URL_COLUMNS } from '../../io/fit-terminal.js';
import type { IO } from '../../io/io.js';
import { displayWidth, shortenMiddle } from '../../io/width.js';
import { isCurrent, isWebhook } from '../../registry/lifecycle.js';
import type { RegistryRecord } from '../../registry/schema.js';
import { describeScope } from '../../tagmango/registration.js';
import { findEvent } from '../../catalogue/events.js';

const HEADER = ['ID', 'EVENT', 'SCOPE', 'STATUS', 'CREATED', 'HOOK URL'];

/**
 * The records as aligned columns; header and colour only add emphasis on a TTY. On a terminal the
 * table fits its width: the hook URL (last) is shortened in the middle, and where even that is
 * too wide, each record becomes a block of short lines. Piped, every value is whole. Two passes
 * over the records (the widths, then the lines), so no table of every cell is held, and a pipe
 * whose reader is behind is waited for every few lines instead of queuing the table in memory.
 */
export async function printTable(io: IO, records: readonly RegistryRecord[]): Promise<void> {
  // A loop, not Math.max(...column): spreading 130,000 cells overflows the call stack.
  const widths = HEADER.map((h) => displayWidth(h));
  for (const record of records) cellsOf(record).forEach((cell, i) => void (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  const width = io.columns;
  const fixed = widths.slice(0, -1).reduce((sum, w) => sum + w + 2, 0);
  const paint = (record: RegistryRecord, text: string): string => {
    if (isDeprecated(record) && isWebhook(record)) return io.color.yellow(text);
    if (record.status === 'unknown' || record.status === 'duplicate') return io.color.red(text);
    return isCurrent(record) ? text : io.color.dim(text);
  };
  const blocks = width !== undefined && fixed + MIN_URL_COLUMNS > width;
  const line = (cells: string[]): string => {
    const head = cells.slice(0, -1).map((cell, i) => cell + ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(cell))) + '  ').join('');
    return fitLine(head, cells[cells.length - 1] ?? '', width);
  };
  if (!blocks) io.out(io.color.bold(line(HEADER)));
  for (let index = 0; index < records.length; index++) {
    if (index % 64 === 0) await io.drained();
    const record = records[index] as RegistryRecord;
    const cells = cellsOf(record);
    if (!blocks) {
      io.out(paint(record, line(cells)));
      continue;
    }
    const [id, event, scope, status, created, hookUrl] = cells as [string, string, string, string, string, string];
    const block = [`${id}  ${status}  ${created}`, `  ${event}  ${scope}`, `  ${shortenMiddle(hookUrl, (width as number) - 2)}`];
    block.forEach((text) => io.out(paint(record, fitLine(text, '', width))));
  }
}

/** A record's cells in the table; stored values are escaped (a shared registry file is outside input). */
function cellsOf(r: RegistryRecord): string[] {
  return [
    r.id,
    isDeprecated(r) ? `${r.event} (deprecated)` : r.event,
    describeScope(r.scope),
    r.status === 'migrated' && r.migratedTo ? `migrated -> ${r.migratedTo}` : r.status === 'duplicate' ? `possible duplicate of ${r.duplicateOf ?? '?'}` : r.status,
    r.createdAt.slice(0, 10),
    r.hookUrl,
  ].map(escapeControls);
}

/** Whether a record's event is deprecated in the catalogue. */
export function isDeprecated(record: RegistryRecord): boolean {
  return findEvent(record.event)?.status === 'deprecated';
}
