import { describe, expect, it } from 'vitest';
import { createLogger } from '@badge/service-kit';
import { createCoalescingBuffer } from './coalescing-buffer.js';

describe('coalescing buffer', () => {
  it('writes each id at most once per interval, in batches, and retries a failed write', async () => {
    let now = 1_000_000;
    const writes: Map<string, Date>[] = [];
    let fail = false;
    const buffer = createCoalescingBuffer({
      name: 'test',
      flushIntervalMs: 60_000,
      minIntervalMs: 60_000,
      logger: createLogger({ name: 'test', level: 'silent' }),
      now: () => now,
      write: async (entries) => {
        if (fail) throw new Error('database down');
        writes.push(new Map(entries));
      },
    });
    buffer.touch('a');
    buffer.touch('a');
    buffer.touch('b');
    await buffer.flush();
    expect(writes).toHaveLength(1);
    expect([...writes[0]!.keys()].sort()).toEqual(['a', 'b']);

    now += 30_000;
    buffer.touch('a'); // within the interval: coalesced away
    await buffer.flush();
    expect(writes).toHaveLength(1);

    now += 31_000;
    fail = true;
    buffer.touch('a');
    await buffer.flush();
    expect(buffer.pendingCount()).toBe(1);
    fail = false;
    await buffer.stop();
    expect(writes).toHaveLength(2);
    expect(writes[1]!.get('a')!.getTime()).toBe(now);
  });
});
