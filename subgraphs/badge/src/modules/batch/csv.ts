import { AppError } from '@badge/service-kit';

/** Upload limits of a batch task CSV. */
export const CSV_LIMITS = { maxBytes: 5 * 1024 * 1024, maxRows: 100_000 } as const;

export interface CsvRow {
  /** Data row number: 1 = first row after the header (blank lines are not counted). */
  rowNumber: number;
  /** Line of the file where the row starts (1 = header), for messages. */
  line: number;
  userId: string;
  /** Raw `quantity` cell when the column exists (validated per row by the processor). */
  quantity: string | null;
  raw: string;
}

export interface CsvProblem {
  line: number;
  message: string;
}

const COLUMNS = ['user_id', 'quantity'] as const;
const MAX_REPORTED = 50;

/**
 * Splits CSV text (RFC 4180: quoted fields with "" escapes, CRLF or LF, optional UTF-8 BOM) into
 * records with the line each starts on. Unterminated quotes and stray quotes are problems.
 */
function records(text: string, problems: CsvProblem[]) {
  const out: { line: number; fields: string[]; raw: string; isBroken: boolean }[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const startIndex = i;
    const fields: string[] = [];
    let field = '';
    let inQuotes = false;
    let quoted = false;
    let ended = false;
    while (i < n && !ended) {
      const c = text[i]!;
      if (inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            inQuotes = false;
            i += 1;
          }
        } else {
          if (c === '\n') line += 1;
          field += c;
          i += 1;
        }
        continue;
      }
      if (c === '"') {
        if (field.trim() === '' && !quoted) {
          inQuotes = true;
          quoted = true;
          field = '';
        } else {
          problems.push({
            line,
            message: 'a quote inside an unquoted field (quote the whole field)',
          });
          field += c;
        }
        i += 1;
      } else if (c === ',') {
        fields.push(quoted ? field : field.trim());
        field = '';
        quoted = false;
        i += 1;
      } else if (c === '\n' || c === '\r') {
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line += 1;
        ended = true;
      } else {
        if (quoted && c.trim() !== '') {
          problems.push({ line, message: 'characters after a closing quote' });
        }
        if (!quoted) field += c;
        i += 1;
      }
    }
    if (inQuotes) problems.push({ line: startLine, message: 'a quoted field is never closed' });
    fields.push(quoted ? field : field.trim());
    const raw = text.slice(startIndex, i).replace(/\r?\n$|\r$/, '');
    if (!(fields.length === 1 && fields[0] === '' && !quoted))
      out.push({ line: startLine, fields, raw, isBroken: inQuotes });
  }
  return out;
}

/**
 * Parses and structurally validates a batch CSV: a header with `user_id` (and optionally
 * `quantity`), then one user per row. Malformed files are refused as a whole with
 * BAD_USER_INPUT and the line numbers of every problem (first 50) in `details.problems`.
 * Values are checked row by row later (bad values are per-row failures, not a refusal).
 */
export function parseBatchCsv(
  text: string,
  limits: { maxBytes: number; maxRows: number } = CSV_LIMITS,
): CsvRow[] {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes)
    throw new AppError('BAD_USER_INPUT', `the CSV is larger than ${limits.maxBytes} bytes`, {
      field: 'csv',
      reason: 'CSV_TOO_LARGE',
      bytes,
    });
  const problems: CsvProblem[] = [];
  const all = records(text.replace(/^\uFEFF/, ''), problems);
  const fail = (message: string): never => {
    throw new AppError('BAD_USER_INPUT', message, {
      field: 'csv',
      reason: 'MALFORMED_CSV',
      problems: problems.slice(0, MAX_REPORTED),
      problemCount: problems.length,
    });
  };
  const [header, ...data] = all;
  if (!header) {
    problems.push({ line: 1, message: 'the file is empty' });
    return fail('malformed CSV: the file is empty');
  }
  const columns = header.fields.map((f) => f.toLowerCase());
  const unknown = columns.filter((c) => !(COLUMNS as readonly string[]).includes(c));
  if (unknown.length)
    problems.push({
      line: header.line,
      message: `unknown column(s) ${unknown.map((c) => `"${c}"`).join(', ')} (allowed: user_id, quantity)`,
    });
  if (new Set(columns).size !== columns.length)
    problems.push({ line: header.line, message: 'a column appears twice in the header' });
  const userCol = columns.indexOf('user_id');
  const quantityCol = columns.indexOf('quantity');
  if (userCol < 0)
    problems.push({ line: header.line, message: 'the header needs a user_id column' });
  if (data.length === 0)
    problems.push({ line: header.line + 1, message: 'no rows after the header' });
  if (data.length > limits.maxRows)
    problems.push({
      line: data[limits.maxRows]!.line,
      message: `more than ${limits.maxRows} rows (split the file)`,
    });
  const rows: CsvRow[] = [];
  data.forEach((record, index) => {
    if (record.isBroken) return; // already reported
    if (record.fields.length !== columns.length) {
      problems.push({
        line: record.line,
        message: `expected ${columns.length} field(s), found ${record.fields.length}`,
      });
      return;
    }
    rows.push({
      rowNumber: index + 1,
      line: record.line,
      userId: userCol >= 0 ? record.fields[userCol]! : '',
      quantity: quantityCol >= 0 ? record.fields[quantityCol]! : null,
      raw: record.raw,
    });
  });
  if (problems.length) {
    problems.sort((a, b) => a.line - b.line);
    const first = problems
      .slice(0, 3)
      .map((p) => `line ${p.line}: ${p.message}`)
      .join('; ');
    fail(`malformed CSV: ${first}${problems.length > 3 ? ` (+${problems.length - 3} more)` : ''}`);
  }
  return rows;
}

/** One CSV field, quoted when needed (for the failure report). */
export const csvField = (value: string | number | null): string => {
  const s = value === null ? '' : String(value);
  return /[",\r\n]/.test(s) || s.trim() !== s ? `"${s.replace(/"/g, '""')}"` : s;
};

/** How the CSV travels from the mutation to the worker: an RFC 2397 data URL in `file_url`. */
export const CSV_DATA_URL_PREFIX = 'data:text/csv;charset=utf-8;base64,';

export const toCsvDataUrl = (csv: string): string =>
  CSV_DATA_URL_PREFIX + Buffer.from(csv, 'utf8').toString('base64');

export function fromCsvDataUrl(url: string | null): string {
  if (!url?.startsWith(CSV_DATA_URL_PREFIX)) throw new Error('the batch task has no inline CSV');
  return Buffer.from(url.slice(CSV_DATA_URL_PREFIX.length), 'base64').toString('utf8');
}
