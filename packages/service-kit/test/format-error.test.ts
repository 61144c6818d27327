import { GraphQLError } from 'graphql';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.js';
import { createFormatError } from '../src/graphql/errors.js';

const formatError = createFormatError(pino({ level: 'silent' }));

describe('formatError', () => {
  it('turns an AppError into its code and details', () => {
    const error = new AppError('BAD_USER_INPUT', 'invalid CEL condition', { line: 1, column: 17 });
    expect(formatError({ message: 'x' }, error)).toEqual({
      message: 'invalid CEL condition',
      extensions: { code: 'BAD_USER_INPUT', details: { line: 1, column: 17 } },
    });
  });

  it("passes a subgraph's public error on with its details (the gateway's case), nothing else", () => {
    const fromSubgraph = {
      message: 'invalid CEL condition',
      path: ['createRule'],
      extensions: {
        code: 'BAD_USER_INPUT',
        details: { field: 'celCondition', line: 1, column: 27 },
        serviceName: 'rule',
        stacktrace: ['secret'],
      },
    };
    expect(formatError(fromSubgraph, new GraphQLError('invalid CEL condition'))).toEqual({
      message: 'invalid CEL condition',
      path: ['createRule'],
      extensions: {
        code: 'BAD_USER_INPUT',
        details: { field: 'celCondition', line: 1, column: 27 },
      },
    });
  });

  it('masks unexpected errors', () => {
    expect(formatError({ message: 'db password wrong' }, new Error('db password wrong'))).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });
});
