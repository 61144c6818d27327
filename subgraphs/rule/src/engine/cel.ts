// CEL conditions (github.com/google/cel-spec) through @marcbachmann/cel-js: a sandboxed,
// side-effect-free interpreter (no I/O, no globals, bounded AST). Expressions are type-checked
// against the event's declared shape when a rule is saved, and compiled once per rule version.
import { Environment, ParseError, type ParseResult } from '@marcbachmann/cel-js';
import { celActivation, type RuleEvent } from './event.js';

/** Longest accepted expression (characters). */
export const MAX_CEL_LENGTH = 2_000;

/** Variables a condition sees (documented in the README). */
export const CEL_VARIABLES = {
  event: {
    id: 'string',
    user_id: 'string',
    type: 'string',
    kind: 'string',
    occurred_at: 'timestamp',
    source: 'string',
    amount: 'int',
    currency: 'string',
    order_id: 'string',
    refund_of_event_id: 'string',
    items: 'list<TransactionItem>',
  },
  attributes: 'map<string, dyn>',
} as const;

const environment = new Environment({
  limits: { maxAstNodes: 500, maxDepth: 32, maxListElements: 200, maxMapEntries: 200 },
})
  .registerType('TransactionItem', {
    fields: {
      sku: 'string',
      quantity: 'int',
      amount: 'int',
      category: 'string',
      attributes: 'map<string, dyn>',
    },
  })
  .registerType('Event', {
    fields: { ...CEL_VARIABLES.event, occurred_at: 'google.protobuf.Timestamp' },
  })
  .registerVariable('event', 'Event')
  .registerVariable('attributes', CEL_VARIABLES.attributes);

/** A condition that does not compile: message and position (0-based offsets into the source). */
export class CelCompileError extends Error {
  override readonly name = 'CelCompileError';
  constructor(
    readonly summary: string,
    readonly start: number | null,
    readonly end: number | null,
    readonly line: number | null,
    readonly column: number | null,
    readonly detail: string,
  ) {
    super(summary);
  }
}

const positionOf = (source: string, offset: number) => {
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
};

function compileError(source: string, err: unknown): CelCompileError {
  const e = err as { summary?: string; message?: string; range?: { start: number; end: number } };
  const summary = e.summary ?? e.message?.split('\n')[0] ?? String(err);
  const range = e.range ?? null;
  const pos = range ? positionOf(source, range.start) : null;
  return new CelCompileError(
    summary,
    range?.start ?? null,
    range?.end ?? null,
    pos?.line ?? null,
    pos?.column ?? null,
    e.message ?? summary,
  );
}

// JS regular expressions backtrack (CEL specifies RE2): refuse patterns that are not literals or
// that nest quantifiers, the classic catastrophic-backtracking shape.
const NESTED_QUANTIFIER = /\([^)]*[+*}][^)]*\)\s*[+*{]/;

/** The string literal starting at `i` (after optional r/R), or null. */
function readStringLiteral(source: string, i: number): { value: string; end: number } | null {
  let j = i;
  if (source[j] === 'r' || source[j] === 'R') j++;
  const quote = source[j];
  if (quote !== '"' && quote !== "'") return null;
  let value = '';
  for (j++; j < source.length; j++) {
    const c = source[j]!;
    if (c === '\\') {
      value += c + (source[j + 1] ?? '');
      j++;
    } else if (c === quote) return { value, end: j + 1 };
    else value += c;
  }
  return null;
}

function checkRegexes(source: string): void {
  for (const m of source.matchAll(/\bmatches\s*\(/g)) {
    const start = m.index;
    const fail = (reason: string) => {
      const pos = positionOf(source, start);
      return new CelCompileError(reason, start, start + m[0].length, pos.line, pos.column, reason);
    };
    // receiver style `s.matches(p)` has the pattern first; global `matches(s, p)` second
    let i = start + m[0].length;
    const global = source[start - 1] !== '.';
    if (global) {
      let depth = 0;
      for (; i < source.length; i++) {
        const c = source[i];
        if (c === '(' || c === '[' || c === '{') depth++;
        else if (c === ')' || c === ']' || c === '}') depth--;
        else if (c === ',' && depth === 0) break;
        else if (c === '"' || c === "'") i = (readStringLiteral(source, i)?.end ?? i + 1) - 1;
      }
      i++;
    }
    while (source[i] === ' ' || source[i] === '\n' || source[i] === '\t') i++;
    const literal = readStringLiteral(source, i);
    if (!literal) throw fail('matches() needs a string literal pattern');
    if (literal.value.length > 200) throw fail('matches() pattern is longer than 200 characters');
    if (NESTED_QUANTIFIER.test(literal.value))
      throw fail('matches() pattern nests quantifiers (catastrophic backtracking)');
  }
}

export interface CompiledCondition {
  source: string;
  /** true / false, or an error message (missing attribute, wrong runtime type) = not met. */
  evaluate(event: RuleEvent): { matched: boolean; error?: string };
}

/**
 * Parses and type-checks a condition; it must produce a bool. Throws {@link CelCompileError}
 * (with the position) for a syntax error, an unknown field or function, a type error or an
 * unsafe regular expression.
 */
export function compileCondition(source: string): CompiledCondition {
  if (source.length > MAX_CEL_LENGTH)
    throw new CelCompileError(
      `condition is longer than ${MAX_CEL_LENGTH} characters`,
      MAX_CEL_LENGTH,
      source.length,
      null,
      null,
      'too long',
    );
  checkRegexes(source);
  let program: ParseResult;
  try {
    program = environment.parse(source);
  } catch (err) {
    throw compileError(source, err);
  }
  const checked = program.check();
  if (!checked.valid) throw compileError(source, checked.error);
  if (checked.type !== 'bool' && checked.type !== 'dyn') {
    throw new CelCompileError(
      `condition must produce a bool, not ${checked.type}`,
      0,
      source.length,
      1,
      1,
      `the expression's type is ${checked.type}`,
    );
  }
  return {
    source,
    evaluate(event) {
      try {
        const result: unknown = program(celActivation(event));
        if (typeof result === 'boolean') return { matched: result };
        return { matched: false, error: `condition produced ${typeof result}, not a bool` };
      } catch (err) {
        return {
          matched: false,
          error: (err as Error).message?.split('\n')[0] ?? String(err),
        };
      }
    },
  };
}

export const isCelParseError = (err: unknown): boolean => err instanceof ParseError;
