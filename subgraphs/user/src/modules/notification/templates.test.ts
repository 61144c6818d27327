import { describe, expect, it } from 'vitest';
import { pickLocale, renderTemplate, TemplateError } from './templates.js';

describe('notification templates', () => {
  it('renders zh-CN and en-US with parameters and defaults', () => {
    const r = renderTemplate('badge_granted', { badge_name: 'early_bird' });
    expect(r.type).toBe('badge.granted');
    expect(r.title).toEqual({ 'zh-CN': '获得新徽章', 'en-US': 'New badge earned' });
    expect(r.body['zh-CN']).toBe('恭喜你获得徽章「early_bird」×1！');
    expect(r.body['en-US']).toBe('Congratulations! You earned the badge “early_bird” ×1.');
  });

  it('refuses unknown templates and missing parameters', () => {
    expect(() => renderTemplate('nope', {})).toThrow(TemplateError);
    expect(() => renderTemplate('toString', {})).toThrow(TemplateError);
    expect(() => renderTemplate('badge_expiring', { badge_name: 'x' })).toThrow(/expires_at/);
  });

  it('picks a supported locale', () => {
    expect(pickLocale('en-us')).toBe('en-US');
    expect(pickLocale('fr-FR', 'en-US')).toBe('en-US');
    expect(pickLocale(undefined, '')).toBe('zh-CN');
  });
});
