import { describe, expect, it } from 'vitest';
import type { Pool } from 'pg';
import {
  createPgOutboxStore,
  defaultOutboxChannel,
  outboxNotifyTriggerSql,
  outboxRowToMessage,
} from './outbox.js';

describe('outbox helpers', () => {
  it('maps a row to a Kafka message: key, payload bytes, stored headers, created_at as timestamp', () => {
    const payload = Buffer.from([1, 2, 3]);
    expect(
      outboxRowToMessage({
        id: '5b0d1c3e-6a4f-4b51-9f3a-3c7b9a1c2d4e',
        topic: 'badge.badge.events',
        key: 'user-1',
        eventType: 'badge.granted.v1',
        payload,
        headers: { 'event-id': 'e1' },
        createdAt: new Date('2026-01-02T03:04:05.678Z'),
        attempts: 0,
        lastError: null,
      }),
    ).toEqual({
      key: 'user-1',
      value: payload,
      headers: { 'event-id': 'e1' },
      timestamp: '1767323045678',
    });
  });

  it('refuses identifiers that would need quoting (no SQL injection through schema names)', () => {
    const pool = {} as Pool; // never used: the constructor validates before any query
    expect(() => createPgOutboxStore({ pool, schema: 'badge"; DROP TABLE x; --' })).toThrow(
      /invalid SQL identifier/,
    );
    expect(() => outboxNotifyTriggerSql('bad-name')).toThrow(/invalid SQL identifier/);
    expect(createPgOutboxStore({ pool, schema: 'badge' }).name).toBe('badge');
  });

  it('builds the NOTIFY trigger for the default channel', () => {
    expect(defaultOutboxChannel('rule')).toBe('rule_outbox');
    const sql = outboxNotifyTriggerSql('rule');
    expect(sql).toContain(`pg_notify('rule_outbox', '')`);
    expect(sql).toContain('AFTER INSERT ON "rule".outbox_event');
  });
});
