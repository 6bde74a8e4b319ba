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
 * too wide, each record becomes a block of short lines. Piped, every value is whole.
 */
export function printTable(io: IO, records: readonly RegistryRecord[]): void {
  // Stored values are escaped: a shared registry file is outside input.
  const rows = records.map((r) =>
    [
      r.id,
      isDeprecated(r) ? `${r.event} (deprecated)` : r.event,
      describeScope(r.scope),
      r.status === 'migrated' && r.migratedTo ? `migrated -> ${r.migratedTo}` : r.status === 'duplicate' ? `possible duplicate of ${r.duplicateOf ?? '?'}` : r.status,
      r.createdAt.slice(0, 10),
      r.hookUrl,
    ].map(escapeControls),
  );
  const widths = HEADER.map((h, i) => Math.max(displayWidth(h), ...rows.map((row) => displayWidth(row[i] ?? ''))));
  const width = io.columns;
  const fixed = widths.slice(0, -1).reduce((sum, w) => sum + w + 2, 0);
  const paint = (record: RegistryRecord, text: string): string => {
    if (isDeprecated(record) && isWebhook(record)) return io.color.yellow(text);
    if (record.status === 'unknown' || record.status === 'duplicate') return io.color.red(text);
    return isCurrent(record) ? text : io.color.dim(text);
  };
  if (width !== undefined && fixed + MIN_URL_COLUMNS > width) {
    rows.forEach((cells, index) => {
      const [id, event, scope, status, created, hookUrl] = cells as [string, string, string, string, string, string];
      const block = [`${id}  ${status}  ${created}`, `  ${event}  ${scope}`, `  ${shortenMiddle(hookUrl, width - 2)}`];
      block.forEach((text) => io.out(paint(records[index] as RegistryRecord, fitLine(text, '', width))));
    });
    return;
  }
  const line = (cells: string[]): string => {
    const head = cells.slice(0, -1).map((cell, i) => cell + ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(cell))) + '  ').join('');
    return fitLine(head, cells[cells.length - 1] ?? '', width);
  };
  io.out(io.color.bold(line(HEADER)));
  rows.forEach((cells, index) => io.out(paint(records[index] as RegistryRecord, line(cells))));
}

/** Whether a record's event is deprecated in the catalogue. */
export function isDeprecated(record: RegistryRecord): boolean {
  return findEvent(record.event)?.status === 'deprecated';
}
