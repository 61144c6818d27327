import { describe, expect, it } from 'vitest';
import { isAppError } from '@badge/service-kit';
import type { BadgeStatus } from './catalog.repository.js';
import { nextStatus, type LifecycleAction } from './lifecycle.js';

const STATUSES: BadgeStatus[] = ['DRAFT', 'PUBLISHED', 'OFFLINE', 'ARCHIVED'];
const ALLOWED: Record<LifecycleAction, Partial<Record<BadgeStatus, BadgeStatus>>> = {
  publish: { DRAFT: 'PUBLISHED', OFFLINE: 'PUBLISHED' },
  offline: { PUBLISHED: 'OFFLINE' },
  archive: { DRAFT: 'ARCHIVED', OFFLINE: 'ARCHIVED' },
};

describe('badge lifecycle', () => {
  for (const action of Object.keys(ALLOWED) as LifecycleAction[]) {
    for (const from of STATUSES) {
      const to = ALLOWED[action][from];
      it(`${action} from ${from} ${to ? `→ ${to}` : 'is refused'}`, () => {
        if (to) {
          expect(nextStatus(action, from).status).toBe(to);
        } else {
          let error: unknown;
          try {
            nextStatus(action, from);
          } catch (err) {
            error = err;
          }
          expect(isAppError(error) && error.code).toBe('INVALID_STATE');
        }
      });
    }
  }
});
