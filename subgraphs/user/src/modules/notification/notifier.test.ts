import { describe, expect, it } from 'vitest';
import type { NotificationRepository } from './notification.repository.js';
import { createNotifier, isChannelEnabled } from './notifier.js';

const notifierWith = (defaults: ('IN_APP' | 'WEBHOOK' | 'EMAIL' | 'SMS')[], available: string[]) =>
  createNotifier({
    repository: {} as NotificationRepository, // channelsFor does not touch the database
    defaultChannels: defaults,
    availableChannels: new Set(available as never[]),
  });

const request = { eventId: 'e', userId: 'u', template: 'badge_granted', params: {}, data: {} };

describe('notifier channel selection', () => {
  it('always includes the inbox, adds the webhook from the defaults, drops what cannot be delivered', () => {
    const configured = notifierWith(['IN_APP', 'WEBHOOK'], ['IN_APP', 'WEBHOOK', 'EMAIL', 'SMS']);
    expect(configured.channelsFor(request)).toEqual(['IN_APP', 'WEBHOOK']);
    expect(configured.channelsFor({ ...request, channels: ['SMS'] })).toEqual([
      'IN_APP',
      'SMS',
      'WEBHOOK',
    ]);
    const noWebhook = notifierWith(['IN_APP', 'WEBHOOK', 'EMAIL'], ['IN_APP', 'EMAIL', 'SMS']);
    expect(noWebhook.channelsFor(request)).toEqual(['IN_APP', 'EMAIL']);
  });

  it('a type-specific preference wins over the "*" one; no preference means on', () => {
    const prefs = [
      { channel: 'WEBHOOK' as const, notificationType: '*', isEnabled: false },
      { channel: 'WEBHOOK' as const, notificationType: 'benefit.granted', isEnabled: true },
    ];
    expect(isChannelEnabled(prefs, 'WEBHOOK', 'badge.granted')).toBe(false);
    expect(isChannelEnabled(prefs, 'WEBHOOK', 'benefit.granted')).toBe(true);
    expect(isChannelEnabled(prefs, 'EMAIL', 'badge.granted')).toBe(true);
  });
});
