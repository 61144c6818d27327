import { describe, expect, it } from 'vitest';
import { ActorType, decodeEvent, OperationRecordedSchema, toOutboxRecord } from '@badge/proto';
import { operationRecorded, type Identity } from '../src/index.js';

const admin: Identity = {
  kind: 'admin',
  subject: 'oidc|7',
  roles: [],
  permissions: [],
  scopes: [],
  mfa: true,
  ip: '10.1.2.3',
  userAgent: 'ua',
};

describe('operationRecorded', () => {
  it('builds a valid audit event keyed by the actor, with snapshots and request context', () => {
    const event = operationRecorded(admin, {
      service: 'badge-subgraph',
      module: 'badge',
      action: 'badge.publish',
      targetType: 'Badge',
      targetId: 'b1',
      before: { status: 'DRAFT' },
      after: { status: 'PUBLISHED' },
    });
    const record = toOutboxRecord(OperationRecordedSchema, event);
    expect(record).toMatchObject({
      topic: 'badge.audit.events',
      key: 'oidc|7',
      eventType: 'operation.recorded.v1',
    });
    const decoded = decodeEvent(OperationRecordedSchema, record.payload);
    expect(decoded).toMatchObject({
      actorType: ActorType.ADMIN,
      module: 'badge',
      action: 'badge.publish',
      targetId: 'b1',
      beforeJson: '{"status":"DRAFT"}',
      afterJson: '{"status":"PUBLISHED"}',
      ip: '10.1.2.3',
      userAgent: 'ua',
    });
    expect(decoded.eventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keys partner operations by API key id', () => {
    const event = operationRecorded(
      {
        kind: 'partner',
        subject: 'p',
        apiKeyId: 'key-1',
        roles: [],
        permissions: [],
        scopes: ['*'],
        mfa: false,
      },
      {
        service: 'benefit-subgraph',
        module: 'benefit',
        action: 'redemption.create',
        targetType: 'Redemption',
        targetId: 'r1',
      },
    );
    expect(event).toMatchObject({
      userId: 'key-1',
      actorType: ActorType.API_KEY,
      beforeJson: '',
      afterJson: '',
    });
  });
});
