import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.js';
import {
  canonicalJson,
  chainHash,
  verifyEntries,
  type ChainEntry,
  type StoredEntry,
} from './hash-chain.js';

const entry = (seq: bigint, over: Partial<ChainEntry> = {}): ChainEntry => ({
  id: `00000000-0000-4000-8000-${seq.toString().padStart(12, '0')}`,
  seq,
  actorType: 'ADMIN',
  actorId: 'sub-1',
  actorName: 'Alice',
  module: 'badge',
  action: 'badge.publish',
  targetType: 'Badge',
  targetId: 'b-1',
  before: { status: 'DRAFT' },
  after: { status: 'PUBLISHED', n: [1, 2] },
  ip: '10.0.0.1',
  userAgent: 'test',
  requestId: null,
  traceId: null,
  createdAt: new Date('2026-01-01T00:00:00.123Z'),
  ...over,
});

function chain(n: number): StoredEntry[] {
  const out: StoredEntry[] = [];
  let prev: string | null = null;
  for (let i = 1n; i <= BigInt(n); i++) {
    const e = entry(i);
    const hash = chainHash(prev, e);
    out.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('hash chain', () => {
  it('canonical JSON ignores key order (jsonb reorders keys)', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
  });

  it('verifies an intact chain and reports the first edited, unlinked or missing entry', () => {
    const intact = chain(5);
    expect(verifyEntries(intact, { expectedSeq: 1n, prevHash: null })).toEqual({
      expectedSeq: 6n,
      prevHash: intact[4]!.hash,
    });

    const edited = chain(5).map((e) => (e.seq === 3n ? { ...e, action: 'badge.archive' } : e));
    expect(verifyEntries(edited, { expectedSeq: 1n, prevHash: null })).toEqual({
      broken: { seq: 3n, reason: 'hash does not match the entry content' },
    });

    // Re-hashing the edited entry moves the break to the next link.
    const rehashed = chain(5).map((e) => {
      if (e.seq !== 3n) return e;
      const changed = { ...e, action: 'badge.archive' };
      return { ...changed, hash: chainHash(e.prevHash, changed) };
    });
    expect(verifyEntries(rehashed, { expectedSeq: 1n, prevHash: null })).toEqual({
      broken: { seq: 4n, reason: 'prev_hash does not match the previous entry' },
    });

    const missing = chain(5).filter((e) => e.seq !== 2n);
    expect(verifyEntries(missing, { expectedSeq: 1n, prevHash: null })).toEqual({
      broken: { seq: 2n, reason: 'entry 2 is missing (next stored entry is 3)' },
    });
  });

  it('exports CSV with quoting and neutralised formulas', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', '=1+1'],
          [null, 'say "hi"'],
        ],
      ),
    ).toBe('a,b\r\n"x,y",\'=1+1\r\n,"say ""hi"""\r\n');
  });
});
