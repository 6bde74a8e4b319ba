import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from '../../src/files/csv.js';

describe('parseCsv', () => {
  it('splits plain and quoted fields, keeping commas, quotes and line breaks inside quotes', () => {
    const text = 'hookUrl,course\r\n"https://a.example.com/x?a=1,2",634f\n\n"say ""hi""","two\nlines"\nlast,';
    expect(parseCsv(text)).toEqual([
      { line: 1, cells: ['hookUrl', 'course'] },
      { line: 2, cells: ['https://a.example.com/x?a=1,2', '634f'] },
      { line: 4, cells: ['say "hi"', 'two\nlines'] },
      { line: 6, cells: ['last', ''] },
    ]);
  });

  it('reports unclosed quotes and stray quotes with their line', () => {
    expect(() => parseCsv('a\n"open')).toThrow(CsvSyntaxError);
    try {
      parseCsv('a,b\nx,y"z');
    } catch (error) {
      expect((error as CsvSyntaxError).line).toBe(2);
    }
    expect(() => parseCsv('"a"b')).toThrow(/after a closing quote/);
  });

  it('reads back whatever a correct writer produced', () => {
    const quote = (cell: string): string => `"${cell.replace(/"/g, '""')}"`;
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const text = rows.map((row) => row.map(quote).join(',')).join('\r\n');
        expect(parseCsv(text).map((r) => r.cells)).toEqual(rows);
      }),
    );
  });
});
