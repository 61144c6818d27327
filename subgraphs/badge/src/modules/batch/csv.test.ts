import { describe, expect, it } from 'vitest';
import { isAppError } from '@badge/service-kit';
import { csvField, parseBatchCsv } from './csv.js';

function problemsOf(text: string, limits?: { maxBytes: number; maxRows: number }) {
  try {
    parseBatchCsv(text, limits);
  } catch (err) {
    if (isAppError(err) && err.code === 'BAD_USER_INPUT') return err.details;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('parseBatchCsv', () => {
  it('reads user ids and optional quantities, with quotes, CRLF, BOM and blank lines', () => {
    const rows = parseBatchCsv('\uFEFFuser_id,quantity\r\nu-1,2\r\n"u,2",\r\n\r\n" u 3 ",1\n');
    expect(rows.map((r) => [r.rowNumber, r.line, r.userId, r.quantity])).toEqual([
      [1, 2, 'u-1', '2'],
      [2, 3, 'u,2', ''],
      [3, 5, ' u 3 ', '1'],
    ]);
  });

  it('keeps quoted line breaks inside one row', () => {
    const rows = parseBatchCsv('user_id\n"a\nb"\nc');
    expect(rows.map((r) => [r.rowNumber, r.line, r.userId])).toEqual([
      [1, 2, 'a\nb'],
      [2, 4, 'c'],
    ]);
  });

  it('refuses malformed files with the line numbers of every problem', () => {
    const details = problemsOf('user_id,quantity\nu1,1\nu2\nu3,1,extra\n"u4,1\n');
    expect(details.reason).toBe('MALFORMED_CSV');
    expect(details.problems).toEqual([
      { line: 3, message: 'expected 2 field(s), found 1' },
      { line: 4, message: 'expected 2 field(s), found 3' },
      { line: 5, message: 'a quoted field is never closed' },
    ]);
  });

  it('refuses a missing user_id column, unknown columns, empty files and files without rows', () => {
    expect(problemsOf('name\nx').problems).toEqual([
      { line: 1, message: 'unknown column(s) "name" (allowed: user_id, quantity)' },
      { line: 1, message: 'the header needs a user_id column' },
    ]);
    expect(problemsOf('').problems).toEqual([{ line: 1, message: 'the file is empty' }]);
    expect(problemsOf('user_id\n').problems).toEqual([
      { line: 2, message: 'no rows after the header' },
    ]);
  });

  it('enforces the size and row limits', () => {
    expect(problemsOf('user_id\nabcdef', { maxBytes: 5, maxRows: 10 }).reason).toBe(
      'CSV_TOO_LARGE',
    );
    expect(problemsOf('user_id\na\nb\nc', { maxBytes: 1000, maxRows: 2 }).problems).toEqual([
      { line: 4, message: 'more than 2 rows (split the file)' },
    ]);
  });

  it('quotes report fields when needed', () => {
    expect(['a', 'a,b', 'say "hi"', ' x', 3, null].map(csvField)).toEqual([
      'a',
      '"a,b"',
      '"say ""hi"""',
      '" x"',
      '3',
      '',
    ]);
  });
});
